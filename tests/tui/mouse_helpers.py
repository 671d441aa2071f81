"""Mouse helpers for the Pilot tests: where the grid draws a cell, and the wheel.

Pilot has click/double_click/mouse_down/hover/mouse_up but no wheel: ``wheel`` posts the event
to the app at a screen point, as the terminal driver does, so it lands on whatever is drawn there.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

from tui.widgets.score_grid import ScoreGrid


def cell_offset(grid: ScoreGrid, row: int, col: int, dx: int = 1) -> tuple[int, int]:
    """The grid-relative offset of the score cell (class row, example col), ``dx`` cells into it
    (cell_region is in content coordinates: add the grid's left padding)."""
    cell = grid.cell_region(row, col)
    return cell.x + grid.styles.padding.left + dx, cell.y + grid.styles.padding.top


async def wheel(pilot, widget, offset: tuple[int, int] = (1, 1), down: bool = True, times: int = 1) -> None:
    """Turn the wheel ``times`` notches over ``offset`` of ``widget`` (a widget or selector)."""
    if not isinstance(widget, Widget):
        widget = pilot.app.screen.query_one(widget)
    x, y = widget.region.x + offset[0], widget.region.y + offset[1]
    event_class = events.MouseScrollDown if down else events.MouseScrollUp
    for _ in range(times):
        pilot.app.post_message(event_class(None, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y))
        await pilot.pause()

