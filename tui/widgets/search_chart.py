"""The search's loss chart: every attempt's loss as dots, the best so far as a line.

The two series differ by marker, not only colour ("•" dots vs a "▀▄" block line), and the
legend names them. The previous run's best-so-far line can stay as a thin braille line
(:meth:`set_previous`), to compare strategies: random search vs local search vs gradient descent. Redraws are rate-limited (a plot redraw costs ~7 KB over SSH): data is
taken at once, the picture follows at most ``MAX_REDRAWS_PER_S`` times a second, and a
pending change is always drawn in the end.
"""

from __future__ import annotations

import math
import time

import numpy as np
from textual_plotext import PlotextPlot

from engine.ticks import integer_ticks

MAX_REDRAWS_PER_S = 2
ATTEMPT_MARKER = "•"
BEST_MARKER = "hd"
PREVIOUS_MARKER = "braille"


def thin(n: int, width: int) -> np.ndarray:
    """Indices to plot out of n points on a chart ``width`` cells wide: every k-th, plus the last."""
    if n <= 0:
        return np.zeros(0, dtype=int)
    step = max(1, math.ceil(n / max(8, 4 * width)))
    idx = np.arange(0, n, step)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


class SearchChart(PlotextPlot):
    """Call :meth:`set_data` with the attempts so far; :meth:`flush` forces the last redraw."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.attempts = np.zeros(0, dtype=int)
        self.losses = np.zeros(0)
        self.best = np.zeros(0)
        self.title = "loss per attempt"
        self.previous: tuple[str, np.ndarray] | None = None
        self.redraws = 0
        self._last_draw = -math.inf
        self._timer = None
        self._dirty = False

    def on_mount(self) -> None:
        super().on_mount()
        self._draw()

    def set_data(self, attempts, losses, best, title: str | None = None, *, now: bool = False) -> None:
        """Replace the plotted series (arrays of equal length); redraw now or soon."""
        self.attempts, self.losses, self.best = attempts, losses, best
        if title is not None:
            self.title = title
        self._dirty = True
        wait = self._last_draw + 1.0 / MAX_REDRAWS_PER_S - time.monotonic()
        if now or wait <= 0:
            self._draw()
        elif self._timer is None:
            self._timer = self.set_timer(wait, self._draw)

    def set_previous(self, label: str | None, best=None) -> None:
        """Keep (or with None, drop) an earlier run's best-so-far line, named ``label``."""
        self.previous = None if label is None or best is None or not len(best) else (label, best)
        self._dirty = True

    def flush(self) -> None:
        """Draw any pending data now (the end of a run)."""
        if self._dirty:
            self._draw()

    def _draw(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._dirty = False
        self._last_draw = time.monotonic()
        self.redraws += 1
        plt = self.plt
        plt.clear_data()
        plt.title(self.title)
        n, width = len(self.attempts), self.size.width or 80
        last = -1
        if self.previous is not None:
            label, best = self.previous
            idx = thin(len(best), width)
            plt.plot(idx.tolist(), np.asarray(best)[idx].tolist(), marker=PREVIOUS_MARKER,
                     label=f"best, last run: {label}")
            last = len(best) - 1
        if n:
            idx = thin(n, width)
            x = self.attempts[idx].tolist()
            plt.scatter(x, self.losses[idx].tolist(), marker=ATTEMPT_MARKER, label="each attempt")
            plt.plot(x, self.best[idx].tolist(), marker=BEST_MARKER, label="best so far")
            last = max(last, int(self.attempts[-1]))
        if last >= 0:
            ticks = integer_ticks(0, last)
            plt.xticks(ticks, [f"{t:,}" for t in ticks])
            plt.xlim(-0.5, 0.5) if last == 0 else plt.xlim(0, last)
        self.refresh()
