"""Data, regularization and total loss over the gradient steps taken, as a plotext chart.

Each series has its own marker letter (d, r, T) so the chart reads without colour. The legend
sits in the line under the step axis, never inside the plot area where it would hide data.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

SERIES = (("data", "d", "red"), ("reg", "r", "blue"), ("total", "T", "green"))
TITLE = "loss over steps since the last edit"
LEGEND = "   ".join(f"{marker} {name}" for name, marker, _ in SERIES)


class LossHistory(PlotextPlot):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[tuple[float, float, float]] = []
        self.first_step = 0

    def on_mount(self) -> None:
        self.redraw()

    def set_history(self, history: list[tuple[float, float, float]], first_step: int = 0) -> None:
        """(data, reg, total) per step; history[0] is at step first_step (older steps dropped)."""
        self.history, self.first_step = history, first_step
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(TITLE)
        plt.xlabel(f"step      {LEGEND}")
        if self.history:
            first = self.first_step
            steps = list(range(first, first + len(self.history)))
            for k, (_, marker, colour) in enumerate(SERIES):
                plt.plot(steps, [h[k] for h in self.history], marker=marker, color=colour)
            last = steps[-1]
            ticks = sorted({first + round((last - first) * k / 4) for k in range(5)})  # whole steps only
            plt.xticks(ticks, [str(t) for t in ticks])
        self.refresh()
