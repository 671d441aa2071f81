"""The ``?`` screen lists the current view's keys and the app's, as plain text."""

from __future__ import annotations

import io

from rich.console import Console

from losses_helpers import make_app
from tui.screens.help import HelpScreen


def rendered(app, width: int = 60) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(app.screen.body)
    return console.export_text().splitlines()


def help_text(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(rendered(app, 70))


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


async def test_each_section_once_and_long_descriptions_wrap_under_themselves():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        titles = [title for title, _ in app.screen.sections]
        assert len(titles) == len(set(titles)), titles  # the view has two value editors
        lines = rendered(app, width=40)
        start = next(i for i, line in enumerate(lines) if "Switch derivation" in line)
        column = lines[start].index("Switch")
        continuation = lines[start + 1]
        assert continuation[:column].strip() == "" and continuation[column:].strip(), lines[start:start + 2]
