"""Presets, the command palette, save / open (atomic, bad files), undo and redo."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.presets import load_table, save_table
from losses_helpers import make_app, message, shown
from tui.app import LossApp
from tui.views.losses import LossesView
from tui.widgets.status_bar import StatusBar


async def test_p_picks_a_preset_and_ctrl_z_brings_back_the_table():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("enter", "7", "enter")  # an unsaved edit
        edited = view.scene
        await pilot.press("p")
        await pilot.press("down", "down", "down", "enter")  # lecture, cifar10, init, single
        assert view.scene.classes == ("cat", "car", "frog") and view.scene.num_examples == 1
        assert "loaded preset single" in message(app)
        await pilot.press("ctrl+z")
        assert view.scene is edited
        await pilot.press("ctrl+y")
        assert view.scene.num_examples == 1


async def test_escape_leaves_the_preset_picker_without_change():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        before = view.scene
        await pilot.press("p", "down", "escape")
        assert view.scene is before and isinstance(app.screen.focused, type(app.query_one("ScoreGrid")))


async def test_palette_lists_presets_and_actions():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [t for t, _, _ in app.query_one(LossesView).palette_commands()]
        for title in ("Preset: svm-vs-softmax", "Save as… (S)", "Q2: mean instead of sum over classes (a)",
                      "Undo (ctrl+z)", "Load a preset (p)", "Jiggle (j)"):
            assert title in titles
        await pilot.press("ctrl+p", *"svm-vs", "enter")
        await pilot.pause()
        assert app.query_one(LossesView).scene.classes == ("class 0", "class 1", "class 2")


async def test_save_as_then_reopen_round_trip(tmp_path):
    target = tmp_path / "mine.toml"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("enter", "backspace", *"-2.5", "enter", "s", "plus", "down", "l")
        await pilot.press("ctrl+s")  # no file yet: asks for a path
        field = app.screen.query_one("#path-input")
        field.value = str(target)
        await pilot.press("enter")
        assert target.exists() and view.path == str(target)
        assert "saved to" in message(app) and "modified" not in shown(app.query_one(StatusBar))
        saved = view.scene
    again = load_table(target)
    np.testing.assert_array_equal(again.scores, saved.scores)
    assert (again.labels, again.squared, again.scale) == (saved.labels, True, 2.0)
    assert not list(tmp_path.glob(".*tmp"))  # the temp file of the atomic save is gone

    app = LossApp(scene=again, path=str(target))  # what `loss-tui mine.toml` does
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        assert view.scene.scores[0, 0] == -2.5 / 1  # stored at scale 1
        await pilot.press("i", "ctrl+s")  # saves straight back to its file
        assert load_table(target).include_true is True


async def test_save_as_never_overwrites_another_file_silently(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text("precious = true\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        app.screen.query_one("#path-input").value = str(other)
        await pilot.press("enter")
        assert "exists: Enter again overwrites it" in shown(app.screen.query_one("#path-error"))
        assert other.read_text() == "precious = true\n"
        await pilot.press("enter")
        assert load_table(other).classes == ("cat", "car", "frog")


async def test_save_error_is_shown_and_keeps_the_dialog(tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        app.screen.query_one("#path-input").value = str(tmp_path / "no-such-folder" / "t.toml")
        await pilot.press("enter")
        assert "there is no folder" in shown(app.screen.query_one("#path-error"))
        await pilot.press("escape")
        assert app.query_one(LossesView).path is None


async def test_opening_a_bad_file_says_why_and_keeps_the_table(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('classes = ["a", "b"]\nlabels = ["a"]\nscores = [[1.0, "x"]]\n')
    good = tmp_path / "good.toml"
    save_table(make_app("single").initial_scene, good)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        before = view.scene
        await pilot.press("ctrl+o")
        app.screen.query_one("#path-input").value = str(bad)
        await pilot.press("enter")
        error = shown(app.screen.query_one("#path-error"))
        assert "score 'x' in row 1 is not a number" in error and "current table is unchanged" in error
        assert view.scene is before
        app.screen.query_one("#path-input").value = str(tmp_path / "missing.toml")
        await pilot.press("enter")
        assert "no file " in shown(app.screen.query_one("#path-error"))
        app.screen.query_one("#path-input").value = str(good)
        await pilot.press("enter")
        assert view.scene.num_examples == 1 and view.path == str(good)
        await pilot.press("ctrl+z")
        assert view.scene is before


async def test_undo_and_redo_walk_the_history():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        first = view.scene
        await pilot.press("ctrl+z")
        assert "nothing to undo" in message(app)
        await pilot.press("plus", "i")
        await pilot.press("ctrl+z", "ctrl+z")
        assert view.scene is first
        await pilot.press("ctrl+y")
        assert view.scene.scale == 2 and not view.scene.include_true
        assert "modified" in shown(app.query_one(StatusBar))


async def test_has_unsaved_changes_follows_edits_undo_and_save(tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        assert view.has_unsaved_changes() is False
        await pilot.press("enter", "7", "enter")
        assert view.has_unsaved_changes() is True
        assert "modified" in shown(app.query_one(StatusBar))
        await pilot.press("ctrl+z")  # back to the table as loaded
        assert view.has_unsaved_changes() is False
        await pilot.press("j", "j")  # a jiggle taken back leaves the same numbers
        assert view.has_unsaved_changes() is False
        await pilot.press("plus")
        assert view.has_unsaved_changes() is True
        assert view.save_to(str(tmp_path / "t.toml")) is None
        assert view.has_unsaved_changes() is False


async def test_save_as_and_open_expand_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("enter", "7", "enter", "ctrl+s")
        app.screen.query_one("#path-input").value = "~/mine.toml"
        await pilot.press("enter")
        assert (tmp_path / "mine.toml").exists() and not Path("~").exists()
        assert view.path == str(tmp_path / "mine.toml") and not view.has_unsaved_changes()
        await pilot.press("p", "down", "down", "down", "enter")  # another table
        await pilot.press("ctrl+o")
        app.screen.query_one("#path-input").value = "~/mine.toml"
        await pilot.press("enter")
        assert view.scene.scores[0, 0] == 7 and view.path == str(tmp_path / "mine.toml")
