"""Score tables as TOML files: the lecture presets in assets/presets, and user save files.

File format (what ``loss-tui compute --preset`` reads and the app saves)::

    title = "..."                       # optional
    classes = ["cat", "car", "frog"]
    examples = ["cat image", ...]       # optional
    labels = ["cat", 1, "frog"]         # class names or indices, one per example
    scores = [[3.2, 5.1, -1.7], ...]    # one row per example, scores in class order
    [settings]                          # optional: scale, margin, include_true, ...
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from engine.scene import Scene, SceneError
from engine.tomlfile import read_toml, write_atomic

PRESET_DIR = resources.files("assets") / "presets"  # inside the installed package, not beside it
SETTINGS = ("scale", "margin", "include_true", "mean_over_classes", "squared", "log_base",
            "reg_kind", "lam", "beta", "w_sq", "w_abs")


def preset_names() -> list[str]:
    """Names of the shipped presets, lecture first."""
    names = sorted(p.name.removesuffix(".toml") for p in PRESET_DIR.iterdir() if p.name.endswith(".toml"))
    return sorted(names, key=lambda n: (n != "lecture", n))


def load_preset(name: str) -> Scene:
    """The shipped preset NAME (e.g. "lecture", "single", "cifar10")."""
    if name not in preset_names():
        raise SceneError(f"unknown preset {name!r}; choose one of {', '.join(preset_names())}")
    with resources.as_file(PRESET_DIR / f"{name}.toml") as path:
        return load_table(path)


def load_table(path: str | os.PathLike) -> Scene:
    """Read a table file; any problem becomes a SceneError naming the file."""
    path = Path(path)
    data = read_toml(path, SceneError, "table file")
    try:
        return scene_from_dict(data)
    except SceneError as exc:
        raise SceneError(f"{path}: {exc}") from None


def _label_index(token, classes: list[str]) -> int:
    if isinstance(token, bool):
        raise SceneError(f"label {token!r} is not a class name or index")
    if isinstance(token, int):
        if not 0 <= token < len(classes):
            raise SceneError(f"label {token} is out of range 0..{len(classes) - 1}")
        return token
    if isinstance(token, str) and token in classes:
        return classes.index(token)
    raise SceneError(f"label {token!r} is not one of the classes {', '.join(classes)}")


def scene_from_dict(data: dict) -> Scene:
    """A Scene from the file format's dict (validated)."""
    for key in ("classes", "labels", "scores"):
        if key not in data:
            raise SceneError(f"missing {key!r}")
    classes = data["classes"]
    if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
        raise SceneError("'classes' must be a list of names")
    rows = data["scores"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise SceneError("'scores' must be a list of rows, one per example")
    for i, row in enumerate(rows):
        if len(row) != len(classes):
            raise SceneError(f"scores row {i + 1} has {len(row)} values for {len(classes)} classes")
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise SceneError(f"score {v!r} in row {i + 1} is not a number")
    labels = data["labels"]
    if not isinstance(labels, list) or len(labels) != len(rows):
        raise SceneError(f"'labels' must have one entry per example ({len(rows)})")
    settings = data.get("settings", {})
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise SceneError(f"unknown setting {sorted(unknown)[0]!r}")
    examples = data.get("examples") or ()
    return Scene(classes=tuple(classes), scores=rows or [[]],
                 labels=tuple(_label_index(t, classes) for t in labels),
                 examples=tuple(examples), title=str(data.get("title", "")), **settings)


def scene_to_toml(scene: Scene) -> str:
    """The file format for a Scene; labels by name, so the file reads like the slide."""
    q = json.dumps  # a JSON string or number is a valid TOML one
    lines = [f"title = {q(scene.title)}",
             f"classes = [{', '.join(q(c) for c in scene.classes)}]",
             f"examples = [{', '.join(q(e) for e in scene.examples)}]",
             f"labels = [{', '.join(q(scene.classes[y]) for y in scene.labels)}]",
             "# one row per example, scores in class order (at scale 1)",
             "scores = ["]
    lines += [f"  [{', '.join(repr(float(v)) for v in row)}]," for row in scene.scores]
    lines += ["]", "", "[settings]"]
    for name in SETTINGS:
        value = getattr(scene, name)
        lines.append(f"{name} = {q(value) if not isinstance(value, float) else repr(value)}")
    return "\n".join(lines) + "\n"


def save_table(scene: Scene, path: str | os.PathLike) -> Path:
    """Write atomically (temp file in the same folder, fsync, rename): never a half file."""
    return write_atomic(path, scene_to_toml(scene), SceneError)
