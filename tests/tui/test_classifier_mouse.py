"""The Classifier view under the mouse, as in the CS231n web demo: click a point to select it,
click the plane (or drag) to move it, one undo step per move; the tables select by click; the
wheel scrolls long tables and the Search view's log."""

from __future__ import annotations

from contextlib import asynccontextmanager

import numpy as np
import pytest

from mouse_helpers import wheel
from view_harness import text_of, view_app

from engine import plane
from tui.views.classifier import ClassifierView
from tui.widgets.parameter_table import ParameterTable
from tui.widgets.plane_plot import PlanePlot
from tui.widgets.point_table import PointTable

ClassifierApp = view_app(ClassifierView, "classifier", "classifier.tcss")
BORDER = 1  # the plane's round border: content cell (row, col) is at widget offset (col + 1, row + 1)


@asynccontextmanager
async def running(size: tuple[int, int] = (80, 24)):
    """The view in an app of ``size``, laid out (the plot has its size): (pilot, view)."""
    app = ClassifierApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot, app.query_one(ClassifierView)


def plot_geometry(app) -> tuple[int, int, tuple]:
    """The plot's columns and rows of cells, and the plane's viewport."""
    plot = app.query_one(PlanePlot)
    return plot.size.width, plot.size.height, app.query_one(ClassifierView).scene.viewport


def offset_of_point(app, i: int) -> tuple[int, int]:
    """Where point i is drawn, as a widget offset to click."""
    cols, rows, vp = plot_geometry(app)
    row, col = plane.to_cell(*app.query_one(ClassifierView).scene.points[i], vp, cols, rows)
    return col + BORDER, row + BORDER


def assert_in_cell(app, point, row: int, col: int) -> None:
    """``point`` is drawn in cell (row, col) and lies within half a cell of its centre."""
    cols, rows, vp = plot_geometry(app)
    xs, ys = plane.cell_centres(vp, cols, rows)
    dx, dy = plane.cell_size(vp, cols, rows)
    assert plane.to_cell(*point, vp, cols, rows) == (row, col)
    assert abs(point[0] - xs[col]) < dx / 2 and abs(point[1] - ys[row]) < dy / 2


async def test_click_on_a_point_selects_it():
    async with running() as (pilot, view):
        app = pilot.app
        before = view.scene
        assert view.selected == 0
        await pilot.click(PlanePlot, offset=offset_of_point(app, 3))
        assert view.selected == 3 and app.query_one(PointTable).cursor_row == 3
        assert view.scene is before and not view.document.history  # selecting changes nothing
        assert text_of(app, "#clf-message") == "✓ point 4 selected: drag it, or click the plane where it should go"
        assert "point 4/9" in text_of(app, "#clf-status")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (90, 30)])
async def test_click_on_the_plane_moves_the_selected_point_there(size):
    async with running(size) as (pilot, view):
        app = pilot.app
        await pilot.click(PlanePlot, offset=offset_of_point(app, 2))
        others = np.delete(view.scene.points, 2, axis=0)
        row, col = 4, 5
        await pilot.click(PlanePlot, offset=(col + BORDER, row + BORDER))
        moved = view.scene.points[2]
        assert_in_cell(app, moved, row, col)
        np.testing.assert_array_equal(np.delete(view.scene.points, 2, axis=0), others)
        assert text_of(app, "#clf-message") == (f"✓ point 3 moved to ({moved[0]:.2f}, {moved[1]:.2f}); "
                                                 "u or ctrl+z takes the move back").replace("-", "−")
        assert view.report.total != pytest.approx(6.27, abs=1e-3)  # the losses follow the point
        assert len(view.document.history) == 1  # one move, one undo step
        await pilot.press("ctrl+z")
        np.testing.assert_array_equal(view.scene.points[2], [0.3, 0.8])


async def test_click_at_the_plane_s_corners_lands_in_the_corner_cells():
    async with running() as (pilot, view):
        app = pilot.app
        cols, rows, _ = plot_geometry(app)
        for row, col in [(0, 0), (rows - 1, cols - 1), (0, cols - 1), (rows - 1, 0)]:
            await pilot.click(PlanePlot, offset=(col + BORDER, row + BORDER))
            assert_in_cell(app, view.scene.points[0], row, col)
        await pilot.click(PlanePlot, offset=(0, 0))  # the border: nothing happens
        assert len(view.document.history) == 4


async def test_a_drag_carries_the_point_and_is_one_undo_step():
    async with running() as (pilot, view):
        app = pilot.app
        start = view.scene.points[5].copy()
        await pilot.mouse_down(PlanePlot, offset=offset_of_point(app, 5))
        assert view.selected == 5 and view.scene.points[5].tolist() == start.tolist()
        path = [(10, 3), (12, 5), (20, 8), (30, 12)]  # (col, row) of the cells passed over
        for col, row in path[:-1]:
            await pilot.hover(PlanePlot, offset=(col + BORDER, row + BORDER))
            assert_in_cell(app, view.scene.points[5], row, col)  # the point follows the mouse
        col, row = path[-1]
        await pilot.mouse_up(PlanePlot, offset=(col + BORDER, row + BORDER))
        assert_in_cell(app, view.scene.points[5], row, col)
        assert text_of(app, "#clf-message").startswith("✓ point 6 moved to (")
        assert len(view.document.history) == 1  # four moves, one step
        final = view.scene.points[5].copy()
        await pilot.press("ctrl+z")
        np.testing.assert_array_equal(view.scene.points[5], start)
        await pilot.press("ctrl+y")
        np.testing.assert_array_equal(view.scene.points[5], final)
        await pilot.hover(PlanePlot, offset=(3, 3))  # the button is up: moving the mouse moves nothing
        np.testing.assert_array_equal(view.scene.points[5], final)


async def test_a_drag_from_the_empty_plane_moves_the_selected_point_and_may_leave_the_plot():
    async with running() as (pilot, view):
        app = pilot.app
        cols, rows, _ = plot_geometry(app)
        await pilot.mouse_down(PlanePlot, offset=(2 + BORDER, 13 + BORDER))  # empty: point 1 comes here
        assert_in_cell(app, view.scene.points[0], 13, 2)
        await pilot.hover(PlanePlot, offset=(cols + 6, rows + 2))  # beyond the border: clamped to the plot
        assert_in_cell(app, view.scene.points[0], rows - 1, cols - 1)
        await pilot.mouse_up(PlanePlot, offset=(cols + 6, rows + 2))
        assert len(view.document.history) == 1
        await pilot.press("ctrl+z")
        np.testing.assert_array_equal(view.scene.points[0], [0.5, 0.4])


async def test_the_keys_still_move_a_point_the_mouse_picked():
    async with running() as (pilot, view):
        app = pilot.app
        await pilot.click(PlanePlot, offset=offset_of_point(app, 1))
        assert app.focused is app.query_one(PlanePlot)
        await pilot.press("right")
        np.testing.assert_allclose(view.scene.points[1], [0.85, 0.3])


async def test_clicks_in_the_tables_select_a_point_and_a_parameter():
    async with running() as (pilot, view):
        app = pilot.app
        await wheel(pilot, "#clf-scroll", (10, 5), times=5)  # the point table is below the plane
        table = app.query_one(PointTable)
        await pilot.click(PointTable, offset=(3, 1 + 4))  # the header, then rows 0…
        assert view.selected == 4 and table.cursor_row == 4
        assert text_of(app, "#clf-message").startswith("✓ point 5 selected: drag it on the plane")
        await wheel(pilot, "#clf-scroll", (10, 5), down=False, times=5)
        params = app.query_one(ParameterTable)
        await pilot.click(ParameterTable, offset=(22, 3))  # class 1's rows, the W[j,1] column
        assert params.selected == ("W", 1, 1) and view.key_taker() is None
        assert text_of(app, "#clf-message") == ("✓ W[1,1] = −4.0 selected: + / − nudge it; click it again "
                                                "(or Enter) to type it")
        await pilot.click(ParameterTable, offset=(22, 3))  # again: type its value, as Enter does
        assert view.key_taker() is not None and "W[1,1] =" in text_of(app, "#clf-prompt")


async def test_wheel_scrolls_a_long_point_table():
    async with running((120, 40)) as (pilot, view):
        await pilot.press(*["a"] * 12)  # 21 points: more rows than the table's 14 lines
        table = view.query_one(PointTable)
        assert table.max_scroll_y > 0
        table.scroll_home(animate=False, immediate=True)
        await wheel(pilot, table, (10, 5), times=3)
        assert table.scroll_y > 0
