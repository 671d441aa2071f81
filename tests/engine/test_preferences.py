"""The lecture's "expressing preferences" example: same output, different regularization."""

from __future__ import annotations

import pytest

from engine.preferences import (CONCLUSION, LECTURE_W1, LECTURE_W2, LECTURE_X, PreferenceError,
                                agreement, compare, parse_beta, parse_vector, spread)


def test_lecture_example():
    r = compare(LECTURE_X, LECTURE_W1, LECTURE_W2, beta=0.5)
    assert r.dot1 == 1.0 and r.dot2 == 1.0 and r.same_output
    l2 = r.verdict("l2")
    assert (l2.r1, l2.r2, l2.preferred) == (1.0, 0.25, "w2")
    l1 = r.verdict("l1")
    assert (l1.r1, l1.r2, l1.preferred) == (1.0, 1.0, "tie")
    el = r.verdict("elastic")
    assert (el.r1, el.r2, el.preferred) == (1.5, 1.125, "w2")
    assert "spread out" in CONCLUSION


def test_any_length_and_l1_preferring_sparse():
    r = compare([1, 1], [1, 0], [0.6, 0.6])
    assert not r.same_output
    assert r.verdict("l1").preferred == "w1"  # 1 < 1.2
    assert r.verdict("l2").preferred == "w2"  # 0.72 < 1


def test_elastic_net_beta():
    r = compare([1, 1, 1, 1], LECTURE_W1, LECTURE_W2, beta=0.0)
    assert r.verdict("elastic").preferred == "tie"  # β = 0 is L1


def test_length_mismatch():
    with pytest.raises(PreferenceError, match="same length .got 4, 3, 4."):
        compare(LECTURE_X, [1, 0, 0], LECTURE_W2)


def test_parse_vector():
    assert parse_vector("[1, 0, 0, 0]", "w1") == (1.0, 0.0, 0.0, 0.0)
    assert parse_vector("0.25 0.25  −1", "w2") == (0.25, 0.25, -1.0)
    with pytest.raises(PreferenceError, match="w1: 'a' is not a number"):
        parse_vector("1, a", "w1")
    with pytest.raises(PreferenceError, match="x is empty"):
        parse_vector("  ", "x")
    with pytest.raises(PreferenceError, match="finite"):
        parse_vector("inf", "x")


def test_parse_beta():
    assert parse_beta("0.5") == 0.5
    with pytest.raises(PreferenceError, match="≥ 0"):
        parse_beta("-1")
    with pytest.raises(PreferenceError, match="not a number"):
        parse_beta("big")


def test_spread_counts_effectively_used_weights():
    assert spread(LECTURE_W1) == 1.0
    assert spread(LECTURE_W2) == 4.0
    assert spread([0, 0]) == 0.0
    assert spread([3, -3]) == 2.0
    r = compare(LECTURE_X, LECTURE_W1, LECTURE_W2)
    assert (r.spread1, r.spread2) == (1.0, 4.0)


@pytest.mark.parametrize("w1, w2, sentence", [
    (LECTURE_W1, LECTURE_W2, "L1 and L2 disagree: L2 prefers w2, L1 sees a tie; elastic net prefers w2."),
    ([2, 0, 0, 0], [0.25] * 4, "L2, L1 and elastic net all prefer w2."),
    ([0.25] * 4, [0.25] * 4, "L2, L1 and elastic net all see a tie."),
    ([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], "L1 and L2 disagree: L2 sees a tie, L1 prefers w1; "
                                          "elastic net prefers w1."),
])
def test_agreement_reads_as_a_sentence(w1, w2, sentence):
    assert agreement(compare(LECTURE_X, w1, w2, beta=0.5)) == sentence


def test_agreement_follows_the_numbers_and_beta():
    r = compare([1, 1], [1, 0], [0.4, 0.4], beta=0.5)  # L2 0.32 < 1, L1 0.8 < 1: both w2
    assert agreement(r) == "L2, L1 and elastic net all prefer w2."
    r = compare([1, 1], [1, 0], [0.5, 0.5], beta=0.0)  # L1 tie, L2 w2, elastic (β=0) = L1: tie
    assert agreement(r) == "L1 and L2 disagree: L2 prefers w2, L1 sees a tie; elastic net sees a tie."
