"""The classifier engine: the four losses and their gradients on the web demo's scene."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from engine.classifier import (LAMBDAS, LOSS_KINDS, STEP_SIZES, ClassifierError, data_loss_and_grad,
                               default_scene, evaluate, ladder_step)
from engine.classifier_file import load_scene, save_scene, scene_from_dict, scene_to_toml
from engine.linear import numerical_gradient


def total_with(scene, W=None, b=None):
    return evaluate(scene.replace(W=scene.W if W is None else W, b=scene.b if b is None else b)).total


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_gradients_match_numerical_gradient_on_default_scene(kind):
    scene = default_scene().with_loss(kind)
    r = evaluate(scene)
    num_dW = numerical_gradient(lambda W: total_with(scene, W=W), scene.W)
    num_db = numerical_gradient(lambda b: total_with(scene, b=b), scene.b)
    np.testing.assert_allclose(r.dW, num_dW, atol=1e-6)
    np.testing.assert_allclose(r.db, num_db, atol=1e-6)


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_gradients_match_at_random_parameters_and_large_lambda(kind):
    scene = default_scene().with_loss(kind).randomized(seed=3).replace(lam=5.0)
    r = evaluate(scene)
    np.testing.assert_allclose(r.dW, numerical_gradient(lambda W: total_with(scene, W=W), scene.W), atol=1e-6)
    np.testing.assert_allclose(r.db, numerical_gradient(lambda b: total_with(scene, b=b), scene.b), atol=1e-6)


def test_default_scene_losses_exact():
    # λ ΣW² = 0.1 · (1 + 4 + 4 + 16 + 9 + 1) = 3.5; SVM L_i by hand for point 1:
    # s = (1·0.5 + 2·0.4, 2·0.5 − 4·0.4 + 0.5, 3·0.5 − 0.4 − 0.5) = (1.3, −0.1, 0.6)
    # L_1 = max(0, −0.1 − 1.3 + 1) + max(0, 0.6 − 1.3 + 1) = 0 + 0.3
    r = evaluate(default_scene())
    assert r.reg_loss == pytest.approx(3.5)
    np.testing.assert_allclose(r.scores[0], [1.3, -0.1, 0.6])
    assert r.per_point[0] == pytest.approx(0.3)
    np.testing.assert_allclose(r.per_point, [0.3, 1.7, 0, 3.2, 6.8, 2.4, 2.5, 3.3, 4.7], atol=1e-12)
    assert r.data_loss == pytest.approx(24.9 / 9)
    assert r.total == pytest.approx(24.9 / 9 + 3.5)


def test_bias_not_regularized_and_reg_gradient_is_2_lambda_W():
    scene = default_scene().replace(lam=2.0)
    zero = scene.replace(lam=0.0)
    assert evaluate(scene).reg_loss == pytest.approx(2.0 * 35)
    np.testing.assert_allclose(evaluate(scene).dW - evaluate(zero).dW, 2 * 2.0 * scene.W)
    np.testing.assert_allclose(evaluate(scene).db, evaluate(zero).db)


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_small_step_changes_loss_as_gradient_predicts(kind):
    scene = default_scene().with_loss(kind).replace(step_size=1e-5)
    r = evaluate(scene)
    predicted = -scene.step_size * (np.sum(r.dW**2) + np.sum(r.db**2))
    actual = evaluate(scene.step()).total - r.total
    assert actual < 0
    assert actual == pytest.approx(predicted, rel=1e-3)


def test_step_moves_against_gradient():
    scene = default_scene()
    r = evaluate(scene)
    after = scene.step()
    np.testing.assert_allclose(after.W, scene.W - 0.1 * r.dW)
    np.testing.assert_allclose(after.b, scene.b - 0.1 * r.db)
    assert scene.W[0, 0] == 1.0  # the original is untouched


def test_randomize_is_seeded_and_changes_only_parameters():
    a, b = default_scene().randomized(7), default_scene().randomized(7)
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b, b.b)
    assert not np.array_equal(a.W, default_scene().randomized(8).W)
    np.testing.assert_array_equal(a.points, default_scene().points)


def test_point_edits():
    s = default_scene()
    moved = s.move_point(0, 0.1, -0.2)
    np.testing.assert_allclose(moved.points[0], [0.6, 0.2])
    clamped = s.move_point(1, 5.0, 0.0)
    assert clamped.points[1, 0] == 1.0  # kept inside the viewport
    added = s.add_point(0.0, 0.0, 2)
    assert added.num_points == 10 and added.labels[-1] == 2
    removed = s.remove_point(3)
    assert removed.num_points == 8 and removed.labels == (0, 0, 0, 1, 1, 2, 2, 2)
    assert s.cycle_label(8).labels[8] == 0
    assert s.cycle_label(0).labels[0] == 1


def test_cannot_remove_last_point():
    s = default_scene()
    for _ in range(8):
        s = s.remove_point(0)
    with pytest.raises(ClassifierError, match="at least 1 point"):
        s.remove_point(0)


def test_bad_parameter_values_refused():
    s = default_scene()
    with pytest.raises(ClassifierError, match="not a finite number"):
        s.set_param("W", 0, 0, float("nan"))
    with pytest.raises(ClassifierError, match="too large"):
        s.set_param("b", 0, 0, 1e9)
    assert s.nudge_param("W", 1, 1, 0.1).W[1, 1] == pytest.approx(-3.9)
    assert s.nudge_param("b", 2, 0, -0.01).b[2] == pytest.approx(-0.51)


def test_lambda_and_step_ladders_are_log_scale_within_the_issue_ranges():
    assert LAMBDAS[:2] == (0.0, 0.01) and LAMBDAS[-1] == 100
    assert STEP_SIZES[0] == 0.0005 and STEP_SIZES[-1] == 5
    assert ladder_step(LAMBDAS, 0.1, +1) == 0.2
    assert ladder_step(LAMBDAS, 0.1, -1) == 0.05
    assert ladder_step(LAMBDAS, 100, +1) == 100
    assert ladder_step(LAMBDAS, 0.3, -1) == 0.2  # off the ladder: snap to the rung below
    assert default_scene().lam_step(+1).lam == 0.2
    assert default_scene().step_size_step(-1).step_size == 0.05


def test_lambda_goes_down_to_zero_and_back_up_to_the_log_scale():
    s = default_scene().replace(lam=0.01)
    off = s.lam_step(-1)
    assert off.lam == 0.0
    assert off.lam_step(-1).lam == 0.0  # 0 is the bottom
    assert off.lam_step(+1).lam == 0.01
    assert ladder_step(LAMBDAS, 0.005, -1) == 0.0  # off the ladder, below 0.01: snap to 0
    r = evaluate(off)
    assert r.reg_loss == 0.0 and r.total == r.data_loss
    _, _, dW_data, _ = data_loss_and_grad(s.points, s.labels, s.W, s.b, s.loss)
    np.testing.assert_allclose(r.dW, dW_data)  # no 2λW term in the gradient


def test_loss_cycle():
    s = default_scene()
    kinds = [s.loss]
    for _ in range(4):
        s = s.next_loss()
        kinds.append(s.loss)
    assert kinds == ["svm", "ova", "structured", "softmax", "svm"]


def test_save_load_round_trip(tmp_path):
    scene = default_scene().with_loss("softmax").randomized(1).move_point(2, 0.123456789, 0)
    path = save_scene(scene, tmp_path / "scene.toml")
    back = load_scene(path)
    np.testing.assert_array_equal(back.W, scene.W)
    np.testing.assert_array_equal(back.points, scene.points)
    assert back.labels == scene.labels and back.loss == "softmax" and back.lam == scene.lam
    assert [p.name for p in tmp_path.iterdir()] == ["scene.toml"]  # no temp file left


@pytest.mark.parametrize("change, message", [
    ({"labels": [0, 1]}, "9 points but 2 labels"),
    ({"W": [[1, 2], [3, 4]]}, "^W has 2 entries; it needs 3$"),
    ({"W": [[1, 2], [3, 4], [5]]}, r"^W row 3 has 1 entries; it needs 2$"),
    ({"W": [[1, 2], [3, 4], [5, True]]}, r"^W row 3\[2\] = true is not a number$"),
    ({"loss": "hinge"}, """^loss = 'hinge' is not one of "svm", "ova", "structured", "softmax"$"""),
    ({"loss": 1}, "^loss = 1 is not one of"),
    ({"lam": -1}, "^lam = -1 is outside 0 … 1000$"),
    ({"step_size": "0.1"}, "^step_size = '0.1' is not a number$"),
    ({"b": [0, "x", 1]}, "^b\\[2\\] = 'x' is not a number$"),
    ({"viewport": [0, 1, 0]}, "^viewport has 3 entries; it needs 4$"),
    ({"points": {"x": 1}}, r"^points = \(a table\) is not a list of \[x0, x1\] points$"),
    ({"colour": 1}, "^unknown key 'colour'; the keys are loss, lam, step_size, viewport, W, b, points, labels$"),
    ({"labels": [0, 0, 0, 1, 1, 1, 2, 2, 3]}, "^label 9 = 3 is outside 0 … 2$"),
    ({"labels": [0, 0, 0, 1, 1, 1, 2, 2, False]}, "^label 9 = false is not a whole number 0 … 2$"),
])
def test_bad_files_explain_themselves(change, message):
    data = tomllib.loads(scene_to_toml(default_scene()))
    data.update(change)
    with pytest.raises(ClassifierError, match=message):
        scene_from_dict(data)


def test_load_errors_name_the_file(tmp_path):
    with pytest.raises(ClassifierError, match="no such file"):
        load_scene(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("W = [", encoding="utf-8")
    with pytest.raises(ClassifierError, match="bad.toml: not a valid scene file"):
        load_scene(bad)
