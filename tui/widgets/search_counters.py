"""The search's counters and, beside the data, the poll that fits the strategy.

- random search asks the lecture's POLL "How often should I expect a random search to find a new
  improved solution?": the improvements seen next to H_n, the number expected if attempts were
  i.i.d. (engine.poll);
- local search asks "How often is a perturbation kept?": the share kept, overall and over the last
  attempts — it falls as W nears a minimum; the run itself is the answer;
- gradient descent asks nothing: its steps follow the gradient, and each step's loss is a
  minibatch's (noisy), which the panel says instead.

The answer can wait while the class guesses (``reveal``). The panel fits its height: rows of
lower priority give way first (a blank line, the H_n formula, the rate, chance), so the question
and its answer stay on a short screen (lecture mode at 80×24 leaves the view 19 rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from engine.numfmt import fixed, precise
from engine.poll import harmonic, improvements_sd
from tui.views.search_results import KEEP_WINDOW, SearchResults
from tui.widgets.live_text import LiveText

DASH = "—"
LABEL_WIDTH = 11
WIDTH = 25  # the panel's text: 28 columns less a border and padding (tui/styles/search.tcss)
VALUE_WIDTH = WIDTH - LABEL_WIDTH
ALWAYS, ANSWER, TIME, EXTRA, FORMULA, SPACER = range(6)  # row priorities: later ones give way first


@dataclass(frozen=True)
class Counts:
    """What the panel shows; None fields print as "—"."""

    strategy: str = "random"
    done: int = 0
    total: int = 0
    improvements: int = 0
    rate: float | None = None  # attempts (sgd: steps) per second
    elapsed_s: float | None = None
    best: float | None = None
    test_accuracy: float | None = None  # fraction 0..1
    chance: float | None = None  # fraction 0..1, 1 / number of classes
    kept: tuple[int, int] = (0, 0)  # local search: (kept, tried) perturbations
    recent_share: float | None = None  # local search: share kept over the last KEEP_WINDOW attempts
    reveal: bool = True  # False hides the poll's answer until the class has guessed


def counts_of(results: SearchResults, strategy: str, elapsed_s: float | None, reveal: bool,
              planned: int = 0) -> Counts:
    """The panel's numbers for a run's results (strategy and ``planned`` attempts: the run's, or
    the ones selected before a run)."""
    summary = results.summary
    return Counts(strategy=strategy, done=results.done, total=results.planned or planned,
                  improvements=results.improvements, rate=results.rate(), elapsed_s=elapsed_s,
                  best=results.best_loss(), test_accuracy=summary.test_accuracy if summary else None,
                  chance=results.chance() if summary else None, kept=results.kept(),
                  recent_share=results.keep_share(KEEP_WINDOW), reveal=reveal)


def _or_dash(value, fmt) -> str:
    return DASH if value is None else fmt(value)


def rate(x: float) -> str:
    """Attempts per second: whole numbers with thousands separators, small ones with decimals."""
    return f"{x:,.0f}" if x >= 100 else precise(x)


def percent(x: float) -> str:
    return f"{fixed(100 * x, 1)}%"


def row(label: str, value: str, style: str = "bold") -> Text:
    return Text.assemble((f"{label:<{LABEL_WIDTH}}", "dim"), (value, style))


def note(*lines: str) -> list[Text]:
    return [Text(line, style="dim") for line in lines]


def question(first: str, second: str) -> list[Text]:
    return [Text.assemble((" POLL ", "bold reverse"), (f" {first}", "italic")), Text(second, style="italic")]


def counter_rows(c: Counts) -> list[tuple[int, list[Text]]]:
    """(priority, lines) of the counters, then of the strategy's poll."""
    sgd = c.strategy == "sgd"
    done = f"{c.done:,}/{c.total:,}"
    rows = [(ALWAYS, [row("steps" if sgd else "attempts",
                          done if c.total and len(done) <= VALUE_WIDTH else f"{c.done:,}")]),
            (TIME, [row("elapsed", _or_dash(c.elapsed_s, lambda s: f"{fixed(s, 1)} s"), "")]),
            (EXTRA, [row("steps/s" if sgd else "attempts/s", _or_dash(c.rate, rate), "")]),
            (ALWAYS, [row("best batch" if sgd else "best loss", _or_dash(c.best, lambda b: fixed(b, 6)))])]
    if c.test_accuracy is not None:
        rows.append((ANSWER, [row("test acc", percent(c.test_accuracy))]))
        if c.chance is not None:
            rows.append((EXTRA, [row("  chance", percent(c.chance), "")]))
    rows.append((SPACER, [Text("")]))
    if c.strategy == "random":
        rows += random_poll(c)
    elif c.strategy == "local":
        rows += local_poll(c)
    else:
        rows.append((FORMULA, note("each step's loss is on a", "random minibatch: noisy")))
    return rows


def random_poll(c: Counts) -> list[tuple[int, list[Text]]]:
    rows = [(ALWAYS, question("How often should", "random search improve?")),
            (ALWAYS, [row("seen", f"{c.improvements:,}" if c.done else DASH)])]
    if not c.reveal:
        return rows + [(ALWAYS, [row("expected", "?")]), (ANSWER, note("guess first — p reveals"))]
    n = c.done or c.total  # before a run: what the planned attempts should give
    expected = DASH
    if n:
        expected = fixed(harmonic(n))
        sd = improvements_sd(n)
        expected += f" ± {fixed(sd, 1)}" if sd else ""
    n = f"{n}" if n else "n"
    return rows + [(ALWAYS, [row("expected", expected)]),
                   (FORMULA, note(f"if i.i.d.: H_{n} =", f"1 + 1/2 + … + 1/{n}"))]


def local_poll(c: Counts) -> list[tuple[int, list[Text]]]:
    rows = [(ALWAYS, question("How often is a", "perturbation kept?"))]
    if not c.reveal:
        return rows + [(ALWAYS, [row("kept", "?")]), (ANSWER, note("guess first — p reveals"))]
    kept, tried = c.kept
    share = percent(kept / tried) if tried else DASH
    return rows + [(ALWAYS, [row("kept", f"{kept:,} of {tried:,}" if len(f"{kept:,} of {tried:,}") <= VALUE_WIDTH
                                 else f"{kept:,}")]),
                   (ALWAYS, [row("share", share)]),
                   (TIME, [row(f"last {KEEP_WINDOW}", _or_dash(c.recent_share, percent))]),
                   (FORMULA, note("it falls near a minimum"))]


def fit(rows: list[tuple[int, list[Text]]], height: int) -> list[Text]:
    """The rows' lines, dropping the lowest-priority rows (last first) until they fit ``height``."""
    kept = list(rows)
    for priority in range(SPACER, ANSWER, -1):
        if sum(len(lines) for _, lines in kept) <= height:
            break
        for k in range(len(kept) - 1, -1, -1):
            if kept[k][0] == priority and sum(len(lines) for _, lines in kept) > height:
                del kept[k]
    return [line for _, lines in kept for line in lines]


def render_counts(c: Counts, height: int = 100) -> Text:
    return Text("\n").join(fit(counter_rows(c), height))


class SearchCounters(LiveText):
    """Set ``data`` to a :class:`Counts`; the panel fits the lines to its height."""

    def build(self, data: Counts) -> Text:
        height = self.size.height or 100
        return render_counts(data, height)

    @property
    def counts(self) -> Counts:
        return self.data if self.data is not None else Counts()

    def on_resize(self) -> None:
        self.data = self.data  # refit the rows to the new height
