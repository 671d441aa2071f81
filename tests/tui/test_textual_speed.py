"""tui/textual_speed.py: Textual still does the extra work each workaround avoids (when a release
stops doing it, the first test of a pair fails and the workaround can go), and the app's screen
looks and acts as Textual's does. The footer's pair is in test_key_line.py."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_speed import SteadyScreen


class Focusable(Static, can_focus=True):
    DEFAULT_CSS = "Focusable:focus { background: red; }"


def counting(screen_class):
    class Counting(screen_class):
        repaints = 0

        def refresh(self, *regions, **options):
            type(self).repaints += 1
            return super().refresh(*regions, **options)

        def compose(self):
            yield Focusable("one", id="one")
            yield Focusable("two", id="two")

    return Counting


class ScreenApp(App):
    def __init__(self, screen_class) -> None:
        super().__init__()
        self.screen_class = screen_class

    def get_default_screen(self) -> Screen:
        return self.screen_class(id="_default")


async def test_textual_repaints_the_whole_screen_on_a_focus_change():
    app = ScreenApp(counting(Screen))
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        before = app.screen.repaints
        app.screen.set_focus(app.query_one("#two"))
        await pilot.pause()
        assert app.screen.repaints > before


async def screens_after_focus_moves(screen_class) -> tuple[int, list[str]]:
    """(screen repaints on the focus changes, screenshot after each)."""
    app = ScreenApp(counting(screen_class))
    shots = []
    async with app.run_test(size=(40, 5)) as pilot:
        app.screen.set_focus(app.query_one("#one"))
        await pilot.pause()
        before = app.screen.repaints
        for target in ("#two", "#one", "#two"):
            app.screen.set_focus(app.query_one(target))
            await pilot.pause()
            shots.append(app.export_screenshot())
        return app.screen.repaints - before, shots


async def test_the_steady_screen_does_not_and_draws_the_focus_as_textual_does():
    repaints, steady = await screens_after_focus_moves(SteadyScreen)
    _, textual = await screens_after_focus_moves(Screen)
    assert repaints == 0
    assert steady == textual and steady[0] != steady[1]  # the focus style moved with the focus
