"""Terminal bytes the Classifier view sends while gradient descent runs (the SSH cost).

Runs the view headless at 80×24 and 120×40 in the running state for --steps ticks (called
directly, so no timing is involved) and renders every frame to escape sequences, as a real
terminal session would receive them. Two configurations in the same run, same steps:

- baseline: every step repaints everything, and the plane styles each cell separately
  (how the view first drew it);
- shipped: the plane is drawn as runs of equal style, and while running the plane, tables
  and chart repaint every REDRAW_EVERY-th step (the status line every step).

    .venv/bin/python benchmarks/classifier_run_bytes.py [--steps 60]

Prints bytes per step and per second at 10 steps/s, and shipped/baseline. Target: ≤ 0.25×,
and under ~40 KB/s at 80×24 (the notes measure one plot redraw at 6–7.5 KB).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.text import Text
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import Footer

import tui.views.classifier as classifier_module
import tui.widgets.plane_plot as plane_module
from tui.views.classifier import ClassifierView

STYLES = Path(__file__).resolve().parents[1] / "tui" / "styles"
STEPS_PER_SECOND = 10


class ClassifierOnly(App):
    CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "classifier.tcss")]

    def compose(self):
        yield ClassifierView()
        yield Footer()


def per_cell_text(grid) -> Text:
    """The baseline plane: one styled span per cell."""
    text = Text(no_wrap=True, overflow="crop")
    for r, row in enumerate(grid):
        for glyph, style in row:
            text.append(glyph, style)
        if r < len(grid) - 1:
            text.append("\n")
    return text


async def bytes_per_step(size: tuple[int, int], steps: int, baseline: bool) -> float:
    runs, every = plane_module._runs_to_text, classifier_module.REDRAW_EVERY
    if baseline:
        plane_module._runs_to_text, classifier_module.REDRAW_EVERY = per_cell_text, 1
    try:
        app = ClassifierOnly()
        sent = [0]
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            display = app._display

            def counting_display(screen, update) -> None:
                if isinstance(update, CompositorUpdate):
                    sent[0] += len(update.render_segments(app.console).encode("utf-8"))
                display(screen, update)

            app._display = counting_display
            view = app.query_one(ClassifierView)
            view.running = True  # the state the timer runs in; ticks are driven by hand here
            for _ in range(steps):
                view._tick()
                await pilot.pause()
            view.running = False
        return sent[0] / steps
    finally:
        plane_module._runs_to_text, classifier_module.REDRAW_EVERY = runs, every


async def main(steps: int) -> None:
    print(f"{steps} gradient steps while running, bytes rendered for the terminal")
    for size in ((80, 24), (120, 40)):
        base = await bytes_per_step(size, steps, baseline=True)
        shipped = await bytes_per_step(size, steps, baseline=False)
        print(f"{size[0]}×{size[1]}: baseline {base:8.0f} B/step ({base * STEPS_PER_SECOND / 1024:6.1f} KiB/s)"
              f"   shipped {shipped:8.0f} B/step ({shipped * STEPS_PER_SECOND / 1024:6.1f} KiB/s)"
              f"   ratio {shipped / base:.2f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    asyncio.run(main(parser.parse_args().steps))
