"""Data, regularization and total loss over the gradient steps taken, as a plotext chart.

Each series has its own marker letter (d, r, T) so the chart reads without colour. The legend
sits in the line under the step axis, never inside the plot area where it would hide data.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from engine.ticks import integer_ticks

SERIES = (("data", "d", "red"), ("reg", "r", "blue"), ("total", "T", "green"))
# Longest first; plotext leaves out a title or label wider than the chart, so the widest that fits
TITLES = ("loss over steps since the last edit", "loss since the last edit", "loss")
LABELS = tuple(f"step{gap}" + sep.join(f"{marker} {name}" for name, marker, _ in SERIES)
               for gap, sep in (("      ", "   "), ("  ", "  "), (" ", " "))) + ("d r T",)


def widest_fitting(texts: tuple[str, ...], width: int) -> str:
    return next((t for t in texts if len(t) <= width), texts[-1])


class LossHistory(PlotextPlot):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[tuple[float, float, float]] = []
        self.first_step = 0

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()  # the title and legend that fit depend on the width

    def set_history(self, history: list[tuple[float, float, float]], first_step: int = 0) -> None:
        """(data, reg, total) per step; history[0] is at step first_step (older steps dropped)."""
        self.history, self.first_step = history, first_step
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        width = self.size.width - 2
        plt.title(widest_fitting(TITLES, width))
        plt.xlabel(widest_fitting(LABELS, width))
        if self.history:
            first = self.first_step
            steps = list(range(first, first + len(self.history)))
            for k, (_, marker, colour) in enumerate(SERIES):
                plt.plot(steps, [h[k] for h in self.history], marker=marker, color=colour)
            last = steps[-1]
            ticks = integer_ticks(first, last)  # whole, evenly spaced steps: 0 2 4 5, not 0 1 2 4 5
            plt.xticks(ticks, [str(t) for t in ticks])
        self.refresh()
