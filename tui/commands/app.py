"""Start the interactive app (``loss-tui [--preset NAME | FILE]``)."""

from __future__ import annotations

from engine.presets import load_preset, load_table
from engine.scene import Scene, SceneError
from tui.commands import UsageError


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


def run(args) -> int:
    scene, path = initial_scene(args.preset, args.file)
    from tui.app import LossApp

    LossApp(scene=scene, path=path).run()
    return 0
