"""The ``?`` screen: every key of the app and of the current view, read from their BINDINGS."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.textual_fixes import OnceDismissed


def binding_rows(bindings) -> list[tuple[str, str]]:
    rows = []
    for b in bindings:
        if isinstance(b, tuple):
            b = Binding(*b)
        if not b.description:
            continue
        keys = ", ".join(k.strip() for k in b.key.split(","))
        rows.append((b.key_display or keys, b.tooltip or b.description))  # tooltip: the longer words
    return rows


def help_body(sections: list[tuple[str, list[tuple[str, str]]]]) -> Group:
    """One titled two-column grid per section: a long description wraps under itself, not under the key.

    Built from Text, not markup: a key such as "[" would otherwise open a tag.
    """
    parts = []
    for title, rows in sections:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for key, description in rows:
            grid.add_row(Text(f" {key} ", "reverse"), Text(description))
        parts += [Text(title, "bold"), grid, Text("")]
    parts.append(Text("Esc, q or ? closes this help."))
    return Group(*parts)


class HelpScreen(OnceDismissed, ModalScreen[None]):
    """Lists keys by section; any of Esc, q or ? closes it."""

    BINDINGS = [("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections
        self.body = help_body(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self.body, id="help-text")

    def action_dismiss(self) -> None:  # noqa: D102
        self.dismiss()
