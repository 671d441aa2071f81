"""The search's loss chart: every attempt's loss as dots, the best so far as a line.

The two series differ by marker, not only colour ("•" dots vs a "▀▄" block line), and the
legend names them. A chart holds one kind of loss on its axis: an earlier run's best-so-far line
stays (a thin braille line, to compare random search, local search and gradient descent) only if
it measured the same loss on the same data (:meth:`SearchChart.start`); the legend says which run
is which, and the title says what the loss is (sgd's is a minibatch's).

It grows smoothly at little cost over SSH: the x axis spans the planned attempts from the start,
so new points land to the right of the old ones; the y axis keeps its limits while the losses stay
inside them and widens with room to spare when one falls outside (:func:`sticky_limits`), so a
falling loss (local search, sgd) moves the axis a few times a run, not on every redraw (a moved axis
repaints the whole chart, ~5 KB over SSH). Each redraw repaints
only the screen lines that changed, at most ``MAX_REDRAWS_PER_S`` times a second (data is taken
at once, a pending change is always drawn in the end).
"""

from __future__ import annotations

import math
import time

import numpy as np
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual_plotext import PlotextPlot

from engine.ticks import integer_ticks

MAX_REDRAWS_PER_S = 4
ATTEMPT_MARKER = "•"
BEST_MARKER = "hd"
PREVIOUS_MARKER = "braille"


def thin(n: int, width: int, span: int | None = None) -> np.ndarray:
    """Indices to plot out of n points on a chart ``width`` cells wide whose axis holds ``span``
    points (n by default): every k-th, plus the last. k depends on the span, not on n, so the
    points already drawn stay where they are while a run grows."""
    if n <= 0:
        return np.zeros(0, dtype=int)
    step = max(1, math.ceil(max(n, span or n) / max(8, 4 * width)))
    idx = np.arange(0, n, step)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


def sticky_limits(current: tuple[float, float] | None, low: float, high: float,
                  room: float = 0.25) -> tuple[float, float]:
    """y limits holding low..high: ``current`` while it holds them, else widened on the side that
    no longer fits by ``room`` × the data's range (5 % of the value for a flat series)."""
    if current is not None and current[0] <= low and high <= current[1]:
        return current
    pad = (high - low) * room or max(abs(high), 1.0) * 0.05
    below = low - pad if current is None or low < current[0] else current[0]
    above = high + pad if current is None or high > current[1] else current[1]
    return below, above


class SearchChart(PlotextPlot):
    """:meth:`start` a run, :meth:`set_data` as it goes, :meth:`flush` at its end."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.losses = np.zeros(0)
        self.best = np.zeros(0)
        self.span = 0  # attempts the x axis holds
        self.title = "loss per attempt"
        self.unit = "attempt"
        self.run_label: str | None = None  # names the current run when an earlier one is drawn too
        self.previous: tuple[str, np.ndarray] | None = None
        self.redraws = 0
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._drawn_size = None
        self._last_draw = -math.inf
        self._timer = None
        self._dirty = False
        self.y_limits: tuple[float, float] | None = None  # the y axis' limits (None: no data yet)
        self.tight = False  # the run ended: the limits fit the data

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()

    @property
    def attempts(self) -> np.ndarray:
        return np.arange(len(self.losses))

    def start(self, title: str, unit: str, span: int, previous: tuple[str, str, np.ndarray] | None = None) -> None:
        """A new run: its title and unit ("attempt", "step"), the x axis for ``span`` attempts, and
        an earlier run's (label, this run's label, best line) to keep on the same axis — or None."""
        self.title, self.unit, self.span = title, unit, max(1, span)
        self.losses, self.best = np.zeros(0), np.zeros(0)
        self.y_limits, self.tight = None, False
        if previous is None or not len(previous[2]):
            self.previous, self.run_label = None, None
        else:
            self.previous, self.run_label = (previous[0], np.asarray(previous[2])), previous[1]
        self._dirty = True
        self._draw()

    def set_data(self, losses, best, *, now: bool = False) -> None:
        """Replace the plotted series (arrays of equal length); redraw now or soon."""
        self.losses, self.best = losses, best
        self._dirty = True
        wait = self._last_draw + 1.0 / MAX_REDRAWS_PER_S - time.monotonic()
        if now or wait <= 0:
            self._draw()
        elif self._timer is None:
            self._timer = self.set_timer(wait, self._draw)

    def flush(self, fit: bool = False) -> None:
        """Draw any pending data now (the end of a run); ``fit``: the x axis to the attempts made."""
        if fit and 0 < len(self.losses) < self.span:
            self.span = max(len(self.losses), len(self.previous[1]) if self.previous else 0)
            self._dirty = True
        if fit and not self.tight:
            self.tight, self.y_limits, self._dirty = True, None, True
        if self._dirty:
            self._draw()

    def _configure(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.title(self.title)
        n, width = len(self.losses), self.size.width or 80
        last = max(self.span, len(self.losses)) - 1
        best = "best batch" if self.unit == "step" else "best"  # sgd's best is a minibatch's loss
        if self.previous is not None:
            label, line = self.previous
            idx = thin(len(line), width, last + 1)
            plt.plot(idx.tolist(), line[idx].tolist(), marker=PREVIOUS_MARKER, label=f"{best}, {label}")
            last = max(last, len(line) - 1)
        if n:
            idx = thin(n, width, last + 1)
            plt.scatter(idx.tolist(), np.asarray(self.losses)[idx].tolist(), marker=ATTEMPT_MARKER,
                        label=f"each {self.unit}")
            best_label = f"{best}, {self.run_label}" if self.run_label else f"{best} so far"
            plt.plot(idx.tolist(), np.asarray(self.best)[idx].tolist(), marker=BEST_MARKER, label=best_label)
        self._set_ylim(n)
        if last >= 0 and (n or self.previous is not None):
            ticks = integer_ticks(0, last)
            plt.xticks(ticks, [f"{t:,}" for t in ticks])
            plt.xlim(-0.5, 0.5) if last == 0 else plt.xlim(0, last)

    def _set_ylim(self, n: int) -> None:
        """Sticky limits while the run grows (tight ones, with plotext's own margin, once it ended)."""
        series = [np.asarray(self.losses[:n])] + ([self.previous[1]] if self.previous is not None else [])
        series = [s[np.isfinite(s)] for s in series if len(s)]
        series = [s for s in series if len(s)]
        if not series or self.tight:
            return
        low, high = min(float(s.min()) for s in series), max(float(s.max()) for s in series)
        self.y_limits = sticky_limits(self.y_limits, low, high)
        self.plt.ylim(*self.y_limits)

    def _draw(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._dirty = False
        self._last_draw = time.monotonic()
        self.redraws += 1
        self._configure()
        if not self.is_mounted or not self.size.area:
            self.refresh()
            return
        lines = self.render().split("\n")
        size, before = self.size, self._lines
        self._lines = lines
        if size != self._drawn_size or len(lines) != len(before):
            self._drawn_size = size
            self._strips.clear()
            self.refresh()
            return
        changed = [y for y, (old, new) in enumerate(zip(before, lines)) if old != new]
        for y in changed:
            self._strips.pop(y, None)
        if changed:
            self.refresh(*(Region(0, y, size.width, 1) for y in changed))

    def on_resize(self) -> None:
        self._dirty = True
        self._draw()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._drawn_size != self.size:  # laid out anew since the last draw
            self._drawn_size = self.size
            self._lines = self.render().split("\n")
            self._strips.clear()
        if y not in self._strips:
            if y >= len(self._lines):
                return Strip.blank(width, self.rich_style)
            segments = list(self._lines[y].render(self.app.console))
            self._strips[y] = Strip(segments).apply_style(self.rich_style).crop_extend(0, width, self.rich_style)
        return self._strips[y]
