"""Screen number formats: small probabilities never read 0.00, changes stay visible, columns agree."""

from __future__ import annotations

import math

from hypothesis import given, strategies as st

from engine.numfmt import bounded, distinct, exp_column, fine, probability
from engine.ticks import integer_ticks, round_step, tick
from engine.wording import clip, count, ui_minus


def test_fine_keeps_two_significant_digits_below_half_a_hundredth():
    assert [fine(x) for x in (0.13, 0.87, 0.0021, 0.00097, 0.0, 0.005)] == \
        ["0.13", "0.87", "0.0021", "9.7e−4", "0.00", "0.01"]


@given(st.floats(min_value=1e-300, max_value=0.0049))
def test_a_positive_probability_never_shows_as_zero(p):
    text = probability(p)
    assert text not in ("0.00", "0") and float(text.replace("−", "-")) > 0


@given(st.floats(min_value=1e-300, max_value=0.0049))
def test_a_probability_short_of_one_never_shows_as_one(rest):
    text = probability(1 - rest, rest=rest)
    assert text not in ("1.00", "1", "1.0000")
    if text.startswith("1−"):  # 1−4.0e−5: the distance to 1, two significant digits
        assert float(text[2:].replace("−", "-")) == float(f"{rest:.1e}")
    else:
        assert float(text) < 1


def test_probabilities_near_one_read_like_the_loss_beside_them():
    # the lecture's car image at W × 2 (L_i 0.0038) and the svm-vs-softmax preset's first example
    assert probability(0.99620, rest=0.00380) == "0.9962"
    assert probability(1.0, rest=3.4e-48) == "1−3.4e−48"
    assert probability(1.0, rest=0.0) == "1.00"  # exactly 1 stays 1.00


def test_underflowed_probability_shows_its_log():
    assert probability(0.0, -1000.0) == "e^−1000.0"


def test_exp_column_is_slide_style_until_a_value_reaches_a_million():
    assert exp_column([math.exp(3.2), math.exp(5.1), math.exp(-1.7)]) == ["24.5", "164.0", "0.18"]
    assert exp_column([0.49, math.exp(-8.87)]) == ["0.49", "1.4e−4"]
    assert exp_column([math.exp(20), 1.0, math.exp(-20)]) == ["4.85e8", "1.00e0", "2.06e−9"]
    assert exp_column([math.inf, 0.0]) == ["overflow", "0"]


def test_bounded_keeps_lines_short_for_big_values():
    assert [bounded(x) for x in (5.27, 1234.5, 123456.0, -6.4e13)] == ["5.27", "1234.50", "1.23e5", "−6.40e13"]


@given(st.floats(min_value=1e-6, max_value=1e6), st.floats(min_value=1e-9, max_value=1e-1))
def test_distinct_shows_every_real_change(before, relative):
    after = before * (1 + relative)
    shown = distinct(before, after)
    assert shown[0] != shown[1]


def test_distinct_keeps_equal_values_short():
    assert distinct(0.5, 0.5) == ("0.500", "0.500")


@given(st.floats(min_value=1e-9, max_value=1e12))
def test_round_step_is_the_least_round_value_not_below(least):
    step = round_step(least)
    assert step >= least * (1 - 1e-9) and step < least * 2.5 + 1e-300


def test_ticks_and_words():
    assert [tick(x) for x in (0, 0.5, 2.5, 40, 1e5, 2.5e5, -3)] == ["0", "0.5", "2.5", "40", "1e5", "2.5e5", "−3"]
    assert clip("a" * 20) == "a" * 15 + "…" and clip("cat") == "cat"
    assert (count(1, "example"), count(2, "example"), count(0, "class")) == ("1 example", "2 examples", "0 classes")
    assert ui_minus("margin -1.5 is not-a-number") == "margin −1.5 is not-a-number"


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_integer_ticks_start_and_end_on_the_data_and_sit_on_a_round_grid(first, span):
    last = first + span
    ticks = integer_ticks(first, last)
    assert ticks[0] == first and ticks[-1] == last and ticks == sorted(set(ticks))
    inner = ticks[1:-1]
    if len(inner) >= 2:
        step = inner[1] - inner[0]
        assert all(b - a == step for a, b in zip(inner, inner[1:]))  # evenly spaced
        assert all(t % step == 0 for t in inner)  # on the round grid
    assert len(ticks) <= 6
