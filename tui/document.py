"""One edited file's state, for every view that edits one: the scene, undo/redo, what was last
saved, and where.

A scene is immutable (engine Scene, ClassifierScene), so undo is a stack of scenes and "modified"
is "differs from the scene last loaded or saved" (by content: undoing back to it counts as
unmodified). Paths are resolved through a ``FileAccess`` policy: plain (``~`` expanded), or
sandboxed to one folder for a served classroom session.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from tui.file_access import FileAccess

S = TypeVar("S")
UNDO_LIMIT = 500  # scenes kept for ctrl+z; a table is a few KB


class DocumentError(ValueError):
    """A file that cannot be opened or saved; the message is one line fit to show the user."""


@dataclass(frozen=True)
class FileFormat(Generic[S]):
    """How one kind of scene is read and written; ``errors`` are what load/save raise."""

    kind: str  # "table", "classifier scene": in messages
    default_name: str  # offered by "save as"
    load: Callable[[Path], S]
    save: Callable[[S, Path], object]
    same: Callable[[S, S], bool]
    errors: tuple[type[Exception], ...]


class Document(Generic[S]):
    """The current scene of one view, with undo/redo and its file."""

    def __init__(self, scene: S, fmt: FileFormat[S], path: str | None = None,
                 access: FileAccess | None = None) -> None:
        self.scene = self.saved = scene
        self.format = fmt
        self.path = path
        self.access = access or FileAccess.plain()
        self.history: list[S] = []
        self.future: list[S] = []
        self.edits = 0  # undoable changes since the last load or save (the restore question says it)

    # --- changes
    def apply(self, new: S) -> None:
        """Make ``new`` current; ctrl+z brings back the one before."""
        self.history = (self.history + [self.scene])[-UNDO_LIMIT:]
        self.future.clear()
        self.scene = new
        self.edits += 1

    def replace(self, new: S) -> None:
        """Make ``new`` current without an undo step (a jiggle taken back, a running animation)."""
        self.scene = new

    def undo(self) -> bool:
        if not self.history:
            return False
        self.future.append(self.scene)
        self.scene = self.history.pop()
        self.edits += 1
        return True

    def redo(self) -> bool:
        if not self.future:
            return False
        self.history.append(self.scene)
        self.scene = self.future.pop()
        self.edits += 1
        return True

    @property
    def display_path(self) -> str:
        """The file's name as the user should see it ("" for none): relative inside a sandbox."""
        return self.access.display(Path(self.path)) if self.path else ""

    def has_unsaved_changes(self) -> bool:
        """The scene differs from the last one loaded or saved (by content)."""
        return not self.format.same(self.scene, self.saved)

    # --- files
    def open(self, text: str) -> S:
        """Load the file ``text`` names (undoable); DocumentError says why not, changing nothing."""
        unchanged = f" — the current {self.format.kind} is unchanged"
        try:
            path = self._resolve(text, self.access.resolve_open)
            scene = self.format.load(path)
        except (DocumentError, *self.format.errors) as exc:
            raise DocumentError(f"{exc}{unchanged}") from None
        self.load(scene, str(path))
        return scene

    def load(self, scene: S, path: str | None) -> None:
        """Show ``scene`` (undoable), from the file ``path`` or none (a preset)."""
        self.apply(scene)
        self.saved, self.path, self.edits = scene, path, 0

    def restore(self, scene: S, path: str | None, edits: int = 1) -> None:
        """Bring back unsaved work (an autosave, tui/recovery.py): undoable, still unsaved, and
        ctrl+s writes it to ``path``, the file it was being edited for."""
        self.apply(scene)
        self.path, self.edits = path, edits

    def save(self, text: str | os.PathLike | None = None) -> Path:
        """Write the scene to ``text`` (default: its file) atomically; DocumentError says why not."""
        text = self.path if text is None else os.fspath(text)
        if not text:
            raise DocumentError(f"type a file name, e.g. {self.format.default_name}")
        path = self._resolve(text, self.access.resolve_save)
        try:
            self.format.save(self.scene, path)
        except self.format.errors as exc:
            raise DocumentError(str(exc)) from None
        self.saved, self.path, self.edits = self.scene, str(path), 0
        return path

    def resolve_save(self, text: str) -> Path:
        """Where "save as" would write ``text`` (to ask before overwriting it)."""
        return self._resolve(text, self.access.resolve_save)

    @staticmethod
    def _resolve(text: str, resolve: Callable[[str], Path]) -> Path:
        try:
            return resolve(text)
        except (ValueError, OSError) as exc:
            raise DocumentError(str(exc)) from None
