"""The baseline for the pty benchmarks: a bare Textual app whose every key updates one Label.

Its first frame is a minimal Textual app's, and its key-to-repaint time is Textual's own floor
(read the key, update a widget, lay out, write the changed line) on this machine and load.

    .venv/bin/python benchmarks/bare_app.py     # ctrl+q quits
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import Label

READY = "READY-MARK"  # what the first frame shows


class BareApp(App):
    CSS = "Label { width: 100%; }"  # a fixed size: a key repaints one line, no second layout pass

    def compose(self):
        yield Label(READY)

    def on_mount(self) -> None:
        self.presses = 0

    def on_key(self, event) -> None:
        self.presses += 1
        self.query_one(Label).update(f"{event.key} ({self.presses} keys)")


if __name__ == "__main__":
    import sys

    if "--numpy" in sys.argv:  # the floor for an app that computes with numpy (pty_latency.py start)
        import numpy  # noqa: F401
    BareApp().run()
