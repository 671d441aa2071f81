"""The wheel over the Search view's log scrolls it (Textual's Log) and stops it following new
lines; back at the end it follows again."""

from __future__ import annotations

from losses_helpers import make_app
from mouse_helpers import wheel
from search_helpers import TINY, open_search, private_cache, wait_for  # noqa: F401
from tui.widgets.search_follow_log import FollowingLog


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
