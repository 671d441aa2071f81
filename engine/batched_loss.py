"""The data loss of many candidate weight matrices at once: one float32 GEMM per chunk of rows.

K candidates W_k, each (C, D) as in the lecture's ``W.dot(x)``, are stacked into a (K·C, D)
matrix; for each chunk of ROW_CHUNK rows X_c (n, D) one product gives every candidate's scores,
S = W_stack X_cᵀ (K·C, n), viewed as (K, C, n). The chunk's losses are reduced in place while S
is still in cache, giving each candidate's chunk sum Σ_{i∈c} L_i (float64).

L = (1/N) Σ_c Σ_{i∈c} L_i: a candidate's chunk sums are added exactly (math.fsum), so its loss
does not depend on the order its chunks were visited in (engine.pipeline visits them in a
rotation). The chunk sums themselves come from float32 products whose last bits may depend on the
product's shape (how many candidates share it) on some CPUs: across batchings the losses agree to
float32 rounding (~1e-8 relative on an AMD EPYC), and the same batching on the same machine repeats
them exactly.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

ROW_CHUNK = 1536  # rows per product: amortizes packing the W stack; fixed, so chunk sums are the same every run


def correct_class_scores(S: np.ndarray, y: np.ndarray) -> np.ndarray:
    """s_{y_i} for every candidate: S (K, C, n) → (K, n), gathered without copying S."""
    K, C, n = S.shape
    return np.take(S.reshape(K, C * n), y * n + np.arange(n), axis=1)


def svm_chunk_sums(S: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Σ_i L_i per candidate, L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1). Overwrites S.

    One pass in place, S ← max(S, s_y − 1), using max(0, s_j − s_y + 1) = max(s_j, s_y − 1) − s_y + 1:
    L_i = Σ_j S_ij − C·s_{y_i} + (C − 1), where the j = y_i term max(s_y, s_y − 1) − s_y + 1 = 1 is
    the one the (C − 1) leaves out. Rows are summed over classes first, so no sum grows beyond one row.
    """
    K, C, n = S.shape
    correct = correct_class_scores(S, y)
    np.maximum(S, (correct - 1.0)[:, None, :], out=S)
    per_row = S.sum(axis=1)
    per_row -= C * correct
    return per_row.sum(axis=1, dtype=np.float64) + n * (C - 1)


def softmax_chunk_sums(S: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Σ_i L_i per candidate, L_i = m_i + log Σ_j e^{s_j − m_i} − s_{y_i}, m_i = max_j s_j. Overwrites S."""
    correct = correct_class_scores(S, y)
    top = S.max(axis=1)
    S -= top[:, None, :]
    np.exp(S, out=S)
    per_row = np.log(S.sum(axis=1))
    per_row += top
    per_row -= correct
    return per_row.sum(axis=1, dtype=np.float64)


CHUNK_SUMS = {"svm": svm_chunk_sums, "softmax": softmax_chunk_sums}


def row_chunks(num_rows: int) -> list[tuple[int, int]]:
    """(start, stop) of every chunk of ROW_CHUNK rows, the last one possibly shorter."""
    return [(start, min(start + ROW_CHUNK, num_rows)) for start in range(0, num_rows, ROW_CHUNK)]


def chunk_sums(stack: np.ndarray, X_chunk: np.ndarray, y_chunk: np.ndarray, loss: str,
               buffer: np.ndarray) -> np.ndarray:
    """Σ_{i∈chunk} L_i (float64) of each candidate of stack (K, C, D) float32, over rows X_chunk (n, D).

    One product S = W_stack X_cᵀ (K·C, n), written into BUFFER (≥ K·C·n float32) and reduced there.
    """
    K, C, D = stack.shape
    n = X_chunk.shape[0]
    S = np.matmul(stack.reshape(K * C, D), X_chunk.T, out=buffer[:K * C * n].reshape(K * C, n))
    return CHUNK_SUMS[loss](S.reshape(K, C, n), y_chunk)


def mean_of_chunks(sums: np.ndarray, num_rows: int) -> float:
    """(1/N) Σ_c sums[c], the chunk sums added exactly: the same whatever order they came in."""
    return math.fsum(sums) / num_rows


def stacked_data_losses(X: np.ndarray, y: np.ndarray, stack: np.ndarray, loss: str,
                        should_stop: Callable[[], bool] = lambda: False) -> np.ndarray | None:
    """L_k = (1/N) Σ_i L_i(W_k x_i, y_i) for stack (K, C, D) float32; None if stopped.

    should_stop is polled before every chunk of ROW_CHUNK rows, so a stop is noticed within
    one chunk's product (milliseconds at CIFAR scale).
    """
    K, C, D = stack.shape
    chunks = row_chunks(X.shape[0])
    sums = np.empty((K, len(chunks)), dtype=np.float64)
    buffer = np.empty(K * C * ROW_CHUNK, dtype=np.float32)
    for index, (start, stop) in enumerate(chunks):
        if should_stop():
            return None
        sums[:, index] = chunk_sums(stack, X[start:stop], y[start:stop], loss, buffer)
    return np.array([mean_of_chunks(row, X.shape[0]) for row in sums])


def scores_of(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """s = X W for W (D, C), as float32 (N, C)."""
    return X @ np.asarray(W, dtype=np.float32)


def accuracy(X: np.ndarray, y: np.ndarray, W: np.ndarray) -> float:
    """Fraction of rows whose highest score is their label: mean(argmax_j (x_i W)_j == y_i)."""
    if X.shape[0] == 0:
        return float("nan")
    correct = 0
    for start in range(0, X.shape[0], ROW_CHUNK * 8):
        predicted = scores_of(X[start:start + ROW_CHUNK * 8], W).argmax(axis=1)
        correct += int((predicted == y[start:start + ROW_CHUNK * 8]).sum())
    return correct / X.shape[0]
