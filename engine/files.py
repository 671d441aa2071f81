"""Reading a user's file without surprises, and saving one so it does what the user meant.

Reading: only regular files (a FIFO would block, /dev/zero never ends), checked with stat before
opening and with fstat after (opened O_NONBLOCK, so even a FIFO swapped in between cannot block),
and never more than a size cap.

Saving: the path must be a regular file or new. Through a symlink the link's target is written
(the link stays a link). The bytes go to a temporary ``.NAME.XXXXXXXX.tmp`` beside the target,
are fsynced, then renamed over it (os.replace is atomic): a crash leaves the old file or the new
one, never half of one. The existing file's mode is kept; a new file gets 0666 minus the umask,
as any program's. A clean failure removes the temporary file; one left by a kill is ignored
(names are random) and removed by a later save once it is an hour old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from pathlib import Path
from typing import BinaryIO, Iterator

from engine.names import printable

STALE_TEMP_S = 3600  # a temporary file this old is left from a killed save, not one in progress


class FileProblem(OSError):
    """A file that cannot be read or saved as asked; the message is one line naming the file."""


def kind_of(st: os.stat_result) -> str:
    """"a folder", "a FIFO (named pipe)", "a character device", …"""
    mode = st.st_mode
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def shown_path(path) -> str:
    return printable(os.fspath(path))


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def regular_stat(path, what: str = "file") -> os.stat_result:
    """stat(PATH) (symlinks followed) if it is a regular file; FileProblem saying what it is otherwise."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FileProblem(f"{shown_path(path)}: no such file") from None
    except OSError as exc:
        raise FileProblem(f"{shown_path(path)}: cannot read ({_reason(exc)})") from None
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(f"{shown_path(path)}: is {kind_of(st)}, not a {what}")
    return st


def read_bounded(path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of the regular file PATH, refused (FileProblem) beyond MAX_BYTES without reading on."""
    too_large = f"{shown_path(path)}: is larger than {max_bytes:,} bytes, too large for a {what}"
    if regular_stat(path, what).st_size > max_bytes:
        raise FileProblem(too_large)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise FileProblem(f"{shown_path(path)}: cannot read ({_reason(exc)})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped after the stat above
            raise FileProblem(f"{shown_path(path)}: is {kind_of(st)}, not a {what}")
        chunks, size = [], 0
        while size <= max_bytes and (chunk := os.read(fd, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except FileProblem:
        raise
    except OSError as exc:
        raise FileProblem(f"{shown_path(path)}: cannot read ({_reason(exc)})") from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise FileProblem(too_large)
    return b"".join(chunks)


def save_target(path) -> tuple[Path, os.stat_result | None]:
    """(the file a save of PATH writes — a symlink's final target —, its stat or None when new)."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise FileProblem(f"{shown_path(path)}: cannot save ({_reason(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem(f"{shown_path(path)}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(f"{shown_path(path)}: is {kind_of(st)}, not a regular file; "
                          "choose another name")
    return target, st


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new ``.NAME.XXXXXXXX.tmp`` beside TARGET, created 0666 minus the umask like any new file."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):  # only root (or a member of the group) may
            os.fchown(fd, old.st_uid, old.st_gid)


def _sync_folder(folder: Path) -> None:
    """fsync the folder so the rename itself survives a power cut (best effort: not every FS can)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temps(target: Path, age_s: float = STALE_TEMP_S) -> list[Path]:
    """Delete our own ``.NAME.*.tmp`` files beside TARGET older than AGE_S (left by a kill)."""
    return remove_stale_temps_in(target.parent, f".{glob_escape(target.name)}.*.tmp", age_s)


def remove_stale_temps_in(folder: Path, pattern: str = ".*.tmp", age_s: float = STALE_TEMP_S) -> list[Path]:
    """Delete our own regular files matching PATTERN in FOLDER whose last change is AGE_S old."""
    removed, now = [], time.time()
    with contextlib.suppress(OSError):
        for tmp in folder.glob(pattern):
            with contextlib.suppress(OSError):
                st = tmp.lstat()
                if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and now - st.st_mtime > age_s:
                    tmp.unlink()
                    removed.append(tmp)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextlib.contextmanager
def atomic_file(path, make_folder: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace PATH (or its symlink's target) only if the block succeeds.

    Raises FileProblem for a path that is not a regular file or new, OSError from writing,
    fsync or renaming (the temporary file is removed and PATH is untouched).
    """
    target, old = save_target(path)
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            if old is not None:
                _keep_owner_and_mode(handle.fileno(), old)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
    remove_stale_temps(target)
