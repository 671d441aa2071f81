"""tui/textual_speed.py: Textual still does the extra work each workaround avoids (when a release
stops doing it, the first test of a pair fails and the workaround can go), and the app's screen and
footer look and act as Textual's do."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Static

from losses_helpers import make_app, screen_lines
from tui.textual_speed import FooterShelf, KeptFooter, SteadyScreen


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


class CountingFooter(Footer):
    recomposed = 0

    async def recompose(self) -> None:
        CountingFooter.recomposed += 1
        await super().recompose()


class FooterApp(App):
    BINDINGS = [("x", "bell", "Ring")]

    def compose(self):
        yield Focusable("one")
        yield CountingFooter()


async def test_textual_footer_recomposes_even_when_its_keys_stay_the_same():
    app = FooterApp()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        before = CountingFooter.recomposed
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        assert CountingFooter.recomposed - before >= 3


def footer_line(app) -> str:
    return screen_lines(app)[-1]


async def test_the_footer_shelf_shows_each_views_keys_and_composes_each_set_once():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        shelf = app.query_one(FooterShelf)
        assert "⏎ Edit" in footer_line(app) and "123456 views" in footer_line(app)
        losses_footer = next(f for f in shelf.query(KeptFooter) if f.display)
        await pilot.press("2")
        await pilot.pause()
        assert "space Run/stop" in footer_line(app) and "⏎ Edit" not in footer_line(app)
        await pilot.press("1")
        await pilot.pause()
        assert "⏎ Edit" in footer_line(app)
        assert next(f for f in shelf.query(KeptFooter) if f.display) is losses_footer  # shown again
        await pilot.press("enter")  # the cell editor: Commit and Cancel only
        await pilot.pause()
        assert "Commit" in footer_line(app) and "Cancel" in footer_line(app) and "Label" not in footer_line(app)
        await pilot.press("escape", "2", "1", "enter", "escape")
        await pilot.pause()
        assert "⏎ Edit" in footer_line(app)
        assert len(shelf.query(KeptFooter)) == 3  # losses, classifier, editing: nothing composed twice
        assert sum(f.display for f in shelf.query(KeptFooter)) == 1


async def test_the_footer_shelf_keeps_a_bounded_number_of_footers():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        shelf = app.query_one(FooterShelf)
        shelf.KEEP = 2
        await pilot.press("2", "3", "4", "1")
        await pilot.pause(0.3)
        assert len(shelf.query(KeptFooter)) == 2
        assert "⏎ Edit" in footer_line(app)


class KeyRestyles(App):
    """A footer with a few keys; counts the style updates of its keys while they mount."""

    BINDINGS = [("a", "bell", "Alpha"), ("b", "bell", "Beta"), ("c", "bell", "Gamma")]
    restyled_keys = 0

    def __init__(self, footer_class) -> None:
        super().__init__()
        self.footer_class = footer_class

    def compose(self):
        yield Static("body")
        yield self.footer_class()

    def update_styles(self, node, animate: bool = True) -> None:
        if type(node).__name__ == "FooterKey":
            type(self).restyled_keys += 1
        super().update_styles(node, animate)


async def restyles_while_mounting(footer_class) -> tuple[int, list[str]]:
    app = KeyRestyles(footer_class)
    KeyRestyles.restyled_keys = 0
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        await pilot.pause()
        return KeyRestyles.restyled_keys, [line.rstrip() for line in screen_lines(app)]


async def test_textual_footer_keys_are_still_restyled_as_they_mount():
    restyled, _ = await restyles_while_mounting(Footer)
    assert restyled >= 3  # the keys are restyled as -compact comes and goes


async def test_kept_footer_keys_are_not_and_look_the_same():
    bare, bare_screen = await restyles_while_mounting(Footer)
    kept, kept_screen = await restyles_while_mounting(FooterShelf)
    assert kept <= 1 < bare  # the palette's key alone: Footer leaves it compact
    assert kept_screen == bare_screen  # the same keys, the same look, the palette's key included
