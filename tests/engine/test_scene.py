"""Scene → Report on the lecture presets; edits; validation; the scale sweep."""

import math

import numpy as np
import pytest

from engine.numfmt import fixed
from engine.presets import load_preset
from engine.scene import Scene, SceneError, evaluate, parse_number, scale_sweep


@pytest.fixture
def lecture():
    return load_preset("lecture")


def test_lecture_report_two_decimals(lecture):
    r = evaluate(lecture)
    assert [fixed(v) for v in r.svm_per_example] == ["2.90", "0.00", "12.90"]
    assert fixed(r.svm_mean) == "5.27"
    assert [fixed(v) for v in r.probs[0]] == ["0.13", "0.87", "0.00"]
    assert fixed(r.softmax_per_example[0]) == "2.04"
    assert r.predicted.tolist() == [1, 1, 1]  # car wins all three


def test_log_base_10_gives_slide_value(lecture):
    r = evaluate(lecture.replace(log_base="10"))
    assert fixed(r.softmax_per_example[0]) == "0.89"


def test_scaling_single_preset():
    single = load_preset("single")
    r1, r2 = evaluate(single), evaluate(single.replace(scale=2.0))
    assert r1.svm_mean == pytest.approx(0.5) and r2.svm_mean == 0.0
    assert r2.softmax_mean < r1.softmax_mean
    np.testing.assert_allclose(r2.scores, [[2.6, 5.0, 4.0]])


def test_scale_back_restores_exactly(lecture):
    scaled = lecture.replace(scale=2.0).replace(scale=0.5).replace(scale=1.0)
    np.testing.assert_array_equal(evaluate(scaled).scores, lecture.scores)


def test_set_score_edits_displayed_value_at_scale(lecture):
    s = lecture.replace(scale=2.0).set_score(0, 1, 4.0)
    assert s.scores[0, 1] == 2.0
    assert evaluate(s).scores[0, 1] == 4.0


def test_edits_keep_invariants(lecture):
    s = lecture.add_class().add_example(label=3)
    assert s.scores.shape == (4, 4) and s.classes[-1] == "class 4" and s.labels[-1] == 3
    with pytest.raises(SceneError, match="correct label"):
        s.remove_class(3)
    s = s.remove_example(3).remove_class(3)
    assert s.scores.shape == (3, 3)
    with pytest.raises(SceneError, match="at least 2 classes"):
        Scene(classes=("a", "b"), scores=[[1, 2]], labels=[0]).remove_class(1)
    with pytest.raises(SceneError, match="at least 1 example"):
        Scene(classes=("a", "b"), scores=[[1, 2]], labels=[0]).remove_example(0)


def test_remove_class_shifts_labels():
    s = Scene(classes=("a", "b", "c"), scores=[[1, 2, 3], [4, 5, 6]], labels=[2, 2])
    t = s.remove_class(0)
    assert t.labels == (1, 1) and t.classes == ("b", "c")
    np.testing.assert_array_equal(t.scores, [[2, 3], [5, 6]])


def test_rename_and_duplicate_names(lecture):
    assert lecture.rename_class(0, " tiger ").classes[0] == "tiger"
    with pytest.raises(SceneError, match="different"):
        lecture.rename_class(0, "car")
    with pytest.raises(SceneError, match="empty"):
        lecture.rename_class(0, "  ")


@pytest.mark.parametrize("text, message", [
    ("abc", "'abc' is not a number"), ("", "empty"), ("nan", "not a finite"),
    ("inf", "not a finite"), ("1e9", "too large"),
])
def test_parse_number_refuses(text, message):
    with pytest.raises(SceneError, match=message):
        parse_number(text)


def test_parse_number_accepts_unicode_minus():
    assert parse_number(" −1.7 ") == -1.7


def test_scene_validation():
    with pytest.raises(SceneError, match="at least 2 classes"):
        Scene(classes=("a",), scores=[[1.0]], labels=[0])
    with pytest.raises(SceneError, match="out of range"):
        Scene(classes=("a", "b"), scores=[[1, 2]], labels=[2])
    with pytest.raises(SceneError, match="finite"):
        Scene(classes=("a", "b"), scores=[[1, math.nan]], labels=[0])
    with pytest.raises(SceneError, match="log base"):
        Scene(classes=("a", "b"), scores=[[1, 2]], labels=[0], log_base="3")


def test_facts_answer_q4_q5(lecture):
    f = evaluate(lecture).facts
    assert (f.svm_min, f.svm_max, f.softmax_min, f.softmax_max) == (0.0, math.inf, 0.0, math.inf)
    assert f.svm_at_zero == 2 and f.softmax_at_zero == pytest.approx(math.log(3))
    init = evaluate(load_preset("init"))
    assert init.svm_mean == 2 and init.softmax_mean == pytest.approx(math.log(3))


def test_regularization_total_and_sweep(lecture):
    s = lecture.replace(lam=0.5, w_sq=2.0, scale=2.0)
    r = evaluate(s)
    assert r.reg == pytest.approx(0.5 * 4 * 2.0)
    assert r.svm_total == pytest.approx(r.svm_mean + r.reg)
    sweep = scale_sweep(load_preset("single").replace(lam=0.1), [1, 2, 4])
    np.testing.assert_allclose(sweep["svm"], [0.5, 0, 0])
    np.testing.assert_allclose(sweep["reg"], [0.1, 0.4, 1.6])
    assert sweep["softmax"][0] > sweep["softmax"][1] > sweep["softmax"][2]


def test_scene_is_immutable(lecture):
    with pytest.raises(ValueError):
        lecture.scores[0, 0] = 1.0
