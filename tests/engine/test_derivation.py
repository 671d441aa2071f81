"""The slides' derivations: the lecture's lines exactly, and on random tables every number they
show is the Report's (the grid's), never recomputed."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings, strategies as st

from engine.derivation import softmax_derivation, svm_derivation
from engine.numfmt import probability, term
from engine.presets import load_preset
from engine.scene import Scene, evaluate


def numbers(line: str) -> list[float]:
    return [float(x.replace("−", "-")) for x in re.findall(r"−?\d+(?:\.\d+)?(?:e−?\d+)?", line)]


def test_the_lecture_cat_image_line_by_line():
    scene = load_preset("lecture")
    assert svm_derivation(scene, evaluate(scene), 0) == [
        "L_i = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)",
        "    = max(0, 2.9) + max(0, −3.9)",
        "    = 2.9 + 0",
        "    = 2.9"]
    soft = softmax_derivation(scene, evaluate(scene), 0)
    assert soft[-1] == "L_i = −ln(0.13) = 2.04"
    assert [line.split()[2:4] for line in soft[1:4]] == [["24.5", "0.13"], ["164.0", "0.87"], ["0.18", "9.7e−4"]]


def test_frog_image_sums_to_the_slides_12_9():
    scene = load_preset("lecture")
    assert svm_derivation(scene, evaluate(scene), 2)[-2:] == ["    = 6.3 + 6.6", "    = 12.9"]


def test_log_base_10_shows_the_slides_0_89_and_the_natural_log():
    scene = load_preset("lecture").replace(log_base="10")
    lines = softmax_derivation(scene, evaluate(scene), 0)
    assert lines[-2] == "L_i = −log₁₀(0.13) = 0.89"
    assert lines[-1] == "(base 10; natural log gives 2.04)"


tables = st.tuples(st.integers(1, 4), st.integers(2, 5)).flatmap(lambda nc: st.tuples(
    st.lists(st.lists(st.floats(-20, 20, allow_nan=False), min_size=nc[1], max_size=nc[1]),
             min_size=nc[0], max_size=nc[0]),
    st.lists(st.integers(0, nc[1] - 1), min_size=nc[0], max_size=nc[0]),
    st.booleans(), st.booleans(), st.booleans(), st.sampled_from(["e", "2", "10"]),
    st.floats(0.1, 3)))


@settings(max_examples=60, deadline=None)
@given(tables)
def test_every_number_of_a_derivation_is_the_reports(table):
    rows, labels, include_true, mean, squared, base, margin = table
    C = len(rows[0])
    scene = Scene(classes=tuple(f"c{j}" for j in range(C)), scores=rows, labels=tuple(labels),
                  include_true=include_true, mean_over_classes=mean, squared=squared, log_base=base,
                  margin=margin)
    report = evaluate(scene)
    for i, y in enumerate(scene.labels):
        js = [j for j in range(C) if include_true or j != y]
        svm = svm_derivation(scene, report, i)
        assert svm[-1].split("= ")[-1] == term(report.svm_per_example[i])
        terms_line = next(line for line in svm if "max" not in line and "+" in line) if len(js) > 1 else None
        if terms_line:
            np.testing.assert_allclose(numbers(terms_line.split("= ", 1)[1]),
                                       np.round(report.svm_terms[i, js], 2), atol=0.011)
        soft = softmax_derivation(scene, report, i)
        shown_probs = [line.split()[3] for line in soft[1:1 + C]]
        assert shown_probs == [probability(*cell) for cell in
                               zip(report.probs[i], report.log_probs[i], report.prob_rest[i])]
        assert f"({shown_probs[y]})" in soft[1 + C]
