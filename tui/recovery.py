"""Unsaved edits outlive a crash, a kill or a dropped SSH link (issue 11): autosave and restore.

No Textual here: the app (tui/app_recovery.py) calls ``Recovery.tick`` from a timer twice a
second. Once a view's unsaved scene has been still for AUTOSAVE_DELAY_S (or has kept changing
for MAX_DELAY_S: a running classifier), it is written (tui/recovery_files.py says where) by the
scene's own file format, through the engine's atomic writer, on a thread of its own: a write
fsyncs twice (~25 ms here, more on a network home), so it never holds up a key. Scenes are
immutable, so the thread writes exactly the scene the tick saw.

The next start offers the newest orphan of each view; taking it renames it to the new process's
name first, so two apps starting together cannot both take it.

Removed: after a save or an undo back to the saved scene (nothing unsaved: the next tick), on a
quit with nothing unsaved, and on a deliberate quit without saving (q, then q again). Kept: a
crash, kill -9, SIGTERM or SIGHUP (those two write it first), a closed terminal or SSH link.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from engine.tomlfile import write_atomic
from tui.document import Document, FileFormat
from tui.recovery_files import WHAT, Autosave, Owner

TICK_S = 0.5  # how often the app calls tick: a change is written 1–1.5 s after it
AUTOSAVE_DELAY_S = 1.0
MAX_DELAY_S = 10.0
FLUSH_TIMEOUT_S = 5.0


class RecoveryError(Exception):
    """An autosave that cannot be written or read back; the message is one line."""


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
        self._disk = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")  # in order

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
        """Now, whatever the delay: write every unsaved scene, remove the rest, and wait until
        the disk has it (exit, signals)."""
        for view, document in (documents or {}).items():
            self.tick(view, document)
        for view, watch in list(self.watches.items()):
            if self.discarded:
                break
            if not watch.document.has_unsaved_changes():
                self._remove(view, watch)
            elif watch.document.scene is not watch.written:
                self._write(view, watch)
        self.wait()

    def discard(self) -> None:
        """A deliberate quit without saving: remove this process's autosaves, write no more."""
        self.discarded = True
        for view, watch in self.watches.items():
            self._remove(view, watch)
        self.wait()

    def close(self) -> None:
        """After the last flush (the app's exit): the writer thread ends. Left idle, it kept what
        it was started with (Textual's stderr capture, and through it the whole app) alive for
        the rest of the process: every app a test, the fuzzer or a long serve process started."""
        self._disk.shutdown(wait=False)

    def wait(self) -> bool:
        """Until every write and removal asked for so far is on disk (False: the disk did not
        answer within FLUSH_TIMEOUT_S, e.g. a stalled network home; the app must not hang)."""
        try:
            self._disk.submit(lambda: None).result(FLUSH_TIMEOUT_S)
        except FutureTimeout:
            self.problem = f"autosave: the disk did not answer in {FLUSH_TIMEOUT_S:g} s"
            return False
        return True

    def _write(self, view: str, watch: _Watch) -> None:
        document, scene = watch.document, watch.document.scene
        note = json.dumps({"view": view, "what": document.format.kind, "path": document.path,
                           "edits": document.edits})
        watch.written, watch.pending_since = scene, None
        self._disk.submit(self._store, watch, scene, document.format, self.mine(view), note)

    def _store(self, watch: _Watch, scene, fmt: FileFormat, target: Autosave, note: str) -> None:
        """On the autosave thread: the scene, then the note, each atomically."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fmt.save(scene, target.path)
            write_atomic(target.meta_path, note, RecoveryError)
        except (*fmt.errors, RecoveryError, OSError) as exc:
            self.problem = f"autosave failed ({' '.join(str(exc).split())}); save with ctrl+s"
            if watch.written is scene:  # try again after the delay, not on every tick
                watch.written, watch.changed_at = None, self.clock()
            return
        self.problem = None

    def _remove(self, view: str, watch: _Watch) -> None:
        if watch.written is not None or self.mine(view).path.exists():
            self._disk.submit(self.mine(view).remove)
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
