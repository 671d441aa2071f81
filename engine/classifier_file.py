"""Classifier scenes as TOML files, written atomically like engine/presets.py writes tables.

File format::

    loss = "svm"                      # svm | ova | structured | softmax
    lam = 0.1                         # λ, regularization strength
    step_size = 0.1
    viewport = [-1.0, 1.0, -1.0, 1.0] # xmin, xmax, ymin, ymax (optional)
    W = [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]]   # 3×2, row j = class j
    b = [0.0, 0.5, -0.5]
    points = [[0.5, 0.4], ...]        # one [x0, x1] per point
    labels = [0, ...]                 # class 0, 1 or 2 per point
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from engine.classifier import DIMS, LOSS_KINDS, NUM_CLASSES, ClassifierError, ClassifierScene
from engine.files import shown_path
from engine.numbers import MAX_ABS_PARAM, MAX_POINTS
from engine.schema import Choice, Integer, List, Number, SchemaError, Table, check
from engine.tomlfile import read_toml, write_atomic

COORDINATE = Number(-MAX_ABS_PARAM, MAX_ABS_PARAM)
SCENE_SCHEMA = Table({
    "loss": Choice(LOSS_KINDS),
    "lam": Number(0.0, MAX_ABS_PARAM),
    "step_size": Number(0.0, MAX_ABS_PARAM),
    "viewport": List(COORDINATE, 4, 4, kind="a list [xmin, xmax, ymin, ymax]"),
    "W": List(List(COORDINATE, DIMS, DIMS, entry="{where}[{n}]", kind=f"a row of {DIMS} numbers"),
              NUM_CLASSES, NUM_CLASSES, entry="W row {n}", kind=f"a list of {NUM_CLASSES} rows"),
    "b": List(COORDINATE, NUM_CLASSES, NUM_CLASSES, entry="b[{n}]", kind=f"a list of {NUM_CLASSES} numbers"),
    "points": List(List(COORDINATE, DIMS, DIMS, entry="{where} coordinate {n}", kind="[x0, x1]"),
                   MAX_POINTS, 1, entry="point {n}", kind="a list of [x0, x1] points"),
    "labels": List(Integer(0, NUM_CLASSES - 1), MAX_POINTS, 1, entry="label {n}",
                   kind="a list of class numbers 0, 1 or 2"),
}, required=("W", "b", "points", "labels"))
KEYS = tuple(SCENE_SCHEMA.fields)


def scene_from_dict(data: dict) -> ClassifierScene:
    """A ClassifierScene from the file format's dict: SCENE_SCHEMA, then points match labels."""
    try:
        data = check(SCENE_SCHEMA, data)
    except SchemaError as exc:
        raise ClassifierError(str(exc)) from None
    if len(data["points"]) != len(data["labels"]):
        raise ClassifierError(f"{len(data['points'])} points but {len(data['labels'])} labels")
    if "viewport" in data:
        data["viewport"] = tuple(data["viewport"])
    return ClassifierScene(**data)


def scene_to_toml(scene: ClassifierScene) -> str:
    """The file format for a scene; floats written with repr so nothing is rounded."""
    q = json.dumps  # a JSON string or number list is valid TOML

    def row(values) -> str:
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"

    lines = [
        f"loss = {q(scene.loss)}",
        f"lam = {scene.lam!r}",
        f"step_size = {scene.step_size!r}",
        f"viewport = {row(scene.viewport)}",
        "# W is 3×2: row j holds w_j, class j's score is s_j = w_j·x + b_j",
        f"W = [{', '.join(row(r) for r in scene.W)}]",
        f"b = {row(scene.b)}",
        "points = [",
        *(f"  {row(p)}," for p in scene.points),
        "]",
        f"labels = [{', '.join(str(y) for y in scene.labels)}]",
    ]
    return "\n".join(lines) + "\n"


def load_scene(path: str | os.PathLike) -> ClassifierScene:
    """Read a scene file; any problem becomes a ClassifierError naming the file."""
    data = read_toml(path, ClassifierError, "scene file")
    try:
        return scene_from_dict(data)
    except ClassifierError as exc:
        raise ClassifierError(f"{shown_path(path)}: {exc}") from None


def save_scene(scene: ClassifierScene, path: str | os.PathLike) -> Path:
    """Write the scene atomically: a crash mid-save never leaves a half file."""
    return write_atomic(path, scene_to_toml(scene), ClassifierError)
