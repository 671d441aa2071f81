"""Base for the view's text panes: ``data`` in, Rich Text out, built once per change.

A key changes numbers, not line counts, so a pane re-lays out only when its wrapped line count
changes (``Static.update`` re-lays out the whole screen on every call), repaints only the lines whose
text changed, and turns only those lines into strips (the Line API): each repainted line costs
render time and ~100–400 bytes over SSH, and Textual's own path re-renders the whole text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget


class LiveText(Widget):
    DEFAULT_CSS = "LiveText { height: auto; }"

    data: reactive[Any] = reactive(None, always_update=True, repaint=False)
    _text: Text = Text("")
    _lines: int = -1  # screen lines at the last layout's width; -1: not laid out (or hidden)
    _rows: list[Text] | None = None  # the text's lines, when each is one screen line
    _strip_key: tuple | None = None  # (width, base style, text if it wraps) the strips were made for

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._strips: dict[int, Strip] = {}  # screen line → strip, made when first drawn

    def build(self, data) -> Text:
        """The text for ``data`` (never None)."""
        raise NotImplementedError

    def watch_data(self, data) -> None:
        text = Text("") if data is None else self.build(data)
        if self._lines >= 0 and _same(text, self._text):
            return  # e.g. the facts line after a score edit: nothing to repaint
        same_settings = _same_settings(text, self._text)
        before, self._text = self._rows, text
        lines = self._count_lines()
        if lines < 0:
            # not laid out yet, or hidden: the layout that shows it measures it then, so asking for
            # one now would only re-lay out the whole screen for nothing
            self._strips.clear()
            self.refresh()
        elif lines != self._lines or before is None or self._rows is None or not same_settings:
            self._strips.clear()
            self.refresh(layout=lines != self._lines)
        else:  # line for line: repaint only the lines that changed
            width = self.outer_size.width - self.styles.gutter.width
            changed = [y for y, (old, new) in enumerate(zip(before, self._rows)) if old != new]
            for y in changed:
                self._strips.pop(y, None)
            if changed:
                self.refresh(*(Region(0, y, width, 1) for y in changed))
        self._lines = lines

    def _count_lines(self) -> int:
        """Screen lines of the text at the laid-out width (and ``_rows``, when none wraps)."""
        self._rows = None
        # the size from the last layout: ``content_size`` asks the compositor, which for a hidden
        # widget (the narrow screen's other pane) arranges the whole screen again
        width = self.outer_size.width - self.styles.gutter.width
        if width <= 0 or not self.is_mounted:
            return -1
        text = self._text
        lines = text.plain.split("\n")
        if text.no_wrap or all(cell_len(line) <= width for line in lines):
            self._rows = text.split("\n", allow_blank=True)  # nothing wraps: a text line is a screen line
            return len(lines)
        return len(text.wrap(self.app.console, width))

    def on_resize(self) -> None:
        self._lines = self._count_lines()
        self._strips.clear()

    def render(self) -> Text:
        return self._text

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        key = (width, base, None if self._rows is not None else self._text)
        if key != self._strip_key:
            self._strips.clear()
            self._strip_key = key
        strips = self._strips
        if y not in strips:
            if self._rows is None:  # wrapped: Textual's own wrapping, so lines break where they always did
                visual = visualize(self, self._text)
                strips.update(enumerate(Visual.to_strips(self, visual, width, None, self.visual_style)))
            elif y < len(self._rows):
                strips[y] = _row_strip(self._rows[y], y, width, base, self.app.console)
        return strips.get(y) or Strip.blank(width, base)


def _row_strip(row: Text, y: int, width: int, base: Style, console) -> Strip:
    """Screen line ``y``: one text line that needs no wrapping, on the widget's style, with the
    offsets Textual's text selection reads."""
    if row.cell_len > width:  # a no-wrap line: cropped, or cut with an ellipsis
        row = row.copy()
        row.truncate(width, overflow=row.overflow or "crop")
    if not row.spans:  # (Text.render leaves out the text-wide style when there are no spans)
        style = console.get_style(row.style) if row.style else None
        pieces = [(row.plain, base + style if style else base)]
    else:
        pieces = [(text, base + style if style else base) for text, style, _ in row.render(console)]
    # The offsets Textual's text selection reads, as Strip.apply_offsets sets them, but with one
    # offset style per cell kept: building a fresh one per segment was ~10 % of a key's CPU.
    segments, x = [], 0
    for text, style in pieces:
        segments.append(Segment(text, style + _offset_style(x, y)))
        x += len(text)
    return Strip(segments)


@lru_cache(maxsize=4096)
def _offset_style(x: int, y: int) -> Style:
    return Style.from_meta({"offset": (x, y)})


def _same_settings(a: Text, b: Text) -> bool:
    """Same text-wide settings (style, wrapping, alignment)."""
    return a.style == b.style and a.no_wrap == b.no_wrap and a.overflow == b.overflow and a.justify == b.justify


def _same(a: Text, b: Text) -> bool:
    """Same characters, spans and text-wide settings (Text's == looks at the first two only)."""
    return a == b and _same_settings(a, b)
