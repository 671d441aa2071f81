"""Loss functions of the lecture, on a score matrix.

Conventions (the lecture's "Coding tip"): ``scores`` has shape (N, C), one row per
example; ``labels`` has shape (N,) with the index y_i of each example's correct class.
Every loss returns per-example losses L_i; the data loss is their mean L = (1/N) Σ L_i.
Gradients are of the mean loss with respect to the scores, shape (N, C).
"""

from __future__ import annotations

import math

import numpy as np

LOG_BASES = {"e": 1.0, "2": math.log(2.0), "10": math.log(10.0)}


def _rows(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    return s, y, np.arange(s.shape[0])


# --- Multiclass SVM (Weston–Watkins) -------------------------------------------------


def svm_terms(scores, labels, margin: float = 1.0, include_true: bool = False,
              squared: bool = False) -> np.ndarray:
    """Per-class hinge terms max(0, s_j − s_{y_i} + Δ) (squared if asked), shape (N, C).

    The j = y_i term is 0 unless ``include_true`` (lecture Q1), where it is max(0, Δ).
    """
    s, y, rows = _rows(scores, labels)
    terms = np.maximum(0.0, s - s[rows, y][:, None] + margin)
    if squared:
        terms = terms**2
    if not include_true:
        terms[rows, y] = 0.0
    return terms


def svm_class_count(num_classes: int, include_true: bool) -> int:
    """How many terms L_i sums: C − 1, or C when j = y_i is included."""
    return num_classes if include_true else num_classes - 1


def svm_per_example(scores, labels, margin: float = 1.0, include_true: bool = False,
                    mean_over_classes: bool = False, squared: bool = False) -> np.ndarray:
    """L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + Δ); a mean instead of the sum under Q2."""
    terms = svm_terms(scores, labels, margin, include_true, squared)
    total = terms.sum(axis=1)
    if mean_over_classes:
        total = total / svm_class_count(terms.shape[1], include_true)
    return total


def svm_grad(scores, labels, margin: float = 1.0, include_true: bool = False,
             mean_over_classes: bool = False, squared: bool = False) -> np.ndarray:
    """∂L/∂s of the mean SVM loss: +1 on each violating class j, −(their count) on y_i.

    Squared hinge weighs each by 2·max(0, s_j − s_y + Δ). The j = y_i term is the
    constant max(0, Δ), so it adds nothing to the gradient.
    """
    s, y, rows = _rows(scores, labels)
    hinge = np.maximum(0.0, s - s[rows, y][:, None] + margin)
    weight = 2.0 * hinge if squared else (hinge > 0).astype(float)
    weight[rows, y] = 0.0
    grad = weight.copy()
    grad[rows, y] = -weight.sum(axis=1)
    if mean_over_classes:
        grad /= svm_class_count(s.shape[1], include_true)
    return grad / s.shape[0]


# --- Other SVM formulations (the web demo's choices) -----------------------------------


def one_vs_all_per_example(scores, labels, margin: float = 1.0) -> np.ndarray:
    """L_i = Σ_j max(0, Δ − t_ij s_j), t_ij = +1 if j = y_i else −1."""
    s, y, rows = _rows(scores, labels)
    t = -np.ones_like(s)
    t[rows, y] = 1.0
    return np.maximum(0.0, margin - t * s).sum(axis=1)


def one_vs_all_grad(scores, labels, margin: float = 1.0) -> np.ndarray:
    """∂L/∂s_j = −t_ij where the hinge is active, over N."""
    s, y, rows = _rows(scores, labels)
    t = -np.ones_like(s)
    t[rows, y] = 1.0
    return np.where(margin - t * s > 0, -t, 0.0) / s.shape[0]


def structured_per_example(scores, labels, margin: float = 1.0) -> np.ndarray:
    """Crammer–Singer: L_i = max(0, max_{j≠y_i} s_j − s_{y_i} + Δ)."""
    s, y, rows = _rows(scores, labels)
    others = s.copy()
    others[rows, y] = -np.inf
    return np.maximum(0.0, others.max(axis=1) - s[rows, y] + margin)


def structured_grad(scores, labels, margin: float = 1.0) -> np.ndarray:
    """+1 on the strongest wrong class, −1 on y_i, where that margin is violated."""
    s, y, rows = _rows(scores, labels)
    others = s.copy()
    others[rows, y] = -np.inf
    j = others.argmax(axis=1)
    active = (others[rows, j] - s[rows, y] + margin) > 0
    grad = np.zeros_like(s)
    grad[rows[active], j[active]] += 1.0
    grad[rows[active], y[active]] -= 1.0
    return grad / s.shape[0]


# --- Softmax cross-entropy ---------------------------------------------------------------


def exp_scores(scores) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalized probabilities e^{s}; inf where e^{s} overflows a float, with that mask.

    Only for display: probabilities and losses never go through these values.
    """
    s = np.asarray(scores, dtype=float)
    with np.errstate(over="ignore"):
        e = np.exp(s)
    return e, np.isinf(e)


def log_sum_exp(scores) -> np.ndarray:
    """log Σ_j e^{s_j} per row, computed as m + log Σ e^{s_j − m} so it never overflows."""
    s = np.asarray(scores, dtype=float)
    m = s.max(axis=1)
    return m + np.log(np.exp(s - m[:, None]).sum(axis=1))


def softmax_probs(scores) -> np.ndarray:
    """P(Y = k | x_i) = e^{s_k} / Σ_j e^{s_j}, shifted by max_j s_j for stability."""
    s = np.asarray(scores, dtype=float)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_rest(scores) -> np.ndarray:
    """1 − P(Y = k | x_i) = Σ_{j≠k} e^{s_j} / Σ_j e^{s_j}, summed without cancellation: where P is
    within 1e−16 of 1 (the loss 2e−48 of [10, −100, −100]) the difference 1 − P would be 0."""
    s = np.asarray(scores, dtype=float)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    others = 1.0 - np.eye(s.shape[1])
    return (e @ others) / e.sum(axis=1, keepdims=True)


def log_softmax(scores) -> np.ndarray:
    """ln P(Y = k | x_i) = s_k − m − ln Σ_j e^{s_j − m}: finite where P itself underflows to 0."""
    s = np.asarray(scores, dtype=float)
    shifted = s - s.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_per_example(scores, labels, log_base: str = "e") -> np.ndarray:
    """L_i = −log(e^{s_{y_i}} / Σ_j e^{s_j}), in the given base.

    Computed with every score shifted by m = max_j s_j; when y_i is the max this is
    log1p(Σ_{j≠y_i} e^{s_j − m}), so tiny losses (1e-48 for [10, −100, −100]) stay exact
    instead of rounding to 0.
    """
    s, y, rows = _rows(scores, labels)
    shifted = s - s.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    e_y = e[rows, y]
    others = e.copy()
    others[rows, y] = 0.0
    rest = others.sum(axis=1)
    shifted_y = shifted[rows, y]
    with np.errstate(divide="ignore"):
        loss = np.where(shifted_y == 0, np.log1p(rest), np.log(e_y + rest) - shifted_y)
    return loss / LOG_BASES[log_base]


def softmax_grad(scores, labels, log_base: str = "e") -> np.ndarray:
    """∂L/∂s = (p − onehot(y)) / (N · ln base)."""
    s, y, rows = _rows(scores, labels)
    grad = softmax_probs(s)
    grad[rows, y] -= 1.0
    return grad / (s.shape[0] * LOG_BASES[log_base])


# --- Answers to the lecture's questions ---------------------------------------------------


def svm_loss_at_zero(num_classes: int, margin: float = 1.0, include_true: bool = False,
                     mean_over_classes: bool = False, squared: bool = False) -> float:
    """L_i when every score is 0 (Q5): each term is max(0, Δ), so (C − 1)·Δ by default."""
    term = max(0.0, margin) ** (2 if squared else 1)
    count = svm_class_count(num_classes, include_true)
    return term if mean_over_classes else term * count


def softmax_loss_at_zero(num_classes: int, log_base: str = "e") -> float:
    """L_i when every score is 0: −log(1/C) = log C."""
    return math.log(num_classes) / LOG_BASES[log_base]


def svm_min_loss(num_classes: int, margin: float = 1.0, include_true: bool = False,
                 mean_over_classes: bool = False, squared: bool = False) -> float:
    """Q4: the smallest L_i. 0, unless the j = y_i term (always max(0, Δ)) is summed."""
    if not include_true:
        return 0.0
    term = max(0.0, margin) ** (2 if squared else 1)
    return term / num_classes if mean_over_classes else term
