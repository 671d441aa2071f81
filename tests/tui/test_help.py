"""The ``?`` screen lists the current view's keys and the app's, as plain text."""

from __future__ import annotations

from textual.widgets import Static

from losses_helpers import make_app
from tui.screens.help import HelpScreen


def help_text(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return app.screen.query_one("#help-text", Static).visual.plain


async def test_help_lists_losses_keys_and_closes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert "Losses view" in text and "Everywhere" in text
        assert "Command palette" in text and "ctrl+p" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_bracket_keys_are_shown_not_parsed_as_markup():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        lines = help_text(app).splitlines()
        # The classifier's λ keys are "[" and "]": markup would swallow them.
        assert any(line.strip().startswith("[ ") and "λ down" in line for line in lines), lines
        assert any(line.strip().startswith("] ") and "λ up" in line for line in lines), lines
        assert "[/" not in "".join(lines)  # no markup tag leaks as text
