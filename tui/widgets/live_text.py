"""Base for the view's text panes: ``data`` in, Rich Text out, built once per change.

``Static.update`` re-lays out the whole screen on every call; an edit changes numbers, not line
counts, so this re-lays out only when the wrapped line count changes and otherwise just repaints.
"""

from __future__ import annotations

from typing import Any

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
        self._text = Text("") if data is None else self.build(data)
        lines = self._count_lines()
        self.refresh(layout=lines != self._lines or lines < 0)
        self._lines = lines

    def _count_lines(self) -> int:
        width = self.content_size.width
        if width <= 0 or not self.is_mounted:
            return -1
        return len(self._text.wrap(self.app.console, width))

    def on_resize(self) -> None:
        self._lines = self._count_lines()

    def render(self) -> Text:
        return self._text
