"""A grid of values as levels of a ramp: for the landscape's colour scale and its character map.

The character ramp " .:-=+*#%@" (low → high) reads without colour (NO_COLOR, a pipe, a log).
"""

from __future__ import annotations

import numpy as np

RAMP = " .:-=+*#%@"


def levels(values, low: float, high: float, count: int) -> np.ndarray:
    """Level 0 … count − 1 of each value on a linear scale from low to high (all 0 when flat)."""
    values = np.asarray(values, dtype=np.float64)
    if not high > low:
        return np.zeros(values.shape, dtype=int)
    scaled = (values - low) / (high - low) * count
    return np.clip(np.floor(scaled), 0, count - 1).astype(int)


def sample_indices(n: int, count: int) -> np.ndarray:
    """count indices spread evenly over 0 … n − 1, ends included (nearest grid points)."""
    return np.round(np.linspace(0, n - 1, min(count, n))).astype(int)


def odd_at_most(limit: int, n: int) -> int:
    """The side to show an n-point grid in at most ``limit`` cells: n if it fits, else the largest
    odd number ≤ limit, so an odd grid's middle point (a = b = 0, W itself) stays on screen."""
    if n <= limit:
        return n
    return max(1, limit if limit % 2 else limit - 1)


def character_rows(grid: np.ndarray, columns: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """grid[j, i] (row j = b_j upwards) as ramp characters: about ``columns`` wide and half as
    many rows (a terminal cell is twice as tall as wide), top row = the last b.

    Returns (lines, row indices, column indices) of the grid points shown.
    """
    cols = sample_indices(grid.shape[1], odd_at_most(columns, grid.shape[1]))
    rows = sample_indices(grid.shape[0], odd_at_most((len(cols) + 1) // 2, grid.shape[0]))[::-1]
    shown = grid[np.ix_(rows, cols)]
    index = levels(shown, float(grid.min()), float(grid.max()), len(RAMP))
    return ["".join(RAMP[k] for k in row) for row in index], rows, cols
