"""The Search view's settings on two lines, each with its key.

Line 1: the choices, which cycle with one key each (strategy s, loss l, data d, train size t);
their labels go when the line is too narrow for them. Line 2: attempts (a) and seed (e), each a
value that a LineEditor replaces while it is typed (it never takes the focus: the app's key router
hands it the keys in the order typed), and the run keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.views.search_settings import SearchSettings
from tui.widgets.line_editor import LineEditor

TYPED = ("attempts", "seed")


def key(k: str) -> Text:
    return Text(f" {k} ", style="reverse")


def choices_text(s: SearchSettings, labelled: bool = True) -> Text:
    """``s strategy random  l loss svm  d data shapes  t train 2,000`` (without the labels:
    ``s random  l svm  d shapes  t 2,000 train``)."""
    parts = [("s", "strategy", s.strategy), ("l", "loss", s.loss), ("d", "data", s.dataset),
             ("t", "train", f"{s.train_size:,}")]
    text = Text()
    for n, (k, label, value) in enumerate(parts):
        if n:
            text.append("  ")
        text.append_text(key(k))
        text.append(f" {label} " if labelled else " ")
        text.append(value, style="bold underline")
    if not labelled:
        text.append(" train")
    return text


class SearchControls(Vertical):
    """Call :meth:`show` with the settings; :meth:`editor` opens the box of ``attempts`` or ``seed``."""

    DEFAULT_CSS = """
    SearchControls { height: 2; }
    SearchControls > Horizontal { height: 1; }
    SearchControls Static { width: auto; }
    SearchControls LineEditor { width: 11; }
    """

    def __init__(self, settings: SearchSettings, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def compose(self):
        yield Static(choices_text(self.settings), id="choices")
        with Horizontal():
            yield Static(Text.assemble(key("a"), " attempts "))
            yield Static(self._value("attempts"), id="attempts")
            yield LineEditor(id="attempts-edit")
            yield Static(Text.assemble("  ", key("e"), " seed "))
            yield Static(self._value("seed"), id="seed")
            yield LineEditor(id="seed-edit")
            yield Static(Text.assemble("  ", key("r"), " run/stop ", key("x"), " reset ",
                                       key("w"), " templates"), id="run-keys")

    def _value(self, field: str) -> Text:
        return Text(f"{getattr(self.settings, field):,}", style="bold underline")

    def show(self, settings: SearchSettings) -> None:
        """Display these settings."""
        self.settings = settings
        self._show_choices()
        for field in TYPED:
            self.query_one(f"#{field}", Static).update(self._value(field))

    def _show_choices(self) -> None:
        width = self.content_size.width
        labelled = not width or choices_text(self.settings).cell_len <= width
        self.query_one("#choices", Static).update(choices_text(self.settings, labelled))

    def on_resize(self) -> None:
        self._show_choices()

    def editor(self, field: str) -> LineEditor:
        """The box for ``field``, in place of its value (:meth:`editor_closed` puts the value back)."""
        self.query_one(f"#{field}", Static).display = False
        return self.query_one(f"#{field}-edit", LineEditor)

    def editor_closed(self) -> None:
        for field in TYPED:
            self.query_one(f"#{field}", Static).display = True
