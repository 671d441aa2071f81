"""The classroom sandbox: a served session's typed paths never reach outside its scratch folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.file_access import FileAccess, FileAccessError


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions" / "session-1"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text("x = 1\n")
    return folder


@pytest.fixture
def sandbox(scratch: Path) -> FileAccess:
    return FileAccess.sandboxed(scratch)


def test_sandbox_refuses_etc_passwd_for_open_and_save(sandbox):
    for resolve in (sandbox.resolve_open, sandbox.resolve_save):
        with pytest.raises(FileAccessError, match=r"^'/etc/passwd' is outside the session folder"):
            resolve("/etc/passwd")


@pytest.mark.parametrize("typed", ["../../x", "../x.toml", "sub/../../x", "..", "~/x.toml", "~root/x"])
def test_sandbox_refuses_escapes(sandbox, scratch, typed):
    with pytest.raises(FileAccessError, match="outside the session folder"):
        sandbox.resolve_save(typed)
    assert not (scratch.parent / "x").exists() and not (scratch.parent.parent / "x").exists()


def test_sandbox_refuses_a_link_that_points_outside(sandbox, scratch, tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text("secret = 1\n")
    (scratch / "innocent.toml").symlink_to(secret)
    (scratch / "out").symlink_to(tmp_path)
    for typed in ("innocent.toml", "out/secret.toml", "out/new.toml"):
        with pytest.raises(FileAccessError, match="is a link to outside the session folder"):
            sandbox.resolve_open(typed) if typed != "out/new.toml" else sandbox.resolve_save(typed)
    assert [p.name for p in sandbox.listing()] == ["mine.toml"]  # the link is not offered


def test_sandbox_accepts_plain_names_and_its_own_absolute_paths(sandbox, scratch):
    assert sandbox.resolve_open("mine.toml") == scratch.resolve() / "mine.toml"
    assert sandbox.resolve_open(str(scratch / "mine.toml")) == scratch.resolve() / "mine.toml"
    assert sandbox.resolve_save("  new.toml ") == scratch.resolve() / "new.toml"
    assert sandbox.resolve_save("./sub/../new.toml") == scratch.resolve() / "new.toml"
    assert sandbox.display(sandbox.resolve_save("new.toml")) == "new.toml"
    assert not sandbox.allows_network and sandbox.is_sandboxed


def test_sandbox_missing_file_names_what_is_there(sandbox):
    with pytest.raises(FileAccessError,
                       match=r"^no file 'nope.toml' in the session folder \(files there: mine.toml\)$"):
        sandbox.resolve_open("nope.toml")


@pytest.mark.parametrize("policy", ["plain", "sandboxed"])
def test_device_files_fifos_and_folders_are_refused(policy, scratch):
    access = FileAccess.plain() if policy == "plain" else FileAccess.sandboxed(scratch)
    fifo = scratch / "pipe.toml"
    os.mkfifo(fifo)
    (scratch / "folder.toml").mkdir()
    with pytest.raises(FileAccessError, match=r"is a FIFO \(named pipe\), not a regular file"):
        access.resolve_open(str(fifo))
    with pytest.raises(FileAccessError, match=r"is a FIFO \(named pipe\), not a regular file"):
        access.resolve_save(str(fifo))
    with pytest.raises(FileAccessError, match="is a folder"):
        access.resolve_save(str(scratch / "folder.toml"))
    with pytest.raises(FileAccessError, match="there is no folder"):
        access.resolve_save(str(scratch / "missing" / "x.toml"))
    if policy == "plain":
        with pytest.raises(FileAccessError, match="'/dev/null' is a character device, not a regular file"):
            access.resolve_save("/dev/null")
    else:  # the pipe and the folder are not offered
        assert [p.name for p in access.listing()] == ["mine.toml"]


def test_plain_expands_home_and_reaches_anywhere(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "t.toml").write_text("")
    access = FileAccess.plain()
    assert access.resolve_open("~/t.toml") == tmp_path / "t.toml"
    assert access.resolve_save("~/new.toml") == tmp_path / "new.toml"
    assert access.resolve_open("/etc/passwd") == Path("/etc/passwd")
    assert access.allows_network and not access.is_sandboxed


def test_plain_listing_is_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("b.toml", "a.TOML", "notes.txt", ".hidden.toml"):
        (tmp_path / name).write_text("")
    assert [p.name for p in FileAccess.plain().listing()] == ["a.TOML", "b.toml"]


def test_empty_and_nul_names_are_refused(sandbox):
    with pytest.raises(FileAccessError, match="type a file name"):
        sandbox.resolve_save("   ")
    with pytest.raises(FileAccessError, match="NUL"):
        sandbox.resolve_open("a\0b")


def test_sandbox_folder_must_exist(tmp_path):
    with pytest.raises(FileAccessError, match="does not exist"):
        FileAccess.sandboxed(tmp_path / "nope")
