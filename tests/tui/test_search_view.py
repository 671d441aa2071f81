"""The Search view (key 3): settings, live run, the poll's answer, templates, stop and quit.

Pilot tests run the real engine on a tiny shapes set (200 train, 100 test images), so a run of
20 attempts ends in well under a second; waiting loops only bound how long we wait for an event,
they never assert on timing.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from pathlib import Path

import numpy as np
import pytest
from textual.app import App
from textual.widgets import ContentSwitcher, Footer, Input, Static

from engine.poll import harmonic
from tui.app import LossApp
from tui.views.search import SearchView
from engine.ticks import integer_ticks
from tui.widgets.search_chart import SearchChart, thin
from tui.widgets.search_controls import SearchControls, SearchSettings, parse_count
from tui.widgets.search_counters import Counts, SearchCounters, render_counts
from tui.widgets.search_log import MAX_LINES, SearchLog, log_line
from tui.widgets.template_images import (TemplateImages, downsample, fit_label, grid_layout,
                                         render_grid, template_images)

STYLES = Path(__file__).resolve().parents[2] / "tui" / "styles"
TINY = SearchSettings(train_size=200, attempts=20, seed=3)
LONG = SearchSettings(train_size=200, attempts=1_000_000)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Generated shapes go to a temporary cache, not the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


async def wait_for(pilot, condition, limit_s: float = 20.0) -> None:
    """Let the app run until condition() holds (bounded, so a bug fails instead of hanging)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await pilot.pause(0.02)


async def open_search(pilot, settings: SearchSettings) -> SearchView:
    await pilot.press("3")
    view = pilot.app.query_one(SearchView)
    view.settings = settings
    view.query_one(SearchControls).show(settings)
    return view


def panel(view: SearchView) -> str:
    """Which panel shows: "search-run" (chart, log, counters) or "search-templates"."""
    return view.query_one("#search-panels", ContentSwitcher).current


def status(view: SearchView) -> str:
    return str(view.query_one("#search-status", Static).render())


# ---------------------------------------------------------------- pure helpers
def test_log_line_is_the_lectures_print():
    assert log_line(0, 9.401632, 9.401632) == "in attempt 0 the loss was 9.401632, best 9.401632"
    assert log_line(4, 8.85737, 8.85737, improved=True).endswith("best 8.857370  ◀ new best")


@pytest.mark.parametrize("text, value", [("1000", 1000), (" 1,000 ", 1000), ("1_000", 1000), ("1", 1)])
def test_counts_parse_as_people_type_them(text, value):
    assert parse_count(text, "attempts", 1, 10**6) == value


@pytest.mark.parametrize("text, reason", [("abc", "whole number"), ("0", "from 1"), ("", "empty"),
                                          ("2.5", "whole number"), ("-3", "from 1"),
                                          ("1000001", "from 1")])
def test_bad_counts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_count(text, "attempts", 1, 10**6)


def test_choices_cycle_and_wrap():
    s = SearchSettings()
    assert [s.cycled("strategy").strategy, s.cycled("strategy").cycled("strategy").strategy] == ["local", "sgd"]
    assert s.cycled("strategy").cycled("strategy").cycled("strategy").strategy == "random"
    assert s.cycled("loss").loss == "softmax"
    assert s.cycled("train_size").train_size == 10_000
    assert SearchSettings(train_size=50_000).test_size == 10_000  # the lecture's split sizes


def test_templates_follow_the_loaders_row_major_image_order():
    """Column c of W is image c flattened (row, column, channel) plus a bias: it comes back whole."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(10, 32, 32, 3))
    images[:, 0, 0, :] = 0  # every image spans 0..255, so min–max stretching is the identity
    images[:, 0, 1, :] = 255
    W = np.vstack([images.reshape(10, -1).T * 0.001 - 0.1, np.full((1, 10), 7.0)])
    assert np.array_equal(template_images(W), images.astype(np.uint8))


def test_flat_template_is_grey_and_bad_shapes_are_refused():
    assert (template_images(np.zeros((3073, 2))) == 128).all()
    with pytest.raises(ValueError):
        template_images(np.zeros((3072, 10)))


def test_downsampling_averages_blocks():
    images = np.zeros((1, 32, 32, 3), dtype=np.uint8)
    images[0, :16, :16] = 200  # top-left quarter bright
    small = downsample(images, 2)
    assert small[0, :, :, 0].tolist() == [[200, 0], [0, 0]]
    assert downsample(images, 14).shape == (1, 14, 14, 3)


def test_layout_fits_ten_labelled_templates():
    assert grid_layout(10, 80, 19) == (14, 5, 1)  # 80×24: five 14-pixel templates per row
    assert grid_layout(10, 200, 60)[0] == 32  # room for full size
    for width, height in [(80, 19), (120, 35), (60, 12)]:
        size, per_row, gap = grid_layout(10, width, height)
        assert per_row * size + (per_row - 1) * gap <= width
        assert -(-10 // per_row) * (size // 2 + 1) <= height


def test_half_block_cells_take_upper_and_lower_pixels():
    images = np.zeros((1, 8, 8, 3), dtype=np.uint8)
    images[0, 0] = (255, 0, 0)  # top row red, second row black
    lines = render_grid(np.repeat(images, 1, axis=0), ["disc"], 8, 5)
    first = lines[0][0]
    assert first.text == "▀"
    assert first.style.color.triplet == (255, 0, 0) and first.style.bgcolor.triplet == (0, 0, 0)
    assert "".join(seg.text for seg in lines[-1]).strip() == "disc"
    assert fit_label("horizontal stripes", 14) == "horizontal st…"


def test_chart_thins_points_but_keeps_the_last_and_ticks_are_whole_attempts():
    idx = thin(10_000, 40)
    assert idx[0] == 0 and idx[-1] == 9_999 and len(idx) <= 161
    assert thin(5, 40).tolist() == [0, 1, 2, 3, 4]
    assert integer_ticks(0, 999) == [0, 250, 500, 750, 999]
    assert integer_ticks(0, 19) == [0, 5, 10, 15, 19]
    assert integer_ticks(0, 49_999) == [0, 20_000, 40_000, 49_999]
    assert integer_ticks(0, 2) == [0, 1, 2]
    assert integer_ticks(0, 0) == [0]
    for last in range(1, 3000):
        ticks = integer_ticks(0, last)
        assert ticks[0] == 0 and ticks[-1] == last and len(ticks) <= 5
        assert all(a < b for a, b in zip(ticks, ticks[1:]))


def test_poll_panel_puts_seen_beside_expected():
    text = render_counts(Counts(done=1000, total=1000, improvements=7, expected=harmonic(1000),
                                expected_sd=2.4)).plain
    assert "seen      7" in text
    assert "expected  7.49 ± 2.4" in text
    assert "attempts  1,000/1,000" in text
    assert "H_1000" in text and "1/1000" in text


def test_poll_answer_can_wait_for_the_class_to_guess():
    hidden = render_counts(Counts(done=50, total=50, improvements=4, expected=harmonic(50),
                                  reveal=False)).plain
    assert "expected  ?" in hidden and "p reveals" in hidden and fixed_h(50) not in hidden


def fixed_h(n: int) -> str:
    return f"{harmonic(n):.2f}"


def test_ticks_of_one_run_merge_and_other_runs_do_not():
    a, b, other = SearchView.Tick(1), SearchView.Tick(1), SearchView.Tick(2)
    assert a.can_replace(b) and not a.can_replace(other)
    assert not a.can_replace(SearchView.Ended(1))


# ---------------------------------------------------------------- the view in the app
async def test_short_search_shows_log_chart_poll_and_accuracy():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("r")
        assert view.last_channel is not None  # started (it may already be done)
        await wait_for(pilot, lambda: not view.running)
        assert view.summary is not None and not view.summary.cancelled
        log = view.query_one(SearchLog)
        assert log.lines[0].startswith("in attempt 0 the loss was ")
        assert any(line.startswith("in attempt 19 the loss was ") for line in log.lines)
        assert log.lines[-1].endswith("of 40 test images right")  # TINY: 200 train, 40 test
        chart = view.query_one(SearchChart)
        assert len(chart.attempts) == 20 and chart.redraws >= 1
        assert np.all(np.diff(chart.best) <= 0)  # best so far never rises
        counts = view.query_one(SearchCounters).counts
        assert (counts.done, counts.total) == (20, 20)
        assert counts.improvements == view.improvements >= 1
        assert counts.expected == pytest.approx(harmonic(20))
        assert counts.test_accuracy == view.summary.test_accuracy
        assert "test accuracy" in status(view) and "on 40 test images" in status(view)
        await pilot.press("w")
        assert panel(view) == "search-templates"
        images = view.query_one(TemplateImages)
        assert images.images.shape == (10, 32, 32, 3) and images.layout_info is not None
        await pilot.press("w")
        assert panel(view) == "search-run"


async def test_same_seed_same_losses_and_reset_clears():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        first = view.losses[:20].copy()
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert np.array_equal(view.losses[:20], first)
        chart = view.query_one(SearchChart)
        assert chart.previous is not None and chart.previous[0] == "random · svm"
        assert np.array_equal(chart.previous[1], view.best[:20])  # same seed, same best line
        await pilot.press("p")
        assert not view.query_one(SearchCounters).counts.reveal
        await pilot.press("p")
        assert view.query_one(SearchCounters).counts.reveal
        await pilot.press("x")
        assert view.done == 0 and view.summary is None and chart.previous is None
        assert view.query_one(SearchLog).line_count == 0
        assert view.query_one(SearchCounters).counts.done == 0


async def test_stop_keeps_the_best_w_so_far():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, LONG)
        await pilot.press("r")
        await wait_for(pilot, lambda: view.done > 0)
        view.action_cycle("strategy")  # settings are locked while it runs (s; keys tested below)
        assert view.settings.strategy == "random" and "stop the run first" in status(view)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert view.summary.cancelled and 0 < view.summary.attempts < LONG.attempts
        assert view.last_channel.finished.is_set()
        assert "stopped after" in status(view)


async def test_boxes_are_locked_while_running_and_enter_changes_nothing():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, LONG)
        box = view.query_one("#attempts", Input)
        await pilot.press("r")
        await wait_for(pilot, lambda: view.done > 0)
        assert box.disabled and view.query_one("#seed", Input).disabled
        await pilot.press("a")  # the key that focuses the box is refused, with a reason
        assert not box.has_focus and "stop the run first" in status(view)
        box.value = "5"  # even if a value reaches the box, Enter does not apply it mid-run
        view.on_input_submitted(Input.Submitted(box, "5"))
        assert view.settings.attempts == LONG.attempts and box.value == str(LONG.attempts)
        assert "stop the run first" in status(view)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert not box.disabled
        await pilot.press("a", *"25", "enter")
        assert view.settings.attempts == 25


async def test_quitting_mid_run_exits_and_stops_the_worker():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, LONG)
        await pilot.press("r")
        await wait_for(pilot, lambda: view.done > 0)
        channel = view.channel
        assert not channel.finished.is_set()
        await pilot.press("q")
    assert not app.is_running
    finished = await asyncio.to_thread(channel.finished.wait, 20)
    assert finished, "the search thread kept running after the app quit"
    assert view.done < LONG.attempts


async def test_bad_numbers_are_refused_inline_and_nothing_changes():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("a")
        box = view.query_one("#attempts", Input)
        assert box.has_focus
        box.value = "abc"
        await pilot.press("enter")
        assert "✗ attempts must be a whole number" in status(view)
        assert view.settings.attempts == 20 and box.has_focus
        box.value = "0"
        await pilot.press("enter")
        assert "from 1" in status(view) and view.settings.attempts == 20
        await pilot.press("escape")
        assert box.value == "20" and view.has_focus and "✗" not in status(view)
        await pilot.press("e")
        seed = view.query_one("#seed", Input)
        seed.value = "-1"
        await pilot.press("enter")
        assert "seed must be from 0" in status(view) and view.settings.seed == 3
        seed.value = "42"
        await pilot.press("enter")
        assert view.settings.seed == 42 and view.has_focus
        await pilot.press("a")
        box.value = "35"
        await pilot.press("enter")
        assert view.settings.attempts == 35 and box.value == "35" and view.has_focus
        assert status(view) == "• r runs random search · svm · shapes: 200 train / 40 test"


async def test_keys_cycle_choices_and_templates_need_a_run():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("s", "l", "t", "n")
        assert (view.settings.strategy, view.settings.loss) == ("local", "softmax")
        assert view.settings.train_size == 2_000 and view.settings.seed == 4
        choices = str(view.query_one("#choices", Static).render())
        assert "local" in choices and "softmax" in choices and "2,000" in choices
        await pilot.press("w")
        assert panel(view) == "search-run"
        assert "no W yet" in status(view)


async def test_status_names_the_train_and_test_sizes():
    """The app's sizes differ from ``loss-tui search``'s defaults: the view says which it uses."""
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        view = app.query_one(SearchView)
        assert "shapes: 2,000 train / 1,000 test" in status(view)
        await pilot.press("t")
        assert "shapes: 10,000 train / 2,000 test" in status(view)
        titles = {title: help_text for title, help_text, _ in view.palette_commands()}
        assert "50,000 training and 10,000 test images" in titles["Search: train size 50,000"]


async def test_templates_key_during_a_run_says_when_they_come():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, LONG)
        await pilot.press("r")
        await wait_for(pilot, lambda: view.done > 0)
        await pilot.press("w")
        assert "templates appear when the run ends" in status(view) and "no W" not in status(view)
        assert panel(view) == "search-run"
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert "on 40 test images" in status(view)
        await pilot.press("w")
        assert panel(view) == "search-templates"


async def test_tab_into_a_box_is_visible_and_esc_gives_the_keys_back():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        attempts, seed = view.query_one("#attempts", Input), view.query_one("#seed", Input)
        unfocused = attempts.styles.background
        await pilot.press("tab")
        assert app.focused is attempts
        assert attempts.styles.background != unfocused  # search.tcss: Input:focus
        assert attempts.styles.background == seed.styles.background.__class__.parse(
            app.get_css_variables()["accent"])
        assert attempts.styles.text_style.bold and not seed.styles.text_style.bold
        assert status(view) == "✎ typing edits attempts · Enter applies · Tab next · Esc leaves"
        await pilot.press("9")
        assert attempts.value == "9"  # the typed key went into the box, as the hint says
        await pilot.press("escape")
        assert view.has_focus and attempts.value == "20"
        assert attempts.styles.background == unfocused
        assert status(view).startswith("• r runs random search")
        await pilot.press("s")  # the view's keys work again
        assert view.settings.strategy == "local"


async def test_tab_to_the_log_and_esc_back():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        done = status(view)
        await pilot.press("tab", "tab", "tab")
        assert isinstance(app.focused, SearchLog) and "End follows new lines" in status(view)
        await pilot.press("escape")
        assert view.has_focus and status(view) == done  # the run's outcome is back


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


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


async def test_missing_dataset_is_an_inline_error(monkeypatch, tmp_path):
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, SearchSettings(dataset="cifar10", train_size=200, attempts=5))
        monkeypatch.chdir(tmp_path)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert status(view).startswith("✗ cifar10") and view.summary is None


async def test_palette_offers_search_commands():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        titles = [title for title, _, _ in view.palette_commands()]
        assert "Search: run / stop" in titles and "Search: strategy sgd" in titles
        dict((t, cb) for t, _, cb in view.palette_commands())["Search: loss softmax"]()
        assert view.settings.loss == "softmax"


async def test_an_engine_failure_is_reported_not_raised(monkeypatch):
    import engine.search

    def broken(config, data, should_stop):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.search, "run_search", broken)
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert status(view) == "✗ search failed: boom"
        assert app.is_running


# ---------------------------------------------------------------- snapshots (no timings on screen)
class SearchApp(App):
    """The Search view alone with the app's styles (the other views do not change its snapshots)."""

    CSS_PATH = [str(STYLES / "app.tcss"), str(STYLES / "search.tcss")]

    def __init__(self, settings: SearchSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self):
        yield SearchView(self.settings, id="search")
        yield Footer()

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.cursor_blink = False
        self.query_one(SearchView).focus_default()


def test_snapshot_idle_80x24(snap_compare):
    assert snap_compare(SearchApp(SearchSettings()), terminal_size=(80, 24))


def test_snapshot_templates_after_a_tiny_run_80x24(snap_compare):
    async def run_and_show_templates(pilot):
        view = pilot.app.query_one(SearchView)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        await pilot.press("w")

    assert snap_compare(SearchApp(TINY), terminal_size=(80, 24), run_before=run_and_show_templates)
