"""The app's four views: only the Losses view is built at start, the others on first show."""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from losses_helpers import make_app
from tui.widgets.score_grid import ScoreGrid


def mounted_views(app) -> list[str]:
    return [child.id for child in app.query_one("#views", ContentSwitcher).children]


async def test_start_builds_only_the_losses_view():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert mounted_views(app) == ["losses"]
        assert isinstance(app.focused, ScoreGrid)


async def test_view_keys_right_after_start_build_each_view_once_and_focus_it():
    from tui.views.classifier import ClassifierView
    from tui.views.regularization import RegularizationView
    from tui.views.search import SearchView
    from tui.widgets.parameter_table import ParameterTable

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # straight after start, no pause
        assert isinstance(app.current_view, ClassifierView)
        assert isinstance(app.focused, ParameterTable)
        await pilot.pause()
        assert isinstance(app.focused, ParameterTable)  # the Losses view did not take it back
        await pilot.press("3")
        assert isinstance(app.current_view, SearchView) and app.focused is app.current_view
        await pilot.press("4")
        assert isinstance(app.current_view, RegularizationView)
        assert app.focused is not None and app.current_view in app.focused.ancestors_with_self
        await pilot.press("1", "2", "1")
        assert isinstance(app.focused, ScoreGrid)
        assert mounted_views(app) == ["losses", "classifier", "search", "regularization"]
        shown = [child.id for child in app.query_one("#views").children if child.display]
        assert shown == ["losses"]


async def test_palette_view_command_builds_the_view():
    from tui.views.search import SearchView

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "View: Search")
        app.call_later(command.callback)
        await pilot.pause()
        assert isinstance(app.current_view, SearchView)
        assert mounted_views(app) == ["losses", "search"]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Search: run / stop" in titles  # the palette offers the shown view's commands
