"""The Search view follows a stream frame by frame. The test plays the worker thread: it pushes the
engine's items into the run's Channel and posts ``Ended`` as the worker does, then runs the view's
frame (what its timer calls FRAMES_PER_S times a second), so every assertion is on what one frame
or one message did — no timing. Also a snapshot mid-stream at 80×24."""

from __future__ import annotations

import time

import numpy as np

from engine.search import Progress, Summary
from search_helpers import SearchApp, private_cache, screen_text, status  # noqa: F401
from tui.views.search import FRAMES_PER_S, SearchView
from tui.views.search_bridge import SearchBridge
from tui.views.search_settings import SearchSettings
from tui.widgets.search_chart import SearchChart
from tui.widgets.search_counters import SearchCounters
from tui.widgets.search_log import SearchLog

LOCAL = SearchSettings(strategy="local", attempts=200, seed=1)


def falling_losses(n: int, seed: int = 0) -> np.ndarray:
    """A local search's kind of losses: falling, with noise."""
    return 9.0 - 2.0 * np.linspace(0, 1, n) + np.random.default_rng(seed).normal(0, 0.3, n)


class Worker:
    """Plays the worker thread: the engine's items into the view's channel, one attempt at a time."""

    def __init__(self, view: SearchView, losses) -> None:
        self.view, self.losses = view, list(losses)
        self.sent, self.best = 0, np.inf

    def attempts(self, count: int) -> None:
        for _ in range(count):
            loss = self.losses[self.sent]
            improved = loss < self.best
            self.best = min(self.best, loss)
            self.view.channel.push(Progress(self.sent, loss, self.best, improved, 0.05 * (self.sent + 1), 20.0))
            self.sent += 1

    def end(self, cancelled: bool) -> None:
        channel = self.view.channel
        channel.push(Summary(self.best, 0.125, self.sent, 20.0, np.zeros((3073, 10)), cancelled,
                             elapsed_s=0.05 * self.sent))
        channel.finished.set()
        self.view.post_message(SearchBridge.Ended(channel.run_id))


def started(view: SearchView, losses) -> Worker:
    """``r`` pressed, with the test as the worker thread."""
    view.start_worker = lambda channel, settings: None
    view.start()
    view.channel.started = time.monotonic()
    return Worker(view, losses)


def attempt_lines(view: SearchView) -> list[str]:
    return [line for line in view.query_one(SearchLog).lines if line.startswith("in attempt")]


async def test_each_frame_shows_every_new_attempt_in_order_and_the_counters():
    app = SearchApp(LOCAL)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(SearchView)
        worker = started(view, falling_losses(200))
        counters, chart = view.query_one(SearchCounters), view.query_one(SearchChart)
        for frame, count in enumerate([1, 7, 0, 30, 2]):
            worker.attempts(count)
            view._frame()
            lines = attempt_lines(view)
            assert len(lines) == worker.sent == view.results.done == counters.counts.done == len(chart.losses)
            assert [int(line.split()[2]) for line in lines] == list(range(worker.sent))  # none lost, none twice
        await pilot.pause()
        screen = screen_text(app)
        assert f"in attempt {worker.sent - 1} the loss was" in screen and "attempts   40/200" in screen
        assert FRAMES_PER_S >= 4


async def test_elapsed_ticks_on_every_frame_even_when_no_attempt_arrives():
    """A slow search (CIFAR scale, the first lap): the clock moves although the log does not."""
    app = SearchApp(LOCAL)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(SearchView)
        started(view, falling_losses(200))
        counters = view.query_one(SearchCounters)
        view.channel.started -= 3.0  # the search began 3 s ago
        view._frame()
        assert counters.counts.elapsed_s >= 3.0 and counters.counts.done == 0
        view.channel.started -= 2.0
        view._frame()
        assert counters.counts.elapsed_s >= 5.0
        await pilot.pause()
        assert "elapsed    5." in screen_text(app) or "elapsed    6." in screen_text(app)


async def test_stopping_keeps_every_attempt_evaluated_before_the_worker_ended():
    app = SearchApp(LOCAL)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(SearchView)
        worker = started(view, falling_losses(200))
        worker.attempts(12)
        view._frame()
        await pilot.press("r")
        assert view.channel.stop.is_set() and status(view).startswith("■ stopping")
        worker.attempts(5)  # in flight when the stop came: evaluated, so kept
        worker.end(cancelled=True)
        await pilot.pause()
        assert not view.running and view.results.done == 17 == len(attempt_lines(view))
        assert view.summary.attempts == 17 and view.query_one(SearchChart).best[-1] == worker.best
        assert status(view).startswith("■ stopped after 17 attempts: test accuracy 12.5%")


async def test_a_stale_end_message_from_an_earlier_run_changes_nothing():
    app = SearchApp(LOCAL)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(SearchView)
        worker = started(view, falling_losses(200))
        worker.attempts(3)
        view.post_message(SearchBridge.Ended(view.channel.run_id - 1))
        await pilot.pause()
        assert view.running and not view.status.shown.startswith("✓")  # the run goes on
        view._frame()
        assert view.results.done == 3
        worker.end(cancelled=False)
        await pilot.pause()
        assert not view.running and status(view).startswith("✓ done")


async def test_the_chart_axis_holds_still_while_a_falling_loss_stays_inside_it():
    app = SearchApp(LOCAL)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(SearchView)
        worker = started(view, falling_losses(200))
        chart = view.query_one(SearchChart)
        limits = []
        for _ in range(40):
            worker.attempts(5)
            view._frame()
            chart.flush()
            limits.append(chart.y_limits)
        assert len(set(limits)) <= 8  # 40 redraws, the axis moved a few times
        low, high = limits[-1]
        assert low <= chart.losses.min() and chart.losses.max() <= high


def test_snapshot_streaming_local_search_80x24(snap_compare):
    async def mid_stream(pilot):
        view = pilot.app.query_one(SearchView)
        worker = started(view, falling_losses(200))
        view.channel.elapsed = lambda now=None: 4.2  # a fixed clock for the picture
        worker.attempts(120)
        view._frame()
        view.query_one(SearchChart).flush()
        await pilot.pause()

    assert snap_compare(SearchApp(LOCAL), terminal_size=(80, 24), run_before=mid_stream)
