"""A one-line Input for typed values (a score cell, Δ, λ, a class name, …).

Enter posts ``Input.Submitted`` (the view validates it and keeps the editor open on bad
input, so nothing typed is lost); Esc posts ``ValueEditor.Cancelled``. The current value is
selected on focus, so typing replaces it.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class ValueEditor(Input):
    HELP_TITLE = "Editing a value"
    HELP_BINDINGS = [Binding("enter", "submit", "Commit the typed value"),
                     Binding("escape", "cancel", "Cancel: the value stays as it was")]
    BINDINGS = [Binding("enter", "submit", "Commit"), Binding("escape", "cancel", "Cancel")]

    class Cancelled(Message):
        """Esc: leave the value unchanged."""

    accepting = False  # from open() until the value is committed; then keys pass through

    def __init__(self, **kwargs) -> None:
        super().__init__(select_on_focus=True, **kwargs)

    def open(self, text: str) -> None:
        """Show ``text``, all of it selected, and take the focus."""
        self.accepting = True
        self.value = text
        self.remove_class("-invalid")
        self.display = True
        # focus now rather than from a queued callback (Widget.focus), so keys typed right
        # after the Enter that opened the editor land in it instead of the table
        self.screen.set_focus(self)
        self.select_all()

    def committed(self) -> None:
        """The value is taken; until the view hides this editor (a frame later) keys typed go
        on to the view's keys instead of into a box that is about to disappear."""
        self.accepting = False

    async def _on_key(self, event: events.Key) -> None:
        if not self.accepting:
            event.prevent_default()  # not typed into the box; the key bubbles on to the view

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.accepting and super().check_action(action, parameters)

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
