"""Two lines that always show the table's state: name, scale, saved/modified, and every variant.

Nothing here relies on colour: toggles are ``[x]``/``[ ]`` and the key of each is beside it.
A click on an item (``[ ] squared (s)``, ``Δ = 1 (m)``, the ``+ − =`` of the scale…) asks the
view to do what its key does: ``Clicked`` carries the view's action for that key.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message

from tui.widgets.live_text import LiveText

from engine.numfmt import plain, scale_factor
from engine.scene import Scene

LOG_NAMES = {"e": "log e (ln)", "2": "log 2", "10": "log 10"}
SCALE_ACTIONS = ("scale(2)", "scale(0.5)", "scale(0)")  # the keys + − = in " (+ − =)"
Target = tuple[int, int, int, str]  # (line, first cell, end cell, the view's action)


class StatusBar(LiveText):
    """``data`` = (scene, file name or "", whether there are unsaved changes, compact): compact is
    one line for lecture mode, the table's state without its file or the keys."""

    ALLOW_SELECT = False  # clicks act on the items
    targets: list[Target] = []

    class Clicked(Message):
        """An item was clicked: run ``action`` (the action of the key shown beside it)."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def build(self, data: tuple[Scene, str, bool, bool]) -> Text:
        s, source, modified, compact = data
        if compact:
            self.targets = []  # lecture mode: the slide drives the settings
            return self._compact(s)
        targets: list[Target] = []

        top = Text()
        top.append(f" W × {scale_factor(s.scale)} ", "bold reverse" if s.scale != 1 else "bold")
        targets.append((0, 0, cell_len(top.plain), "scale(2)"))  # like the footer's "+ W×2"
        keys = cell_len(top.plain) + 2  # where "+" is drawn in " (+ − =)  "
        top.append(" (+ − =)  ", "dim")
        targets += [(0, keys + 2 * k, keys + 2 * k + 1, action) for k, action in enumerate(SCALE_ACTIONS)]
        top.append(source or "no file yet (ctrl+s saves)", "bold")
        top.append("  ● modified" if modified else "  ✓ saved" if source.endswith(".toml") else "")
        if s.title:
            top.append(f"  {s.title}", "dim")
        low = Text(" ")
        items = [
            (f"Δ = {plain(s.margin)}", "m", s.margin != 1, "edit_margin"),
            (f"[{'x' if s.include_true else ' '}] j = y", "i", s.include_true, "toggle('include_true')"),
            (f"[{'x' if s.mean_over_classes else ' '}] mean", "a", s.mean_over_classes,
             "toggle('mean_over_classes')"),
            (f"[{'x' if s.squared else ' '}] squared", "s", s.squared, "toggle('squared')"),
            (LOG_NAMES[s.log_base], "b", s.log_base != "e", "cycle_log_base"),
        ]
        for text, key, changed, action in items:
            start = cell_len(low.plain)
            targets.append((1, start, start + cell_len(f"{text} ({key})"), action))
            low.append(text, "bold reverse" if changed else "")
            low.append(f" ({key})   ", "dim")
        self.targets = targets
        text = Text("\n").join([top, low])
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    @staticmethod
    def _compact(s: Scene) -> Text:
        text = Text(" ")
        text.append(f" W × {scale_factor(s.scale)} ", "bold reverse" if s.scale != 1 else "bold")
        for label, changed in ((f"Δ = {plain(s.margin)}", s.margin != 1),
                               (f"[{'x' if s.include_true else ' '}] j = y", s.include_true),
                               (f"[{'x' if s.mean_over_classes else ' '}] mean", s.mean_over_classes),
                               (f"[{'x' if s.squared else ' '}] squared", s.squared),
                               (LOG_NAMES[s.log_base], s.log_base != "e")):
            text.append("   ")
            text.append(label, "bold reverse" if changed else "")
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def action_at(self, x: int, y: int) -> str | None:
        """The action of the item drawn at (x, y) of the content area, if any."""
        hits = (action for row, start, end, action in self.targets if row == y and start <= x < end)
        return next(hits, None)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        action = None if offset is None else self.action_at(offset.x, offset.y)
        if action is not None:
            event.stop()
            self.post_message(self.Clicked(action))
