"""Helpers for the Losses-view tests: start the app on a preset, read what a widget shows."""

from __future__ import annotations

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


def screen_lines(app) -> list[str]:
    """The whole screen as plain text lines, as the terminal shows it (clipping included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def help_lines(app, width: int = 70) -> list[str]:
    """The help screen's body as plain lines."""
    import io

    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(app.screen.body)
    return console.export_text().splitlines()
