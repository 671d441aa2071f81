"""The view's one feedback line: what just changed, or why nothing did.

``data`` = (text, is_error). Errors start with ✗ and other news with •, so the difference
never depends on colour.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText


class MessageLine(LiveText):
    def build(self, data: tuple[str, bool]) -> Text:
        text, error = data
        if not text:
            return Text("")
        return Text(("✗ " if error else "• ") + text, style="bold" if error else "")

    def watch_data(self, data) -> None:
        self.set_class(bool(data and data[1]), "-error")
        self.set_class(not (data and data[0]), "-empty")  # lecture mode gives an empty line's row away
        super().watch_data(data)
