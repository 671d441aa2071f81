"""tui/textual_fixes.py: each workaround keeps the app alive, and each Textual bug it works around
is still there in a bare Textual app. When a Textual release fixes one, its "bare" test fails:
then the workaround (and that test) can go.

Bursts are queued before the app handles the first key, as one terminal read delivers them
(tests/key_bursts.py); tests/terminal/test_tmux_bursts.py sends the same bursts to a real terminal.
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.app import ScreenStackError
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.worker import WorkerFailed

from key_bursts import burst, settle
from losses_helpers import make_app
from tui.textual_fixes import SafePalette
from tui.views.losses import LossesView

PICKER_BURSTS = [("p", "enter", "enter"), ("p", "enter", "escape")]
PALETTE_BURSTS = [("ctrl+p", "enter", "enter"), ("ctrl+p", "pageup"), ("pageup", "ctrl+p"),
                  ("ctrl+p", "pagedown")]


class Picker(ModalScreen):
    """A picker written the way Textual's docs write one: dismiss on select, dismiss on Esc."""

    BINDINGS = [Binding("escape", "cancel")]

    def compose(self):
        yield OptionList("lecture", "single")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BareApp(App):
    """Textual alone: the built-in command palette on ctrl+p, the picker above on p."""

    BINDINGS = [("p", "pick")]

    def compose(self):
        yield Static("bare")

    def action_pick(self) -> None:
        self.push_screen(Picker())


async def run_burst(app: App, keys: tuple[str, ...], check=lambda app: None) -> None:
    """Start APP, send KEYS in one burst, let everything settle (the palette searches for ~0.3 s),
    then CHECK(app) while it still runs."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, *keys)
        await settle(pilot, 10)
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.is_running and app.return_code is None
        check(app)


# ------------------------------------------------------------------ loss-tui survives
@pytest.mark.parametrize("keys", PICKER_BURSTS, ids=" ".join)
async def test_the_preset_picker_dismisses_once(keys):
    def check(app) -> None:
        view = app.query_one(LossesView)
        assert len(view.document.history) == 1  # the first Enter loaded a preset, once; the key
        assert len(app.screen_stack) == 1  # behind it was dropped or went to the table

    await run_burst(make_app(), keys, check)


@pytest.mark.parametrize("keys", PALETTE_BURSTS, ids=" ".join)
async def test_the_palette_survives(keys):
    await run_burst(make_app(), keys)


async def test_palette_pages_with_its_own_keys():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.4)  # the search fills the list
        palette = app.screen
        assert isinstance(palette, SafePalette)
        options = palette.query_one("CommandList", OptionList)
        assert options.option_count > 10
        await pilot.press("pagedown")
        first_page = options.highlighted
        assert first_page and first_page > 0
        await pilot.press("pagedown", "pageup")
        assert options.highlighted == first_page


async def test_the_palette_search_does_nothing_once_closed():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        await palette.dismiss()
        await settle(pilot)
        palette._gather_commands("pre")  # what a late Input.Changed or mount would start
        await settle(pilot)
        assert app.is_running and len(app.screen_stack) == 1


# ------------------------------------------------------------------ the bugs, in bare Textual 8.2.8
@pytest.mark.parametrize("keys", PICKER_BURSTS + [("ctrl+p", "enter", "enter")], ids=" ".join)
async def test_bare_textual_still_pops_a_screen_twice(keys):
    with pytest.raises(ScreenStackError, match="Can't pop screen"):
        await run_burst(BareApp(), keys)


@pytest.mark.parametrize("keys", [("ctrl+p", "pageup"), ("ctrl+p", "pagedown")], ids=" ".join)
async def test_bare_textual_still_pages_an_unlaid_list(keys):
    """OptionList._move_page looks up a line before the list's first layout: KeyError 0. (A bare
    app survives PageUp ctrl+p; loss-tui once crashed on it because priority bindings reordered
    the keys into this case.)"""
    with pytest.raises(KeyError):
        await run_burst(BareApp(), keys)


async def test_bare_textual_palette_still_searches_after_closing():
    """The timing-dependent NoMatches('CommandList'), made deterministic: a search started once
    the palette is gone queries its list anyway, and the failed worker exits the app."""
    app = BareApp()
    with pytest.raises(WorkerFailed, match="CommandList"):
        async with app.run_test(size=(80, 24)) as pilot:
            app.action_command_palette()
            await pilot.pause(0.3)
            palette = app.screen
            assert isinstance(palette, CommandPalette)
            await palette.dismiss()
            palette._gather_commands("pre")
            await settle(pilot)


@pytest.mark.parametrize("open_palette", ["search_themes", "search_commands"])
async def test_the_palettes_textual_opens_itself_are_safe_too(open_palette):
    """The palette's "Theme" command (and App.search_commands) open a palette of their own; the
    fuzzer found Enter Enter on Textual's plain one ending the app (InvalidStateError)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        if open_palette == "search_themes":
            app.search_themes()
        else:
            app.search_commands([("Beep", app.bell)])
        await pilot.pause(0.4)  # the search fills the list
        assert isinstance(app.screen, SafePalette)
        burst(app, "down", "enter", "enter")
        await settle(pilot, 10)
        await pilot.pause(0.3)
        assert app.is_running and app.return_code is None and len(app.screen_stack) == 1
