"""Data, regularization and total loss over the gradient steps taken, as a plotext chart.

Each series has its own marker letter (d, r, T) so the chart reads without colour.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

SERIES = (("data", "d", "red"), ("reg", "r", "blue"), ("total", "T", "green"))


class LossHistory(PlotextPlot):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history: list[tuple[float, float, float]] = []

    def on_mount(self) -> None:
        self.redraw()

    def set_history(self, history: list[tuple[float, float, float]]) -> None:
        self.history = history
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("loss over steps")
        plt.xlabel("step")
        if self.history:
            steps = list(range(len(self.history)))
            for k, (name, marker, colour) in enumerate(SERIES):
                plt.plot(steps, [h[k] for h in self.history], marker=marker, color=colour,
                         label=f"{marker} {name}")
            last = steps[-1]
            ticks = sorted({round(last * k / 4) for k in range(5)})  # whole steps only
            plt.xticks(ticks, [str(t) for t in ticks])
        self.refresh()
