"""The Losses view under the mouse: clicks move the cursor or edit, status bar items do what
their keys do, the wheel pages a paged grid and scrolls the panes; the footer's keys switch views."""

from __future__ import annotations

import pytest

from losses_helpers import make_app, message, screen_lines, shown
from mouse_helpers import cell_offset, wheel
from search_helpers import wait_for
from tui.views.losses import LossesView
from tui.widgets.derivation_pane import DerivationPane
from tui.widgets.line_editor import LineEditor
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.status_bar import StatusBar


def parts(app):
    return app.query_one(LossesView), app.query_one(ScoreGrid)


async def test_click_on_a_score_cell_moves_the_cursor_there():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        assert await pilot.click(ScoreGrid, offset=cell_offset(grid, 2, 1))  # frog row, car image
        assert grid.cursor == (2, 1) and view.cursor == (1, 2)
        assert not view.editing and app.focused is grid
        assert message(app) == "• cursor on car image / frog: click it again (or double-click) to edit"
        assert shown(app.query_one(DerivationPane)).startswith("car image")
        assert any(line.startswith(" › frog") for line in screen_lines(app))  # the row marker moved
        # anywhere in the group is that cell: its hinge and p too
        geo = grid.geometry()
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 1, 2, dx=geo.score + 2))
        assert grid.cursor == (1, 2)
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 0, 0, dx=geo.group - 1))
        assert grid.cursor == (0, 0)
        await pilot.press("down")  # the keys go on from where the mouse left the cursor
        assert grid.cursor == (1, 0)


async def test_double_click_edits_a_cell_and_the_edit_is_one_undo_step():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.double_click(ScoreGrid, offset=cell_offset(grid, 1, 2))  # car / frog image: 2.50
        editor = app.query_one("#cell-editor", LineEditor)
        assert grid.cursor == (1, 2) and view.key_taker() is editor and editor.text == "2.5"
        assert editor.region.x == grid.content_region.x + grid.cell_region(1, 2).x  # over the cell
        await pilot.press("7", "enter")
        assert view.scene.scores[2, 1] == 7.0 and not view.editing
        assert message(app) == "• frog image / car: 2.50 → 7.00"
        await pilot.press("ctrl+z")
        assert view.scene.scores[2, 1] == 2.5


async def test_click_on_the_cell_under_the_cursor_edits_it():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 0, 0))  # the cursor starts there
        editor = app.query_one("#cell-editor", LineEditor)
        assert view.key_taker() is editor and editor.text == "3.2"
        assert message(app) == "• edit cat image / cat: type a number, Enter commits, Esc cancels"
        # a click on the same cell's p (beside the box) leaves the box as it is
        await pilot.press("9")
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 0, 0, dx=grid.geometry().group - 1))
        assert view.key_taker() is editor and editor.text == "9" and len(view.document.history) == 0


async def test_a_click_elsewhere_commits_the_typed_value_first():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("enter", "4")
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 2, 2))
        assert view.scene.scores[0, 0] == 4.0 and not view.editing and grid.cursor == (2, 2)
        assert message(app) == ("• cat image / cat: 3.20 → 4.00; cursor on frog image / frog: click it again "
                                "(or double-click) to edit")
        # a refused value keeps the box, the cursor and the table as they were
        await pilot.press("enter", *"abc")
        await pilot.click(ScoreGrid, offset=cell_offset(grid, 0, 0))
        assert view.editing and grid.cursor == (2, 2) and view.scene.scores[2, 2] == -3.1
        assert message(app) == "✗ score 'abc' is not a number — nothing changed; fix it or press Esc"
        await pilot.press("escape")
        assert not view.editing


async def test_click_on_names_moves_to_that_class_or_example():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.click(ScoreGrid, offset=(3, 4))  # the class name "frog" (rows: names, sub-heads, cat, car, frog)
        assert grid.cursor == (2, 0) and message(app) == "• cursor on class frog (cat image)"
        name_x = screen_lines(app)[2].index("frog image")
        await pilot.click(ScoreGrid, offset=(name_x, 0))  # the example name
        assert grid.cursor == (2, 2) and message(app) == "• cursor on frog image (class frog)"
        await pilot.click(ScoreGrid, offset=(cell_offset(grid, 0, 1)[0], 6))  # car image's L_i SVM
        assert grid.cursor == (2, 1) and not view.editing


STATUS_ITEMS = [  # (text clicked on the status bar, its line, the key it stands for)
    ("[ ] j = y", 1, "i"), ("[ ] mean", 1, "a"), ("[ ] squared", 1, "s"), ("log e", 1, "b"),
    ("(m)", 1, "m"), ("W × 1", 0, "plus"), ("+", 0, "plus"), ("−", 0, "minus"), ("=", 0, "equals_sign"),
]


@pytest.mark.parametrize("text, line, key", STATUS_ITEMS)
async def test_a_status_bar_item_does_what_its_key_does(text, line, key):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, _ = parts(app)
        await pilot.press("plus")  # W × 2, so that "−" and "=" change something too
        before = view.scene
        bar = shown(app.query_one(StatusBar)).splitlines()[line]
        x = bar.index(text.replace("1", "2")) + len(text) // 2
        await pilot.click(StatusBar, offset=(x, line))
        clicked = (view.scene, message(app), view.editing)
        assert view.editing or not view.scene.same_as(before)  # it did something
        await pilot.press("escape" if view.editing else "ctrl+z")
        assert view.scene.same_as(before) and not view.editing
        await pilot.press(key)
        assert view.scene.same_as(clicked[0]) and (message(app), view.editing) == clicked[1:]


async def test_toggle_click_flips_squared_and_back():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        x = shown(app.query_one(StatusBar)).splitlines()[1].index("squared")
        await pilot.click(StatusBar, offset=(x, 1))
        assert view.scene.squared and "[x] squared (s)" in shown(app.query_one(StatusBar))
        assert message(app) == "• Q3 squared hinge: on"
        assert shown(grid).splitlines()[1].count("hinge²") == 3
        await pilot.click(StatusBar, offset=(x, 1))
        assert not view.scene.squared and "[ ] squared (s)" in shown(app.query_one(StatusBar))


async def test_wheel_pages_the_cifar10_rows_at_80x24():
    app = make_app("cifar10")  # 10 classes: 9 rows fit at 80×24
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ScoreGrid)
        assert grid.class_rows() == range(0, 9)
        await wheel(pilot, ScoreGrid, (20, 6))
        assert grid.class_rows() == range(1, 10) and grid.cursor == (1, 0)  # the cursor stays on screen
        assert message(app) == "• classes 2–10 of 10 on screen"
        assert shown(grid).splitlines()[2].lstrip(" ›").startswith("automobile")
        await wheel(pilot, ScoreGrid, (20, 6))  # already at the bottom: nothing moves
        assert grid.class_rows() == range(1, 10)
        await wheel(pilot, ScoreGrid, (20, 6), down=False)
        assert grid.class_rows() == range(0, 9) and grid.cursor == (1, 0)  # on screen: it stays
        assert message(app) == "• classes 1–9 of 10 on screen"


async def test_wheel_and_more_markers_page_the_columns():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(ScoreGrid)
        await pilot.press("e", "e", "e")  # 6 examples: 3 fit beside the names at 80 columns
        await pilot.press("left", "left", "left", "left", "left")
        assert grid.columns() == range(0, 3) and grid.cursor == (0, 0)
        await wheel(pilot, ScoreGrid, (20, 3))  # every class fits: the wheel pages sideways
        assert grid.columns() == range(1, 4) and grid.cursor == (0, 1)
        assert message(app) == "• examples 2–4 of 6 on screen"
        head = shown(grid).splitlines()[0]
        await pilot.click(ScoreGrid, offset=(head.index("more ›") + 1, 0))
        assert grid.columns() == range(3, 6) and grid.cursor == (0, 3)
        assert message(app) == "• examples 4–6 of 6 on screen"
        await pilot.click(ScoreGrid, offset=(2, 0))  # "‹ 3 more"
        assert grid.columns() == range(0, 3)


async def test_wheel_waits_while_a_value_is_typed():
    app = make_app("cifar10")
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("enter")
        await wheel(pilot, ScoreGrid, (20, 6))
        assert grid.class_rows() == range(0, 9) and view.editing
        assert "once the value is committed (Enter) or cancelled (Esc)" in message(app)


async def test_wheel_scrolls_the_derivation_and_the_help():
    app = make_app("cifar10")  # a long SVM sum: the derivation outgrows its pane
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one("#derivation-pane")
        assert pane.max_scroll_y > 0 and pane.scroll_y == 0
        await wheel(pilot, pane, (10, 2), times=2)
        assert pane.scroll_y > 0
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0
        await wheel(pilot, body, (10, 5), times=2)
        assert body.scroll_y > 0


def views_group(app) -> str:
    """The footer's line, if it shows the views group yet (it is rebuilt when the view changes)."""
    footer = screen_lines(app)[-1]
    return footer if "123456 views" in footer else ""


@pytest.mark.parametrize("digit, title", [("2", "Classifier"), ("3", "Search"), ("4", "Regularization"),
                                          ("5", "Simpler models"), ("6", "Loss landscape")])
async def test_each_digit_of_the_footers_views_group_switches_to_its_view(digit, title):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: views_group(app))
        footer = views_group(app)
        assert footer.startswith(" ⏎ Edit") and "^p palette" in footer  # all of it fits at 80 columns
        await pilot.click(offset=(footer.index("123456 views") + int(digit) - 1, 23))
        await wait_for(pilot, lambda: app.current_view.TITLE == title and views_group(app))
        await pilot.click(offset=(views_group(app).index("123456 views"), 23))
        await wait_for(pilot, lambda: app.current_view.TITLE == "Losses")
