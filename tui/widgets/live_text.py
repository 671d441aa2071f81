"""Base for the view's text panes: ``data`` in, Rich Text out, built once per change.

``Static.update`` re-lays out the whole screen on every call; an edit changes numbers, not line
counts, so this re-lays out only when the wrapped line count changes and otherwise just repaints.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class LiveText(Widget):
    DEFAULT_CSS = "LiveText { height: auto; }"

    data: reactive[Any] = reactive(None, always_update=True, repaint=False)
    _text: Text = Text("")
    _lines: int = -1

    def build(self, data) -> Text:
        """The text for ``data`` (never None)."""
        raise NotImplementedError

    def watch_data(self, data) -> None:
        text = Text("") if data is None else self.build(data)
        if self._lines >= 0 and _same(text, self._text):
            return  # e.g. the facts line after a score edit: nothing to repaint
        self._text = text
        lines = self._count_lines()
        self.refresh(layout=lines != self._lines or lines < 0)
        self._lines = lines

    def _count_lines(self) -> int:
        width = self.content_size.width
        if width <= 0 or not self.is_mounted:
            return -1
        text = self._text
        lines = text.plain.split("\n")
        if text.no_wrap or all(cell_len(line) <= width for line in lines):
            return len(lines)  # nothing wraps: no need to wrap it to count
        return len(text.wrap(self.app.console, width))

    def on_resize(self) -> None:
        self._lines = self._count_lines()

    def render(self) -> Text:
        return self._text


def _same(a: Text, b: Text) -> bool:
    """Same characters, spans and text-wide settings (Text's == looks at the first two only)."""
    return (a == b and a.style == b.style and a.no_wrap == b.no_wrap and a.overflow == b.overflow
            and a.justify == b.justify)
