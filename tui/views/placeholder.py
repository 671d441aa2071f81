"""A view that is not built yet: says so instead of pretending."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import Static


class PlaceholderView(Vertical):
    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = title

    def compose(self):
        yield Static(f"{self.title_text}: not built yet.", classes="placeholder")

    def palette_commands(self):
        return []
