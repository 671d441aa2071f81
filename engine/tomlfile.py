"""Reading and atomically writing small TOML files, with errors fit to show the user.

``error`` is the caller's exception class (SceneError, ClassifierError, ...) so each file
format keeps its own error type; ``what`` names the kind of file in messages.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path


def read_toml(path: str | os.PathLike, error: type[Exception], what: str = "file") -> dict:
    """The parsed TOML of path; any problem becomes ``error`` naming the file."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not a valid {what} ({exc})") from None


def write_atomic(path: str | os.PathLike, text: str, error: type[Exception]) -> Path:
    """Write via a temp file in the same folder, fsync, rename: never a half-written file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(f"{path}: cannot save ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"{path}: cannot save ({exc.strerror or exc})") from None
    return path
