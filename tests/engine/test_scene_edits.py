"""Engine helpers added for the Losses view: the jiggle, typed settings, number formats."""

from __future__ import annotations

import numpy as np
import pytest

from engine import losses
from engine.numfmt import editable, precise, scale_factor
from engine.presets import load_preset
from engine.scene import SceneError, jiggle, nonnegative, parse_number


def test_jiggle_the_lectures_closing_question():
    scene = load_preset("svm-vs-softmax")  # [10, -2, 3], [10, 9, 9], [10, -100, -100], y = 0
    for example in range(3):
        j = jiggle(scene, example, 0, 0.1)  # the correct class gets a bit more score
        assert j.svm_before == j.svm_after == 0.0  # margins hold: SVM does not notice
        assert j.softmax_after < j.softmax_before  # softmax always does
    j = jiggle(scene, 1, 1, 0.1)  # [10, 9.1, 9]: the margin of class 1 is now violated
    assert j.svm_after == pytest.approx(0.1)
    assert j.softmax_after == pytest.approx(np.log(1 + np.exp(-0.9) + np.exp(-1)))


def test_jiggle_uses_displayed_scores_and_changes_nothing():
    scene = load_preset("single").replace(scale=2.0)  # displayed [2.6, 5.0, 4.0], y = car
    before = scene.scores.copy()
    j = jiggle(scene, 0, 2, 0.5)  # frog 4.0 → 4.5: max(0, 4.5 − 5 + 1) = 0.5
    assert (j.svm_before, j.svm_after) == (0.0, pytest.approx(0.5))
    np.testing.assert_array_equal(scene.scores, before)
    s = np.array([[2.6, 5.0, 4.5]])
    assert j.softmax_after == pytest.approx(losses.softmax_per_example(s, [1])[0])


@pytest.mark.parametrize("text, value", [("0.1", 0.1), (" 2 ", 2.0), ("0", 0.0)])
def test_nonnegative_accepts(text, value):
    assert nonnegative(text, "λ") == value


@pytest.mark.parametrize("text, error", [("-1", "λ '-1' must be ≥ 0"), ("x", "λ 'x' is not a number"),
                                         ("nan", "not a finite number"), ("", "λ is empty")])
def test_nonnegative_rejects(text, error):
    with pytest.raises(SceneError, match=error):
        nonnegative(text, "λ")


def test_editable_round_trips_through_parse_number():
    for x in (3.2, -1.7, 1e-7, 0.1 + 0.2, 123456.789):
        assert parse_number(editable(x)) == pytest.approx(x, rel=1e-11)
    assert editable(3.2) == "3.2" and editable(-1.7) == "-1.7"


def test_precise_shows_tiny_changes():
    assert precise(9.176050495943519e-4) == "9.18e−4"
    assert precise(0.5514447) == "0.551"
    assert precise(0.09999999) == "0.100"
    assert precise(3.3778e-48) == "3.38e−48"
    assert precise(0.0) == "0"


def test_scale_factor():
    assert [scale_factor(2.0**e) for e in (-4, -1, 0, 1, 3, 4)] == ["2^−4", "0.5", "1", "2", "8", "2^4"]


def test_same_as_compares_table_and_settings_not_identity():
    scene = load_preset("lecture")
    assert scene.same_as(scene) and not scene.same_as(None)
    assert scene.same_as(scene.replace()) and scene.same_as(scene.set_score(0, 0, 3.2))
    assert not scene.same_as(scene.set_score(0, 0, 3.3))
    assert not scene.same_as(scene.replace(lam=0.1)) and not scene.same_as(scene.add_class())


def test_new_names_continue_the_numbering_in_use_and_messages_count_properly():
    assert load_preset("svm-vs-softmax").add_class().classes[-1] == "class 3"  # class 0 … class 2
    assert load_preset("lecture").add_class().classes[-1] == "class 4"
    assert load_preset("lecture").add_example().examples[-1] == "ex 4"
    scene = load_preset("single")
    with pytest.raises(SceneError, match=r"^2 example names for 1 example$"):
        scene.replace(examples=("a", "b"))
    with pytest.raises(SceneError, match="too large"):
        parse_number("-2e6", "margin Δ")


def test_a_file_cannot_smuggle_in_a_score_the_editor_refuses(tmp_path):
    from engine.presets import load_table
    path = tmp_path / "big.toml"
    path.write_text('classes=["a","b"]\nexamples=["x"]\nlabels=["b"]\nscores=[[-1.5e308,2]]\n')
    with pytest.raises(SceneError, match=r"score −1.5e\+308 \(a, example 1\) is too large \(limit ±1e\+06\)"):
        load_table(path)
