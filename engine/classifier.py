"""The 2-D, three-class linear classifier of the lecture's web demo, as an immutable scene.

On screen (and here) W is 3×2 as in the web demo: row j is w_j, so class j scores
s_j = w_j·x + b_j and its zero-score line is w_j·x + b_j = 0. ``engine.linear`` keeps the
(D, C) convention, so this module passes Wᵀ to it and transposes the gradient back.

Full loss (the lecture's slide): L = (1/N) Σ_i L_i + λ R(W), R(W) = Σ W² (bias not
regularized), so ∂(λR)/∂W = 2λW. Every edit returns a new scene; bad input raises
ClassifierError with a message fit to show the user, and changes nothing.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from engine import losses
from engine.linear import backprop, scores
from engine.numbers import MAX_ABS_PARAM, MAX_POINTS, NumberError, check_number, parse_number
from engine.regularization import l2

NUM_CLASSES, DIMS = 3, 2
MAX_ABS = MAX_ABS_PARAM  # a coordinate or parameter beyond this is a typo
LOSS_KINDS = ("svm", "ova", "structured", "softmax")
LOSS_LABELS = {
    "svm": "Weston–Watkins SVM",
    "ova": "one-vs-all SVM",
    "structured": "structured SVM (Crammer–Singer)",
    "softmax": "softmax",
}
LOSS_SHORT = {  # at most 18 characters: the Classifier's status line fits 80 columns
    "svm": "Weston–Watkins SVM", "ova": "one-vs-all SVM", "structured": "Crammer–Singer SVM",
    "softmax": "softmax",
}
_PER_EXAMPLE = {
    "svm": (losses.svm_per_example, losses.svm_grad),
    "ova": (losses.one_vs_all_per_example, losses.one_vs_all_grad),
    "structured": (losses.structured_per_example, losses.structured_grad),
    "softmax": (losses.softmax_per_example, losses.softmax_grad),
}
# Log-scale ladders (1-2-5) the keys walk along. λ has one more rung below 0.01: 0, no
# regularization at all (a log scale never reaches it, so it is a rung of its own).
LAMBDAS = (0.0,) + tuple(m * 10.0**e for e in range(-2, 3) for m in (1, 2, 5) if m * 10.0**e <= 100)
STEP_SIZES = tuple(m * 10.0**e for e in range(-4, 1) for m in (1, 2, 5) if 5e-4 <= m * 10.0**e <= 5)


class ClassifierError(ValueError):
    """Input that cannot become a classifier scene; the message says why."""


@dataclass(frozen=True, eq=False)
class ClassifierScene:
    """Points (N, 2) with labels in 0..2, parameters W (3, 2) and b (3,), and the settings."""

    points: np.ndarray
    labels: tuple[int, ...]
    W: np.ndarray
    b: np.ndarray
    loss: str = "svm"
    lam: float = 0.1
    step_size: float = 0.1
    viewport: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)  # xmin, xmax, ymin, ymax

    def __post_init__(self):
        for name in ("points", "W", "b"):
            value = np.array(getattr(self, name), dtype=float)
            value.setflags(write=False)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "labels", tuple(int(y) for y in self.labels))
        object.__setattr__(self, "viewport", tuple(float(v) for v in self.viewport))
        _validate(self)

    @property
    def num_points(self) -> int:
        return len(self.labels)

    def same_as(self, other: ClassifierScene) -> bool:
        """Equal content: the same points, labels, parameters and settings."""
        return (self.labels, self.loss, self.lam, self.step_size, self.viewport) == \
            (other.labels, other.loss, other.lam, other.step_size, other.viewport) and \
            all(np.array_equal(getattr(self, n), getattr(other, n)) for n in ("points", "W", "b"))

    def replace(self, **changes) -> "ClassifierScene":
        return dataclasses.replace(self, **changes)

    # --- parameters
    def set_param(self, name: str, row: int, col: int, value: float) -> "ClassifierScene":
        """Set W[row, col] (name "W") or b[row] (name "b", col ignored)."""
        _check_finite(value, f"{name} value")
        if name == "W":
            W = self.W.copy()
            W[row, col] = value
            return self.replace(W=W)
        b = self.b.copy()
        b[row] = value
        return self.replace(b=b)

    def nudge_param(self, name: str, row: int, col: int, delta: float) -> "ClassifierScene":
        current = self.W[row, col] if name == "W" else self.b[row]
        return self.set_param(name, row, col, round(float(current) + delta, 10))

    def randomized(self, seed: int) -> "ClassifierScene":
        """W, b drawn uniformly from [−3, 3] and [−1, 1], rounded to 0.01 so they read well."""
        rng = np.random.default_rng(seed)
        W = np.round(rng.uniform(-3.0, 3.0, (NUM_CLASSES, DIMS)), 2)
        b = np.round(rng.uniform(-1.0, 1.0, NUM_CLASSES), 2)
        return self.replace(W=W, b=b)

    def step(self) -> "ClassifierScene":
        """One gradient-descent step on the full loss: W ← W − η ∂L/∂W, b ← b − η ∂L/∂b."""
        r = evaluate(self)
        return self.replace(W=self.W - self.step_size * r.dW, b=self.b - self.step_size * r.db)

    # --- points
    def move_point(self, i: int, dx: float, dy: float) -> "ClassifierScene":
        """Move point i, kept inside the viewport so it never drifts out of sight."""
        x0, x1, y0, y1 = self.viewport
        pts = self.points.copy()
        pts[i] = (min(max(pts[i, 0] + dx, x0), x1), min(max(pts[i, 1] + dy, y0), y1))
        return self.replace(points=np.round(pts, 10))

    def add_point(self, x: float, y: float, label: int) -> "ClassifierScene":
        if self.num_points >= MAX_POINTS:
            raise ClassifierError(f"at most {MAX_POINTS} points")
        return self.replace(points=np.vstack([self.points, [[x, y]]]), labels=self.labels + (label,))

    def remove_point(self, i: int) -> "ClassifierScene":
        if self.num_points <= 1:
            raise ClassifierError("the scene needs at least 1 point")
        return self.replace(points=np.delete(self.points, i, axis=0),
                            labels=self.labels[:i] + self.labels[i + 1:])

    def cycle_label(self, i: int) -> "ClassifierScene":
        labels = list(self.labels)
        labels[i] = (labels[i] + 1) % NUM_CLASSES
        return self.replace(labels=tuple(labels))

    # --- settings
    def with_loss(self, kind: str) -> "ClassifierScene":
        return self.replace(loss=kind)

    def next_loss(self, direction: int = 1) -> "ClassifierScene":
        i = LOSS_KINDS.index(self.loss)
        return self.replace(loss=LOSS_KINDS[(i + direction) % len(LOSS_KINDS)])

    def lam_step(self, direction: int) -> "ClassifierScene":
        """λ one notch up/down the ladder 0, 0.01 … 100 (stops at the ends; 0.01 − 1 notch is 0)."""
        return self.replace(lam=ladder_step(LAMBDAS, self.lam, direction))

    def step_size_step(self, direction: int) -> "ClassifierScene":
        """Step size one notch up/down the log ladder 0.0005 … 5 (stops at the ends)."""
        return self.replace(step_size=ladder_step(STEP_SIZES, self.step_size, direction))


def ladder_step(ladder: tuple[float, ...], value: float, direction: int) -> float:
    """The next rung above (direction > 0) or below value; a value off the ladder snaps to it."""
    if direction > 0:
        above = [v for v in ladder if v > value * (1 + 1e-9)]
        return above[0] if above else ladder[-1]
    below = [v for v in ladder if v < value * (1 - 1e-9)]
    return below[-1] if below else ladder[0]


def default_scene() -> ClassifierScene:
    """The web demo's opening scene."""
    return ClassifierScene(
        points=[[0.5, 0.4], [0.8, 0.3], [0.3, 0.8],
                [-0.4, 0.3], [-0.3, 0.7], [-0.7, 0.2],
                [0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]],
        labels=(0, 0, 0, 1, 1, 1, 2, 2, 2),
        W=[[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]],
        b=[0.0, 0.5, -0.5],
    )


@dataclass(frozen=True, eq=False)
class ClassifierReport:
    """Every number the Classifier view shows."""

    scores: np.ndarray  # (N, 3)
    per_point: np.ndarray  # L_i, (N,)
    data_loss: float  # (1/N) Σ L_i
    reg_loss: float  # λ Σ W²
    total: float
    dW: np.ndarray  # ∂L/∂W, (3, 2), includes 2λW
    db: np.ndarray  # ∂L/∂b, (3,)
    predicted: np.ndarray  # argmax_j s_j per point
    correct: np.ndarray  # predicted == label, per point

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.correct))


def data_loss_and_grad(X, labels, W, b, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """L_i per point, and ∂/∂W, ∂/∂b of the data loss (1/N) Σ L_i, for s = W x + b (W is 3×2)."""
    s = scores(X, np.asarray(W).T, b)
    per_example, grad = _PER_EXAMPLE[kind]
    dscores = grad(s, labels)
    dWt, db = backprop(X, dscores)
    return s, per_example(s, labels), dWt.T, db


def reg_loss_and_grad(W, lam: float) -> tuple[float, np.ndarray]:
    """λ R(W) = λ Σ_k Σ_l W_kl² and its gradient 2λW (the bias is not regularized)."""
    return lam * l2(W), 2.0 * lam * np.asarray(W, dtype=float)


def evaluate(scene: ClassifierScene) -> ClassifierReport:
    """Scene → report: scores, L_i, data/reg/total loss and the full gradient."""
    s, per_point, dW, db = data_loss_and_grad(scene.points, scene.labels, scene.W, scene.b, scene.loss)
    reg, dreg = reg_loss_and_grad(scene.W, scene.lam)
    data = float(per_point.mean())
    predicted = s.argmax(axis=1)
    return ClassifierReport(scores=s, per_point=per_point, data_loss=data, reg_loss=reg,
                            total=data + reg, dW=dW + dreg, db=db, predicted=predicted,
                            correct=predicted == np.array(scene.labels))


def _check_finite(value: float, what: str) -> None:
    try:
        check_number(value, what, limit=MAX_ABS)
    except NumberError as exc:
        raise ClassifierError(str(exc)) from None


def parse_param(text: str, what: str) -> float:
    """A typed coordinate or parameter (W, b, a point): a finite number within ±MAX_ABS."""
    try:
        return parse_number(text, what, limit=MAX_ABS)
    except NumberError as exc:
        raise ClassifierError(str(exc)) from None


def _validate(scene: ClassifierScene) -> None:
    N = len(scene.labels)
    if N < 1:
        raise ClassifierError("the scene needs at least 1 point")
    if N > MAX_POINTS:
        raise ClassifierError(f"at most {MAX_POINTS} points, got {N}")
    if scene.points.shape != (N, DIMS):
        raise ClassifierError(f"points have shape {scene.points.shape}, expected {N} points × 2 coordinates")
    if scene.W.shape != (NUM_CLASSES, DIMS):
        raise ClassifierError(f"W has shape {scene.W.shape}, expected 3 × 2 (one row per class)")
    if scene.b.shape != (NUM_CLASSES,):
        raise ClassifierError(f"b has shape {scene.b.shape}, expected 3 values (one per class)")
    for name, arr in (("points", scene.points), ("W", scene.W), ("b", scene.b)):
        if not np.all(np.isfinite(arr)):
            raise ClassifierError(f"{name} must be finite numbers (no nan or inf)")
        if np.any(np.abs(arr) > MAX_ABS):
            raise ClassifierError(f"{name} has a value beyond ±{MAX_ABS:g}")
    for i, y in enumerate(scene.labels):
        if not 0 <= y < NUM_CLASSES:
            raise ClassifierError(f"label {y} of point {i + 1} is out of range 0..2")
    if scene.loss not in LOSS_KINDS:
        raise ClassifierError(f"loss {scene.loss!r}: choose one of {', '.join(LOSS_KINDS)}")
    if not (math.isfinite(scene.lam) and 0 <= scene.lam <= MAX_ABS):
        raise ClassifierError(f"λ = {scene.lam!r} must be a number in 0 … {MAX_ABS:g}")
    if not (math.isfinite(scene.step_size) and 0 < scene.step_size <= MAX_ABS):
        raise ClassifierError(f"step size {scene.step_size!r} must be a number in (0, {MAX_ABS:g}]")
    x0, x1, y0, y1 = scene.viewport
    if not (all(math.isfinite(v) for v in scene.viewport) and x0 < x1 and y0 < y1):
        raise ClassifierError(f"viewport {scene.viewport} must be xmin < xmax, ymin < ymax")
