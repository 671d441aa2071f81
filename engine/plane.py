"""The classifier's plane sampled on a grid of terminal cells (geometry only, no drawing).

A cell (row, col) stands for the point at its centre; row 0 is the top (largest x1).
The plot widget turns these arrays into glyphs; all the arithmetic lives here.
"""

from __future__ import annotations

import math

import numpy as np

LINE_GLYPHS = "─╱│╲"  # direction of the line on screen, in 45° steps from horizontal
ARROWS = "→↗↑↖←↙↓↘"  # direction of the normal w_j on screen, in 45° steps from east
CELL_ASPECT = 2.0  # a terminal cell is about twice as tall as it is wide


def cell_size(viewport, cols: int, rows: int) -> tuple[float, float]:
    """Width and height of one cell in data units."""
    x0, x1, y0, y1 = viewport
    return (x1 - x0) / cols, (y1 - y0) / rows


def cell_centres(viewport, cols: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """x of each column's centre (left to right), x1 of each row's centre (top to bottom)."""
    x0, x1, y0, y1 = viewport
    dx, dy = cell_size(viewport, cols, rows)
    return x0 + (np.arange(cols) + 0.5) * dx, y1 - (np.arange(rows) + 0.5) * dy


def cell_scores(W, b, viewport, cols: int, rows: int) -> np.ndarray:
    """s_j = w_j·x + b_j at every cell centre, shape (C, rows, cols)."""
    xs, ys = cell_centres(viewport, cols, rows)
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    return W[:, 0, None, None] * xs[None, None, :] + W[:, 1, None, None] * ys[None, :, None] + b[:, None, None]


def regions(W, b, viewport, cols: int, rows: int) -> np.ndarray:
    """The winning class argmax_j s_j at every cell centre, shape (rows, cols)."""
    return cell_scores(W, b, viewport, cols, rows).argmax(axis=0)


def line_cells(W, b, viewport, cols: int, rows: int) -> np.ndarray:
    """Cells the zero-score line w_j·x + b_j = 0 passes through, shape (C, rows, cols).

    Over a cell, s_j varies by at most ½(|w_j0|·dx + |w_j1|·dy) from its centre value,
    so the line crosses the cell exactly when |s_j(centre)| is within that reach.
    """
    dx, dy = cell_size(viewport, cols, rows)
    W = np.asarray(W, dtype=float)
    reach = 0.5 * (np.abs(W[:, 0]) * dx + np.abs(W[:, 1]) * dy)
    s = cell_scores(W, b, viewport, cols, rows)
    return (np.abs(s) <= reach[:, None, None]) & (reach[:, None, None] > 0)


def _screen_angle(vx: float, vy: float, dx: float, dy: float) -> float:
    """Angle in degrees of a data-space vector as it looks on screen (cells are tall)."""
    return math.degrees(math.atan2(vy / dy * CELL_ASPECT, vx / dx)) % 360


def line_glyph(w, viewport, cols: int, rows: int) -> str:
    """The box-drawing glyph closest to the line's direction (perpendicular to w)."""
    dx, dy = cell_size(viewport, cols, rows)
    angle = _screen_angle(-w[1], w[0], dx, dy) % 180
    return LINE_GLYPHS[int((angle + 22.5) // 45) % 4]


def normal_arrow(w, viewport, cols: int, rows: int) -> str:
    """The arrow closest to w's direction on screen: the side where s_j grows."""
    dx, dy = cell_size(viewport, cols, rows)
    angle = _screen_angle(w[0], w[1], dx, dy)
    return ARROWS[int((angle + 22.5) // 45) % 8]


def _foot(w: np.ndarray, b: float, point: np.ndarray) -> np.ndarray:
    """The point of w·x + b = 0 nearest ``point`` (w ≠ 0)."""
    return point - (w @ point + b) / float(w @ w) * w


def line_anchor(w, b: float, viewport, j: int = 0, classes: int = 3) -> tuple[float, float] | None:
    """Where to label line j: its point nearest a spot set apart for class j (so the three
    labels do not pile up in the middle), else nearest the centre; None if w = 0 or off view.
    """
    w = np.asarray(w, dtype=float)
    if float(w @ w) == 0:
        return None
    x0, x1, y0, y1 = viewport
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    angle = math.pi / 2 + 2 * math.pi * j / classes
    spot = centre + 0.5 * np.array([(x1 - x0) / 2 * math.cos(angle), (y1 - y0) / 2 * math.sin(angle)])
    for p in (_foot(w, b, spot), _foot(w, b, centre)):
        if x0 <= p[0] <= x1 and y0 <= p[1] <= y1:
            return float(p[0]), float(p[1])
    return None


def to_cell(x: float, y: float, viewport, cols: int, rows: int) -> tuple[int, int]:
    """The (row, col) of the cell holding (x, y), clamped to the grid."""
    x0, x1, y0, y1 = viewport
    col = int((x - x0) / (x1 - x0) * cols)
    row = int((y1 - y) / (y1 - y0) * rows)
    return min(max(row, 0), rows - 1), min(max(col, 0), cols - 1)


def cell_point(row: int, col: int, viewport, cols: int, rows: int) -> tuple[float, float]:
    """The point a click on cell (row, col) stands for: its centre, rounded to the fewest decimals
    (2, 3, …) that keep it within a quarter cell of the centre, so a moved point reads 0.55, not
    0.5526315789, and still sits in the cell clicked."""
    xs, ys = cell_centres(viewport, cols, rows)
    x, y = float(xs[col]), float(ys[row])
    dx, dy = cell_size(viewport, cols, rows)
    for digits in range(2, 16):
        rx, ry = round(x, digits), round(y, digits)
        if abs(rx - x) < dx / 4 and abs(ry - y) < dy / 4:
            return rx, ry
    return x, y


def arrow_cell(w, b: float, viewport, cols: int, rows: int, j: int = 0) -> tuple[int, int, int, int] | None:
    """(row, col) of line j's label and of the cell one step along its normal, or None."""
    anchor = line_anchor(w, b, viewport, j)
    if anchor is None:
        return None
    row, col = to_cell(*anchor, viewport, cols, rows)
    dx, dy = cell_size(viewport, cols, rows)
    angle = math.radians(_screen_angle(w[0], w[1], dx, dy))
    step_col, step_row = round(math.cos(angle)), -round(math.sin(angle))
    arow, acol = row + step_row, col + step_col
    if not (0 <= arow < rows and 0 <= acol < cols):
        arow, acol = row, col
    return row, col, arow, acol
