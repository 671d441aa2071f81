"""Where the Losses view's scale-sweep plot goes: it moves in after the first frame and redraws a
moment after a change, so a plot never delays the numbers.

A plot frame costs ~10 ms and ~7 KB over SSH: quick edits share one redraw. plotext is imported
on the first draw (~20 ms of start-up the first frame does without).
"""

from __future__ import annotations

from textual.containers import Vertical

from engine.scene import Scene

PLOT_DELAY = 0.15  # seconds from a change to the plot redraw


class SweepSlot(Vertical):
    _scene: Scene | None = None
    _series: tuple[str, ...] = ()
    _redraw_timer = None

    def show(self, scene: Scene, series: tuple[str, ...], now: bool = False) -> None:
        """Plot ``series`` of ``scene`` in PLOT_DELAY seconds, or ``now`` (a pane that just appeared)."""
        self._scene, self._series = scene, series
        if now:
            self._draw()
        elif self._redraw_timer is None:
            self._redraw_timer = self.set_timer(PLOT_DELAY, self._draw)

    def _draw(self) -> None:
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
            self._redraw_timer = None
        from tui.widgets.scale_sweep import ScaleSweepPlot

        plots = self.query(ScaleSweepPlot)
        if plots:
            plots.first().show(self._scene, self._series)
        else:
            plot = ScaleSweepPlot(id="sweep")
            plot.show(self._scene, self._series)
            self.mount(plot)
