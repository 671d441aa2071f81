"""The user's cache dir for datasets, and writing files there atomically.

cache dir = $XDG_CACHE_HOME/loss-tui if XDG_CACHE_HOME is an absolute path, else ~/.cache/loss-tui.
A file is written to a temporary name in the same folder and renamed over the target only once
complete (os.replace is atomic), so a crash or Ctrl+C never leaves a half-written cache file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

APP_NAME = "loss-tui"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/loss-tui, or ~/.cache/loss-tui when XDG_CACHE_HOME is unset or relative."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / APP_NAME


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """Open a temporary file next to PATH for writing; rename it to PATH only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
