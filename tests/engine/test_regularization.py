"""R(W) of the lecture's preference example, gradients, and R(kW) at scale."""

import numpy as np
import pytest

from engine.linear import numerical_gradient
from engine.regularization import (elastic_net, full_loss, l1, l2, regularization,
                                   regularization_at_scale, regularization_grad)

X = np.array([1.0, 1, 1, 1])
W1 = np.array([1.0, 0, 0, 0])
W2 = np.array([0.25] * 4)


def test_preference_example_values():
    assert W1 @ X == W2 @ X == 1.0
    assert l2(W1) == 1.0 and l2(W2) == 0.25  # L2 prefers w2: it spreads out the weights
    assert l1(W1) == 1.0 and l1(W2) == 1.0  # L1 is indifferent here
    assert elastic_net(W1, beta=0.5) == 1.5 and elastic_net(W2, beta=0.5) == 1.125


@pytest.mark.parametrize("kind", ["l2", "l1", "elastic"])
def test_gradients_match_numerical(kind):
    W = np.random.default_rng(0).normal(size=(3, 4))
    np.testing.assert_allclose(regularization_grad(W, kind, 0.3),
                               numerical_gradient(lambda w: regularization(w, kind, 0.3), W), atol=1e-6)


@pytest.mark.parametrize("kind", ["l2", "l1", "elastic"])
def test_regularization_at_scale_equals_r_of_scaled_w(kind):
    W = np.random.default_rng(1).normal(size=(3, 4))
    for k in (0.25, 1.0, 2.0, 8.0):
        expected = regularization(k * W, kind, 0.7)
        assert regularization_at_scale(k, l2(W), l1(W), kind, 0.7) == pytest.approx(expected)


def test_full_loss_adds_lambda_r():
    assert full_loss(5.0, W2, lam=2.0) == pytest.approx(5.5)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown regularization 'l3'"):
        regularization(W1, "l3")
