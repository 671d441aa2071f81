"""The Search view's log: Tab visits it and Esc comes back; a full log keeps showing new lines; End
follows again after PageUp; no scrollbar while it follows (nothing to show, and its column would be
repainted every frame of a run); a log that followed still shows its newest lines when it shrinks
(lecture mode's bar grows on a reveal)."""

from __future__ import annotations

import re

import pytest

from search_helpers import TINY, SearchApp, open_search, private_cache, run, screen_text, status  # noqa: F401
from tui.app import LossApp
from tui.widgets.search_log import MAX_LINES, SearchLog


async def test_tab_to_the_log_and_esc_back():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await run(pilot, view, TINY)
        done = status(view)
        await pilot.press("tab")
        assert isinstance(app.focused, SearchLog) and "End follows new lines" in status(view)
        await pilot.press("escape")
        assert view.has_focus and status(view) == done  # the run's outcome is back


async def test_a_full_log_keeps_showing_new_lines_and_a_reader_keeps_their_place():
    """At MAX_LINES the oldest lines go; the screen must still show the newest (it froze)."""
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        log = view.query_one(SearchLog)
        for first in range(0, MAX_LINES + 200, 100):
            fill_log(log, first, 100)
            await pilot.pause()
        assert log.line_count == MAX_LINES and log.lines[-1] == f"line {MAX_LINES + 199}"
        shown = re.findall(r"line (\d+)", screen_text(app))
        assert shown and int(shown[-1]) == MAX_LINES + 199
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        reading = re.findall(r"line (\d+)", screen_text(app))
        fill_log(log, MAX_LINES + 200, 50)  # 50 more lines push 50 old ones out
        await pilot.pause()
        assert re.findall(r"line (\d+)", screen_text(app)) == reading
        await pilot.press("end")
        await pilot.pause()
        assert re.findall(r"line (\d+)", screen_text(app))[-1] == str(MAX_LINES + 249)


def fill_log(log: SearchLog, first: int, count: int) -> None:
    log.write_lines([f"line {i}" for i in range(first, first + count)])


@pytest.mark.parametrize("focus_log", [False, True], ids=["view-focused", "log-focused"])
async def test_end_resumes_following_the_log_after_pageup(focus_log):
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        log = view.query_one(SearchLog)
        if focus_log:
            log.focus()
        fill_log(log, 0, 100)
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y > 0  # following
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y
        fill_log(log, 100, 20)
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y  # PageUp stopped the following: reading stays put
        for key in ("end", "G", "ctrl+end"):
            await pilot.press("pageup", key)
            await pilot.pause(0.3)
            fill_log(log, log.line_count, 30)  # lines keep coming, as in a run
            await pilot.pause(1.0)  # longer than a scroll animation
            assert log.scroll_y == log.max_scroll_y, key  # at the newest line and following
            fill_log(log, log.line_count, 30)
            await pilot.pause()
            assert log.scroll_y == log.max_scroll_y, key
            assert f"line {log.line_count - 1}" == log.lines[-1]


async def test_the_scrollbar_shows_only_while_the_reader_scrolls_back():
    app = SearchApp(TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.query_one(SearchLog)
        fill_log(log, 0, 100)
        await pilot.pause()
        assert log.has_class("-following") and log.scrollbar_size_vertical == 0
        assert log.content_region.width == 80  # the newest lines use the whole width
        await pilot.press("pageup")
        await pilot.pause()
        assert not log.has_class("-following") and log.scrollbar_size_vertical == 1
        await pilot.press("end")
        await pilot.pause()
        assert log.has_class("-following") and log.scrollbar_size_vertical == 0


async def test_a_following_log_keeps_its_newest_line_in_view_when_it_shrinks():
    app = SearchApp(TINY)
    async with app.run_test(size=(80, 30)) as pilot:
        log = app.query_one(SearchLog)
        fill_log(log, 0, 100)
        await pilot.pause()
        await pilot.resize_terminal(80, 18)  # the view gets short: the log gives up rows
        await pilot.pause()
        assert log.size.height < 6 and log.scroll_y == log.max_scroll_y
        assert re.findall(r"line (\d+)", screen_text(app))[-1] == "99"
