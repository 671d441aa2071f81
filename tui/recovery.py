"""Unsaved edits outlive a crash, a kill or a dropped SSH link (issue 11): autosave and restore.

No Textual here: the app (tui/app_recovery.py) calls ``Recovery.tick`` from a timer twice a
second, never on a key's frame. Once a view's unsaved scene has been still for AUTOSAVE_DELAY_S
(or has kept changing for MAX_DELAY_S: a running classifier), it is written to

    STATE/autosave/VIEW-HOST-PID-START.toml  the scene in its own file format, by the engine's
                                             atomic writer (read back by the same strict loader)
    STATE/autosave/VIEW-HOST-PID-START.json  what the restore question says: the file it was
                                             edited for, how many edits, when

STATE is $XDG_STATE_HOME/loss-tui (~/.local/state/loss-tui), or a hidden folder in a sandbox.
The name carries the process (host, pid, start time): apps running at once (students on one
server) never touch each other's files, and one whose process is gone is an *orphan*. The next
start offers the newest orphan of each view; taking it renames it to the new process's name
first, so two apps starting together cannot both take it.

Removed: after a save or an undo back to the saved scene (nothing unsaved: the next tick), on a
quit with nothing unsaved, and on a deliberate quit without saving (q, then q again). Kept: a
crash, kill -9, SIGTERM or SIGHUP (those two write it first), a closed terminal or SSH link.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.files import FileProblem, read_bounded
from engine.tomlfile import write_atomic
from tui.document import Document, FileFormat
from tui.file_access import FileAccess

APP_NAME = "loss-tui"
TICK_S = 0.5  # how often the app calls tick: a change is written 1–1.5 s after it
AUTOSAVE_DELAY_S = 1.0
MAX_DELAY_S = 10.0
META_MAX_BYTES = 64 * 1024
WHAT = {"losses": "table", "classifier": "classifier scene"}  # view id → what the question calls it
_NAME = re.compile(r"(?P<view>[a-z]+)-(?P<host>[A-Za-z0-9._]+)-(?P<pid>\d+)-(?P<start>\d+)\.toml")


class RecoveryError(Exception):
    """An autosave that cannot be written or read back; the message is one line."""


def state_dir(access: FileAccess | None = None) -> Path:
    """$XDG_STATE_HOME/loss-tui (~/.local/state/loss-tui when unset or relative); inside a
    sandbox, a hidden folder in it (a served session must not reach the server's home)."""
    if access is not None and access.is_sandboxed:
        return access.folder / f".{APP_NAME}-state"
    base = os.environ.get("XDG_STATE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / APP_NAME


def process_start(pid: int) -> str | None:
    """When PID started (clock ticks since boot: /proc/PID/stat field 22), or None when no such
    process runs (or there is no /proc). A pid is reused; a pid with its start time is not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19] if len(fields) > 19 and fields[19].isdigit() else None


def this_host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:64] or "host"


@dataclass(frozen=True)
class Owner:
    """The process an autosave belongs to."""

    host: str
    pid: int
    start: str

    @classmethod
    def current(cls) -> "Owner":
        pid = os.getpid()
        return cls(this_host(), pid, process_start(pid) or _STARTED)

    @property
    def tag(self) -> str:
        return f"{self.host}-{self.pid}-{self.start}"

    def running(self) -> bool:
        """Still running? Another machine's process (a shared home) counts as running: we cannot
        tell, so its autosave is never taken from it."""
        if self.host != this_host():
            return True
        started = process_start(self.pid)
        if started is not None or Path("/proc/self/stat").exists():
            return started == self.start
        try:  # no /proc: the pid alone
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


_STARTED = str(int(time.time()))  # the start time in names where there is no /proc


@dataclass(frozen=True)
class Autosave:
    """One autosave on disk: ``path`` the scene (.toml), ``meta_path`` what the question says."""

    view: str
    owner: Owner
    path: Path

    @classmethod
    def parse(cls, path: Path) -> "Autosave | None":
        match = _NAME.fullmatch(path.name)
        if not match:
            return None
        owner = Owner(match["host"], int(match["pid"]), match["start"])
        return cls(match["view"], owner, path)

    @property
    def meta_path(self) -> Path:
        return self.path.with_suffix(".json")

    def meta(self) -> dict:
        """The .json beside it ({} when missing or unreadable: the scene alone is enough)."""
        try:
            data = json.loads(read_bounded(self.meta_path, META_MAX_BYTES, "autosave note"))
        except (FileProblem, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def origin(self) -> str | None:
        """The file the scene was being edited for (None: none yet, a preset)."""
        path = self.meta().get("path")
        return path if isinstance(path, str) and path and "\0" not in path else None

    def question(self, now: float | None = None) -> str:
        """"Restore the unsaved table from 14:02 (3 edits)?" """
        meta = self.meta()
        what = meta.get("what") if meta.get("what") in WHAT.values() else WHAT.get(self.view, self.view)
        try:
            saved = self.path.stat().st_mtime
        except OSError:
            saved = time.time()
        edits = meta.get("edits")
        count = f" ({edits} edit{'s' * (edits != 1)})" if isinstance(edits, int) and edits > 0 else ""
        return f"Restore the unsaved {what} from {clock_time(saved, now)}{count}?"

    def remove(self) -> None:
        for path in (self.path, self.meta_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def clock_time(epoch: float, now: float | None = None) -> str:
    """14:02 today, "3 Mar 14:02" on another day."""
    then, today = datetime.fromtimestamp(epoch), datetime.fromtimestamp(time.time() if now is None else now)
    return f"{then:%H:%M}" if then.date() == today.date() else f"{then.day} {then:%b %H:%M}"


@dataclass
class _Watch:
    """What tick knows of one view's document between calls."""

    document: Document
    seen: object  # the scene at the last tick
    changed_at: float  # when ``seen`` was first seen
    pending_since: float | None = None  # the first change not yet written
    written: object = None  # the scene in this process's autosave (None: no file)


class Recovery:
    """This process's autosaves in ``folder``/autosave, and the orphans left by others."""

    def __init__(self, folder: Path, owner: Owner | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = Path(folder) / "autosave"
        self.owner = owner or Owner.current()
        self.clock = clock
        self.watches: dict[str, _Watch] = {}
        self.discarded = False  # a deliberate quit without saving: write nothing more
        self.problem: str | None = None  # why the last write failed (the app says it once)

    def mine(self, view: str) -> Autosave:
        return Autosave(view, self.owner, self.folder / f"{view}-{self.owner.tag}.toml")

    # --- writing (the app's timer, a signal, the app's exit)
    def tick(self, view: str, document: Document) -> None:
        """Write VIEW's unsaved scene once it has been still AUTOSAVE_DELAY_S; remove the file
        once nothing is unsaved."""
        now = self.clock()
        watch = self.watches.get(view)
        if watch is None or watch.document is not document:
            watch = self.watches[view] = _Watch(document, document.scene, now)
        if document.scene is not watch.seen:
            watch.seen, watch.changed_at = document.scene, now
            watch.pending_since = watch.pending_since or now
        if self.discarded:
            return
        if not document.has_unsaved_changes():
            self._remove(view, watch)
        elif document.scene is not watch.written and (
                now - watch.changed_at >= AUTOSAVE_DELAY_S
                or (watch.pending_since is not None and now - watch.pending_since >= MAX_DELAY_S)):
            self._write(view, watch)

    def flush(self, documents: dict[str, Document] | None = None) -> None:
        """Now, whatever the delay: write every unsaved scene, remove the rest (exit, signals)."""
        for view, document in (documents or {}).items():
            self.tick(view, document)
        for view, watch in list(self.watches.items()):
            if self.discarded:
                return
            if not watch.document.has_unsaved_changes():
                self._remove(view, watch)
            elif watch.document.scene is not watch.written:
                self._write(view, watch)

    def discard(self) -> None:
        """A deliberate quit without saving: remove this process's autosaves, write no more."""
        self.discarded = True
        for view, watch in self.watches.items():
            self._remove(view, watch)

    def _write(self, view: str, watch: _Watch) -> None:
        document, target = watch.document, self.mine(view)
        scene = document.scene
        note = {"view": view, "what": document.format.kind, "path": document.path,
                "edits": document.edits, "saved": time.time()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            document.format.save(scene, target.path)
            write_atomic(target.meta_path, json.dumps(note), RecoveryError)
        except (*document.format.errors, RecoveryError, OSError) as exc:
            self.problem = f"autosave failed ({' '.join(str(exc).split())}); save with ctrl+s"
            watch.changed_at = self.clock()  # try again after the delay, not on every tick
            return
        watch.written, watch.pending_since, self.problem = scene, None, None

    def _remove(self, view: str, watch: _Watch) -> None:
        if watch.written is not None or self.mine(view).path.exists():
            self.mine(view).remove()
        watch.written, watch.pending_since = None, None

    # --- restoring (the next start)
    def orphans(self) -> list[Autosave]:
        """Autosaves whose process is gone, newest first."""
        found = []
        with contextlib.suppress(OSError):
            for path in self.folder.glob("*.toml"):
                autosave = Autosave.parse(path)
                if autosave is not None and autosave.owner != self.owner and not autosave.owner.running():
                    with contextlib.suppress(OSError):
                        found.append((path.stat().st_mtime, autosave))
        return [autosave for _, autosave in sorted(found, key=lambda pair: -pair[0])]

    def offers(self) -> list[Autosave]:
        """The newest orphan of each view, in the order of WHAT (older ones wait for later starts)."""
        newest: dict[str, Autosave] = {}
        for autosave in self.orphans():
            newest.setdefault(autosave.view, autosave)
        return [newest[view] for view in WHAT if view in newest]

    def claim(self, orphan: Autosave) -> Autosave | None:
        """Make ORPHAN this process's autosave of its view (a rename: atomic), or None when
        another app took it first."""
        target = self.mine(orphan.view)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(orphan.path, target.path)
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.replace(orphan.meta_path, target.meta_path)
        return target

    @staticmethod
    def read(autosave: Autosave, fmt: FileFormat):
        """The scene in AUTOSAVE, by its format's strict loader; RecoveryError says why not (the
        file is then renamed *.unreadable: kept, but not offered again)."""
        try:
            return fmt.load(autosave.path)
        except fmt.errors as exc:
            kept = autosave.path.with_name(autosave.path.name + ".unreadable")
            with contextlib.suppress(OSError):
                os.replace(autosave.path, kept)
            raise RecoveryError(f"the autosave could not be read ({exc}); it is kept as {kept}") from None
