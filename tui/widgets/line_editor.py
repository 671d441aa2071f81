"""A one-line text box that never takes the focus: the app's key router types into it.

A real Input would take the focus, and Textual routes each key to whatever had the focus when the
key was read: the keys of a burst typed behind the one that opened the box would miss it. This box
is handed every key by ``tui.keys.KeyRouter`` while it is open (``take_key``), so typing, Enter,
Esc and the view's keys after them act strictly in the order typed.

It opens with its whole text selected (typing replaces it, ←/→ keep it); Enter calls
``on_enter(text)``, Esc ``on_escape()``. An invalid value keeps the box open and marked, so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from engine.names import CONTROL, printable

CURSOR = Style(reverse=True)
SELECTED = Style(reverse=True, underline=True)


class LineEditor(Widget):
    HELP_TITLE = "Editing a value"
    HELP_BINDINGS = [Binding("enter", "noop", "Commit the typed value"),
                     Binding("escape", "noop", "Cancel: the value stays as it was"),
                     Binding("left,right,home,end", "noop", "Move in the text", key_display="← → home end")]
    DEFAULT_CSS = """
    LineEditor { height: 1; width: 1fr; display: none; background: $accent 30%; }
    LineEditor.-floating { display: block; visibility: hidden; }
    LineEditor.-invalid { background: $error 40%; text-style: underline; }
    """
    can_focus = False

    text: reactive[str] = reactive("", layout=False)
    cursor: reactive[int] = reactive(0, layout=False)
    selected: reactive[bool] = reactive(False, layout=False)  # the whole text, as opened

    def __init__(self, on_enter: Callable[[str], None] | None = None,
                 on_escape: Callable[[], None] | None = None, floating: bool = False, **kwargs) -> None:
        """``floating``: a box laid over the screen (the score cell editor). It hides by visibility,
        not display: opening or closing it repaints its own cell, where a display change repaints the
        whole view (~5 KB over SSH)."""
        super().__init__(**kwargs)
        self.on_enter, self.on_escape = on_enter, on_escape
        self.is_open = False
        self.floating = floating
        self.set_class(floating, "-floating")

    @property
    def shown(self) -> bool:
        return self.display and self.visible

    def _show(self, shown: bool) -> None:
        if self.shown != shown:  # hiding a hidden widget would still cost a re-layout
            if self.floating:
                self.visible = shown
            else:
                self.display = shown

    def open(self, text: str, on_enter: Callable[[str], None], on_escape: Callable[[], None]) -> None:
        """Show ``text``, all of it selected; keys go here until ``close``."""
        self.on_enter, self.on_escape = on_enter, on_escape
        self.is_open = True
        self.text, self.cursor, self.selected = text, len(text), True
        self.set_class(False, "-invalid")
        self._show(True)

    def close(self) -> None:
        self.is_open = False
        self._show(False)

    def invalid(self) -> None:
        """Mark the typed value as refused (it stays, to be fixed or cancelled)."""
        self.set_class(True, "-invalid")

    # --- keys, handed over by the router in the order typed
    def take_key(self, event: events.Key) -> bool:
        """Act on a key while open; False for keys it leaves to the app (ctrl+q still quits)."""
        if not self.is_open or event.key == "ctrl+q":
            return False
        key = event.key
        if key == "enter":
            self.on_enter(self.text)
        elif key == "escape":
            self.on_escape()
        elif key == "backspace":
            self._delete(-1)
        elif key == "delete":
            self._delete(1)
        elif key in ("left", "right", "home", "end", "ctrl+a", "ctrl+e"):
            self._move(key)
        elif event.is_printable and event.character:
            self.insert(event.character)
        return True  # anything else is swallowed: while typing, the view's keys are off

    def insert(self, typed: str) -> None:
        """Type ``typed`` at the cursor (replacing the selection); pasted newlines become spaces."""
        # a control character stays (shown escaped): Enter then refuses it with a message
        typed = "".join(" " if c in "\r\n\t" else c for c in typed if c.isprintable() or CONTROL.match(c))
        if self.selected:
            self.text, self.cursor, self.selected = typed, len(typed), False
        else:
            self.text = self.text[:self.cursor] + typed + self.text[self.cursor:]
            self.cursor += len(typed)
        self.set_class(False, "-invalid")

    def _delete(self, direction: int) -> None:
        if self.selected:
            self.text, self.cursor, self.selected = "", 0, False
        elif direction < 0 and self.cursor > 0:
            self.text = self.text[:self.cursor - 1] + self.text[self.cursor:]
            self.cursor -= 1
        elif direction > 0:
            self.text = self.text[:self.cursor] + self.text[self.cursor + 1:]
        self.set_class(False, "-invalid")

    def _move(self, key: str) -> None:
        self.selected = False
        if key == "left":
            self.cursor = max(0, self.cursor - 1)
        elif key == "right":
            self.cursor = min(len(self.text), self.cursor + 1)
        else:
            self.cursor = 0 if key in ("home", "ctrl+a") else len(self.text)

    def render(self) -> Text:
        width = max(1, self.size.width)
        text, cursor = printable(self.text), len(printable(self.text[:self.cursor]))  # ESC shows as \x1b
        start = max(0, cursor - width + 1)  # scroll so the cursor stays in view
        shown = Text(text[start:start + width], no_wrap=True, end="")
        if self.selected and text:
            shown.stylize(SELECTED)
        elif cursor - start < width:
            if cursor >= len(text):
                shown.append(" ", CURSOR)
            else:
                shown.stylize(CURSOR, cursor - start, cursor - start + 1)
        return shown
