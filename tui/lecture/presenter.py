"""Lecture mode: PageDown / PageUp walk the script's builds, each putting the live app in the
state its Stage describes (view, table, settings, cursor, pane, what is still hidden).

The presenter only calls ``View.show_stage`` and updates the bar; every number on screen still
comes from the views. Going back a build applies that build's Stage again, so it looks exactly
as it did; a table the instructor edited in between stays in the view's undo history (ctrl+z).
"""

from __future__ import annotations

from engine.hidden import NOTHING_HIDDEN
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # engine.lecture is loaded when a lecture starts, not at start-up
    from engine.lecture import Script, Stage
from tui.lecture.bar import LectureBar


class Presenter:
    def __init__(self, app, script: Script) -> None:
        self.app = app
        self.script = script
        self.index = 0  # the stage on screen (kept when lecture mode is left, to resume there)
        self.active = False

    @property
    def stage(self) -> Stage:
        return self.script.stages[self.index]

    @property
    def bar(self) -> LectureBar:
        return self.app.query_one(LectureBar)

    async def start(self) -> None:
        """Enter lecture mode where it was left (the first build the first time)."""
        self.active = True
        self.bar.display = True
        await self.show(self.index, forward=True)
        self.app.refresh_bindings()  # PageDown / PageUp / Esc are the lecture's now

    async def show(self, index: int, forward: bool) -> None:
        self.index = index
        stage = self.stage
        await self.app.action_show_view(stage.view)
        self.app.current_view.show_stage(stage.state(), stage.hidden, forward)
        self.bar.show(stage, index, len(self.script.stages), len(self.script.steps))

    async def next(self) -> None:
        if self.index + 1 < len(self.script.stages):
            await self.show(self.index + 1, forward=True)
        else:
            self.app.notify("That was the last slide; Esc leaves lecture mode.", timeout=3)

    async def previous(self) -> None:
        if self.index > 0:
            await self.show(self.index - 1, forward=False)

    async def go_to_step(self, step: int) -> None:
        await self.show(self.script.first_stage_of(step), forward=True)

    def leave(self) -> None:
        """Back to free play: the current state stays, every hidden number shows again."""
        self.active = False
        self.bar.display = False
        for view in self.app.built_views():
            view.show_stage({}, NOTHING_HIDDEN, forward=False)
        self.app.refresh_bindings()
