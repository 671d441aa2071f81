"""Prefer simpler models (lecture, "Regularization: Prefer Simpler Models", three slides with a figure).

A few noisy points, a polynomial of chosen degree fitted to them with and without L2
regularization, and the error on points held out, so the class sees regularization "pushing
against fitting the data with too much flexibility".

Data: y = f(x) + ε with f(x) = sin(2.5·x), x uniform on [−1, 1], ε ~ N(0, 0.25²):
TRAIN_POINTS = 12 points to fit and HELD_OUT_POINTS = 20 more from the same distribution to test.
A seed fixes every draw.

Model: p(x) = Σ_{k=0..d} c_k P_k(x) with P_k the Legendre polynomials. They span the same
functions as 1, x, …, x^d (numpy.polyfit's monomials) but stay well-conditioned on [−1, 1], so
degree 12 is as stable as degree 2.

Fit: minimize L(c) = (1/N) Σ_i (p(x_i) − y_i)² + λ Σ_{k≥1} c_k²   (c₀, the constant, is the bias:
not regularized, as the lecture's bias). Setting ∇L = 0 gives (ΦᵀΦ + NλI′)c = Φᵀy with
I′ = diag(0, 1, …, 1); it is solved as least squares on [Φ; √(Nλ)·I′] c = [y; 0], which with
λ = 0 and d ≥ N gives the smallest-norm polynomial through every point.
Error = mean squared error (1/N) Σ_i (p(x_i) − y_i)², on the training and on the held-out points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.polynomial import legendre

TRAIN_POINTS, HELD_OUT_POINTS = 12, 20
NOISE = 0.25
FREQUENCY = 2.5
MAX_DEGREE = 15
MAX_LAMBDA = 1e6
CURVE_POINTS = 200


class PolyfitError(ValueError):
    """A degree, λ or seed out of range; the message names it and the bad value."""


def true_function(x) -> np.ndarray:
    """f(x) = sin(2.5·x): the simple function the points are drawn from."""
    return np.sin(FREQUENCY * np.asarray(x, dtype=np.float64))


@dataclass(frozen=True)
class Points:
    """Training points (x_train, y_train) and held-out points (x_test, y_test), each sorted by x."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def noisy_points(seed: int = 0, train: int = TRAIN_POINTS, held_out: int = HELD_OUT_POINTS,
                 noise: float = NOISE) -> Points:
    """x ~ U[−1, 1], y = f(x) + N(0, noise²), from one random stream for this seed."""
    rng = np.random.default_rng(seed)
    x_train = np.sort(rng.uniform(-1.0, 1.0, train))
    x_test = np.sort(rng.uniform(-1.0, 1.0, held_out))
    y_train = true_function(x_train) + noise * rng.standard_normal(train)
    y_test = true_function(x_test) + noise * rng.standard_normal(held_out)
    return Points(x_train, y_train, x_test, y_test)


def features(x, degree: int) -> np.ndarray:
    """Φ_ik = P_k(x_i), k = 0 … degree: (N, degree + 1)."""
    return legendre.legvander(np.asarray(x, dtype=np.float64), degree)


def fit(x, y, degree: int, lam: float = 0.0) -> np.ndarray:
    """c minimizing (1/N) Σ (p(x_i) − y_i)² + λ Σ_{k≥1} c_k² (least squares on [Φ; √(Nλ) I′])."""
    phi = features(x, degree)
    n = phi.shape[0]
    penalty = math.sqrt(n * lam) * np.eye(degree + 1)
    penalty[0, 0] = 0.0  # the constant is the bias
    A = np.vstack([phi, penalty])
    b = np.concatenate([np.asarray(y, dtype=np.float64), np.zeros(degree + 1)])
    return np.linalg.lstsq(A, b, rcond=None)[0]


def predict(coefficients: np.ndarray, x) -> np.ndarray:
    """p(x) = Σ_k c_k P_k(x)."""
    return legendre.legval(np.asarray(x, dtype=np.float64), coefficients)


def mean_squared_error(coefficients: np.ndarray, x, y) -> float:
    """(1/N) Σ_i (p(x_i) − y_i)²."""
    return float(np.mean((predict(coefficients, x) - np.asarray(y)) ** 2))


def objective(coefficients: np.ndarray, x, y, lam: float) -> float:
    """L(c) = (1/N) Σ (p(x_i) − y_i)² + λ Σ_{k≥1} c_k²: what ``fit`` minimizes."""
    return mean_squared_error(coefficients, x, y) + lam * float(np.sum(coefficients[1:] ** 2))


@dataclass(frozen=True)
class Fit:
    """One fitted polynomial: its coefficients, errors and values on the comparison's curve_x."""

    degree: int
    lam: float
    coefficients: np.ndarray
    train_error: float
    held_out_error: float
    curve: np.ndarray


@dataclass(frozen=True)
class Comparison:
    """The same points fitted twice: ``plain`` (λ = 0) and ``ridge`` (λ), on a dense curve_x."""

    seed: int
    points: Points
    curve_x: np.ndarray
    plain: Fit
    ridge: Fit


def check(degree: int, lam: float, seed: int) -> None:
    """Raise PolyfitError, naming the value, for anything out of range."""
    if not 0 <= degree <= MAX_DEGREE:
        raise PolyfitError(f"degree must be from 0 to {MAX_DEGREE}, got {degree}")
    if not (math.isfinite(lam) and 0 <= lam <= MAX_LAMBDA):
        raise PolyfitError(f"λ must be a number from 0 to {MAX_LAMBDA:g}, got {lam:g}")
    if seed < 0:
        raise PolyfitError(f"seed must be ≥ 0, got {seed}")


def fitted(points: Points, curve_x: np.ndarray, degree: int, lam: float) -> Fit:
    c = fit(points.x_train, points.y_train, degree, lam)
    return Fit(degree, lam, c, mean_squared_error(c, points.x_train, points.y_train),
               mean_squared_error(c, points.x_test, points.y_test), predict(c, curve_x))


def compare(degree: int, lam: float, seed: int = 0) -> Comparison:
    """Fit degree-d polynomials to the seed's points with λ = 0 and with λ."""
    check(degree, lam, seed)
    points = noisy_points(seed)
    curve_x = np.linspace(-1.0, 1.0, CURVE_POINTS)
    return Comparison(seed, points, curve_x, fitted(points, curve_x, degree, 0.0),
                      fitted(points, curve_x, degree, lam))


LAMBDA_FROM_ZERO = 1e-4  # ×10 from λ = 0 starts here
MIN_LAMBDA = 1e-8  # ÷10 below this gives λ = 0


def scaled_lambda(lam: float, factor: float) -> float:
    """λ × factor for the keys: from 0, ×10 gives LAMBDA_FROM_ZERO; below MIN_LAMBDA it is 0;
    never above MAX_LAMBDA. Results are rounded to 1 significant digit steps (1e-3, not 1.0000001e-3)."""
    if lam == 0:
        return LAMBDA_FROM_ZERO if factor > 1 else 0.0
    value = float(f"{lam * factor:.6g}")
    if value < MIN_LAMBDA:
        return 0.0
    return min(value, MAX_LAMBDA)
