"""Prefer simpler models: least squares vs numpy.polyfit, ridge vs its gradient, the U of held-out error."""

import warnings

import numpy as np
import pytest

from engine.linear import numerical_gradient
from engine.polyfit import (HELD_OUT_POINTS, LAMBDA_FROM_ZERO, MAX_DEGREE, TRAIN_POINTS, PolyfitError,
                            compare, features, fit, mean_squared_error, noisy_points, objective,
                            predict, scaled_lambda, true_function)


def test_points_are_seeded_noisy_samples_of_the_function():
    points = noisy_points(0)
    assert len(points.x_train) == TRAIN_POINTS and len(points.x_test) == HELD_OUT_POINTS
    assert np.all(np.diff(points.x_train) > 0) and -1 <= points.x_train.min() and points.x_train.max() <= 1
    np.testing.assert_array_equal(points.y_train, noisy_points(0).y_train)
    assert not np.allclose(points.y_train, noisy_points(1).y_train)
    residual = np.concatenate([points.y_train - true_function(points.x_train),
                               points.y_test - true_function(points.x_test)])
    assert 0.15 < residual.std() < 0.35  # σ = 0.25


@pytest.mark.parametrize("degree", range(0, 9))
def test_unregularized_fit_is_numpy_polyfit(degree):
    points = noisy_points(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # polyfit must not be ill-conditioned here
        monomial = np.polyfit(points.x_train, points.y_train, degree)
    x = np.linspace(-1, 1, 50)
    np.testing.assert_allclose(predict(fit(points.x_train, points.y_train, degree), x),
                               np.polyval(monomial, x), atol=1e-8)


@pytest.mark.parametrize("degree, lam", [(3, 0.1), (9, 0.01), (12, 1e-4)])
def test_ridge_solves_its_objective(degree, lam):
    points = noisy_points(0)
    x, y = points.x_train, points.y_train
    c = fit(x, y, degree, lam)
    gradient = numerical_gradient(lambda v: objective(v, x, y, lam), c, h=1e-6)
    assert np.abs(gradient).max() < 1e-6  # a minimum: ∇L(c) = 0
    phi = features(x, degree)
    penalty = np.eye(degree + 1)
    penalty[0, 0] = 0
    closed = np.linalg.solve(phi.T @ phi + len(x) * lam * penalty, phi.T @ y)  # (ΦᵀΦ + NλI′)c = Φᵀy
    np.testing.assert_allclose(c, closed, rtol=1e-6, atol=1e-9)


def test_held_out_error_falls_then_rises_with_degree_without_regularization():
    errors = [compare(d, 0.0, seed=0).plain.held_out_error for d in range(0, 13)]
    best = int(np.argmin(errors))
    assert 2 <= best <= 6
    assert errors[0] > 3 * errors[best] and errors[12] > 100 * errors[best]
    train = [compare(d, 0.0, seed=0).plain.train_error for d in range(0, 13)]
    assert all(b <= a + 1e-12 for a, b in zip(train, train[1:]))  # more flexibility, never worse on train
    assert train[11] < 1e-20  # 12 points, degree 11: through every point


def test_regularization_beats_the_wiggly_fit_on_held_out_points():
    result = compare(9, 0.01, seed=0)
    assert result.ridge.train_error > result.plain.train_error  # it gives up fitting the data…
    assert result.ridge.held_out_error < result.plain.held_out_error / 10  # …and generalizes
    assert np.ptp(result.ridge.curve) < np.ptp(result.plain.curve)


def test_large_lambda_gives_a_flat_line_at_the_mean():
    result = compare(12, 1e6, seed=0)
    np.testing.assert_allclose(result.ridge.curve, result.points.y_train.mean(), atol=1e-4)
    assert result.ridge.lam == 1e6 and result.plain.lam == 0.0


def test_degree_above_the_points_still_fits_stably():
    result = compare(MAX_DEGREE, 0.0, seed=0)
    assert result.plain.train_error < 1e-20 and np.all(np.isfinite(result.plain.curve))
    assert mean_squared_error(result.plain.coefficients, result.points.x_train, result.points.y_train) < 1e-20


def test_lambda_keys_step_by_ten_and_reach_zero():
    assert scaled_lambda(0.0, 10) == LAMBDA_FROM_ZERO
    assert scaled_lambda(0.0, 0.1) == 0.0
    assert scaled_lambda(0.001, 10) == 0.01 and scaled_lambda(0.01, 0.1) == 0.001
    assert scaled_lambda(1e-8, 0.1) == 0.0
    assert scaled_lambda(1e6, 10) == 1e6


@pytest.mark.parametrize("args, message", [
    ((-1, 0.0, 0), "degree must be from 0 to 15, got -1"),
    ((16, 0.0, 0), "degree must be from 0 to 15, got 16"),
    ((3, -1.0, 0), "λ must be a number from 0 to 1e+06, got -1"),
    ((3, float("inf"), 0), "λ must be a number from 0 to 1e+06, got inf"),
    ((3, 0.0, -2), "seed must be ≥ 0, got -2"),
])
def test_bad_values_are_refused_by_name(args, message):
    with pytest.raises(PolyfitError, match=message.replace("+", r"\+")):
        compare(*args)
