"""Presets load by name with the slide's numbers; save/load round trip; bad files."""

import re

import numpy as np
import pytest

from engine.presets import load_preset, load_table, preset_names, save_table
from engine.scene import SceneError, evaluate


def test_preset_names():
    assert preset_names()[0] == "lecture"
    assert set(preset_names()) == {"lecture", "single", "svm-vs-softmax", "cifar10", "init"}


def test_lecture_preset():
    s = load_preset("lecture")
    assert s.classes == ("cat", "car", "frog") and s.labels == (0, 1, 2)
    np.testing.assert_array_equal(s.scores, [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])


def test_cifar10_preset_matches_slide():
    s = load_preset("cifar10")
    assert s.num_classes == 10 and s.classes[0] == "airplane" and s.classes[-1] == "truck"
    assert [s.classes[y] for y in s.labels] == ["cat", "automobile", "frog"]
    assert s.scores[:, 3].tolist() == [2.9, -4.22, 5.1]  # the cat row of the slide


def test_svm_vs_softmax_and_single():
    assert load_preset("svm-vs-softmax").scores.tolist() == [[10, -2, 3], [10, 9, 9], [10, -100, -100]]
    single = load_preset("single")
    assert single.labels == (1,) and evaluate(single).svm_mean == pytest.approx(0.5)


def test_unknown_preset():
    with pytest.raises(SceneError, match="unknown preset 'nope'"):
        load_preset("nope")


def test_round_trip_keeps_everything(tmp_path):
    s = load_preset("cifar10").replace(scale=4.0, margin=2.5, squared=True, log_base="10",
                                       reg_kind="elastic", lam=0.3, beta=0.25, title='a "quoted" title')
    s = s.rename_class(0, "jet ✈").set_score(1, 2, 1 / 3)
    path = save_table(s, tmp_path / "t.toml")
    t = load_table(path)
    np.testing.assert_array_equal(t.scores, s.scores)
    for name in ("classes", "labels", "examples", "scale", "margin", "squared", "log_base",
                 "reg_kind", "lam", "beta", "title"):
        assert getattr(t, name) == getattr(s, name), name
    assert not list(tmp_path.glob(".*tmp"))  # no temp file left behind


def test_save_is_atomic_on_failure(tmp_path):
    target = tmp_path / "keep.toml"
    target.write_text("precious")
    with pytest.raises(SceneError, match="cannot save"):
        save_table(load_preset("lecture"), tmp_path / "missing-dir" / "x.toml")
    assert target.read_text() == "precious"


@pytest.mark.parametrize("text, message", [
    ("classes = [", "not a valid table file"),
    ('classes = ["a", "b"]\nlabels = [0]\nscores = [[1, 2, 3]]', "row 1 has 3 values for 2 classes"),
    ('classes = ["a", "b"]\nlabels = ["z"]\nscores = [[1, 2]]', "label 'z' is not one of"),
    ('classes = ["a", "b"]\nlabels = [0]', "missing 'scores'"),
    ('classes = ["a", "b"]\nlabels = [0]\nscores = [[1, "x"]]', "'x' in row 1 is not a number"),
    ('classes = ["a", "b"]\nlabels = [0]\nscores = [[1, 2]]\n[settings]\nfoo = 1', "unknown setting 'foo'"),
])
def test_bad_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SceneError, match=message):
        load_table(path)


def test_missing_file(tmp_path):
    with pytest.raises(SceneError, match="no such file"):
        load_table(tmp_path / "none.toml")


@pytest.mark.parametrize("name", preset_names())
def test_a_preset_title_is_a_name_that_quotes_no_numbers(name):
    """Edits change the numbers, never the title: a title that quoted them would go stale (and a
    title quoting the loss would give away the answer to the lecture's poll)."""
    title = load_preset(name).title
    assert title and not re.search(r"\d", title.replace("CIFAR-10", ""))


def test_an_edited_table_saved_and_reopened_shows_no_stale_numbers(tmp_path):
    edited = load_preset("lecture").set_score(0, 1, 9.0)
    path = save_table(edited, tmp_path / "t.toml")
    reopened = load_table(path)
    assert reopened.title == load_preset("lecture").title
    assert "2.9" not in reopened.title and "12.9" not in path.read_text().splitlines()[0]
