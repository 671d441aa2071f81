"""Keystroke-to-repainted-losses latency of the Losses view on a 10×10 table (headless).

Each of 200 edits: move to a random cell, Enter, type a value (not timed); then the committing
Enter is timed from the key press to (a) the score grid rendering the new losses and (b) the
first frame rendered to terminal bytes after that. The baseline, in the same
run, is the same measurement on a bare app whose Enter only updates one label: the floor that
Textual's key handling and repaint cost on this machine.

    .venv/bin/python benchmarks/edit_latency.py [--edits 200]

Target: p95 under 16 ms per edit.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import numpy as np
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import Input, Static

from engine.scene import Scene
from tui.app import LossApp
from tui.views.losses import LossesView
from tui.widgets.score_grid import ScoreGrid


def table(n: int = 10) -> Scene:
    rng = np.random.default_rng(0)
    return Scene(classes=tuple(f"class {j}" for j in range(n)), scores=rng.normal(0, 3, (n, n)).round(2),
                 labels=tuple(range(n)), title="10 × 10 benchmark table")


def summary(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def frame_clock(app) -> list[float]:
    """Times at which the app finished a frame's terminal bytes.

    Headless apps skip the write, so the clock renders the update to escape sequences itself:
    the cost a real terminal session pays, minus the bytes on the wire.
    """
    frames: list[float] = []
    display = app._display

    def timed_display(screen, update) -> None:
        if update is not None:
            if isinstance(update, CompositorUpdate):
                update.render_segments(app.console)
            frames.append(time.perf_counter())
        display(screen, update)

    app._display = timed_display
    return frames


async def losses_view(edits: int) -> tuple[list[float], list[float]]:
    app = LossApp(scene=table())
    to_render, to_frame = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.query_one(ScoreGrid)
        view = app.query_one(LossesView)
        rendered: list[float] = []
        grid_rows = grid.rows  # called when the grid draws new strips

        def rows():
            rendered.append(time.perf_counter())
            return grid_rows()

        grid.rows = rows
        writes = frame_clock(app)
        rng = np.random.default_rng(1)
        for _ in range(edits):
            await pilot.press(str(rng.choice(["up", "down", "left", "right"])), "enter",
                              *f"{rng.normal(0, 3):.2f}")
            await pilot.pause(0.2)  # let the plot redraw of the previous edit pass
            rendered.clear()
            writes.clear()
            before = view.scene
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            if view.scene is before:
                raise RuntimeError("the edit was not committed")
            grid_at = rendered[0]
            frame_at = next(t for t in writes if t >= grid_at)
            to_render.append((grid_at - start) * 1000)
            to_frame.append((frame_at - start) * 1000)
    return to_render, to_frame


class Bare(App):
    """One Input and one label: Enter copies the text into the label."""

    def compose(self):
        yield Input(id="field")
        yield Static(id="label")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#label", Static).update(event.value)


async def baseline(edits: int) -> list[float]:
    app = Bare()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        writes = frame_clock(app)
        for k in range(edits):
            await pilot.press("ctrl+u", *f"{k}.5")
            await pilot.pause(0.02)
            writes.clear()
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            times.append((writes[0] - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    base = asyncio.run(baseline(args.edits))
    to_render, to_frame = asyncio.run(losses_view(args.edits))
    b_med, b_p95 = summary(base)
    r_med, r_p95 = summary(to_render)
    i_med, i_p95 = summary(to_frame)
    print(f"edit latency, 10×10 table, {args.edits} edits (ms)      median    p95")
    print(f"  Enter → grid rendered with new losses        {r_med:7.2f} {r_p95:7.2f}")
    print(f"  Enter → frame rendered                       {i_med:7.2f} {i_p95:7.2f}")
    print(f"  baseline: Enter → label repainted, bare app  {b_med:7.2f} {b_p95:7.2f}")
    print(f"  ratio (frame rendered / baseline), median     {i_med / b_med:7.2f}")
    verdict = "meets" if i_p95 < 16 else "misses"
    print(f"  target p95 < 16 ms: {verdict} it (p95 {i_p95:.2f} ms)")


if __name__ == "__main__":
    main()
