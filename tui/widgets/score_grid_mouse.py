"""The score grid under the mouse: what is drawn at a point of the grid, and the wheel.

A click anywhere in an example's group (score, hinge, p) is a click on that class/example cell;
on a class name or an example name (or its L_i) it picks that row or column; on "‹ n more" /
"n more ›" it asks for another page. The hit test uses the grid's own layout (``cell_region``,
``geometry``, ``columns``, ``class_rows``), so a click lands where the eye sees the number.

The grid only reports (``Clicked``, and ``Wheel`` when the wheel turns over rows or columns it
pages): the Losses view moves the cursor, opens the editor or calls ``page``, because only it
knows whether a value is being typed in a box floating over a cell.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.message import Message

CELL, CLASS, EXAMPLE, PAGE_LEFT, PAGE_RIGHT = "cell", "class", "example", "page left", "page right"


class GridPart(NamedTuple):
    """What is drawn at a point: ``kind`` (CELL, CLASS, …) with its class row and/or example column."""

    kind: str
    row: int | None = None
    col: int | None = None


class ScoreGridMouse:
    """Mixed into ScoreGrid (before Widget): clicks become ``Clicked``, wheel turns ``Wheel``."""

    ALLOW_SELECT = False  # a double-click edits a score; Textual's select-all would fight it

    class Clicked(Message, namespace="score_grid"):
        """The user clicked ``part`` of the grid (a double-click is two clicks: the first moves the
        cursor, the second lands on the cell under it)."""

        def __init__(self, part: GridPart) -> None:
            super().__init__()
            self.part = part

    class Wheel(Message, namespace="score_grid"):
        """The wheel turned over a paged grid: ``step`` rows or columns (``axis``) to move."""

        def __init__(self, axis: str, step: int) -> None:
            super().__init__()
            self.axis, self.step = axis, step  # axis: "rows" or "cols", as page() names them

    def part_at(self, x: int, y: int) -> GridPart | None:
        """What is drawn at (x, y) of the content area, or None (a gap, a blank)."""
        if self.data is None:
            return None
        geo, cols, rows = self.geometry(), self.columns(), self.class_rows()
        first = self.cell_region(rows.start, cols.start)  # the top-left score cell on screen
        stride = geo.group_x(1) - geo.group_x(0)
        offset = x - first.x
        k, within = divmod(offset, stride)
        col = cols.start + k if offset >= 0 and within < geo.group and k < len(cols) else None
        if y < first.y:  # the two header rows
            if col is not None:
                return GridPart(EXAMPLE, col=col)
            if y == 0 and offset < 0 and cols.start > 0:
                return GridPart(PAGE_LEFT)
            past_last = offset >= (len(cols) - 1) * stride + geo.group
            if y == 0 and past_last and cols.stop < self.data.scene.num_examples:
                return GridPart(PAGE_RIGHT)
            return None
        if y < first.y + len(rows):  # a class row
            row = rows.start + y - first.y
            if offset < 0:
                return GridPart(CLASS, row=row)
            return GridPart(CELL, row, col) if col is not None else None
        if y < first.y + len(rows) + 2 and col is not None:  # the two L_i rows under an example
            return GridPart(EXAMPLE, col=col)
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        part = None if offset is None else self.part_at(offset.x, offset.y)
        if part is not None:
            event.stop()
            self.post_message(self.Clicked(part))

    # --- paging: the view calls page() for the wheel and the "more" markers
    def page(self, rows: int = 0, cols: int = 0) -> bool:
        """Move the rows/columns on screen by ``rows`` / ``cols``; the cursor comes along only if
        it would leave the screen. False when already at that edge (or nothing is paged)."""
        if self.data is None:
            return False
        scene = self.data.scene
        shown_rows, shown_cols = self.class_rows(), self.columns()
        first_row = min(max(shown_rows.start + rows, 0), scene.num_classes - len(shown_rows))
        first_col = min(max(shown_cols.start + cols, 0), scene.num_examples - len(shown_cols))
        if (first_row, first_col) == (shown_rows.start, shown_cols.start):
            return False
        self._first_row, self._first_col = first_row, first_col
        row, col = self.cursor
        self.cursor = (min(max(row, first_row), first_row + len(shown_rows) - 1),
                       min(max(col, first_col), first_col + len(shown_cols) - 1))
        self.refresh()  # the window moved even where the cursor did not
        return True

    def _wheel(self, event: events.MouseEvent, step: int, sideways: bool) -> None:
        if self.data is None:
            return
        scene = self.data.scene
        rows_paged = len(self.class_rows()) < scene.num_classes
        cols_paged = len(self.columns()) < scene.num_examples
        axis = "cols" if sideways or not rows_paged else "rows"
        if (rows_paged, cols_paged)[axis == "cols"]:  # else the wheel is for whatever holds the grid
            event.stop()
            self.post_message(self.Wheel(axis, step))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1, sideways=False)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1, sideways=False)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._wheel(event, 1, sideways=True)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._wheel(event, -1, sideways=True)
