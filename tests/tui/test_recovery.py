"""tui/recovery.py without Textual: where autosaves go, when they are written and removed, which
ones are orphans, and how one is taken by exactly one new app."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from engine.presets import load_preset, load_table, save_table
from engine.scene import Scene, SceneError
from tui.document import Document, FileFormat
from tui.file_access import FileAccess
from tui.recovery import AUTOSAVE_DELAY_S, MAX_DELAY_S, Recovery, RecoveryError
from tui.recovery_files import Autosave, Owner, clock_time, process_start, state_dir, this_host

TABLE = FileFormat(kind="table", default_name="table.toml", load=load_table, save=save_table,
                   same=Scene.same_as, errors=(SceneError,))
GONE = Owner(this_host(), os.getpid(), "1")  # this pid, but started at another time: a process that ended


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def table_document(path: str | None = None) -> Document:
    return Document(load_preset("lecture"), TABLE, path)


def edit(document: Document, value: float = 9.0) -> None:
    document.apply(document.scene.set_score(0, 0, value))


def files(recovery: Recovery) -> list[str]:
    """What is on disk once the autosave thread has done what it was asked."""
    recovery.wait()
    return sorted(p.name for p in recovery.folder.iterdir()) if recovery.folder.exists() else []


# ------------------------------------------------------------------ where
def test_state_dir_follows_xdg_and_stays_inside_a_sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert state_dir() == tmp_path / "state" / "loss-tui"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # the XDG spec: ignore a relative one
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert state_dir() == tmp_path / "home" / ".local" / "state" / "loss-tui"
    sandbox = FileAccess.sandboxed(tmp_path)
    assert state_dir(sandbox) == tmp_path.resolve() / ".loss-tui-state"
    assert sandbox.listing() == []  # hidden: the open dialog never lists it


def test_a_process_is_its_pid_and_start_time():
    me = Owner.current()
    assert me.pid == os.getpid() and me.running()
    assert process_start(os.getpid()) == me.start
    assert not GONE.running()  # same pid, other start: the pid was reused
    assert Owner("another-host", 1, "1").running()  # cannot tell: never taken from it


def test_a_killed_process_not_yet_reaped_has_ended():
    child = subprocess.Popen(["sleep", "30"])
    started = process_start(child.pid)
    assert started is not None and Owner(this_host(), child.pid, started).running()
    child.kill()
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert not Owner(this_host(), child.pid, started).running()  # a zombie until we wait for it
    child.wait()


# ------------------------------------------------------------------ when
def test_written_once_the_scene_is_still_for_the_delay(tmp_path):
    clock = Clock()
    recovery, document = Recovery(tmp_path, clock=clock), table_document("/data/mine.toml")
    recovery.tick("losses", document)
    assert files(recovery) == []  # nothing unsaved
    edit(document, 9.0)
    recovery.tick("losses", document)
    clock.now += AUTOSAVE_DELAY_S / 2
    recovery.tick("losses", document)
    assert files(recovery) == []  # still typing: not on the key's frame, not yet
    clock.now += AUTOSAVE_DELAY_S
    recovery.tick("losses", document)
    mine = recovery.mine("losses")
    assert files(recovery) == [mine.meta_path.name, mine.path.name]
    assert mine.path.name == f"losses-{Owner.current().tag}.toml"
    assert load_table(mine.path).scores[0, 0] == 9.0  # the table file format, strict reader
    note = json.loads(mine.meta_path.read_text())
    assert note == {"view": "losses", "what": "table", "path": "/data/mine.toml", "edits": 1}
    written = mine.path.stat().st_mtime_ns
    clock.now += 5
    recovery.tick("losses", document)
    recovery.wait()
    assert mine.path.stat().st_mtime_ns == written  # unchanged scene: not written again


def test_a_scene_that_never_stops_changing_is_written_every_max_delay(tmp_path):
    clock = Clock()
    recovery, document = Recovery(tmp_path, clock=clock), table_document()
    recovery.tick("losses", document)
    steps = 0
    while not files(recovery):
        edit(document, float(steps))  # a running classifier changes its scene every tick
        clock.now += 0.5
        recovery.tick("losses", document)
        steps += 1
    assert steps * 0.5 == pytest.approx(MAX_DELAY_S, abs=0.5)


def test_removed_once_nothing_is_unsaved(tmp_path):
    clock = Clock()
    recovery, document = Recovery(tmp_path, clock=clock), table_document()
    edit(document)
    recovery.flush({"losses": document})
    assert recovery.mine("losses").path.exists()
    document.undo()  # back to the scene it opened on
    recovery.tick("losses", document)
    assert files(recovery) == []
    edit(document)
    recovery.flush({"losses": document})
    document.save(tmp_path / "saved.toml")  # a clean save
    recovery.tick("losses", document)
    assert files(recovery) == []


def test_a_deliberate_quit_discards_and_writes_no_more(tmp_path):
    recovery, document = Recovery(tmp_path), table_document()
    edit(document)
    recovery.flush({"losses": document})
    recovery.discard()
    recovery.flush({"losses": document})  # the app's exit flush
    assert files(recovery) == []


def test_a_failed_write_is_said_and_changes_nothing(tmp_path):
    (tmp_path / "autosave").write_text("a file where the folder should be")
    recovery, document = Recovery(tmp_path), table_document()
    edit(document)
    recovery.flush({"losses": document})
    assert recovery.problem.startswith("autosave failed (") and "save with ctrl+s" in recovery.problem
    assert document.has_unsaved_changes()


# ------------------------------------------------------------------ restoring
def left_by(owner: Owner, folder, value: float, age_s: float = 0, path: str | None = None) -> Autosave:
    """The autosave an app of OWNER left in FOLDER (its table's first score: VALUE)."""
    recovery, document = Recovery(folder, owner=owner), table_document(path)
    edit(document, value)
    recovery.flush({"losses": document})
    autosave = recovery.mine("losses")
    stamp = time.time() - age_s
    os.utime(autosave.path, (stamp, stamp))
    return autosave


def test_only_orphans_are_offered_newest_first(tmp_path):
    left_by(Owner(this_host(), os.getpid(), "2"), tmp_path, 1.0, age_s=600)
    newest = left_by(GONE, tmp_path, 2.0, age_s=60)
    left_by(Owner.current(), tmp_path, 3.0)  # this very process: not an orphan
    left_by(Owner("elsewhere", 7, "7"), tmp_path, 4.0)  # another machine's: cannot tell, never
    recovery = Recovery(tmp_path)
    assert [a.owner.start for a in recovery.orphans()] == ["1", "2"]
    assert recovery.offers() == [newest]


def test_the_question_says_what_when_and_how_many_edits(tmp_path):
    autosave = left_by(GONE, tmp_path, 2.0, path="/data/mine.toml")
    noon = time.mktime((2026, 3, 3, 14, 2, 0, 0, 0, -1))
    os.utime(autosave.path, (noon, noon))
    assert autosave.question(now=noon + 60) == "Restore the unsaved table from 14:02 (1 edit)?"
    assert autosave.question(now=noon + 86_400).startswith("Restore the unsaved table from 3 Mar 14:02")
    assert autosave.origin() == "/data/mine.toml"
    autosave.meta_path.write_text("not json")  # the note is a nicety: the scene alone is enough
    assert autosave.question(now=noon) == "Restore the unsaved table from 14:02?" and autosave.origin() is None
    assert clock_time(noon, noon) == "14:02"


def test_an_orphan_is_taken_by_one_app_only(tmp_path):
    orphan = left_by(GONE, tmp_path, 2.0)
    first = Recovery(tmp_path, owner=Owner(this_host(), os.getpid(), "100"))
    second = Recovery(tmp_path, owner=Owner(this_host(), os.getpid(), "200"))
    taken = first.claim(orphan)
    assert taken == first.mine("losses") and taken.meta_path.exists()
    assert second.claim(orphan) is None
    scene = Recovery.read(taken, TABLE)
    assert scene.scores[0, 0] == 2.0
    np.testing.assert_array_equal(scene.scores[1:], load_preset("lecture").scores[1:])


def test_an_unreadable_autosave_is_kept_but_not_offered_again(tmp_path):
    orphan = left_by(GONE, tmp_path, 2.0)
    orphan.path.write_text("scores = [[1, \"x\"]]\n")
    with pytest.raises(RecoveryError, match="could not be read .* it is kept as .*unreadable"):
        Recovery.read(orphan, TABLE)
    assert Recovery(tmp_path).orphans() == []
    assert list((tmp_path / "autosave").glob("*.unreadable"))


def test_a_stalled_disk_does_not_hold_up_the_exit(tmp_path, monkeypatch):
    import tui.recovery as recovery_module

    monkeypatch.setattr(recovery_module, "FLUSH_TIMEOUT_S", 0.1)
    stalled = dataclasses.replace(TABLE, save=lambda scene, path: time.sleep(2))  # a hung network home
    recovery, document = Recovery(tmp_path), Document(load_preset("lecture"), stalled)
    edit(document)
    started = time.monotonic()
    recovery.flush({"losses": document})
    assert time.monotonic() - started < 1.5 and "did not answer in 0.1 s" in recovery.problem
