"""Optimization by search (lecture, "Strategy #1: random search", and what follows it).

Strategies, each minimizing the full loss L(W) = (1/N) Σ_i L_i + λ Σ_{k<D} Σ_j W_kj² (the bias
row is not regularized) with L_i the multiclass SVM or the softmax loss:

- ``random``: attempt i tries W_i = 0.0001 · randn — the lecture's loop.
- ``local``: random local search; attempt 0 tries W_0 as above, attempt i > 0 tries
  W_best + step · randn and keeps it if its loss is lower (the course notes reach ~21.4 %).
- ``sgd``: minibatch gradient descent from W_0: W ← W − step · ∇L on batch_size random rows;
  an attempt's loss is the minibatch loss at the W before its step.

Random and local search stream their attempts through a rotating pipeline (engine.pipeline):
every attempt's exact full-data loss comes out as soon as it is known, in attempt order, while
each matrix product still serves `width` candidates. Local search evaluates perturbations
speculatively and drops those after an improvement, so its sequence is the sequential one.

Determinism: every random draw comes from its own stream (seed, purpose, attempt), so on one
machine a seed and a configuration fix the sequence of losses exactly. Other pipeline widths (or
CPUs) multiply in differently shaped float32 products whose last bits may differ: the losses then
agree to float32 rounding (~1e-7 relative), and so does the best attempt unless two losses are
that close.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from engine import losses, regularization
from engine.batched_loss import accuracy
from engine.linear import backprop
from engine.pipeline import Pipeline, Ramp

STRATEGIES = ("random", "local", "sgd")
LOSSES = ("svm", "softmax")
INIT_SCALE = 1e-4  # the lecture: W = np.random.randn(10, 3073) * 0.0001
DEFAULT_STEPS = {"random": 0.0, "local": 1e-5, "sgd": 1e-7}  # local: init/10, as the notes (0.001, 0.0001)
DEFAULT_WIDTH = 128  # candidates in flight: products as wide as the block engine had (94 % of GEMM), ~4 losses a step
MAX_WIDTH = 4096  # beyond this the in-flight W's alone would take gigabytes at CIFAR scale
STREAM_CANDIDATE, STREAM_PERTURBATION, STREAM_MINIBATCH = 0, 1, 2
PER_EXAMPLE = {"svm": losses.svm_per_example, "softmax": losses.softmax_per_example}
GRADIENT = {"svm": losses.svm_grad, "softmax": losses.softmax_grad}


class SearchConfigError(ValueError):
    """A SearchConfig field out of range; the message names the field and the bad value."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class SearchConfig:
    """What to search. step=None means the strategy's default (DEFAULT_STEPS); width is how many
    candidates the pipeline keeps in flight, i.e. share one matrix product (random and local
    search; the losses agree to float32 rounding whatever it is)."""

    strategy: str = "random"
    loss: str = "svm"
    attempts: int = 1000
    seed: int = 0
    reg: float = 0.0
    step: float | None = None
    batch_size: int = 200
    width: int = DEFAULT_WIDTH

    def __post_init__(self):
        if self.strategy not in STRATEGIES:
            raise SearchConfigError(f"unknown strategy '{self.strategy}' (choose {', '.join(STRATEGIES)})")
        if self.loss not in LOSSES:
            raise SearchConfigError(f"unknown loss '{self.loss}' (choose {', '.join(LOSSES)})")
        for name in ("attempts", "batch_size", "width"):
            if getattr(self, name) < 1:
                raise SearchConfigError(f"{name} must be at least 1, got '{getattr(self, name)}'")
        if self.width > MAX_WIDTH:
            raise SearchConfigError(f"width must be at most {MAX_WIDTH}, got '{self.width}'")
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


def perturbed_weights(base: np.ndarray, seed: int, attempt: int, step: float) -> np.ndarray:
    """W_try = W_base + step · randn, float32 (C, D)."""
    noise = attempt_rng(seed, attempt, STREAM_PERTURBATION).standard_normal(base.shape, dtype=np.float32)
    noise *= np.float32(step)
    noise += base
    return noise


def weight_penalty(W_cd: np.ndarray) -> float:
    """R(W) = Σ W² over every column of the (C, D) matrix but the last (the bias)."""
    return regularization.l2(W_cd[:, :-1].astype(np.float64))


def _pipeline(config: SearchConfig, data) -> Pipeline:
    return Pipeline(data.X_train, data.y_train, config.loss, data.num_classes, config.width)


def _penalty(config: SearchConfig, W_cd: np.ndarray) -> float:
    return config.reg * weight_penalty(W_cd) if config.reg > 0 else 0.0


def _random(config: SearchConfig, data, should_stop) -> Iterator[tuple[float, np.ndarray]]:
    """(loss, W (D, C)) of attempts 0, 1, … in order, W_i = 0.0001 · randn, through the pipeline."""
    C, D = data.num_classes, data.num_features
    pipeline = _pipeline(config, data)
    ramp, drawn = Ramp(pipeline.lap, pipeline.width), 0
    while drawn < config.attempts or pipeline.active:
        if should_stop():
            return
        for attempt in range(drawn, drawn + min(ramp.allowance(pipeline.free), config.attempts - drawn)):
            W = candidate_weights(config.seed, attempt, C, D)
            pipeline.admit(attempt, W, _penalty(config, W))
            drawn = attempt + 1
        for _, loss, W in pipeline.step():
            yield float(loss), W.T


def _local(config: SearchConfig, data, should_stop) -> Iterator[tuple[float, np.ndarray]]:
    """(loss, W) of attempts in order: W_0, then W_best + step · randn, kept when better.

    Attempts enter the pipeline speculatively, perturbing the best W so far; when one improves,
    the attempts after it (perturbations of an outdated best) are dropped and enter again from the
    new best, so the sequence is the sequential one whatever the pipeline's width.
    """
    C, D = data.num_classes, data.num_features
    pipeline = _pipeline(config, data)
    ramp = Ramp(pipeline.lap, pipeline.width)
    base, base_attempt, best, drawn, done = candidate_weights(config.seed, 0, C, D), 0, math.inf, 0, 0
    while done < config.attempts:
        if should_stop():
            return
        for attempt in range(drawn, drawn + min(ramp.allowance(pipeline.free), config.attempts - drawn)):
            W = base if attempt == 0 else perturbed_weights(base, config.seed, attempt, config.resolved_step)
            pipeline.admit((attempt, base_attempt), W, _penalty(config, W))
            drawn = attempt + 1
        for (attempt, from_attempt), loss, W in pipeline.step():
            if from_attempt != base_attempt:
                continue  # perturbed from a best that an earlier attempt of this step replaced
            yield float(loss), W.T
            done += 1
            if loss < best:
                best = loss
                if attempt != base_attempt:
                    base, base_attempt, drawn = W, attempt, attempt + 1
                    pipeline.drop(lambda tag: tag[1] == base_attempt)
                    ramp.restart()


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
    """Yield one Progress per attempt as soon as its loss is known, then exactly one Summary
    (cancelled=True if stopped).

    should_stop is polled before every matrix product (one chunk of rows, tens of milliseconds at
    CIFAR scale) and every sgd step; after a stop, the attempts already evaluated are still
    yielded (they are in the Summary), and no new product starts.
    """
    start = time.perf_counter()
    best, best_W, best_attempt, done = math.inf, None, -1, 0
    cancelled = False
    for loss, W in RUNNERS[config.strategy](config, data, should_stop):
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
