"""The Search view (key 3): settings, live run, the poll per strategy, templates, stop and quit.

Pilot tests run the real engine on a tiny shapes set (200 train, 40 test images), so a run of
20 attempts ends in well under a second; waiting loops only bound how long we wait for an event,
they never assert on timing. The parts that need no app are in test_search_parts.py; the log in
test_search_log.py; the stream frame by frame in test_search_stream.py; short screens and lecture
mode in test_search_lecture.py.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from textual.widgets import Static

from engine.hidden import Hidden
from engine.poll import harmonic
from search_helpers import (LONG, TINY, SearchApp, burst, open_search, panel, private_cache,  # noqa: F401
                            run, running_long_search, screen_text, status, wait_for)
from tui.app import LossApp
from tui.file_access import FileAccess
from tui.views.search import SearchView
from tui.views.search_settings import SearchSettings
from tui.widgets.line_editor import LineEditor
from tui.widgets.search_chart import SearchChart
from tui.widgets.search_counters import SearchCounters
from tui.widgets.search_log import SearchLog
from tui.widgets.template_images import TemplateImages


# ---------------------------------------------------------------- a run
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
        assert log.lines[-1] == f"test accuracy of the best W: {view.summary.test_accuracy:.4f} " \
                                f"({view.summary.test_accuracy:.2%})"  # as loss-tui search prints it
        chart = view.query_one(SearchChart)
        assert len(chart.losses) == 20 and chart.redraws >= 1 and chart.title == "random search: svm loss per attempt"
        assert np.all(np.diff(chart.best) <= 0)  # best so far never rises
        counts = view.query_one(SearchCounters).counts
        assert (counts.done, counts.total) == (20, 20)
        assert counts.improvements == view.results.improvements >= 1
        assert counts.test_accuracy == view.summary.test_accuracy and counts.elapsed_s > 0
        assert f"expected   {harmonic(20):.2f}" in screen_text(app)
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
        await run(pilot, view, TINY)
        first = view.results.series()[0].copy()
        await run(pilot, view, TINY)
        assert np.array_equal(view.results.series()[0], first)
        chart = view.query_one(SearchChart)
        assert chart.previous is not None and chart.previous[0] == "last run: random"
        assert np.array_equal(chart.previous[1], view.results.series()[1])  # same seed, same best line
        await pilot.press("p")
        assert not view.query_one(SearchCounters).counts.reveal
        await pilot.press("p")
        assert view.query_one(SearchCounters).counts.reveal
        await pilot.press("x")
        assert view.results.done == 0 and view.summary is None and chart.previous is None
        assert view.query_one(SearchLog).line_count == 0
        assert view.query_one(SearchCounters).counts.done == 0


async def test_stop_keeps_every_attempt_evaluated_and_the_best_w():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await running_long_search(pilot)
        view.action_cycle("strategy")  # settings are locked while it runs
        assert view.settings.strategy == "random" and "stop the run first" in status(view)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        summary = view.summary
        assert summary.cancelled and 0 < summary.attempts < LONG.attempts
        assert view.results.done == summary.attempts == len(view.query_one(SearchChart).losses)
        assert view.results.series()[1][-1] == summary.best
        attempts = [line for line in view.query_one(SearchLog).lines if line.startswith("in attempt")]
        assert attempts[-1].startswith(f"in attempt {summary.attempts - 1} ")
        assert view.last_channel.finished.is_set()
        assert status(view).startswith(f"■ stopped after {summary.attempts:,} attempts")


async def test_quitting_mid_run_exits_and_stops_the_worker():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await running_long_search(pilot)
        channel = view.channel
        assert not channel.finished.is_set()
        await pilot.press("q")
    assert not app.is_running
    finished = await asyncio.to_thread(channel.finished.wait, 20)
    assert finished, "the search thread kept running after the app quit"
    assert view.results.done < LONG.attempts


# ---------------------------------------------------------------- honest labels per strategy
@pytest.mark.parametrize("strategy, line, title, question", [
    ("random", "in attempt 0 the loss was ", "random search: svm loss per attempt", "random search improve?"),
    ("local", "in attempt 0 the loss was ", "random local search: svm loss per attempt", "perturbation kept?"),
    ("sgd", "in step 0 the minibatch loss was ", "gradient descent: svm minibatch loss per step", None),
])
async def test_log_chart_and_poll_speak_of_what_the_strategy_does(strategy, line, title, question):
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await run(pilot, view, SearchSettings(strategy=strategy, train_size=200, attempts=20, seed=3))
        log = view.query_one(SearchLog).lines
        assert log[0].startswith(line) and log[19].startswith(line.replace(" 0 ", " 19 "))
        chart = view.query_one(SearchChart)
        assert chart.title == title and chart.unit == ("step" if strategy == "sgd" else "attempt")
        screen = screen_text(app)
        assert ("How often should" in screen) == (strategy == "random")
        assert ("H_20" in screen) == (strategy == "random")
        assert ("perturbation kept?" in screen) == (strategy == "local")
        assert ("POLL" in screen) == (question is not None)
        if question:
            assert question in screen
        if strategy == "sgd":
            assert "steps      20/20" in screen and "best batch" in screen and "each step" in screen
            assert "best batch so far" in screen
            assert "after 20 steps" in log[-2] and status(view).startswith("✓ done")
        if strategy == "local":
            kept, tried = view.results.kept()
            assert tried == 19 and f"kept       {kept} of 19" in screen


async def test_the_chart_never_puts_two_kinds_of_loss_on_one_axis():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        chart = view.query_one(SearchChart)
        await run(pilot, view, TINY)
        await run(pilot, view, SearchSettings(strategy="local", train_size=200, attempts=20, seed=3))
        assert chart.previous[0] == "last run: random" and chart.run_label == "this run: local"
        assert "best, last run: random" in screen_text(app) and "best, this run: local" in screen_text(app)
        await run(pilot, view, SearchSettings(strategy="local", loss="softmax", train_size=200, attempts=20))
        assert chart.previous is None and chart.run_label is None  # another loss: the old line goes
        assert "last run" not in screen_text(app) and "best so far" in screen_text(app)
        await run(pilot, view, SearchSettings(strategy="sgd", loss="softmax", train_size=200, attempts=20))
        assert chart.previous is None  # minibatch losses are not the training loss
        await run(pilot, view, SearchSettings(strategy="sgd", loss="softmax", train_size=200, attempts=20, seed=5))
        assert "best batch, last run: sgd" in screen_text(app) and "best batch, this run: sgd" in screen_text(app)


# ---------------------------------------------------------------- typing attempts and seed
async def test_typed_attempts_and_seed_set_the_run_and_bad_numbers_change_nothing():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        editor = view.query_one("#attempts-edit", LineEditor)
        await pilot.press("a")
        assert view.editing and editor.is_open and view.has_focus  # the box never takes the focus
        assert "type the attempts, 1 to 1,000,000" in status(view)
        await pilot.press(*"abc", "enter")
        assert "✗ attempts 'abc' is not a whole number" in status(view)
        assert view.settings.attempts == 20 and editor.is_open and editor.text == "abc"  # nothing lost
        await pilot.press("escape")
        assert not view.editing and view.settings.attempts == 20 and "✗" not in status(view)
        assert str(view.query_one("#attempts", Static).render()) == "20"
        await pilot.press("e", "minus", "1", "enter")
        assert "must be from 0 to" in status(view) and view.settings.seed == 3
        await pilot.press("escape", "e", *"42", "enter")
        assert view.settings.seed == 42 and not view.editing
        await pilot.press("a", *"3,5", "enter")
        assert view.settings.attempts == 35 and str(view.query_one("#attempts", Static).render()) == "35"
        assert status(view) == "• r runs random search · svm · shapes: 200 train / 40 test"
        await pilot.press("s")  # the view's keys work again
        assert view.settings.strategy == "local"


async def test_a_burst_types_attempts_then_runs_in_the_order_typed():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        burst(app, "a", "1", "2", "enter", "e", "7", "enter", "r")
        await wait_for(pilot, lambda: view.last_channel is not None and not view.running)
        assert (view.settings.attempts, view.settings.seed) == (12, 7)
        assert view.results.planned == 12 and view.summary.attempts == 12 and app.current_view is view


async def test_attempts_cannot_change_while_running():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await running_long_search(pilot)
        await pilot.press("a")  # refused, with a reason
        assert not view.editing and "stop the run first" in status(view)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        await pilot.press("a", *"25", "enter")
        assert view.settings.attempts == 25


# ---------------------------------------------------------------- keys, status, data sets
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


@pytest.mark.parametrize("sandboxed", [False, True], ids=["own-machine", "served-session"])
async def test_cifar10_is_offered_only_once_downloaded_and_fetch_only_with_a_network(sandboxed, tmp_path):
    access = FileAccess.sandboxed(tmp_path) if sandboxed else FileAccess.plain()
    app = LossApp(file_access=access)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, TINY)
        await pilot.press("d")
        assert view.settings.dataset == "shapes"
        assert ("loss-tui fetch cifar10" in status(view)) == (not sandboxed)
        assert "CIFAR-10" in status(view)
        assert not any("cifar10" in title for title, _, _ in view.palette_commands())
        view.show_stage({"set": {"dataset": "cifar10"}, "action": "run"}, Hidden(), forward=True)
        assert not view.running and status(view).startswith("✗ cifar10")  # a script asked for it
        assert ("fetch" in status(view)) == (not sandboxed)
        batches = tmp_path / "loss-tui" / "cifar10"  # where loss-tui fetch puts it
        batches.mkdir(parents=True)
        (batches / "test_batch").write_bytes(b"")
        await pilot.press("d")
        assert view.settings.dataset == "shapes"  # from cifar10 (set by the script) on to shapes
        await pilot.press("d")
        assert view.settings.dataset == "cifar10"
        assert any(title == "Search: data cifar10" for title, _, _ in view.palette_commands())


async def test_templates_key_during_a_run_says_when_they_come():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await running_long_search(pilot)
        await pilot.press("w")
        assert "templates appear when the run ends" in status(view) and "no W" not in status(view)
        assert panel(view) == "search-run"
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        assert "on 40 test images" in status(view)
        await pilot.press("w")
        assert panel(view) == "search-templates"


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


# ---------------------------------------------------------------- snapshots
def test_snapshot_idle_80x24(snap_compare):
    assert snap_compare(SearchApp(SearchSettings()), terminal_size=(80, 24))


def test_snapshot_templates_after_a_tiny_run_80x24(snap_compare):
    async def run_and_show_templates(pilot):
        view = pilot.app.query_one(SearchView)
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        await pilot.press("w")

    assert snap_compare(SearchApp(TINY), terminal_size=(80, 24), run_before=run_and_show_templates)
