"""The poll answer: expected improvements of an i.i.d. search is the harmonic number H_n."""

import math
import random
from fractions import Fraction

import pytest

from engine.poll import harmonic, improvements_sd


def test_small_harmonic_numbers_are_exact():
    assert harmonic(0) == 0
    assert harmonic(1) == 1
    assert harmonic(2) == 1.5
    assert harmonic(4) == pytest.approx(float(Fraction(25, 12)), abs=1e-15)


def test_lecture_thousand_attempts_expect_about_seven_and_a_half_improvements():
    assert harmonic(1000) == pytest.approx(7.485470860550345, abs=1e-12)


def test_asymptotic_branch_continues_the_exact_sum():
    exact = math.fsum(1.0 / k for k in range(1, 2002))
    assert harmonic(2001) == pytest.approx(exact, abs=1e-12)
    assert harmonic(10**6) == pytest.approx(math.log(10**6) + 0.5772156649, abs=1e-6)


def test_spread_of_one_attempt_is_zero_and_grows_slowly():
    assert improvements_sd(1) == 0
    assert improvements_sd(2) == pytest.approx(0.5)  # Bernoulli(1/2)
    assert improvements_sd(3000) == pytest.approx(
        math.sqrt(math.fsum(1 / k - 1 / k**2 for k in range(1, 3001))), abs=1e-9)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        harmonic(-1)
    with pytest.raises(ValueError):
        improvements_sd(-1)


def test_harmonic_matches_a_simulated_iid_search():
    """Count records in shuffled sequences: the mean is H_n (a property, not a timing)."""
    rng, n, runs = random.Random(0), 50, 4000
    total = 0
    for _ in range(runs):
        best = math.inf
        for _ in range(n):
            x = rng.random()
            if x < best:
                best, total = x, total + 1
    assert total / runs == pytest.approx(harmonic(n), abs=4 * improvements_sd(n) / math.sqrt(runs))
