"""The app autosaves unsaved edits and offers them back at the next start (tui/app_recovery.py).

Each test has its own XDG_STATE_HOME (tests/conftest.py). An app "that ended without saving" is
played by a first app whose process identity is swapped for one that has ended (GONE), so the
second app, in this same process, finds its autosave an orphan.
"""

from __future__ import annotations

import os
import time

import pytest

import tui.recovery_files as recovery_files
from engine.presets import load_preset, load_table, save_table
from losses_helpers import make_app, message
from tui.app import LossApp
from tui.recovery import Recovery
from tui.recovery_files import Owner, state_dir, this_host
from tui.screens.restore_prompt import RestorePrompt
from tui.views.losses import LossesView

GONE = Owner(this_host(), os.getpid(), "1")


async def wait_for(pilot, condition, limit_s: float = 10.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"condition never became true: {pilot.app.screen_stack}, {autosaves()}, {[n.message for n in pilot.app._notifications]}"
        await pilot.pause(0.05)


def autosaves() -> list:
    folder = state_dir() / "autosave"
    return sorted(folder.glob("*.toml")) if folder.exists() else []


async def leave_unsaved_work(*keys: str, app: LossApp | None = None) -> None:
    """Run an app that types KEYS and ends without saving, as a crash or a kill leaves it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recovery_files.Owner, "current", classmethod(lambda cls: GONE))
        app = app or make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            await wait_for(pilot, lambda: autosaves())  # written by the timer a moment after the edit


async def test_an_edit_is_autosaved_a_moment_later_and_a_save_removes_it(tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "9", "enter")
        assert autosaves() == []  # never on the key's frame
        await wait_for(pilot, lambda: autosaves())
        assert load_table(autosaves()[0]).scores[0, 0] == 9
        assert app.query_one(LossesView).save_to(tmp_path / "mine.toml") is None
        await wait_for(pilot, lambda: not autosaves())


async def test_the_next_start_offers_the_edits_and_y_brings_them_back(tmp_path):
    mine = tmp_path / "mine.toml"
    save_table(load_preset("lecture"), mine)
    await leave_unsaved_work("enter", "9", "enter", "down", "l",
                              app=LossApp(scene=load_table(mine), path=str(mine)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RestorePrompt))
        question = str(app.screen.query_one("#restore-question").render())
        assert question.startswith("Restore the unsaved table from ") and question.endswith("(2 edits)? y/n")
        assert str(mine) in str(app.screen.query_one("#restore-where").render())
        await pilot.press("y")
        view = app.query_one(LossesView)
        assert view.scene.scores[0, 0] == 9 and view.scene.labels[0] == 1
        assert view.has_unsaved_changes() and view.path == str(mine)
        assert "restored the unsaved table" in message(app)
        await pilot.press("ctrl+s")  # saves to the file it was being edited for
        assert load_table(mine).scores[0, 0] == 9
        await pilot.press("ctrl+z")  # the restore is one undo step
        assert view.scene.scores[0, 0] == 3.2
    assert autosaves() == [] or all(Owner.current().tag in p.name for p in autosaves())


async def test_n_discards_the_edits():
    await leave_unsaved_work("enter", "9", "enter")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RestorePrompt))
        await pilot.press("n")
        assert app.query_one(LossesView).scene.scores[0, 0] == 3.2
        assert autosaves() == []


async def test_escape_asks_again_at_the_next_start():
    await leave_unsaved_work("enter", "9", "enter")
    for _ in range(2):
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, RestorePrompt))
            await pilot.press("escape")
            assert app.query_one(LossesView).scene.scores[0, 0] == 3.2
    assert len(Recovery(state_dir()).orphans()) == 1


async def test_a_classifier_scene_comes_back_in_its_view():
    from tui.views.classifier import ClassifierView

    await leave_unsaved_work("2", "plus", "plus")  # W[0,0] 1 → 1.2
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RestorePrompt))
        assert "classifier scene" in str(app.screen.query_one("#restore-question").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query(ClassifierView) and app.query_one(ClassifierView).has_unsaved_changes())
        view = app.query_one(ClassifierView)
        assert app.current_view is view and view.scene.W[0, 0] == pytest.approx(1.2)
        assert view.has_unsaved_changes()


async def test_quitting_without_saving_on_purpose_leaves_nothing_to_offer():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "9", "enter")
        await wait_for(pilot, lambda: autosaves())
        await pilot.press("q", "q")  # the warning, then "quit without saving"
        await pilot.pause()
    assert autosaves() == []


async def test_an_app_that_crashes_leaves_its_edits(monkeypatch):
    app = make_app()

    def boom() -> None:
        raise RuntimeError("a bug in a handler")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "9", "enter")  # no time for the timer: the exit writes it
            monkeypatch.setattr(app.query_one(LossesView), "action_jiggle", boom)
            await pilot.press("j")
    assert load_table(autosaves()[0]).scores[0, 0] == 9


async def test_a_sandboxed_session_autosaves_inside_its_folder(tmp_path):
    from tui.file_access import FileAccess

    app = LossApp(scene=load_preset("lecture"), file_access=FileAccess.sandboxed(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "9", "enter")
        inside = tmp_path.resolve() / ".loss-tui-state" / "autosave"
        await wait_for(pilot, lambda: list(inside.glob("losses-*.toml")))
    assert autosaves() == []  # nothing in the server user's own state folder
