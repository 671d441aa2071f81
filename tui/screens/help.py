"""The ``?`` screen: every key of the app and of the current view, read from their BINDINGS."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def describe(bindings) -> list[tuple[str, str]]:
    rows = []
    for b in bindings:
        if isinstance(b, tuple):
            b = Binding(*b)
        if not b.description:
            continue
        keys = ", ".join(k.strip() for k in b.key.split(","))
        rows.append((b.key_display or keys, b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists keys by section; any of Esc, q or ? closes it."""

    BINDINGS = [("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        # Built as styled Text, not markup: a key such as "[" would otherwise open a tag.
        text = Text()
        for title, rows in self.sections:
            text.append(title, "bold").append("\n")
            for key, description in rows:
                text.append("  ").append(f" {key} ", "reverse").append(f"  {description}\n")
            text.append("\n")
        text.append("Esc, q or ? closes this help.")
        with VerticalScroll(id="help-body"):
            yield Static(text, id="help-text")

    def action_dismiss(self) -> None:  # noqa: D102
        self.dismiss()
