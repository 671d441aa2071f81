""""Restore the unsaved table from 14:02 (3 edits)? y/n" — asked at start for an autosave left by
an app that ended without saving (tui/recovery.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.textual_fixes import OnceDismissed

RESTORE, DISCARD, LATER = "restore", "discard", "later"


class RestorePrompt(OnceDismissed, ModalScreen[str]):
    """Dismisses with RESTORE (y, Enter), DISCARD (n) or LATER (Esc: ask again at the next start)."""

    DEFAULT_CSS = "RestorePrompt { align: center middle; }"
    BINDINGS = [
        Binding("y,enter", f"answer('{RESTORE}')", "Restore"),
        Binding("n", f"answer('{DISCARD}')", "Discard"),
        Binding("escape", f"answer('{LATER}')", "Ask again next time"),
    ]

    def __init__(self, question: str, origin: str | None) -> None:
        super().__init__()
        self.question, self.origin = question, origin

    def compose(self) -> ComposeResult:
        where = f"It was being edited for {self.origin}." if self.origin else "It had no file yet."
        with Vertical(id="restore-box", classes="dialog"):
            yield Static(Text(f"{self.question} y/n", style="bold"), id="restore-question")
            yield Static(Text(f"An earlier loss-tui ended without saving it. {where}"), id="restore-where")
            yield Static("y or Enter restores it (ctrl+z undoes) · n discards it · Esc: ask next time",
                         id="restore-keys")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
