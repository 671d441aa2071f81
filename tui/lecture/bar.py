"""The presenter's bar above the live view: where we are (7/28 and the step's builds), the step's
title, its text or question, the answers revealed so far, and what the next PageDown does.

Nothing here knows an answer before it is revealed: it shows what the Stage says is revealed.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # engine.lecture is loaded when a lecture starts, not at start-up
    from engine.lecture import Stage

MAX_BODY_LINES = 3  # the slide's point; older lines give way to the newest answers
SHORT_SCREEN = 22  # below this many rows (a big font) the bar keeps two: the question, the answer


def next_key_hint(stage: Stage, last: bool) -> str:
    """What PageDown does next, said in a few words."""
    if stage.build < stage.builds - 1:
        return "PgDn: answer ›" if stage.question else "PgDn: more ›"
    return "end · Esc leaves" if last else "PgDn: next ›"


def body_lines(stage: Stage, room: int = MAX_BODY_LINES) -> list[tuple[str, str]]:
    """(text, kind) for the bar's body: the step's lines, then the answers (▸), at most ``room``:
    the question stays, older lines give way to the newest answer."""
    question = stage.lines[-1] if stage.asks else None
    lines = [(line, "question" if line == question else "text") for line in stage.lines]
    for answer in stage.answers:
        first, *rest = answer.split("\n")
        lines += [(f"▸ {first}", "answer")] + [(f"  {line}", "answer") for line in rest]
    if len(lines) > room:
        kept = [line for line in lines if line[1] == "question"][-1:]
        rest = [line for line in lines if line not in kept]
        lines = kept + rest[len(rest) - (room - len(kept)):]
    return lines


class LectureBar(Widget):
    """``show(stage, index, count)``; docked above the views while lecture mode is on."""

    DEFAULT_CSS = """
    LectureBar { dock: top; height: auto; max-height: 6; background: $boost; display: none; }
    LectureBar > .lecture-bar--title { text-style: bold reverse; }
    LectureBar > .lecture-bar--question { text-style: bold; }
    LectureBar > .lecture-bar--answer { color: $success; text-style: bold; }
    LectureBar > .lecture-bar--hint { text-style: bold; }
    """
    COMPONENT_CLASSES = {"lecture-bar--title", "lecture-bar--question", "lecture-bar--answer",
                         "lecture-bar--hint"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._content: tuple[Stage, int, int] | None = None
        self._lines = -1

    def show(self, stage: Stage, index: int, count: int, steps: int) -> None:
        self._content = (stage, index, steps)
        lines = self.render().cell_len and len(self.render().wrap(self.app.console, max(1, self.size.width)))
        self.refresh(layout=lines != self._lines)  # a new layout only when the bar's height changes
        self._lines = lines

    def render(self) -> Text:
        if self._content is None:
            return Text("")
        stage, index, steps = self._content
        style = self.get_component_rich_style
        dots = "".join("●" if b <= stage.build else "○" for b in range(stage.builds)) if stage.builds > 1 else ""
        head = Text(f" {stage.step + 1}/{steps} {dots} ", style("lecture-bar--title"))
        head.append(f" {stage.title}", "bold")
        hint = next_key_hint(stage, stage.step == steps - 1)
        width = max(20, self.size.width or 80)
        room = width - head.cell_len - len(hint) - 1
        if room < 0:
            head.truncate(width - len(hint) - 1, overflow="ellipsis")
            room = 0
        head.append(" " * room)
        head.append(f"{hint} ", style("lecture-bar--hint"))
        room = MAX_BODY_LINES if self.app.size.height >= SHORT_SCREEN else MAX_BODY_LINES - 1
        text = Text("\n").join([head] + [Text(f" {line}", style(f"lecture-bar--{kind}") if kind != "text" else "")
                                          for line, kind in body_lines(stage, room)])
        return text
