"""Shared by the Search view's tests: tiny settings, a private data cache, waiting for a run,
reading the status and the screen, and the view alone in an app with the app's styles."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.widgets import ContentSwitcher, Footer, Static

from tui.keys import RoutedKeys
from tui.views.search import SearchView
from tui.views.search_settings import SearchSettings
from tui.widgets.search_controls import SearchControls

STYLES = Path(__file__).resolve().parents[2] / "tui" / "styles"
TINY = SearchSettings(train_size=200, attempts=20, seed=3)
LONG = SearchSettings(train_size=200, attempts=1_000_000)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Generated shapes go to a temporary cache, not the user's (and no CIFAR-10 is there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


async def wait_for(pilot, condition, limit_s: float = 30.0) -> None:
    """Let the app run until condition() holds (bounded, so a bug fails instead of hanging)."""
    deadline = asyncio.get_running_loop().time() + limit_s
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition never became true")
        await pilot.pause(0.02)


async def open_search(pilot, settings: SearchSettings) -> SearchView:
    await pilot.press("3")
    view = pilot.app.query_one(SearchView)
    view.settings = settings
    view.query_one(SearchControls).show(settings)
    return view


async def running_long_search(pilot) -> SearchView:
    """The view with a run of LONG started and its first attempt in."""
    view = await open_search(pilot, LONG)
    await pilot.press("r")
    await wait_for(pilot, lambda: view.results.done > 0)
    return view


async def run(pilot, view: SearchView, settings: SearchSettings) -> None:
    """A whole run with these settings."""
    view.settings = settings
    await pilot.press("r")
    await wait_for(pilot, lambda: not view.running)


def panel(view: SearchView) -> str:
    """Which panel shows: "search-run" (chart, log, counters) or "search-templates"."""
    return view.query_one("#search-panels", ContentSwitcher).current


def status(view: SearchView) -> str:
    return str(view.query_one("#search-status", Static).render())


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def burst(app, *keys: str) -> None:
    """Queue every key before the app handles the first, as a terminal read of several keys does."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


class SearchApp(RoutedKeys, App):
    """The Search view alone with the app's styles (the other views do not change its snapshots)."""

    CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "search.tcss")]

    def __init__(self, settings: SearchSettings) -> None:
        super().__init__()
        self.settings = settings

    def routed_view(self):
        return self.query_one(SearchView)

    def compose(self):
        yield SearchView(self.settings, id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchView).focus_default()
