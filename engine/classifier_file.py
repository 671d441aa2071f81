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

from engine.classifier import ClassifierError, ClassifierScene
from engine.tomlfile import read_toml, write_atomic

KEYS = ("loss", "lam", "step_size", "viewport", "W", "b", "points", "labels")
REQUIRED = ("W", "b", "points", "labels")


def _numbers(value, what: str) -> list:
    """Nested lists of numbers only (TOML booleans and strings are refused by name)."""
    if isinstance(value, list):
        return [_numbers(v, what) for v in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ClassifierError(f"{what}: {value!r} is not a number")
    return float(value)


def scene_from_dict(data: dict) -> ClassifierScene:
    """A ClassifierScene from the file format's dict (validated)."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ClassifierError(f"unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    for key in REQUIRED:
        if key not in data:
            raise ClassifierError(f"missing {key!r}")
    labels = data["labels"]
    if not isinstance(labels, list) or not all(isinstance(y, int) and not isinstance(y, bool)
                                               for y in labels):
        raise ClassifierError("'labels' must be a list of class numbers 0, 1 or 2")
    points = _numbers(data["points"], "points")
    if len(points) != len(labels):
        raise ClassifierError(f"{len(points)} points but {len(labels)} labels")
    settings = {}
    for key in ("lam", "step_size"):
        if key in data:
            settings[key] = _numbers(data[key], key)
    if "viewport" in data:
        settings["viewport"] = tuple(_numbers(data["viewport"], "viewport"))
        if len(settings["viewport"]) != 4:
            raise ClassifierError("'viewport' must be [xmin, xmax, ymin, ymax]")
    if "loss" in data:
        settings["loss"] = str(data["loss"])
    try:
        return ClassifierScene(points=points, labels=labels, W=_numbers(data["W"], "W"),
                               b=_numbers(data["b"], "b"), **settings)
    except (TypeError, ValueError) as exc:  # ragged lists reach numpy as ValueError
        if isinstance(exc, ClassifierError):
            raise
        raise ClassifierError(f"points, W and b must be rectangular lists of numbers ({exc})") from None


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
        raise ClassifierError(f"{path}: {exc}") from None


def save_scene(scene: ClassifierScene, path: str | os.PathLike) -> Path:
    """Write the scene atomically: a crash mid-save never leaves a half file."""
    return write_atomic(path, scene_to_toml(scene), ClassifierError)
