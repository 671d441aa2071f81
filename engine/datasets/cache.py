"""The user's cache dir for datasets, and writing files there atomically.

cache dir = $XDG_CACHE_HOME/loss-tui if XDG_CACHE_HOME is an absolute path, else ~/.cache/loss-tui.
A file is written to a temporary name in the same folder and renamed over the target only once
complete (os.replace is atomic, engine.files), so a crash or Ctrl+C never leaves a half-written
cache file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, ContextManager

from engine.files import atomic_file

APP_NAME = "loss-tui"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/loss-tui, or ~/.cache/loss-tui when XDG_CACHE_HOME is unset or relative."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / APP_NAME


def atomic_writer(path: str | os.PathLike) -> ContextManager[IO[bytes]]:
    """A binary handle for PATH whose bytes replace it only if the block succeeds (engine.files)."""
    return atomic_file(path, make_folder=True)
