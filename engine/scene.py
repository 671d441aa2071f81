"""The score-table Scene (everything the user set) and its Report (everything derived).

A Scene is immutable: every edit returns a new Scene, so undo is a stack of Scenes and a
save file is just a Scene. ``evaluate(scene)`` is the only place the losses are computed.
Bad input raises ``SceneError`` with a message fit to show the user, and changes nothing.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field

import numpy as np

from engine import losses, numbers
from engine.names import MAX_NAME_LENGTH, MAX_TITLE_LENGTH, name_problem
from engine.numbers import (MAX_ABS_SCORE, MAX_CLASSES, MAX_EXAMPLES, MAX_LAMBDA, MAX_SCALE, MIN_SCALE,
                           NumberError)
from engine.numfmt import MINUS
from engine.wording import count
from engine.regularization import KINDS as REG_KINDS
from engine.regularization import regularization_at_scale

LOG_BASES = tuple(losses.LOG_BASES)  # "e", "2", "10"
SVM_VARIANTS = {  # the lecture's questions Q1–Q3, each a switch of the SVM loss: (question, what)
    "include_true": ("Q1", "include j = y in the sum"),
    "mean_over_classes": ("Q2", "mean instead of sum over classes"),
    "squared": ("Q3", "squared hinge"),
}
REG_SETTINGS = {  # the regularization numbers a table holds, as the screen names them
    "lam": "λ", "beta": "β", "w_sq": "ΣW² at scale 1", "w_abs": "Σ|W| at scale 1",
}


class SceneError(ValueError):
    """Input that cannot become a Scene; the message names the problem and the token."""


def parse_number(text: str, what: str = "score", limit: float = MAX_ABS_SCORE) -> float:
    """engine.numbers.parse_number, its errors as SceneError (what the score-table views catch)."""
    try:
        return numbers.parse_number(text, what, limit=limit)
    except NumberError as exc:
        raise SceneError(str(exc)) from None


def nonnegative(text: str, what: str) -> float:
    """A typed setting that must be ≥ 0 (λ, β, ΣW², Σ|W|), or SceneError saying why not."""
    try:
        return numbers.nonnegative(text, what)
    except NumberError as exc:
        raise SceneError(str(exc)) from None


def check_name(text: str, what: str = "class name", max_length: int = MAX_NAME_LENGTH,
               empty_ok: bool = False) -> str:
    """TEXT if it can be a WHAT ("class name", "example name", "title"), else SceneError.

    Refused: control characters (a name is text, never a terminal command), more than
    MAX_LENGTH characters, and (unless empty_ok) nothing but spaces.
    """
    problem = name_problem(text, what, max_length, empty_ok)
    if problem:
        raise SceneError(problem)
    return text


@dataclass(frozen=True, eq=False)
class Scene:
    """A score table at scale 1 plus every loss setting. scores: (N examples, C classes)."""

    classes: tuple[str, ...]
    scores: np.ndarray
    labels: tuple[int, ...]
    examples: tuple[str, ...] = ()
    scale: float = 1.0
    margin: float = 1.0
    include_true: bool = False
    mean_over_classes: bool = False
    squared: bool = False
    log_base: str = "e"
    reg_kind: str = "l2"
    lam: float = 0.0
    beta: float = 0.5
    w_sq: float = 1.0  # ΣW² at scale 1 (the table has scores, not W)
    w_abs: float = 1.0  # Σ|W| at scale 1
    title: str = ""

    def __post_init__(self):
        scores = np.array(self.scores, dtype=float)
        object.__setattr__(self, "scores", scores)
        object.__setattr__(self, "classes", tuple(str(c) for c in self.classes))
        object.__setattr__(self, "labels", tuple(int(y) for y in self.labels))
        if not self.examples:
            object.__setattr__(self, "examples", tuple(f"ex {i + 1}" for i in range(len(self.labels))))
        object.__setattr__(self, "examples", tuple(str(e) for e in self.examples))
        scores.setflags(write=False)
        _validate(self)

    # --- derived sizes
    @property
    def num_classes(self) -> int:
        return len(self.classes)

    @property
    def num_examples(self) -> int:
        return len(self.labels)

    @property
    def scaled_scores(self) -> np.ndarray:
        """s = (kW)x + kb = k·s: scaling W and b scales every score."""
        return self.scores * self.scale

    def replace(self, **changes) -> "Scene":
        return dataclasses.replace(self, **changes)

    def same_as(self, other: "Scene | None") -> bool:
        """Same table and settings (Scenes compare by identity; this compares what a file holds)."""
        if other is self:
            return True
        if other is None or self.scores.shape != other.scores.shape:
            return False
        return all(np.array_equal(getattr(self, f.name), getattr(other, f.name)) if f.name == "scores"
                   else getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(self))

    # --- edits (each returns a new Scene or raises SceneError)
    def set_score(self, example: int, cls: int, value: float) -> "Scene":
        """Set the *displayed* (scaled) score; stored at scale 1 so scaling back restores it."""
        scores = self.scores.copy()
        scores[example, cls] = value / self.scale
        return self.replace(scores=scores)

    def set_label(self, example: int, cls: int) -> "Scene":
        labels = list(self.labels)
        labels[example] = cls
        return self.replace(labels=tuple(labels))

    def add_class(self, name: str | None = None) -> "Scene":
        name = name or _fresh_name("class", self.classes)
        scores = np.hstack([self.scores, np.zeros((self.num_examples, 1))])
        return self.replace(classes=self.classes + (name,), scores=scores)

    def remove_class(self, cls: int) -> "Scene":
        if self.num_classes <= 2:
            raise SceneError("a table needs at least 2 classes")
        if cls in self.labels:
            example = self.examples[self.labels.index(cls)]
            raise SceneError(f"class {self.classes[cls]!r} is the correct label of {example!r}; "
                             "relabel that example first")
        labels = tuple(y - (y > cls) for y in self.labels)
        classes = self.classes[:cls] + self.classes[cls + 1:]
        return self.replace(classes=classes, scores=np.delete(self.scores, cls, axis=1), labels=labels)

    def rename_class(self, cls: int, name: str) -> "Scene":
        classes = list(self.classes)
        classes[cls] = name.strip()
        return self.replace(classes=tuple(classes))

    def add_example(self, name: str | None = None, label: int = 0) -> "Scene":
        name = name or _fresh_name("ex", self.examples)
        scores = np.vstack([self.scores, np.zeros((1, self.num_classes))])
        return self.replace(scores=scores, labels=self.labels + (label,), examples=self.examples + (name,))

    def remove_example(self, example: int) -> "Scene":
        if self.num_examples <= 1:
            raise SceneError("a table needs at least 1 example")
        keep = lambda seq: seq[:example] + seq[example + 1:]  # noqa: E731
        return self.replace(scores=np.delete(self.scores, example, axis=0),
                            labels=keep(self.labels), examples=keep(self.examples))


def _fresh_name(stem: str, taken: tuple[str, ...]) -> str:
    """"class 4" after three named classes; after "class 0" … "class 2" (numbered from 0) "class 3":
    the numbering already in use goes on, and the name is never one that is taken."""
    numbers = [int(m.group(1)) for name in taken if (m := re.fullmatch(rf"{re.escape(stem)} (\d+)", name))]
    n = max(numbers) + 1 if numbers else len(taken) + 1
    while f"{stem} {n}" in taken:
        n += 1
    return f"{stem} {n}"


def _validate(scene: Scene) -> None:
    for name in ("scale", "margin", "lam", "beta", "w_sq", "w_abs"):
        value = getattr(scene, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SceneError(f"{name} = {value!r} is not a number")
    for name in ("include_true", "mean_over_classes", "squared"):
        if not isinstance(getattr(scene, name), bool):
            raise SceneError(f"{name} = {getattr(scene, name)!r} is not true or false")
    s = scene.scores
    C, N = len(scene.classes), len(scene.labels)
    if C < 2:
        raise SceneError(f"a table needs at least 2 classes, got {C}")
    if N < 1:
        raise SceneError("a table needs at least 1 example")
    if C > MAX_CLASSES or N > MAX_EXAMPLES:
        raise SceneError(f"at most {MAX_CLASSES} classes and {MAX_EXAMPLES} examples")
    if s.shape != (N, C):
        raise SceneError(f"scores have shape {s.shape}, expected {count(N, 'example')} × {count(C, 'class')}")
    if len(scene.examples) != N:
        raise SceneError(f"{count(len(scene.examples), 'example name')} for {count(N, 'example')}")
    if not np.all(np.isfinite(s)):
        raise SceneError("scores must be finite numbers (no nan or inf)")
    if np.any(np.abs(s) > MAX_ABS_SCORE):
        i, j = np.argwhere(np.abs(s) > MAX_ABS_SCORE)[0]
        value = f"{float(s[i, j]):g}".replace("-", MINUS)
        raise SceneError(f"score {value} ({scene.classes[j]}, example {i + 1}) is too large "
                         f"(limit ±{MAX_ABS_SCORE:g})")
    for i, y in enumerate(scene.labels):
        if not 0 <= y < C:
            raise SceneError(f"label {y} of example {i + 1} is out of range 0..{C - 1}")
    for name in scene.classes:
        if not name.strip():
            raise SceneError("class names cannot be empty")
        check_name(name, "class name")
    for name in scene.examples:
        check_name(name, "example name", empty_ok=True)
    check_name(scene.title, "title", MAX_TITLE_LENGTH, empty_ok=True)
    if len(set(scene.classes)) != C:
        raise SceneError("class names must be different")
    if not MIN_SCALE <= scene.scale <= MAX_SCALE:
        raise SceneError(f"scale {scene.scale:g} is outside 2^{MINUS}20 … 2^20".replace("-", MINUS))
    if not math.isfinite(scene.margin) or abs(scene.margin) > MAX_ABS_SCORE:
        raise SceneError(f"margin {scene.margin!r} must be a finite number")
    if scene.log_base not in losses.LOG_BASES:
        raise SceneError(f"log base {scene.log_base!r}: choose e, 2 or 10")
    if scene.reg_kind not in REG_KINDS:
        raise SceneError(f"regularization {scene.reg_kind!r}: choose l2, l1 or elastic")
    for name in ("lam", "beta", "w_sq", "w_abs"):
        value = getattr(scene, name)
        if not math.isfinite(value) or value < 0 or value > MAX_LAMBDA:
            raise SceneError(f"{name} = {value!r} must be a finite number ≥ 0")


@dataclass(frozen=True, eq=False)
class Facts:
    """Answers to Q4/Q5 for the current table and settings (per example)."""

    svm_min: float
    svm_max: float
    softmax_min: float
    softmax_max: float
    svm_at_zero: float
    softmax_at_zero: float


@dataclass(frozen=True, eq=False)
class Report:
    """Every number the score-table views show; nothing here is computed elsewhere."""

    scores: np.ndarray  # scaled, (N, C)
    margins: np.ndarray  # s_j − s_{y_i} + Δ before the max(0, ·)
    svm_terms: np.ndarray  # max(0, margin) (squared under Q3); 0 at j = y_i unless Q1
    svm_sums: np.ndarray  # Σ_j of the terms (L_i unless Q2 takes their mean)
    svm_per_example: np.ndarray
    svm_mean: float
    exp: np.ndarray  # e^{s}, inf where it overflows
    exp_overflow: np.ndarray
    probs: np.ndarray
    log_probs: np.ndarray  # ln p, finite where p underflows to 0
    prob_rest: np.ndarray  # 1 − p without cancellation, non-zero where p rounds to 1
    softmax_per_example: np.ndarray
    softmax_mean: float
    reg: float  # λ R(kW)
    svm_total: float
    softmax_total: float
    facts: Facts
    predicted: np.ndarray = field(default=None)  # argmax class per example


def svm_kwargs(scene: Scene) -> dict:
    return dict(margin=scene.margin, include_true=scene.include_true,
                mean_over_classes=scene.mean_over_classes, squared=scene.squared)


def data_losses(scene: Scene, scale: float | None = None) -> tuple[float, float]:
    """Mean SVM and softmax data losses of the scene at scale k (default: its own)."""
    s = scene.scores * (scene.scale if scale is None else scale)
    svm = float(losses.svm_per_example(s, scene.labels, **svm_kwargs(scene)).mean())
    soft = float(losses.softmax_per_example(s, scene.labels, scene.log_base).mean())
    return svm, soft


def reg_loss(scene: Scene, scale: float | None = None) -> float:
    """λ R(kW) for the scene's notional W."""
    k = scene.scale if scale is None else scale
    return scene.lam * regularization_at_scale(k, scene.w_sq, scene.w_abs, scene.reg_kind, scene.beta)


def evaluate(scene: Scene) -> Report:
    """Scene → Report: SVM terms and losses, exp, probabilities, softmax losses, totals."""
    s = scene.scaled_scores
    y = scene.labels
    kw = svm_kwargs(scene)
    terms = losses.svm_terms(s, y, scene.margin, scene.include_true, scene.squared)
    svm_i = losses.svm_per_example(s, y, **kw)
    margins = s - s[np.arange(len(y)), list(y)][:, None] + scene.margin
    soft_i = losses.softmax_per_example(s, y, scene.log_base)
    exp, overflow = losses.exp_scores(s)
    reg = reg_loss(scene)
    C = scene.num_classes
    facts = Facts(
        svm_min=losses.svm_min_loss(C, **kw), svm_max=math.inf,
        softmax_min=0.0, softmax_max=math.inf,
        svm_at_zero=losses.svm_loss_at_zero(C, **kw),
        softmax_at_zero=losses.softmax_loss_at_zero(C, scene.log_base),
    )
    svm_mean, soft_mean = float(svm_i.mean()), float(soft_i.mean())
    return Report(
        scores=s, margins=margins, svm_terms=terms, svm_sums=terms.sum(axis=1), svm_per_example=svm_i,
        svm_mean=svm_mean,
        exp=exp, exp_overflow=overflow, probs=losses.softmax_probs(s),
        log_probs=losses.log_softmax(s), prob_rest=losses.softmax_rest(s),
        softmax_per_example=soft_i, softmax_mean=soft_mean, reg=reg,
        svm_total=svm_mean + reg, softmax_total=soft_mean + reg, facts=facts,
        predicted=s.argmax(axis=1),
    )


@dataclass(frozen=True, eq=False)
class Jiggle:
    """One example's losses before and after nudging one score (the lecture's closing question)."""

    example: int
    cls: int
    delta: float
    svm_before: float
    svm_after: float
    softmax_before: float
    softmax_after: float


def jiggle(scene: Scene, example: int, cls: int, delta: float) -> Jiggle:
    """L_i of SVM and softmax before and after s_cls += δ (displayed scores, current settings).

    SVM L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + Δ) does not move while every margin holds;
    softmax L_i = −log(e^{s_{y_i}} / Σ_j e^{s_j}) changes with any score.
    """
    after = scene.set_score(example, cls, float(scene.scaled_scores[example, cls]) + delta)
    (svm0, soft0), (svm1, soft1) = (_example_losses(s, example) for s in (scene, after))
    return Jiggle(example, cls, delta, svm0, svm1, soft0, soft1)


def _example_losses(scene: Scene, example: int) -> tuple[float, float]:
    s = scene.scaled_scores[example:example + 1]
    y = scene.labels[example:example + 1]
    svm = losses.svm_per_example(s, y, **svm_kwargs(scene))[0]
    soft = losses.softmax_per_example(s, y, scene.log_base)[0]
    return float(svm), float(soft)


def scale_sweep(scene: Scene, ks) -> dict[str, np.ndarray]:
    """SVM data loss, softmax data loss and λR(kW) for each scale k (the "W is not unique" plot)."""
    ks = np.asarray(ks, dtype=float)
    rows = [(*data_losses(scene, k), reg_loss(scene, k)) for k in ks]
    svm, soft, reg = (np.array(col) for col in zip(*rows))
    return {"k": ks, "svm": svm, "softmax": soft, "reg": reg}

