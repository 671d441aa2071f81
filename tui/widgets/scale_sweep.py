"""The "W is not unique" plot: data losses and λR(kW) against the W scale k (log axis).

Series are told apart by marker glyph and legend, not only by colour; the current k is a
vertical line. The numbers come from ``engine.scene.scale_sweep``. The y axis is drawn from 0
with round, evenly spaced ticks that land exactly on rows, however short the plot is.
"""

from __future__ import annotations

import math

import numpy as np
from textual_plotext import PlotextPlot

from engine.numfmt import scale_factor
from engine.ticks import round_step, tick
from engine.scene import Scene, scale_sweep

FRAME_ROWS = 3  # plotext's top and bottom frame lines and the x labels: the rest are plot rows
TICK_ROWS = 5  # aim for at most about this many y labels
SERIES = (("svm", "SVM data", "x"), ("softmax", "softmax data", "•"), ("reg", "λR(kW)", "+"))


def sweep_exponents(scale: float) -> np.ndarray:
    """log2 k from 4 halvings below to 4 doublings above the current k (and always 1/16 … 16)."""
    here = math.log2(scale)
    lo, hi = math.floor(min(-4, here - 4)), math.ceil(max(4, here + 4))
    return np.linspace(lo, hi, 4 * (hi - lo) + 1)


def y_top(scene: Scene, series=tuple(key for key, _, _ in SERIES)) -> float:
    """Clip the y axis to 2.5× the largest value at k = 1 and at the current k, so the curves
    near the interesting k stay readable instead of being squashed by λR at k = 16."""
    at = scale_sweep(scene, [1.0, scene.scale])
    return max(1.0, 2.5 * max(float(at[key].max()) for key in series))


def y_axis(top: float, rows: int) -> tuple[float, list[float]]:
    """(upper y limit, ticks) for a plot ``rows`` tall showing 0 … ``top``: ticks are round
    (0, 2.5, 5 or 0, 1e5, 2e5), every ``r`` rows exactly, so they are evenly spaced on screen;
    the limit is the value of the top row, which need not be a tick."""
    last = max(1, rows - 1)  # row index of the top row (row 0 is y = 0)
    every = max(1, math.ceil(last / (TICK_ROWS - 1)))  # rows between ticks
    step = round_step(top * every / last)
    ticks = [i * step for i in range(last // every + 1)]
    return step * last / every, ticks


def in_axis_order(monitor) -> None:
    """plotext keeps custom ticks in set order, which changes with Python's hash seed, and crowded
    labels land by that order: sort them back so every run draws the same labels."""
    for ticks, labels in ((monitor.xticks, monitor.xlabels), (monitor.yticks, monitor.ylabels)):
        for side, side_ticks in enumerate(ticks):
            if side_ticks:
                pairs = sorted(zip(side_ticks, labels[side]))
                ticks[side], labels[side] = [t for t, _ in pairs], [label for _, label in pairs]


class ScaleSweepPlot(PlotextPlot):
    """Redraws only when ``show`` gets a new scene: each redraw costs ~7 KB over SSH."""

    _version = 0  # bumped by show(); render() reuses its last build while size and data stand
    _cached: tuple | None = None

    _scene: Scene | None = None
    _series: tuple[str, ...] = tuple(key for key, _, _ in SERIES)

    def render(self):
        key = (self.size, self.app.theme, self._version)
        if self._cached is None or self._cached[0] != key:
            if self._scene is not None:
                self._draw(self._scene)  # the y ticks depend on the height
            self._cached = (key, super().render())
        return self._cached[1]

    def show(self, scene: Scene, series: tuple[str, ...] | None = None) -> None:
        """Draw the scene's sweep; ``series``: which of svm, softmax, reg (lecture mode leaves out
        a loss whose value is still a question)."""
        self._scene = scene
        self._series = tuple(key for key, _, _ in SERIES) if series is None else series
        self._version += 1
        self.refresh()

    def _draw(self, scene: Scene) -> None:
        x = sweep_exponents(scene.scale)
        sweep = scale_sweep(scene, 2.0**x)
        plt = self.plt
        plt.clear_figure()
        for key, label, marker in SERIES:
            if key in self._series:
                plt.plot(x.tolist(), sweep[key].tolist(), marker=marker)  # legend: in RegPanel
        plt.vline(math.log2(scene.scale))
        top, yticks = y_axis(y_top(scene, self._series), self.size.height - FRAME_ROWS)
        plt.ylim(0, top)
        plt.yticks(yticks, [tick(t) for t in yticks])
        ticks = list(range(int(x[0]), int(x[-1]) + 1, 2 if x[-1] - x[0] > 10 else 1))
        plt.xticks(ticks, [scale_factor(2.0**t) for t in ticks])
        in_axis_order(plt.monitor)
