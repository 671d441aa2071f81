"""Start the interactive app (``loss-tui [--preset NAME | FILE] [--sandbox [--scratch DIR]]``)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from engine.presets import load_preset, load_table
from engine.scene import Scene, SceneError
from tui.commands import UsageError
from tui.file_access import FileAccess, FileAccessError


def initial_scene(preset: str | None, file: str | None) -> tuple[Scene, str | None]:
    """The table the app opens on, and the file it was read from (saves go back there)."""
    if preset and file:
        raise UsageError("loss-tui: give --preset or a FILE, not both")
    try:
        if file:
            return load_table(file), file
        return load_preset(preset or "lecture"), None
    except SceneError as exc:
        raise UsageError(f"loss-tui: {exc}") from None


def file_access_for(sandbox: bool, scratch: str | None) -> FileAccess:
    """Plain, or sandboxed to SCRATCH (created if missing; a new temporary folder if None)."""
    if not (sandbox or scratch):
        return FileAccess.plain()
    try:
        folder = Path(scratch) if scratch else Path(tempfile.mkdtemp(prefix="loss-tui-scratch-"))
        folder.mkdir(exist_ok=True)
        return FileAccess.sandboxed(folder)
    except (OSError, FileAccessError) as exc:
        raise UsageError(f"loss-tui: cannot use '{scratch}' as the sandbox folder ({exc})") from None


def into_sandbox(path: str | None, access: FileAccess) -> str | None:
    """A FILE given on the command line (by whoever started the app) is copied into the sandbox,
    so the session's saves go to the copy and never back to the original."""
    if path is None or not access.is_sandboxed:
        return path
    copy = access.folder / Path(path).name
    shutil.copyfile(path, copy)
    return str(copy)


def run(args) -> int:
    scene, path = initial_scene(args.preset, args.file)
    access = file_access_for(args.sandbox, args.scratch)
    path = into_sandbox(path, access)
    from tui.app import LossApp

    app = LossApp(scene=scene, path=path, file_access=access)
    app.run()
    return app.return_code or 0  # 1 after an uncaught error, 128 + N after signal N
