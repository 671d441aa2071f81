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

from engine.files import shown_path
from engine.losses import LOG_BASES
from engine.names import MAX_NAME_LENGTH, MAX_TITLE_LENGTH, quoted
from engine.numbers import (MAX_ABS_SCORE, MAX_CLASSES, MAX_EXAMPLES, MAX_LAMBDA, MAX_SCALE, MIN_SCALE,
                           SCALE_RANGE_TEXT)
from engine.regularization import KINDS as REG_KINDS
from engine.scene import Scene, SceneError
from engine.schema import Choice, Either, Flag, Integer, List, Number, SchemaError, Table, Text, check
from engine.tomlfile import read_toml, write_atomic

PRESET_DIR = resources.files("assets") / "presets"  # inside the installed package, not beside it
SETTINGS_SCHEMA = Table({
    "scale": Number(MIN_SCALE, MAX_SCALE, SCALE_RANGE_TEXT),
    "margin": Number(-MAX_ABS_SCORE, MAX_ABS_SCORE),
    "include_true": Flag(), "mean_over_classes": Flag(), "squared": Flag(),
    "log_base": Choice(tuple(LOG_BASES)),
    "reg_kind": Choice(REG_KINDS),
    **{name: Number(0.0, MAX_LAMBDA) for name in ("lam", "beta", "w_sq", "w_abs")},
}, noun="setting", prefix="settings.")
SETTINGS = tuple(SETTINGS_SCHEMA.fields)  # in the order a save writes them
NAME = Text(MAX_NAME_LENGTH, empty_ok=False)
TABLE_SCHEMA = Table({
    "title": Text(MAX_TITLE_LENGTH),
    "classes": List(NAME, MAX_CLASSES, 2, entry="class {n}", kind="a list of class names"),
    "examples": List(NAME, MAX_EXAMPLES, entry="example {n}", kind="a list of example names"),
    "labels": List(Either((NAME, Integer(0, MAX_CLASSES - 1)), "a class name or index"), MAX_EXAMPLES, 1,
                   entry="label {n}", kind="a list of class names or indices"),
    "scores": List(List(Number(), MAX_CLASSES, entry="score {{value}} in {where}",  # the Scene checks ±1e6
                        kind="a list of scores"),
                   MAX_EXAMPLES, 1, entry="row {n}",
                   kind="a list of rows, one per example"),
    "settings": SETTINGS_SCHEMA,
}, required=("classes", "labels", "scores"))


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
        raise SceneError(f"{shown_path(path)}: {exc}") from None


def _label_index(token, classes: list[str]) -> int:
    if isinstance(token, int):
        if not 0 <= token < len(classes):
            raise SceneError(f"label {token} is out of range 0..{len(classes) - 1}")
        return token
    if token in classes:
        return classes.index(token)
    raise SceneError(f"label {quoted(token)} is not one of the classes {', '.join(classes)}")


def scene_from_dict(data: dict) -> Scene:
    """A Scene from the file format's dict: TABLE_SCHEMA, then row lengths and labels."""
    try:
        data = check(TABLE_SCHEMA, data)
    except SchemaError as exc:
        raise SceneError(str(exc)) from None
    classes, rows = data["classes"], data["scores"]
    for i, row in enumerate(rows):
        if len(row) != len(classes):
            raise SceneError(f"scores row {i + 1} has {len(row)} values for {len(classes)} classes")
    if len(data["labels"]) != len(rows):
        raise SceneError(f"'labels' must have one entry per example ({len(rows)})")
    examples = data.get("examples") or ()
    if examples and len(examples) != len(rows):
        raise SceneError(f"'examples' must have one name per example ({len(rows)})")
    return Scene(classes=tuple(classes), scores=rows,
                 labels=tuple(_label_index(t, classes) for t in data["labels"]),
                 examples=tuple(examples), title=data.get("title", ""), **data.get("settings", {}))


def scene_to_toml(scene: Scene) -> str:
    """The file format for a Scene; labels by name, so the file reads like the slide."""
    def q(value) -> str:
        """A JSON string or number is a valid TOML one; non-ASCII stays UTF-8 (a JSON surrogate
        pair, written for characters beyond U+FFFF, is not valid TOML)."""
        return json.dumps(value, ensure_ascii=False)

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
