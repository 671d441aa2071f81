"""The document controller both editing views share (tui/document.py), without an app: undo/redo,
saved state, open/save through the file policy, and refusals that change nothing."""

from __future__ import annotations

import pytest

from engine.presets import load_preset
from tui.document import Document, DocumentError
from tui.file_access import FileAccess
from tui.views.classifier import SCENE
from tui.views.losses import TABLE


def lecture() -> Document:
    return Document(load_preset("lecture"), TABLE)


def test_apply_undo_redo_walk_the_history_and_a_new_edit_drops_the_redo():
    doc = lecture()
    first = doc.scene
    doc.apply(first.replace(scale=2.0))  # W × 2
    doubled = doc.scene
    doc.apply(doubled.replace(squared=True))
    assert doc.undo() and doc.scene is doubled
    assert doc.undo() and doc.scene is first
    assert not doc.undo() and doc.scene is first  # nothing more: unchanged
    assert doc.redo() and doc.scene is doubled
    doc.apply(doubled.replace(include_true=True))
    assert not doc.redo()  # the future was dropped by the new edit


def test_unsaved_is_by_content_not_by_history():
    doc = lecture()
    assert not doc.has_unsaved_changes()
    doc.apply(doc.scene.replace(scale=2.0))
    assert doc.has_unsaved_changes() and doc.edits == 1
    doc.apply(doc.scene.replace(scale=1.0))  # back to the saved numbers by another route
    assert not doc.has_unsaved_changes()


def test_save_then_open_round_trips_and_resets_the_edit_count(tmp_path):
    doc = lecture()
    doc.apply(doc.scene.replace(scale=2.0))
    path = doc.save(tmp_path / "t.toml")
    assert path == tmp_path / "t.toml" and doc.path == str(path) and doc.edits == 0
    assert not doc.has_unsaved_changes()
    other = lecture()
    opened = other.open(str(path))
    assert opened.same_as(doc.scene) and not other.has_unsaved_changes()
    assert other.undo() and other.scene.same_as(load_preset("lecture"))  # opening is undoable


def test_a_bad_file_is_one_line_and_changes_nothing(tmp_path):
    doc = lecture()
    before = doc.scene
    bad = tmp_path / "bad.toml"
    bad.write_text("scores = 'no'\n", encoding="utf-8")
    with pytest.raises(DocumentError) as error:
        doc.open(str(bad))
    message = str(error.value)
    assert "\n" not in message and message.endswith("the current table is unchanged")
    assert doc.scene is before and doc.history == [] and doc.path is None


def test_save_without_a_name_asks_for_one_and_a_sandbox_refuses_escapes(tmp_path):
    with pytest.raises(DocumentError, match="type a file name, e.g. table.toml"):
        lecture().save()
    sandboxed = Document(load_preset("lecture"), TABLE, access=FileAccess.sandboxed(tmp_path))
    with pytest.raises(DocumentError):
        sandboxed.save("../../x.toml")
    assert not (tmp_path.parent.parent / "x.toml").exists() and sandboxed.path is None
    with pytest.raises(DocumentError):
        sandboxed.open("/etc/passwd")


def test_restore_is_undoable_unsaved_and_keeps_its_file(tmp_path):
    doc = lecture()
    edited = doc.scene.replace(scale=2.0)
    doc.restore(edited, str(tmp_path / "mine.toml"), edits=3)
    assert doc.scene is edited and doc.has_unsaved_changes() and doc.edits == 3
    assert doc.path == str(tmp_path / "mine.toml")
    assert doc.save() == tmp_path / "mine.toml"  # ctrl+s writes it to the file it was edited for
    assert doc.undo() and doc.scene.same_as(load_preset("lecture"))


def test_the_classifier_format_uses_the_same_controller(tmp_path):
    from engine.classifier import default_scene

    doc = Document(default_scene(), SCENE)
    doc.apply(doc.scene.randomized(3))
    path = doc.save(tmp_path / "scene.toml")
    again = Document(default_scene(), SCENE)
    again.open(str(path))
    assert SCENE.same(again.scene, doc.scene)
