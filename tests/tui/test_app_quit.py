"""Quitting with unsaved edits asks once; the palette's screenshot lands in a folder that exists."""

from __future__ import annotations

from pathlib import Path

from losses_helpers import make_app


async def edit_first_score(pilot) -> None:
    await pilot.press("enter", "9", "enter")
    await pilot.pause()


async def test_q_quits_at_once_when_nothing_was_edited():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # exit requested without a question


async def test_q_with_unsaved_edits_warns_then_second_q_quits():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await edit_first_score(pilot)
        assert app.unsaved_views() == ["Losses"]
        await pilot.press("q")
        await pilot.pause()
        assert not app._exit
        warning = [n.message for n in app._notifications]
        assert any("Unsaved edits in the Losses view" in m and "q again" in m for m in warning), warning
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_warning_expires_so_a_late_q_warns_again(monkeypatch):
    import tui.app as app_module
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await edit_first_score(pilot)
        await pilot.press("q")
        monkeypatch.setattr(app_module, "QUIT_CONFIRM_S", 0.0)  # the first warning is now stale
        await pilot.press("q")
        await pilot.pause()
        assert not app._exit


async def test_screenshot_falls_back_to_cwd_without_downloads(tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    delivered = []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(app, "deliver_screenshot", lambda name, path: delivered.append(path))
        app.action_screenshot()
        (home / "Downloads").mkdir()
        app.action_screenshot()
    assert [Path(p) for p in delivered] == [work, home / "Downloads"]


async def test_classifier_edits_count_as_unsaved_until_saved(tmp_path):
    from tui.views.classifier import ClassifierView
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        view = app.query_one(ClassifierView)
        assert app.unsaved_views() == []
        await pilot.press("plus")  # W[0,0] 1 → 1.1
        assert app.unsaved_views() == ["Classifier"]
        await pilot.press("minus")  # back to the scene it opened on
        assert not view.has_unsaved_changes()
        await pilot.press("s")  # a gradient step changes W too
        assert view.has_unsaved_changes()
        assert view.save_to(tmp_path / "scene.toml") is None
        assert app.unsaved_views() == []
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
