"""Plane geometry for the classifier plot: regions, zero-score line cells, glyphs, arrows."""

from __future__ import annotations

import numpy as np
import pytest

from engine import plane
from engine.classifier import default_scene, evaluate

VP = (-1.0, 1.0, -1.0, 1.0)


def test_cell_centres_top_row_is_largest_x1():
    xs, ys = plane.cell_centres(VP, 4, 2)
    np.testing.assert_allclose(xs, [-0.75, -0.25, 0.25, 0.75])
    np.testing.assert_allclose(ys, [0.5, -0.5])


def test_regions_agree_with_the_classifier_at_each_point():
    scene = default_scene()
    cols, rows = 40, 15
    winner = plane.regions(scene.W, scene.b, VP, cols, rows)
    # at a cell centre the region is exactly argmax_j s_j of that centre
    xs, ys = plane.cell_centres(VP, cols, rows)
    for r in (0, 7, 14):
        for c in (0, 20, 39):
            s = scene.W @ [xs[c], ys[r]] + scene.b
            assert winner[r, c] == int(np.argmax(s))
    # and the points' cells mostly show their predicted class (cells are coarse)
    report = evaluate(scene)
    hits = [winner[plane.to_cell(x, y, VP, cols, rows)] == p for (x, y), p in zip(scene.points, report.predicted)]
    assert sum(hits) >= 8


def test_line_cells_contain_exactly_the_crossed_cells():
    # x0 = 0 (w = (1, 0), b = 0) on a 4-column grid lies on the border of columns 1 and 2:
    # both touch it; a vertical line at x0 = 0.75 crosses column 3 only.
    W = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 0.0]])
    b = np.array([0.0, -0.75, 1.0])
    cells = plane.line_cells(W, b, VP, 4, 3)
    assert cells[0].any(axis=0).tolist() == [False, True, True, False]
    assert cells[1].any(axis=0).tolist() == [False, False, False, True]
    assert not cells[2].any()  # w = 0: no line at all


def test_line_glyphs_and_arrows_follow_the_screen_direction():
    cols, rows = 40, 20  # square cells on screen: 2 columns per row
    assert plane.line_glyph([0, 1], VP, cols, rows) == "─"  # x1 = const
    assert plane.line_glyph([1, 0], VP, cols, rows) == "│"
    assert plane.line_glyph([1, 1], VP, cols, rows) == "╲"  # x0 + x1 = 0 runs top-left to bottom-right
    assert plane.line_glyph([1, -1], VP, cols, rows) == "╱"
    assert plane.normal_arrow([1, 0], VP, cols, rows) == "→"
    assert plane.normal_arrow([0, -1], VP, cols, rows) == "↓"
    assert plane.normal_arrow([1, 1], VP, cols, rows) == "↗"
    assert plane.normal_arrow([-1, 1], VP, cols, rows) == "↖"


def test_line_anchor_lies_on_the_line_inside_the_view():
    for j, (w, b) in enumerate(zip(default_scene().W, default_scene().b)):
        x, y = plane.line_anchor(w, b, VP, j)
        assert w @ [x, y] + b == pytest.approx(0, abs=1e-12)
        assert -1 <= x <= 1 and -1 <= y <= 1
    assert plane.line_anchor([0, 0], 1.0, VP) is None
    assert plane.line_anchor([1, 0], -5.0, VP) is None  # x0 = 5 is off the view


def test_to_cell_clamps():
    assert plane.to_cell(-1.0, 1.0, VP, 10, 5) == (0, 0)
    assert plane.to_cell(1.0, -1.0, VP, 10, 5) == (4, 9)
    assert plane.to_cell(0.01, 0.01, VP, 10, 5) == (2, 5)


@pytest.mark.parametrize("cols, rows", [(38, 15), (10, 5), (200, 60), (7, 3)])
def test_cell_point_is_the_inverse_of_to_cell_within_half_a_cell(cols, rows):
    """A click on any cell puts a point in that very cell, within half a cell of its centre."""
    dx, dy = plane.cell_size(VP, cols, rows)
    xs, ys = plane.cell_centres(VP, cols, rows)
    for row in range(rows):
        for col in range(cols):
            x, y = plane.cell_point(row, col, VP, cols, rows)
            assert plane.to_cell(x, y, VP, cols, rows) == (row, col)
            assert abs(x - xs[col]) < dx / 2 and abs(y - ys[row]) < dy / 2


def test_cell_point_reads_short():
    # the plot's 38 × 15 cells: column 29's centre is −1 + 29.5 · 2/38 = 0.5526…, row 7's is 0
    assert plane.cell_point(7, 29, VP, 38, 15) == (0.55, 0.0)
    assert plane.cell_point(0, 0, VP, 38, 15) == (-0.97, 0.93)  # −0.9737, 0.9333
