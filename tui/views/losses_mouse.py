"""The Losses view under the mouse, as a browser user expects it; every key still works alone.

- A click on a score cell moves the cursor there; a click on the cell under the cursor (so also
  the second click of a double-click) opens the in-place editor on it.
- A click on a class name or an example name (or its L_i) moves the cursor to that class / example.
- A click on "‹ n more" / "n more ›" pages the examples; the wheel pages a paged grid.
- A click on a status bar item (``[ ] squared (s)``, ``Δ = 1 (m)``, ``+ − =``…) does what its key does.

A click elsewhere while a value is typed first commits it, as Enter would; a value that is
refused keeps the box open and the click does nothing more. Each click says what it did on the
message line, as the keys do.
"""

from __future__ import annotations

from tui.widgets.message_line import MessageLine
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.score_grid_mouse import CELL, CLASS, EXAMPLE, PAGE_LEFT, PAGE_RIGHT
from tui.widgets.status_bar import StatusBar


class LossesMouse:
    """Mixed into LossesView (before DocumentView): its clicks and wheel turns."""

    def _finish_typing(self) -> str | None:
        """Commit a value being typed, as Enter does: what the commit said ("" if nothing was being
        typed), or None when the value was refused (the box stays open, saying why)."""
        if not self.editing:
            return ""
        self.action_commit_edit()
        return None if self.editing else self.query_one(MessageLine).data[0]

    def _say_after(self, committed: str, text: str, error: bool = False) -> None:
        """Say ``text``, after what a value committed by the same click did."""
        self.say(f"{committed}; {text}" if committed else text, error)

    def _on_screen(self, axis: str) -> str:
        grid, scene = self.query_one(ScoreGrid), self.scene
        if axis == "rows":
            rows = grid.class_rows()
            return f"classes {rows.start + 1}–{rows.stop} of {scene.num_classes} on screen"
        cols = grid.columns()
        return f"examples {cols.start + 1}–{cols.stop} of {scene.num_examples} on screen"

    def on_score_grid_clicked(self, event: ScoreGrid.Clicked) -> None:
        grid, part = self.query_one(ScoreGrid), event.part
        cell_editor = self.query_one("#cell-editor")
        if self.key_taker() is cell_editor and part.kind == CELL and (part.row, part.col) == grid.cursor:
            return  # a click on the score being typed (a double-click's second click)
        committed = self._finish_typing()
        if committed is None:
            return
        if part.kind in (PAGE_LEFT, PAGE_RIGHT):
            step = len(grid.columns())
            grid.page(cols=step if part.kind == PAGE_RIGHT else -step)
            self._say_after(committed, self._on_screen("cols"))
            return
        before = grid.cursor
        grid.cursor = (before[0] if part.row is None else part.row, before[1] if part.col is None else part.col)
        if part.kind == CELL and grid.cursor == before:  # clicked the cell under the cursor: edit it
            self.action_edit_cell()
            return
        i, j = self.cursor
        s = self.scene
        said = {CELL: f"cursor on {s.examples[i]} / {s.classes[j]}: click it again (or double-click) to edit",
                CLASS: f"cursor on class {s.classes[j]} ({s.examples[i]})",
                EXAMPLE: f"cursor on {s.examples[i]} (class {s.classes[j]})"}[part.kind]
        self._say_after(committed, said)

    def on_score_grid_wheel(self, event: ScoreGrid.Wheel) -> None:
        if self.editing:  # the box floats over its cell: the cell must stay where it is
            self.say("the wheel pages the table once the value is committed (Enter) or cancelled (Esc)")
            return
        self.query_one(ScoreGrid).page(**{event.axis: event.step})
        self.say(self._on_screen(event.axis))

    async def on_status_bar_clicked(self, event: StatusBar.Clicked) -> None:
        committed = self._finish_typing()
        if committed is None:
            return
        await self.run_action(event.action)
        self._say_after(committed, *self.query_one(MessageLine).data)
