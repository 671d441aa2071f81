"""The Search view's status line: what the view has to say, or what a focused part's keys do.

Two layers, so a hint never loses the news it covers:

- ``show(text, kind)`` — the view's news (kind: error ✗, ok ✓, info •, run ▶, stop ■); it
  replaces a hint that is up (news matters more than a reminder of keys);
- ``cover(hint)`` — a hint (✎) over the news while the log or a box has the keys; ``uncover()``
  brings the news back as it is now.

One line, cut with … rather than wrapped: on a short screen the view's rows go to the data.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

GLYPHS = {"error": "✗", "ok": "✓", "info": "•", "run": "▶", "stop": "■", "hint": "✎"}


class SearchStatus(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.text, self.kind = "", "info"  # the news
        self.hint: str | None = None

    def show(self, text: str, kind: str = "info") -> None:
        if (text, kind, None) == (self.text, self.kind, self.hint):
            return  # e.g. the same loading progress on the next frame
        self.text, self.kind, self.hint = text, kind, None
        self._paint()

    def cover(self, hint: str) -> None:
        self.hint = hint
        self._paint()

    def uncover(self) -> None:
        if self.hint is not None:
            self.hint = None
            self._paint()

    @property
    def shown(self) -> str:
        """The line as it reads on screen, glyph included."""
        kind, text = ("hint", self.hint) if self.hint is not None else (self.kind, self.text)
        return f"{GLYPHS[kind]} {text}"

    def _paint(self) -> None:
        kind = "hint" if self.hint is not None else self.kind
        for name in GLYPHS:
            self.set_class(name == kind, f"-{name}")
        self.update(Text(self.shown, no_wrap=True, overflow="ellipsis"))
