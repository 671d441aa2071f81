"""Lecture mode: PageDown walks the whole built-in script, every number of the lecture appears
exactly when its answer is revealed and never before, PageUp restores each build, Esc leaves and
the palette resumes; every step keeps its question and key numbers on screen at 80×24 and 64×20."""

from __future__ import annotations

import re

import pytest

from engine.lecture import builtin_script
from losses_helpers import screen_lines
from tui.app import LossApp
from tui.lecture.bar import LectureBar

SCRIPT = builtin_script()
# (step title starts with, build) → numbers that appear on screen from that build on, never before
REVEALS = {
    ("Multiclass SVM loss", 1): [r"L_i SVM +2\.90"],
    ("Multiclass SVM loss", 3): [r"12\.90"],
    ("The full training loss", 1): [r"SVM 5\.27"],
    ("Q1", 1): [r"SVM 6\.27"],
    ("Q2", 1): [r"SVM 2\.63"],
    ("Q3", 1): [r"83\.25", r"30\.55"],
    ("Q4", 1): [r"Q4 SVM 0\.00…∞"],
    ("Q5", 1): [r"SVM 2\.00 \(C−1\)"],
    ("An example", 1): [r"L_i SVM +0\.50"],
    ("Softmax classifier", 1): [r"24\.5", r"164\.0"],
    ("Softmax classifier", 2): [r"0\.13", r"0\.87"],
    ("Softmax classifier", 3): [r"2\.04"],
    ("Softmax classifier", 4): [r"0\.89"],
    ("Softmax: min and max", 1): [r"Q4 softmax 0\.00…∞"],
    ("Softmax at initialization", 1): [r"1\.10"],
    ("Softmax vs. SVM", 2): [r"9\.2e−4", r"3\.4e−48"],
    ("Random search: how often", 1): [r"H_n", r"7\.5 for 1,000"],
}


def stage_index(title: str, build: int) -> int:
    return next(k for k, s in enumerate(SCRIPT.stages) if s.title.startswith(title) and s.build == build)


def shown(pattern: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){pattern}(?![\d])", text) is not None


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")  # the search step's shapes, generated once per module


@pytest.fixture(autouse=True)
def _private_cache(shared_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def walk(pilot, key: str, count: int, capture) -> list:
    """``capture(pilot)`` after each of ``count`` presses of ``key`` (and before the first)."""
    captured = [await capture(pilot)]
    for _ in range(count):
        await pilot.press(key)
        await settle(pilot)
        if pilot.app.current_view.id == "search":
            await wait_for_search(pilot)
        captured.append(await capture(pilot))
    return captured


async def state_signature(pilot) -> tuple:
    """What a build shows, read from the widgets (cheaper than a screenshot): the bar, and the
    Losses view's table, cursor, hidden numbers, panes and texts."""
    app = pilot.app
    view = app.current_view
    bar = app.query_one(LectureBar).render().plain
    if view.id != "losses":
        return bar, view.id
    parts = [w.render().plain if hasattr(w.render(), "plain") else str(w.render())
             for w in view.query("ScoreGrid, TotalsLine, FactsLine, DerivationPane, StatusBar")]
    s = view.scene
    return (bar, s.scores.tobytes(), s.labels, s.scale, s.include_true, s.mean_over_classes, s.squared,
            s.log_base, s.reg_kind, s.lam, view.cursor, view.hidden, view.derivation, view.hinges,
            view.detail, *parts)


async def wait_for_search(pilot) -> None:
    view = pilot.app.current_view
    for _ in range(2000):
        if not view.running:
            return
        await pilot.pause(0.01)


# the walk in four parts that run in parallel, each from its first build as `--step` jumps there;
# each part starts on the last build of the part before, so walking back crosses every boundary too
PARTS = [(0, 15), (14, 30), (29, 45), (44, len(SCRIPT.stages))]
PART_IDS = [f"builds {a + 1}-{b}" for a, b in PARTS]
JIGGLE = stage_index("Jiggle", 1)  # its action draws new random scores each time: not the same twice


async def walk_part(first: int, end: int, size: tuple[int, int], back: bool = False) -> tuple[dict, dict]:
    """The whole screen and the state signature at each build from ``first`` to ``end`` − 1, by
    PageDown; with ``back``, also the signatures walking back to ``first`` by PageUp."""
    app = LossApp(lecture=SCRIPT, lecture_start=first)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 5)
        ahead = await walk(pilot, "pagedown", end - 1 - first,
                           lambda pilot: both(pilot, _screen(pilot.app), state_signature(pilot)))
        assert app.presenter.index == end - 1
        behind = await walk(pilot, "pageup", end - 1 - first, state_signature) if back else []
    screens = {first + k: screen for k, (screen, _) in enumerate(ahead)}
    forward = {first + k: signature for k, (_, signature) in enumerate(ahead)}
    backward = {end - 1 - k: signature for k, signature in enumerate(behind)}
    return screens, {k: (forward[k], backward.get(k)) for k in forward}


async def both(pilot, *captures) -> tuple:
    return tuple([await capture for capture in captures])


async def _screen(app) -> str:
    return "\n".join(screen_lines(app))


@pytest.mark.long
@pytest.mark.parametrize("first, end", PARTS, ids=PART_IDS)
async def test_pagedown_reveals_every_number_exactly_when_its_answer_comes_and_pageup_restores_it(first, end):
    """At 80×24, forward through a part of the lecture and back: PageDown reveals each number
    exactly at its answer's build, and PageUp restores each build as PageDown left it."""
    screens, signatures = await walk_part(first, end, (80, 24), back=True)
    for (title, build), patterns in REVEALS.items():
        at = stage_index(title, build)
        for pattern in patterns:
            if at in screens:
                assert shown(pattern, screens[at]), (title, build, pattern)
            early = [k for k in screens if k < at and shown(pattern, screens[k])]
            assert early == [], (pattern, [SCRIPT.stages[k].title for k in early])
    for k, screen in screens.items():
        stage = SCRIPT.stages[k]
        assert f" {stage.step + 1}/{len(SCRIPT.steps)} " in screen  # where we are, always
        assert "PgDn" in screen or "Esc leaves" in screen  # and what the next key does
        if stage.asks:
            assert stage.lines[-1] in screen, stage.title  # the question, never cut
    for k, (ahead, back) in signatures.items():
        if k != JIGGLE:
            assert ahead == back, SCRIPT.stages[k].title


@pytest.mark.long
@pytest.mark.parametrize("first, end", PARTS, ids=PART_IDS)
async def test_at_64x20_every_question_and_the_answers_numbers_stay_on_screen(first, end):
    """A bigger font on the same projector."""
    screens, _ = await walk_part(first, end, (64, 20))
    for k, screen in screens.items():
        stage = SCRIPT.stages[k]
        flat = " ".join(" ".join(screen.split("\n")).split())
        if stage.asks:
            assert stage.lines[-1] in flat, stage.title
        if stage.answers:
            numbers = re.findall(r"\d+\.\d+(?:e−\d+)?", stage.answers[-1])
            assert all(n in flat for n in numbers), (stage.title, numbers)


async def test_esc_leaves_keeping_the_view_and_the_palette_resumes():
    app = LossApp(lecture=SCRIPT)
    at = stage_index("Multiclass SVM loss", 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 5)
        for _ in range(at):
            await pilot.press("pagedown")
        await settle(pilot)
        assert "12.90" not in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert not app.query_one(LectureBar).display and "12.90" in text  # free play: nothing hidden
        assert app.current_view.scene.num_classes == 3  # the slide's table stays
        await pilot.press("pagedown")  # no longer the lecture's key
        assert app.presenter.index == at
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Lecture: resume")
        await command.callback()
        await settle(pilot)
        assert app.query_one(LectureBar).display and app.presenter.index == at
        assert "12.90" not in "\n".join(screen_lines(app))


async def test_an_edit_during_a_step_is_live_and_undone_by_ctrl_z_after_pageup():
    app = LossApp(lecture=SCRIPT)
    at = stage_index("The full training loss", 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 5)
        for _ in range(at):
            await pilot.press("pagedown")
        await pilot.press("enter", "9", "enter")  # the cursor's frog image: "what if it scored 9?"
        await settle(pilot)
        view = app.current_view
        assert view.scene.scores[2, 2] == 9 and "L: SVM 5.27" not in "\n".join(screen_lines(app))
        await pilot.press("pageup", "pagedown")  # the slide's own table again
        await settle(pilot)
        assert view.scene.scores[2, 2] == -3.1 and "L: SVM 5.27" in "\n".join(screen_lines(app))
        await pilot.press("ctrl+z")  # the edit is not lost
        assert view.scene.scores[2, 2] == 9


@pytest.mark.parametrize("title, build", [("Multiclass SVM loss", 0), ("Multiclass SVM loss", 3),
                                          ("Softmax classifier", 2), ("Softmax vs. SVM", 2),
                                          ("Regularization: expressing", 0)])
def test_snapshot_of_a_step_at_80x24(snap_compare, title, build):
    app = LossApp(lecture=SCRIPT, lecture_start=stage_index(title, build))
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: settle(pilot, 8))
