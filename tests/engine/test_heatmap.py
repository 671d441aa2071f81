"""Ramp levels, nearest-point sampling and the character map of engine.heatmap; round axis ticks."""

import numpy as np
import pytest

from engine.heatmap import RAMP, character_rows, levels, odd_at_most, sample_indices
from engine.ticks import round_ticks


def test_levels_split_the_range_evenly_and_clip_the_top():
    assert levels([0, 0.05, 0.1, 0.95, 1.0], 0, 1, 10).tolist() == [0, 0, 1, 9, 9]
    assert levels([3, 3], 3, 3, 10).tolist() == [0, 0]  # a flat grid: no division by zero


def test_sampling_keeps_both_ends_and_the_middle_of_an_odd_grid():
    assert sample_indices(41, 41).tolist() == list(range(41))
    picked = sample_indices(41, odd_at_most(30, 41))
    assert len(picked) == 29 and picked[0] == 0 and picked[-1] == 40 and 20 in picked
    assert odd_at_most(50, 41) == 41 and odd_at_most(10, 41) == 9 and odd_at_most(0, 41) == 1


def test_character_rows_put_the_last_row_on_top():
    b, a = np.meshgrid(np.arange(9.0), np.arange(9.0), indexing="ij")
    lines, rows, cols = character_rows(a + 10 * b, 9)  # grows to the right and upwards
    assert rows.tolist() == [8, 6, 4, 2, 0] and cols.tolist() == list(range(9))  # cells are 2:1
    assert lines[0][-1] == RAMP[-1] and lines[-1][0] == RAMP[0]
    assert all(len(line) == 9 for line in lines)


@pytest.mark.parametrize("low, high, ticks", [
    (9.8, 18.5, [10, 12.5, 15, 17.5]),
    (-1.42, 1.98, [-1, 0, 1]),
    (2.51, 3.5, [2.75, 3.0, 3.25, 3.5]),
    (5.0, 5.0, [5.0]),
])
def test_round_ticks(low, high, ticks):
    got = round_ticks(low, high)
    assert got == pytest.approx(ticks)
    assert all(str(t) != "-0.0" for t in got)
