"""Regularization R(W) and the full loss L(W) = data loss + λ R(W). The bias is never regularized."""

from __future__ import annotations

import numpy as np

KINDS = ("l2", "l1", "elastic")
LABELS = {"l2": "L2", "l1": "L1", "elastic": "elastic net"}


def l2(W) -> float:
    """R(W) = Σ_k Σ_l W_kl²."""
    return float(np.sum(np.square(W)))


def l1(W) -> float:
    """R(W) = Σ_k Σ_l |W_kl|."""
    return float(np.sum(np.abs(W)))


def elastic_net(W, beta: float = 0.5) -> float:
    """R(W) = Σ_k Σ_l β W_kl² + |W_kl|."""
    return beta * l2(W) + l1(W)


def regularization(W, kind: str = "l2", beta: float = 0.5) -> float:
    """R(W) for kind in {l2, l1, elastic}."""
    if kind == "l2":
        return l2(W)
    if kind == "l1":
        return l1(W)
    if kind == "elastic":
        return elastic_net(W, beta)
    raise ValueError(f"unknown regularization {kind!r}; choose one of {', '.join(KINDS)}")


def regularization_grad(W, kind: str = "l2", beta: float = 0.5) -> np.ndarray:
    """∂R/∂W: 2W (L2), sign(W) (L1), 2βW + sign(W) (elastic net)."""
    W = np.asarray(W, dtype=float)
    if kind == "l2":
        return 2.0 * W
    if kind == "l1":
        return np.sign(W)
    if kind == "elastic":
        return 2.0 * beta * W + np.sign(W)
    raise ValueError(f"unknown regularization {kind!r}; choose one of {', '.join(KINDS)}")


def regularization_at_scale(k: float, sum_sq: float, sum_abs: float, kind: str = "l2",
                            beta: float = 0.5) -> float:
    """R(kW) from W's ΣW² and Σ|W| at scale 1: k²ΣW², kΣ|W|, or βk²ΣW² + kΣ|W|.

    Lets the score-table view show λR(kW) without knowing W itself.
    """
    k = abs(k)
    if kind == "l2":
        return k * k * sum_sq
    if kind == "l1":
        return k * sum_abs
    if kind == "elastic":
        return beta * k * k * sum_sq + k * sum_abs
    raise ValueError(f"unknown regularization {kind!r}; choose one of {', '.join(KINDS)}")


def full_loss(data_loss: float, W, lam: float, kind: str = "l2", beta: float = 0.5) -> float:
    """L(W) = (1/N) Σ_i L_i + λ R(W)."""
    return data_loss + lam * regularization(W, kind, beta)
