"""Which files a typed path may reach: anywhere (a person at their own terminal) or only one
scratch folder (a student in a served classroom session, where the app runs as the server's user).

Pure paths and ``os`` calls, no Textual: the open and save dialogs ask the policy to turn what was
typed into a Path, and show ``FileAccessError``'s one-line message when it refuses::

    access = FileAccess.sandboxed(scratch)          # or FileAccess.plain()
    path = access.resolve_open("my-table.toml")     # FileAccessError for /etc/passwd, ../../x …

The sandbox checks the path *after* following symlinks, so a link inside the folder that points
outside is refused like the outside path itself; device files, FIFOs and sockets are never opened
or replaced, in either policy (reading /dev/zero never ends; replacing /dev/null as root breaks it).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from engine.files import kind_of

TABLE_SUFFIXES = (".toml",)


class FileAccessError(ValueError):
    """A typed path this policy refuses; the message is one line, ready to show."""


@dataclass(frozen=True)
class FileAccess:
    """``root`` None: plain (any path, ``~`` expanded). Otherwise every path stays inside ``root``."""

    root: Path | None = None

    @classmethod
    def plain(cls) -> "FileAccess":
        return cls(None)

    @classmethod
    def sandboxed(cls, folder: str | os.PathLike) -> "FileAccess":
        """Only files inside FOLDER (which must exist) can be opened or written."""
        root = Path(folder).resolve()
        if not root.is_dir():
            raise FileAccessError(f"the sandbox folder '{folder}' does not exist")
        return cls(root)

    @property
    def is_sandboxed(self) -> bool:
        return self.root is not None

    @property
    def allows_network(self) -> bool:
        """Downloads (fetch) are for a person at their own machine, never for a served session."""
        return self.root is None

    @property
    def folder(self) -> Path:
        """Where relative paths start, and what ``listing`` lists: the sandbox or the cwd."""
        return self.root if self.root is not None else Path.cwd()

    def resolve_open(self, text: str | os.PathLike) -> Path:
        """The existing regular file TEXT names, or FileAccessError saying why not."""
        path = self._resolve(text)
        if not path.exists():
            where = " in the session folder" if self.root is not None else ""
            raise FileAccessError(f"no file '{self.display(path)}'{where}{self._offer()}")
        if path.is_dir():
            raise FileAccessError(f"'{self.display(path)}' is a folder, not a file: type a file name")
        if not stat.S_ISREG(path.stat().st_mode):
            raise FileAccessError(f"'{self.display(path)}' is {kind_of(path.stat())}, not a regular file")
        return path

    def resolve_save(self, text: str | os.PathLike) -> Path:
        """Where saving to TEXT writes (a new or regular file in an existing folder)."""
        path = self._resolve(text)
        if path.is_dir():
            raise FileAccessError(f"'{self.display(path)}' is a folder: type a file name in it")
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            raise FileAccessError(f"'{self.display(path)}' is {kind_of(path.stat())}, not a regular file")
        if not path.parent.is_dir():
            raise FileAccessError(f"there is no folder '{self.display(path.parent)}' to save in")
        return path

    def listing(self, suffixes: tuple[str, ...] = TABLE_SUFFIXES) -> list[Path]:
        """Regular files directly in ``folder`` with one of SUFFIXES, by name (links out excluded)."""
        try:
            entries = sorted(self.folder.iterdir())
        except OSError:
            return []
        found = []
        for entry in entries:
            if entry.suffix.lower() not in suffixes or entry.name.startswith("."):
                continue
            try:
                found.append(self.resolve_open(entry.name))
            except (FileAccessError, OSError):
                continue
        return found

    def display(self, path: Path) -> str:
        """PATH as the user should see it: inside the sandbox relative to it (the server's own
        folder names are none of a student's business); otherwise as is."""
        if self.root is not None:
            try:
                return str(path.relative_to(self.root)) if path != self.root else "."
            except ValueError:
                return str(path)
        return str(path)

    # ------------------------------------------------------------------ checks
    def _resolve(self, text: str | os.PathLike) -> Path:
        typed = os.fspath(text).strip()
        if not typed:
            raise FileAccessError("type a file name, e.g. my-table.toml")
        if "\0" in typed:
            raise FileAccessError("a file name cannot contain a NUL character")
        if self.root is None:
            return Path(os.path.expanduser(typed))
        return self._inside(typed)

    def _inside(self, typed: str) -> Path:
        """TYPED relative to the sandbox; refused when it (or a link on the way) leads outside."""
        hint = "only the session folder can be used: type a plain name like my-table.toml"
        if typed.startswith("~"):
            raise FileAccessError(f"'{typed}' is outside the session folder; {hint}")
        candidate = self.root / typed  # an absolute TYPED replaces root here
        lexical = Path(os.path.normpath(candidate))
        if not _within(lexical, self.root):
            raise FileAccessError(f"'{typed}' is outside the session folder; {hint}")
        resolved = candidate.resolve()
        if not _within(resolved, self.root):
            raise FileAccessError(f"'{typed}' is a link to outside the session folder; {hint}")
        return resolved

    def _offer(self) -> str:
        names = [self.display(p) for p in self.listing()]
        if self.root is None or not names:
            return ""
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        return f" (files there: {shown})"


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
