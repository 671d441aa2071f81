"""The linear score function s = xW + b, its gradients, and a numerical gradient check."""

from __future__ import annotations

from typing import Callable

import numpy as np


def scores(X, W, b) -> np.ndarray:
    """s = XW + b: X (N, D), W (D, C), b (C,) → scores (N, C)."""
    return np.asarray(X, dtype=float) @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)


def backprop(X, dscores) -> tuple[np.ndarray, np.ndarray]:
    """Chain rule through s = XW + b: ∂L/∂W = Xᵀ ∂L/∂s, ∂L/∂b = Σ_i ∂L/∂s_i."""
    dscores = np.asarray(dscores, dtype=float)
    return np.asarray(X, dtype=float).T @ dscores, dscores.sum(axis=0)


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Centred difference (f(x + h e_k) − f(x − h e_k)) / 2h for every entry k of x."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):
        old = x[k]
        x[k] = old + h
        plus = f(x)
        x[k] = old - h
        minus = f(x)
        x[k] = old
        grad[k] = (plus - minus) / (2 * h)
    return grad
