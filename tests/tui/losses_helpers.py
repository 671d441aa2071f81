"""Helpers for the Losses-view tests: start the app on a preset, read what a widget shows."""

from __future__ import annotations

import html
import re

from engine.presets import load_preset
from tui.app import LossApp


def make_app(preset: str = "lecture", path: str | None = None) -> LossApp:
    return LossApp(scene=load_preset(preset), path=path)


def shown(widget) -> str:
    """The plain text a widget renders right now (what the user reads)."""
    visual = widget.render()
    return getattr(visual, "plain", None) or str(visual)


def message(app) -> str:
    return shown(app.query_one("#message"))


def row(grid_text: str, name: str) -> str:
    """The first line of the score grid whose label starts with ``name``."""
    return next(line for line in grid_text.splitlines() if line.strip().lstrip("› ").startswith(name))


_SVG_TEXT = re.compile(r'<text [^>]*x="([\d.]+)"[^>]*clip-path="url\(#terminal-[\w-]*?line-(\d+)\)">([^<]*)</text>')
CELL_WIDTH = 12.2  # the width of one terminal cell in Textual's SVG screenshots


def screen_lines(app) -> list[str]:
    """The whole screen as plain text lines, as the terminal shows it (clipping included), read
    from the app's SVG screenshot (public API: no private compositor)."""
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, row, text in _SVG_TEXT.findall(app.export_screenshot()):
        column = round(float(x) / CELL_WIDTH)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= int(row) < height and 0 <= column + offset < width:
                lines[int(row)][column + offset] = char
    return ["".join(line).rstrip() for line in lines]


def help_lines(app, width: int = 70) -> list[str]:
    """The help screen's body as plain lines."""
    import io

    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(app.screen.body)
    return console.export_text().splitlines()
