"""NO_COLOR=1: every view, a tiny search, its class templates, the help and the palette render
without error (Textual's monochrome filter reads every segment's style), and nothing that matters
is told by colour alone: the correct class is ▸ and the cursor row is ›."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from losses_helpers import make_app, screen_lines
from search_helpers import TINY, open_search, panel, wait_for
from tui.screens.help import HelpScreen


@pytest.fixture(autouse=True)
def _no_color(monkeypatch, tmp_path):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


@pytest.mark.long
async def test_every_view_renders_without_colour():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        lines = screen_lines(app)
        assert any(line.lstrip().startswith("› cat") for line in lines)  # the cursor row
        assert "▸3.20" in "\n".join(lines)  # the correct class, without colour
        for key in "2", "4", "1":
            await pilot.press(key)
            await pilot.pause()
            app.export_screenshot()  # the whole screen through the NO_COLOR filter

        view = await open_search(pilot, TINY)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running and view.summary is not None)
        await pilot.press("w")
        await wait_for(pilot, lambda: panel(view) == "search-templates")
        await pilot.pause()
        assert "disc" in "\n".join(screen_lines(app))  # a template's label
        app.export_screenshot()

        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.export_screenshot()
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause()
        app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
