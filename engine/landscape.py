"""The loss landscape (CS231n notes, "Visualizing the loss function"): slices of L(W) around a W.

L(W) = (1/N) Σ_i L_i(W x_i, y_i) lives in C·D dimensions, so we look at it along random directions:

- 1-D slice: L(W + a·W₁) for a ∈ [−span, span];
- 2-D slice: L(W + a·W₁ + b·W₂) on a G × G grid of (a, b) ∈ [−span, span]²;

for the full data loss, or for one example's L_i alone (the piecewise-linear bowl of the SVM).

Directions: W₁, W₂ = randn(C, D), each class row rescaled to the length of that row of W (the
"filter normalization" of Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"), so
a = 1 is a step as long as W itself, class by class. A row of W that is all zero gets the
lecture's scale 0.0001·randn instead. In C·D ≈ 30,000 dimensions two random directions are
nearly orthogonal (cosine ≈ 1/√(C·D) ≈ 0.006), so they are not orthogonalized.

Every grid point is just another candidate W, evaluated by the batched engine
(engine.batched_loss.stacked_data_losses) — in the plane's own coordinates: scores are linear in
(a, b), s_i(a, b) = W x_i + a W₁x_i + b W₂x_i, so with the 3C features z_i = [W x_i, W₁x_i, W₂x_i]
the candidate V(a, b) = [I, aI, bI] (C × 3C) gives exactly V z_i = s_i(a, b). One product
X [W; W₁; W₂]ᵀ up front, then each candidate costs 3C multiply-adds per example instead of D.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.batched_loss import stacked_data_losses

LOSSES = ("svm", "softmax")
DEFAULT_GRID = 41
DEFAULT_SPAN = 2.0  # a, b ∈ [−2, 2]: steps up to twice as long as W (the bowl's bottom is inside)
DEFAULT_LINE_POINTS = 161
MAX_GRID = 301
MAX_SPAN = 1e6
BLOCK_SCORES = 2**24  # scores per call of the batched engine (~0.2 s): progress after each call
MIN_BLOCK, MAX_BLOCK = 16, 512
INIT_SCALE = 1e-4  # the lecture's W = 0.0001·randn, for rows of W that are zero
DIRECTION_STREAM = 0x4C53  # spawn key of the directions' random streams ("LS"), apart from search's

ProgressCallback = Callable[[int, int], None]  # (candidates done, candidates in all)


class LandscapeError(ValueError):
    """A landscape request out of range; the message names the parameter and the bad value."""


@dataclass(frozen=True)
class Landscape:
    """Slices of L around W. grid[j, i] = L(W + a_i·W₁ + b_j·W₂) with a = b = ``coords``;
    line[k] = L(W + line_coords[k]·W₁); centre = L(W). example is None for the full data loss."""

    loss: str
    example: int | None
    rows: int
    span: float
    seed: int
    coords: np.ndarray
    grid: np.ndarray
    line_coords: np.ndarray
    line: np.ndarray
    centre: float

    def minimum(self) -> tuple[float, float, float]:
        """(L, a, b) at the grid's lowest point."""
        j, i = np.unravel_index(np.argmin(self.grid), self.grid.shape)
        return float(self.grid[j, i]), float(self.coords[i]), float(self.coords[j])

    def maximum(self) -> tuple[float, float, float]:
        """(L, a, b) at the grid's highest point."""
        j, i = np.unravel_index(np.argmax(self.grid), self.grid.shape)
        return float(self.grid[j, i]), float(self.coords[i]), float(self.coords[j])


def direction_rng(seed: int, k: int) -> np.random.Generator:
    """The random stream of direction W_k (k = 1, 2) for this seed."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DIRECTION_STREAM, k)))


def direction(W: np.ndarray, seed: int, k: int) -> np.ndarray:
    """W_k = randn(C, D) with row c rescaled to ‖W_c‖ (0.0001·randn where W_c = 0), float64."""
    noise = direction_rng(seed, k).standard_normal(W.shape)
    target = np.linalg.norm(W, axis=1, keepdims=True)
    length = np.linalg.norm(noise, axis=1, keepdims=True)
    return np.where(target > 0, noise * (target / length), noise * INIT_SCALE)


def plane_features(X: np.ndarray, W: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> np.ndarray:
    """z_i = [W x_i, W₁x_i, W₂x_i] for every row of X: (N, 3C) float32, one product."""
    basis = np.concatenate([W, W1, W2]).astype(np.float32)  # (3C, D)
    return np.ascontiguousarray(np.asarray(X, dtype=np.float32) @ basis.T)


def plane_candidates(a: np.ndarray, b: np.ndarray, num_classes: int) -> np.ndarray:
    """V(a_k, b_k) = [I, a_k I, b_k I] for each k: (K, C, 3C) float32, so V z_i = s_i(a_k, b_k)."""
    eye = np.eye(num_classes, dtype=np.float32)
    stack = np.empty((len(a), num_classes, 3 * num_classes), dtype=np.float32)
    stack[:, :, :num_classes] = eye
    stack[:, :, num_classes:2 * num_classes] = np.asarray(a, np.float32)[:, None, None] * eye
    stack[:, :, 2 * num_classes:] = np.asarray(b, np.float32)[:, None, None] * eye
    return stack


def block_size(rows: int, classes: int) -> int:
    """Candidates per call: about BLOCK_SCORES scores (K·C·N), within [MIN_BLOCK, MAX_BLOCK]."""
    return int(np.clip(BLOCK_SCORES // max(1, rows * classes), MIN_BLOCK, MAX_BLOCK))


def plane_losses(Z: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray, loss: str,
                 should_stop: Callable[[], bool] = lambda: False,
                 progress: ProgressCallback | None = None) -> np.ndarray | None:
    """L(W + a_k W₁ + b_k W₂) for each k, from the plane's features Z; None if stopped.

    Candidates go to the batched engine block_size at a time; progress(done, total) after each block.
    """
    C = Z.shape[1] // 3
    total = len(a)
    block = block_size(Z.shape[0], C)
    out = np.empty(total, dtype=np.float64)
    for start in range(0, total, block):
        stack = plane_candidates(a[start:start + block], b[start:start + block], C)
        values = stacked_data_losses(Z, y, stack, loss, should_stop)
        if values is None:
            return None
        out[start:start + len(values)] = values
        if progress is not None:
            progress(start + len(values), total)
    return out


def check_request(loss: str, grid: int, span: float, example: int | None, rows: int,
                  line_points: int = DEFAULT_LINE_POINTS) -> None:
    """Raise LandscapeError, naming the parameter, for anything out of range."""
    if loss not in LOSSES:
        raise LandscapeError(f"unknown loss '{loss}' (choose {', '.join(LOSSES)})")
    if not 2 <= grid <= MAX_GRID:
        raise LandscapeError(f"grid must be from 2 to {MAX_GRID} points a side, got {grid}")
    if not 2 <= line_points <= 100 * MAX_GRID:
        raise LandscapeError(f"line points must be from 2 to {100 * MAX_GRID}, got {line_points}")
    if not (math.isfinite(span) and 0 < span <= MAX_SPAN):
        raise LandscapeError(f"span must be a number > 0 and ≤ {MAX_SPAN:g}, got {span:g}")
    if example is not None and not 0 <= example < rows:
        raise LandscapeError(f"example {example} is not one of the {rows} training rows (0 … {rows - 1})")


def landscape(X: np.ndarray, y: np.ndarray, W: np.ndarray, loss: str = "svm", *, seed: int = 0,
              grid: int = DEFAULT_GRID, span: float = DEFAULT_SPAN, example: int | None = None,
              line_points: int = DEFAULT_LINE_POINTS, progress: ProgressCallback | None = None,
              should_stop: Callable[[], bool] = lambda: False) -> Landscape | None:
    """The 1-D and 2-D slices of L around W (C, D), directions drawn from SEED; None if stopped.

    X (N, D) and y (N,) are the training rows; with EXAMPLE = i only L_i(W) of row i is sliced.
    """
    W = np.asarray(W, dtype=np.float64)
    check_request(loss, grid, span, example, X.shape[0], line_points)
    if W.ndim != 2 or W.shape[1] != X.shape[1] or (len(y) and y.max() >= W.shape[0]):
        raise LandscapeError(f"W must be (C, {X.shape[1]}): a row of {X.shape[1]} weights (bias last) for "
                             f"each of the {int(y.max()) + 1 if len(y) else 'C'} classes, got {W.shape}")
    if example is not None:
        X, y = X[example:example + 1], y[example:example + 1]
    Z = plane_features(X, W, direction(W, seed, 1), direction(W, seed, 2))
    coords = np.linspace(-span, span, grid)
    line_coords = np.linspace(-span, span, line_points)
    a_grid, b_grid = np.meshgrid(coords, coords)  # a along columns, b along rows
    a = np.concatenate([a_grid.ravel(), line_coords, [0.0]])
    b = np.concatenate([b_grid.ravel(), np.zeros(line_points), [0.0]])
    values = plane_losses(Z, y, a, b, loss, should_stop, progress)
    if values is None:
        return None
    cells = grid * grid
    return Landscape(loss=loss, example=example, rows=X.shape[0], span=float(span), seed=seed,
                     coords=coords, grid=values[:cells].reshape(grid, grid),
                     line_coords=line_coords, line=values[cells:cells + line_points],
                     centre=float(values[-1]))
