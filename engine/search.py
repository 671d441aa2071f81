"""Optimization by search (lecture, "Strategy #1: random search", and what follows it).

Strategies, each minimizing the full loss L(W) = (1/N) Σ_i L_i + λ Σ_{k<D} Σ_j W_kj² (the bias
row is not regularized) with L_i the multiclass SVM or the softmax loss:

- ``random``: attempt i tries W_i = 0.0001 · randn — the lecture's loop.
- ``local``: random local search; attempt 0 tries W_0 as above, attempt i > 0 tries
  W_best + step · randn and keeps it if its loss is lower (the course notes reach ~21.4 %).
- ``sgd``: minibatch gradient descent from W_0: W ← W − step · ∇L on batch_size random rows;
  an attempt's loss is the minibatch loss at the W before its step.

Every random draw comes from its own stream (seed, purpose, attempt), so a seed fixes the whole
sequence of losses; random and local search evaluate many candidates per matrix product
(engine.batched_loss) and local search evaluates perturbations speculatively, discarding those
after an improvement, so the losses never depend on how candidates were batched.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from engine import losses, regularization
from engine.batched_loss import accuracy, stacked_data_losses
from engine.linear import backprop

STRATEGIES = ("random", "local", "sgd")
LOSSES = ("svm", "softmax")
INIT_SCALE = 1e-4  # the lecture: W = np.random.randn(10, 3073) * 0.0001
DEFAULT_STEPS = {"random": 0.0, "local": 1e-5, "sgd": 1e-7}  # local: init/10, as the notes (0.001, 0.0001)
STREAM_CANDIDATE, STREAM_PERTURBATION, STREAM_MINIBATCH = 0, 1, 2
PER_EXAMPLE = {"svm": losses.svm_per_example, "softmax": losses.softmax_per_example}
GRADIENT = {"svm": losses.svm_grad, "softmax": losses.softmax_grad}
DRAW_THREADS = min(4, os.cpu_count() or 1)  # threads drawing random candidates between products
_DRAW_POOL: ThreadPoolExecutor | None = None


class SearchConfigError(ValueError):
    """A SearchConfig field out of range; the message names the field and the bad value."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class SearchConfig:
    """What to search. step=None means the strategy's default (DEFAULT_STEPS); block is how many
    candidates share one matrix product (results never depend on it)."""

    strategy: str = "random"
    loss: str = "svm"
    attempts: int = 1000
    seed: int = 0
    reg: float = 0.0
    step: float | None = None
    batch_size: int = 200
    block: int = 128

    def __post_init__(self):
        if self.strategy not in STRATEGIES:
            raise SearchConfigError(f"unknown strategy '{self.strategy}' (choose {', '.join(STRATEGIES)})")
        if self.loss not in LOSSES:
            raise SearchConfigError(f"unknown loss '{self.loss}' (choose {', '.join(LOSSES)})")
        for name in ("attempts", "batch_size", "block"):
            if getattr(self, name) < 1:
                raise SearchConfigError(f"{name} must be at least 1, got '{getattr(self, name)}'")
        if not self.reg >= 0 or math.isinf(self.reg):
            raise SearchConfigError(f"reg must be a finite number ≥ 0, got '{self.reg}'")
        if self.step is not None and not (self.step > 0 and math.isfinite(self.step)):
            raise SearchConfigError(f"step must be a finite number > 0, got '{self.step}'")

    @property
    def resolved_step(self) -> float:
        """The perturbation size (local) or learning rate (sgd) in use."""
        return DEFAULT_STEPS[self.strategy] if self.step is None else self.step


@dataclass(frozen=True)
class Progress:
    """One attempt: its loss, the best loss so far (including it), and running throughput."""

    attempt: int
    loss: float
    best: float
    improved: bool
    elapsed_s: float
    candidates_per_s: float


@dataclass(frozen=True)
class Summary:
    """The end of a search (also after a stop: cancelled=True, covering the attempts that ran).

    best_W is (D, C) with the bias as its last row; with no attempt finished, best is inf,
    test_accuracy NaN and best_W zeros.
    """

    best: float
    test_accuracy: float
    attempts: int
    candidates_per_s: float
    best_W: np.ndarray = field(repr=False)
    cancelled: bool
    best_attempt: int = -1
    elapsed_s: float = 0.0


def attempt_rng(seed: int, attempt: int, stream: int) -> np.random.Generator:
    """The random stream of one attempt for one purpose: independent of every other draw."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, attempt)))


def candidate_weights(seed: int, attempt: int, num_classes: int, num_features: int,
                      out: np.ndarray | None = None) -> np.ndarray:
    """The lecture's W = randn(C, D) · 0.0001 for this attempt, float32 (C, D) (written into OUT if given)."""
    rng = attempt_rng(seed, attempt, STREAM_CANDIDATE)
    weights = rng.standard_normal((num_classes, num_features), dtype=np.float32, out=out)
    weights *= np.float32(INIT_SCALE)
    return weights


def _draw_pool() -> ThreadPoolExecutor:
    global _DRAW_POOL
    if _DRAW_POOL is None:
        _DRAW_POOL = ThreadPoolExecutor(max_workers=DRAW_THREADS, thread_name_prefix="loss-tui-draw")
    return _DRAW_POOL


def candidate_stack(seed: int, first: int, count: int, num_classes: int, num_features: int) -> np.ndarray:
    """candidate_weights of attempts first … first + count − 1 as one (count, C, D) float32 stack.

    Each attempt has its own random stream, so the stack is split between DRAW_THREADS threads
    (numpy draws without holding the GIL) and comes out the same however it is split.
    """
    stack = np.empty((count, num_classes, num_features), dtype=np.float32)

    def draw(part: range) -> None:
        for k in part:
            candidate_weights(seed, first + k, num_classes, num_features, out=stack[k])

    parts = [range(start, count, DRAW_THREADS) for start in range(DRAW_THREADS)]
    if count < 2 * DRAW_THREADS or DRAW_THREADS == 1:
        draw(range(count))
    else:
        list(_draw_pool().map(draw, parts))
    return stack


def perturbed_weights(base: np.ndarray, seed: int, attempt: int, step: float) -> np.ndarray:
    """W_try = W_base + step · randn, float32 (C, D)."""
    noise = attempt_rng(seed, attempt, STREAM_PERTURBATION).standard_normal(base.shape, dtype=np.float32)
    noise *= np.float32(step)
    noise += base
    return noise


def weight_penalty(W_cd: np.ndarray) -> float:
    """R(W) = Σ W² over every column of the (C, D) matrix but the last (the bias)."""
    return regularization.l2(W_cd[:, :-1].astype(np.float64))


def _full_losses(stack, data, config, should_stop):
    """L(W_k) = data loss + λ R(W_k) for each of the stacked (K, C, D) candidates; None if stopped."""
    values = stacked_data_losses(data.X_train, data.y_train, stack, config.loss, should_stop)
    if values is not None and config.reg > 0:
        values = values + config.reg * np.array([weight_penalty(W) for W in stack])
    return values


def _random(config: SearchConfig, data, should_stop) -> Iterator[tuple[float, np.ndarray]]:
    """(loss, W (D, C)) of attempts 0, 1, … with W_i = 0.0001 · randn, block candidates per product."""
    C, D = data.num_classes, data.num_features
    for first in range(0, config.attempts, config.block):
        count = min(config.block, config.attempts - first)
        stack = candidate_stack(config.seed, first, count, C, D)
        values = _full_losses(stack, data, config, should_stop)
        if values is None:
            return
        for k in range(count):
            yield float(values[k]), stack[k].T


def _local(config: SearchConfig, data, should_stop) -> Iterator[tuple[float, np.ndarray]]:
    """(loss, W) of attempts: W_0, then W_best + step · randn, kept when better.

    A block perturbs the current best speculatively; after an improvement the rest of the block
    was perturbed from an outdated W_best and is evaluated again from the new one.
    """
    C, D = data.num_classes, data.num_features
    base = candidate_weights(config.seed, 0, C, D)
    best, attempt, block = math.inf, 0, 1
    while attempt < config.attempts:
        count = min(block, config.attempts - attempt)
        stack = np.stack([base if a == 0 else perturbed_weights(base, config.seed, a, config.resolved_step)
                          for a in range(attempt, attempt + count)])
        values = _full_losses(stack, data, config, should_stop)
        if values is None:
            return
        used = count
        for k in range(count):
            yield float(values[k]), stack[k].T
            if values[k] < best:
                best, base, used = values[k], stack[k].copy(), k + 1
                break
        attempt += used
        block = min(config.block, 2 * used)


def _sgd(config: SearchConfig, data, should_stop) -> Iterator[tuple[float, np.ndarray]]:
    """(minibatch loss at W, W) per step, then W ← W − step · (Xᵦᵀ ∂L/∂s + 2λW), bias row unregularized."""
    C, D = data.num_classes, data.num_features
    W = candidate_weights(config.seed, 0, C, D).T.astype(np.float64)
    lam, rate = config.reg, config.resolved_step
    for attempt in range(config.attempts):
        if should_stop():
            return
        rows = attempt_rng(config.seed, attempt, STREAM_MINIBATCH).integers(
            0, data.X_train.shape[0], size=config.batch_size)
        X, y = data.X_train[rows], data.y_train[rows]
        scores = X @ W
        loss = float(PER_EXAMPLE[config.loss](scores, y).mean())
        gradient = backprop(X, GRADIENT[config.loss](scores, y))[0]
        if lam > 0:
            loss += lam * regularization.l2(W[:-1])
            gradient[:-1] += lam * regularization.regularization_grad(W[:-1])
        yield loss, W
        W = W - rate * gradient


RUNNERS = {"random": _random, "local": _local, "sgd": _sgd}


def run_search(config: SearchConfig, data, should_stop: Callable[[], bool] = _never
               ) -> Iterator[Progress | Summary]:
    """Yield one Progress per attempt, then exactly one Summary (cancelled=True if stopped).

    should_stop is polled before each yield and between chunks of every matrix product, so a
    stop takes effect within one chunk of rows (well under 100 ms at CIFAR scale).
    """
    start = time.perf_counter()
    best, best_W, best_attempt, done = math.inf, None, -1, 0
    cancelled = False
    for loss, W in RUNNERS[config.strategy](config, data, should_stop):
        if should_stop():
            break
        improved = loss < best
        if improved:
            best, best_W, best_attempt = loss, np.array(W, dtype=np.float64), done
        elapsed = time.perf_counter() - start
        yield Progress(done, loss, best, improved, elapsed, (done + 1) / max(elapsed, 1e-9))
        done += 1
    if done < config.attempts:
        cancelled = True
    elapsed = time.perf_counter() - start
    if best_W is None:
        best_W = np.zeros((data.num_features, data.num_classes))
        test_accuracy = math.nan
    else:
        test_accuracy = accuracy(data.X_test, data.y_test, best_W)
    yield Summary(best, test_accuracy, done, done / max(elapsed, 1e-9), best_W, cancelled,
                  best_attempt, elapsed)
