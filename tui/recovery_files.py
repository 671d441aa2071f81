"""Where autosaves live and whose they are (tui/recovery.py writes and offers them).

    STATE/autosave/VIEW-HOST-PID-START.toml  the scene, in its view's own file format
    STATE/autosave/VIEW-HOST-PID-START.json  what the restore question says: the file it was
                                             edited for, how many edits

STATE is $XDG_STATE_HOME/loss-tui (~/.local/state/loss-tui), or a hidden folder in a sandbox.
The name carries the process (host, pid, start time): apps running at once (students on one
server) never touch each other's files, and one whose process is gone is an *orphan*.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.files import FileProblem, read_bounded
from tui.file_access import FileAccess

APP_NAME = "loss-tui"
META_MAX_BYTES = 64 * 1024
WHAT = {"losses": "table", "classifier": "classifier scene"}  # view id → what the question calls it
_NAME = re.compile(r"(?P<view>[a-z]+)-(?P<host>[A-Za-z0-9._]+)-(?P<pid>\d+)-(?P<start>\d+)\.toml")


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
    process runs (or there is no /proc). A pid is reused; a pid with its start time is not. A
    zombie (killed, not yet reaped by its parent) has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if len(fields) < 20 or fields[0] in ("Z", "X") or not fields[19].isdigit():
        return None
    return fields[19]


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
