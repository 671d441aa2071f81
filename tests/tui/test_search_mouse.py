"""The wheel over the Search view's log scrolls it (Textual's Log) and stops it following new
lines; back at the end it follows again."""

from __future__ import annotations

import pytest

from losses_helpers import make_app
from mouse_helpers import wheel
from test_search_view import TINY, open_search, wait_for
from tui.widgets.search_follow_log import FollowingLog


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Generated shapes go to a temporary cache, not the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


async def test_wheel_scrolls_the_search_log():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running and view.summary is not None)
        log = view.query_one(FollowingLog)
        await pilot.pause()
        assert log.line_count > 20 and log.max_scroll_y > 0 and log.following
        await wheel(pilot, log, (10, 2), down=False, times=2)
        assert 0 <= log.scroll_y < log.max_scroll_y and not log.following
        await wheel(pilot, log, (10, 2), times=log.line_count)
        assert log.scroll_y == log.max_scroll_y and log.following
