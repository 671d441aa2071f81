"""Ask for a file path (open / save as). The caller's ``attempt`` does the work and returns an
error to show inline — the dialog then stays open with the typed path — or None to close."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PathPrompt(ModalScreen[str | None]):
    """Dismisses with the path ``attempt`` accepted, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, initial: str, attempt: Callable[[str], str | None]) -> None:
        super().__init__()
        self.title_text, self.initial, self.attempt = title, initial, attempt

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box", classes="dialog"):
            yield Static(f"[b]{self.title_text}[/b]  (Enter confirm, Esc cancel)")
            yield Input(self.initial, id="path-input", select_on_focus=False)
            yield Static("", id="path-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.attempt(event.value.strip())
        if error:
            self.query_one("#path-error", Static).update(f"✗ {error}")
            self.query_one("#path-input", Input).add_class("-invalid")
        else:
            self.dismiss(event.value.strip())

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#path-error", Static).update("")
        event.input.remove_class("-invalid")

    def action_cancel(self) -> None:
        self.dismiss(None)
