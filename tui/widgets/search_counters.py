"""The search's counters and the lecture poll's answer beside the data.

"How often should I expect a random search to find a new improved solution?" — the panel
shows the improvements seen next to H_n, the number expected if attempts were i.i.d.
(computed by :mod:`engine.poll`; this widget only formats).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from engine.numfmt import fixed, precise


@dataclass(frozen=True)
class Counts:
    """What the panel shows; None fields print as "—"."""

    done: int = 0
    total: int = 0
    improvements: int = 0
    candidates_per_s: float | None = None
    elapsed_s: float | None = None
    best: float | None = None
    expected: float | None = None  # H_done
    expected_sd: float | None = None
    test_accuracy: float | None = None  # fraction 0..1
    chance: float | None = None  # fraction 0..1, 1 / number of classes
    reveal: bool = True  # False hides the poll's answer until the class has guessed


DASH = "—"
VALUE_WIDTH = 15  # the panel is 28 columns: border, padding, a 10-column label


def _or_dash(value, fmt) -> str:
    return DASH if value is None else fmt(value)


def rate(x: float) -> str:
    """Candidates per second: whole numbers with thousands separators, small ones with decimals."""
    return f"{x:,.0f}" if x >= 100 else precise(x)


def percent(x: float) -> str:
    return f"{fixed(100 * x, 1)}%"


def render_counts(c: Counts) -> Text:
    t = Text()

    def row(label: str, value: str, style: str = "bold") -> None:
        t.append(f"{label:<10}", style="dim")
        t.append(value, style=style)
        t.append("\n")

    attempts = f"{c.done:,}/{c.total:,}"
    row("attempts", attempts if c.total and len(attempts) <= VALUE_WIDTH else f"{c.done:,}")
    row("improved", f"{c.improvements:,}")
    row("cand./s", _or_dash(c.candidates_per_s, rate), "")
    row("elapsed", _or_dash(c.elapsed_s, lambda s: f"{fixed(s, 1)} s"), "")
    row("best loss", _or_dash(c.best, lambda b: fixed(b, 6)))
    row("test acc", _or_dash(c.test_accuracy, percent))
    if c.test_accuracy is not None and c.chance is not None:
        row("  chance", percent(c.chance), "")
    t.append("\n")
    t.append(" POLL ", style="bold reverse")
    t.append(" How often should\nrandom search improve?\n", style="italic")
    row("seen", f"{c.improvements:,}")
    expected = DASH
    if c.expected is not None and c.done:
        expected = fixed(c.expected)
        if c.expected_sd:
            expected += f" ± {fixed(c.expected_sd, 1)}"
    if not c.reveal:
        row("expected", "?")
        t.append("guess first — p reveals", style="dim")
        return t
    row("expected", expected)
    n = f"{c.done}" if c.done else "n"
    t.append(f"if i.i.d.: H_{n} =\n1 + 1/2 + … + 1/{n}", style="dim")
    return t


class SearchCounters(Static):
    """Call :meth:`show` with a :class:`Counts`; the last one is kept in ``counts``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(render_counts(Counts()), **kwargs)
        self.counts = Counts()

    def show(self, counts: Counts) -> None:
        if counts != self.counts:
            self.counts = counts
            self.update(render_counts(counts))
