"""A one-line Input for typed values (a score cell, Δ, λ, a class name, …).

Enter posts ``Input.Submitted`` (the view validates it and keeps the editor open on bad
input, so nothing typed is lost); Esc posts ``ValueEditor.Cancelled``. The current value is
selected on focus, so typing replaces it.
"""

from __future__ import annotations

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

    def __init__(self, **kwargs) -> None:
        super().__init__(select_on_focus=True, **kwargs)

    def open(self, text: str) -> None:
        """Show ``text``, all of it selected, and take the focus."""
        self.value = text
        self.remove_class("-invalid")
        self.display = True
        self.focus()
        self.select_all()

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
