"""Two lines that always show the table's state: name, scale, saved/modified, and every variant.

Nothing here relies on colour: toggles are ``[x]``/``[ ]`` and the key of each is beside it.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.numfmt import plain, scale_factor
from engine.scene import Scene

LOG_NAMES = {"e": "log e (ln)", "2": "log 2", "10": "log 10"}


class StatusBar(LiveText):
    """``data`` = (scene, file name or "", whether there are unsaved changes, compact): compact is
    one line for lecture mode, the table's state without its file or the keys."""

    def build(self, data: tuple[Scene, str, bool, bool]) -> Text:
        s, source, modified, compact = data
        if compact:
            return self._compact(s)
        top = Text()
        top.append(f" W × {scale_factor(s.scale)} ", "bold reverse" if s.scale != 1 else "bold")
        top.append(" (+ − =)  ", "dim")
        top.append(source or "no file yet (ctrl+s saves)", "bold")
        top.append("  ● modified" if modified else "  ✓ saved" if source.endswith(".toml") else "")
        if s.title:
            top.append(f"  {s.title}", "dim")
        low = Text(" ")
        items = [
            (f"Δ = {plain(s.margin)}", "m", s.margin != 1),
            (f"[{'x' if s.include_true else ' '}] j = y", "i", s.include_true),
            (f"[{'x' if s.mean_over_classes else ' '}] mean", "a", s.mean_over_classes),
            (f"[{'x' if s.squared else ' '}] squared", "s", s.squared),
            (LOG_NAMES[s.log_base], "b", s.log_base != "e"),
        ]
        for text, key, changed in items:
            low.append(text, "bold reverse" if changed else "")
            low.append(f" ({key})   ", "dim")
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
