"""The Search view under lecture mode's bar at 80×24 (and 64×20, a bigger font on a projector): the
random-search steps of the built-in script run the slide's loop live, and once the poll's answer
is revealed the counters show the expected number of improvements, H_n, on screen — read from the
screen itself. The bar takes 4–6 rows; the log gives its rows first."""

from __future__ import annotations

import pytest

from engine.hidden import Hidden
from engine.lecture import builtin_script, script_from_dict
from engine.poll import harmonic
from losses_helpers import screen_lines
from search_helpers import TINY, SearchApp, private_cache, run, screen_text, status, wait_for  # noqa: F401
from tui.app import LossApp
from tui.lecture.bar import LectureBar
from tui.views.search import SearchView
from tui.widgets.search_log import SearchLog

SCRIPT = builtin_script()
RUN_STEP = next(n for n, step in enumerate(SCRIPT.steps) if step["title"].startswith("Optimization · Strategy #1"))
POLL_STEP = next(n for n, step in enumerate(SCRIPT.steps) if step["title"].startswith("Random search: how often"))


def screen(app) -> str:
    return "\n".join(screen_lines(app))


def the_random_search_steps(attempts: int) -> dict:
    """The built-in script's two random-search steps, as a script of their own with fewer attempts
    on the tiny data set (the same builds, questions and answers)."""
    steps = [dict(SCRIPT.steps[RUN_STEP]), dict(SCRIPT.steps[POLL_STEP])]
    steps[0]["set"] = {**steps[0]["set"], "attempts": attempts, "train_size": TINY.train_size}
    return {"step": [{k: ([dict(b) for b in v] if k == "build" else v) for k, v in step.items()} for step in steps]}


async def settle(pilot, rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (64, 20)], ids=["80x24", "64x20"])
async def test_lecture_step_poll_reveals_the_expected_h_n_on_screen(size):
    """``loss-tui lecture --step 27`` (no run made yet): the answer is H_n for the planned 1,000."""
    app = LossApp(lecture=SCRIPT, lecture_start=SCRIPT.first_stage_of(POLL_STEP))
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 8)
        view = app.query_one(SearchView)
        asked = screen(app)
        assert "expected   ?" in asked and "random search improve?" in asked and "7.49" not in asked
        await pilot.press("pagedown")
        await settle(pilot)
        shown = screen(app)
        assert "(7.5 for 1,000)" in " ".join(shown.split())  # the bar's answer (maybe wrapped)
        assert f"expected   {harmonic(1000):.2f} ± 2.4" in shown  # and the counters' own, on screen
        assert app.query_one(LectureBar).size.height >= 4 and view.size.height <= size[1] - 5


async def test_the_run_step_streams_then_the_poll_answers_for_the_run_made():
    """From the run step: PageDown runs the slide's loop (the answer hidden), the next steps keep the
    run, and the reveal shows seen beside expected for the attempts made, at 80×24."""
    script = script_from_dict(the_random_search_steps(60), "random search steps")
    app = LossApp(lecture=script)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 8)
        view = app.query_one(SearchView)
        await pilot.press("pagedown")  # action = "run"
        assert view.running or view.summary is not None
        await wait_for(pilot, lambda: not view.running)
        await settle(pilot)
        ran = screen(app)
        assert "expected   ?" in ran and "attempts   60/60" in ran and "in attempt 59 the loss was" in ran
        await pilot.press("pagedown", "pagedown")  # the test accuracy build, then the poll step
        await settle(pilot)
        assert view.results.done == 60 and "expected   ?" in screen(app)
        await pilot.press("pagedown")  # the reveal
        await settle(pilot)
        shown = screen(app)
        assert f"expected   {harmonic(60):.2f} ± " in shown
        assert f"seen       {view.results.improvements}" in shown
        assert "test accuracy of the best W" in shown  # the log's last line stayed in view


@pytest.mark.parametrize("size", [(80, 20), (64, 16)], ids=["80x19-view", "64x15-view"])
async def test_a_short_screen_keeps_the_poll_question_and_its_answer(size):
    """Lecture mode's bar takes 4–5 rows of 80×24 (the view keeps ~19; at 64×20 ~15): the counters,
    the poll's question and, once revealed, its expected value stay on screen; the log shrinks."""
    app = SearchApp(TINY)
    async with app.run_test(size=size) as pilot:  # the footer takes one row: the view has size − 1
        view = app.query_one(SearchView)
        view.show_stage({}, Hidden(frozenset({"poll"})), forward=False)
        await run(pilot, view, TINY)
        await pilot.pause()
        hidden = screen_text(app)
        assert "How often should" in hidden and "random search improve?" in hidden
        assert "expected   ?" in hidden and f"{harmonic(20):.2f}" not in hidden and "H_" not in hidden
        assert "attempts   20/20" in hidden and "best loss" in hidden and "test acc" in hidden
        view.show_stage({}, Hidden(), forward=False)  # the reveal
        await pilot.pause()
        shown = screen_text(app)
        assert f"expected   {harmonic(20):.2f} ± " in shown and "seen" in shown
        assert view.query_one(SearchLog).size.height >= 2  # the slide's printout still scrolls
        assert status(view)[0] == "✓" and "✓ done" in shown
