"""Loss landscape: the slices against a direct per-point float64 evaluation, and their shape."""

import numpy as np
import pytest

from engine import losses
from engine.datasets import load_dataset
from engine.landscape import (INIT_SCALE, LandscapeError, block_size, direction, landscape,
                              plane_candidates, plane_features)
from engine.search import candidate_weights

ROWS = 300
PER_EXAMPLE = {"svm": losses.svm_per_example, "softmax": losses.softmax_per_example}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    try:
        yield load_dataset("shapes", train_size=ROWS, test_size=1)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def W(data):
    return candidate_weights(0, 0, data.num_classes, data.num_features)


def direct_loss(X, y, W, loss):
    """The lecture's data loss in float64, one point at a time: mean_i L_i(W x_i, y_i)."""
    return PER_EXAMPLE[loss](X.astype(np.float64) @ W.T, y).mean()


@pytest.mark.parametrize("loss", ["svm", "softmax"])
@pytest.mark.parametrize("example", [None, 7])
def test_every_grid_point_matches_a_direct_evaluation(data, W, loss, example):
    result = landscape(data.X_train, data.y_train, W, loss, seed=3, grid=5, span=3.0,
                       example=example, line_points=7)
    X, y = data.X_train, data.y_train
    if example is not None:
        X, y = X[example:example + 1], y[example:example + 1]
    W64 = W.astype(np.float64)
    W1, W2 = direction(W64, 3, 1), direction(W64, 3, 2)
    want = [[direct_loss(X, y, W64 + a * W1 + b * W2, loss) for a in result.coords] for b in result.coords]
    # float32 products vs float64: agreement to ~1e-7 relative here; allow for other CPUs' BLAS
    np.testing.assert_allclose(result.grid, want, rtol=1e-5)
    line_want = [direct_loss(X, y, W64 + a * W1, loss) for a in result.line_coords]
    np.testing.assert_allclose(result.line, line_want, rtol=1e-5)
    assert result.centre == pytest.approx(direct_loss(X, y, W64, loss), rel=1e-5)
    assert result.rows == (1 if example is not None else ROWS)
    assert list(result.coords) == pytest.approx([-3, -1.5, 0, 1.5, 3])


def test_directions_are_as_long_as_ws_rows_and_fixed_by_the_seed(W):
    W64 = W.astype(np.float64)
    W1 = direction(W64, 0, 1)
    np.testing.assert_allclose(np.linalg.norm(W1, axis=1), np.linalg.norm(W64, axis=1), rtol=1e-12)
    np.testing.assert_array_equal(W1, direction(W64, 0, 1))
    assert not np.allclose(W1, direction(W64, 1, 1)) and not np.allclose(W1, direction(W64, 0, 2))
    cosine = np.sum(W1 * direction(W64, 0, 2)) / np.linalg.norm(W1) / np.linalg.norm(direction(W64, 0, 2))
    assert abs(cosine) < 0.05  # random directions in 30,730 dimensions: nearly orthogonal


def test_a_zero_w_gets_directions_at_the_lectures_scale():
    d = direction(np.zeros((10, 3073)), 0, 1)
    assert np.std(d) == pytest.approx(INIT_SCALE, rel=0.05)


def test_plane_candidates_reproduce_the_scores(data, W):
    """V(a, b) z_i = (W + a W₁ + b W₂) x_i: the plane's coordinates are exact, not an approximation."""
    W64 = W.astype(np.float64)
    W1, W2 = direction(W64, 0, 1), direction(W64, 0, 2)
    Z = plane_features(data.X_train[:20], W64, W1, W2)
    V = plane_candidates(np.array([0.5]), np.array([-2.0]), 10)[0]
    want = data.X_train[:20].astype(np.float64) @ (W64 + 0.5 * W1 - 2.0 * W2).T
    np.testing.assert_allclose(Z @ V.T, want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_slices_are_convex_and_the_line_is_the_grids_middle_row(data, W, loss):
    result = landscape(data.X_train, data.y_train, W, loss, grid=9, line_points=9, span=4.0)
    np.testing.assert_allclose(result.line, result.grid[4], rtol=1e-9)  # b = 0 is the middle row
    assert result.grid[4, 4] == result.centre
    bends = np.diff(result.line, 2)
    assert bends.min() > -1e-5 * result.line.max()  # L is convex in W, so along any line too


def test_one_svm_example_is_piecewise_linear_with_few_kinks(data, W):
    """L_i = Σ_{j≠y} max(0, s_j − s_y + 1): along a line each of the C − 1 hinges bends at most once."""
    result = landscape(data.X_train, data.y_train, W, "svm", example=0, span=20.0, line_points=401)
    bends = np.abs(np.diff(result.line, 2))
    kinks = np.count_nonzero(bends > 1e-4 * np.abs(result.line).max())
    assert 1 <= kinks <= 2 * (data.num_classes - 1)  # a kink between two samples shows in ≤ 2 points
    full = landscape(data.X_train, data.y_train, W, "svm", span=20.0, line_points=401)
    full_kinks = np.count_nonzero(np.abs(np.diff(full.line, 2)) > 1e-4 * full.line.max())
    assert full_kinks > 2 * (data.num_classes - 1)  # 300 examples' hinges: bends all along


def test_minimum_and_maximum_name_their_coordinates(data, W):
    result = landscape(data.X_train, data.y_train, W, "softmax", grid=11, span=2.0)
    low, a, b = result.minimum()
    assert low == result.grid.min()
    assert result.grid[list(result.coords).index(b), list(result.coords).index(a)] == low
    high, a, b = result.maximum()
    assert high == result.grid.max() and low < result.centre < high


def test_progress_and_stop(data, W):
    calls = []
    result = landscape(data.X_train, data.y_train, W, grid=41, progress=lambda done, total: calls.append((done, total)))
    total = 41 * 41 + len(result.line) + 1
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) == -(-total // block_size(ROWS, 10))
    assert landscape(data.X_train, data.y_train, W, should_stop=lambda: True) is None


def test_block_size_keeps_progress_frequent_on_large_sets():
    assert block_size(2000, 10) == 512
    assert block_size(50_000, 10) == 33
    assert block_size(10**7, 10) == 16


@pytest.mark.parametrize("kwargs, message", [
    (dict(loss="hinge"), "unknown loss 'hinge' (choose svm, softmax)"),
    (dict(grid=1), "grid must be from 2 to 301 points a side, got 1"),
    (dict(span=0.0), "span must be a number > 0 and ≤ 1e+06, got 0"),
    (dict(span=float("nan")), "span must be a number > 0 and ≤ 1e+06, got nan"),
    (dict(example=ROWS), f"example {ROWS} is not one of the {ROWS} training rows (0 … {ROWS - 1})"),
    (dict(example=-1), f"example -1 is not one of the {ROWS} training rows"),
])
def test_bad_requests_are_refused_by_name(data, W, kwargs, message):
    with pytest.raises(LandscapeError) as error:
        landscape(data.X_train, data.y_train, W, **kwargs)
    assert message in str(error.value)


@pytest.mark.parametrize("shape", [(3073, 10), (10, 3072), (5, 3073)])
def test_a_w_of_the_wrong_shape_is_refused(data, shape):
    with pytest.raises(LandscapeError, match=r"W must be \(C, 3073\): a row of 3073 weights \(bias last\) "
                                             r"for each of the 10 classes, got \(" + str(shape[0])):
        landscape(data.X_train, data.y_train, np.zeros(shape))
