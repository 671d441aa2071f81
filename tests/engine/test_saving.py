"""Saves do what the user meant: a regular file or a new path only, through a symlink to its
target, keeping the file's mode, never leaving a temporary file behind on a clean failure."""

import os
import stat
import time

import pytest

from engine import files
from engine.classifier import ClassifierError, default_scene
from engine.classifier_file import load_scene, save_scene
from engine.presets import load_preset, load_table, save_table
from engine.scene import SceneError

LECTURE = load_preset("lecture")
EDITED = LECTURE.replace(squared=True, title="edited")


def temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "table.toml"
    save_table(LECTURE, target)
    link = tmp_path / "link.toml"
    link.symlink_to(os.path.relpath(target, tmp_path))
    assert save_table(EDITED, link) == link
    assert link.is_symlink() and os.readlink(link) == "real/table.toml"
    assert load_table(target).same_as(EDITED)
    assert temps(tmp_path) == [] and temps(tmp_path / "real") == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to("new.toml")
    save_table(EDITED, link)
    assert link.is_symlink() and load_table(tmp_path / "new.toml").same_as(EDITED)


def test_a_scene_saves_through_a_symlink_too(tmp_path):
    target = tmp_path / "scene.toml"
    target.write_text("old")
    (tmp_path / "link.toml").symlink_to(target)
    save_scene(default_scene(), tmp_path / "link.toml")
    assert (tmp_path / "link.toml").is_symlink() and load_scene(target).same_as(default_scene())


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640])
def test_the_existing_files_mode_is_kept(tmp_path, mode):
    path = tmp_path / "t.toml"
    save_table(LECTURE, path)
    path.chmod(mode)
    save_table(EDITED, path)
    assert stat.S_IMODE(path.stat().st_mode) == mode and load_table(path).same_as(EDITED)


def test_a_new_file_gets_the_umasks_mode_like_any_program(tmp_path):
    old = os.umask(0o022)
    try:
        save_table(LECTURE, tmp_path / "new.toml")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o644


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("through_link", [False, True])
def test_dev_full_is_refused_and_stays_a_device(tmp_path, through_link):
    path = "/dev/full"
    if through_link:
        path = tmp_path / "full.toml"
        path.symlink_to("/dev/full")
    with pytest.raises(SceneError) as info:
        save_table(LECTURE, path)
    assert str(info.value) == f"{path}: is a character device, not a regular file; choose another name"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    with pytest.raises(ClassifierError, match="is a character device"):
        save_scene(default_scene(), path)


def test_a_folder_or_a_fifo_is_refused(tmp_path):
    with pytest.raises(SceneError, match="is a folder; give a file name"):
        save_table(LECTURE, tmp_path)
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(SceneError, match=r"is a FIFO \(named pipe\), not a regular file"):
        save_table(LECTURE, tmp_path / "pipe")
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode) and temps(tmp_path) == []


def test_an_fsync_error_is_reported_and_leaves_the_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "t.toml"
    save_table(LECTURE, path)
    before = path.read_bytes()

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(SceneError) as info:
        save_table(EDITED, path)
    assert str(info.value) == f"{path}: cannot save (Input/output error)"
    assert path.read_bytes() == before and temps(tmp_path) == []


def test_a_failure_while_writing_leaves_no_temp(tmp_path):
    with pytest.raises(OSError, match="No space"):
        with files.atomic_file(tmp_path / "x.bin") as handle:
            handle.write(b"half")
            raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_a_stale_temp_from_a_kill_is_removed_and_a_fresh_one_left_alone(tmp_path):
    path = tmp_path / "t.toml"
    stale, fresh = tmp_path / ".t.toml.0badc0de.tmp", tmp_path / ".t.toml.5ca1ab1e.tmp"
    for tmp in (stale, fresh):
        tmp.write_text("half a save")
    hours_ago = time.time() - 2 * files.STALE_TEMP_S
    os.utime(stale, (hours_ago, hours_ago))
    save_table(EDITED, path)
    assert load_table(path).same_as(EDITED)  # the stale file was ignored …
    assert temps(tmp_path) == [fresh.name]  # … and removed; a save in progress elsewhere is not


def test_the_temp_name_cannot_collide(tmp_path, monkeypatch):
    names = iter(["aaaaaaaa", "aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: next(names))
    (tmp_path / ".t.toml.aaaaaaaa.tmp").write_text("someone else's")
    save_table(LECTURE, tmp_path / "t.toml")
    assert (tmp_path / ".t.toml.aaaaaaaa.tmp").read_text() == "someone else's"
    assert load_table(tmp_path / "t.toml").same_as(LECTURE)
