"""The Losses view: the lecture's numbers on screen, the cursor, in-place editing, bad input."""

from __future__ import annotations

import re

import pytest

from losses_helpers import help_lines, make_app, message, row, screen_lines, shown
from tui.views.losses import LossesView
from tui.widgets.derivation_pane import DerivationPane
from tui.widgets.loss_summary import FactsLine, TotalsLine
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.line_editor import LineEditor


def parts(app):
    view = app.query_one(LossesView)
    return view, app.query_one(ScoreGrid)


async def test_lecture_numbers_on_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        _, grid = parts(app)
        text = shown(grid)
        assert row(text, "L_i SVM").split()[2:] == ["2.90", "0.00", "12.90"]
        assert row(text, "L_i softmax").split()[2:] == ["2.04", "0.08", "6.16"]
        # the cat image column: probabilities 0.13 / 0.87 / 9.7e−4 (the slide rounds it to 0.00;
        # below 0.005 the screen keeps two significant digits), the correct one marked ▸
        assert "▸3.20" in row(text, "cat") and "▸0.13" in row(text, "cat")
        assert row(text, "car").split()[1:4] == ["5.10", "2.90", "0.87"]
        assert row(text, "frog").split()[1:4] == ["−1.70", "0.00", "9.7e−4"]
        totals = shown(app.query_one(TotalsLine))
        assert "SVM 5.27" in totals and "softmax 2.76" in totals
        facts = shown(app.query_one(FactsLine))
        assert "SVM 2.00 (C−1)" in facts and "softmax 1.10 (ln 3)" in facts


async def test_correct_class_marked_by_glyph_in_every_column():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        lines = shown(app.query_one(ScoreGrid)).splitlines()[2:5]
        # one ▸ score per example column: cat in column 1, car in 2, frog in 3
        assert [line.count("▸") for line in lines] == [2, 2, 2]
        assert lines[2].split()[-2:] == ["·", "▸0.0021"]


async def test_cursor_starts_on_first_cell_and_moves_with_arrows():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _, grid = parts(app)
        assert grid.cursor == (0, 0) and app.focused is grid
        await pilot.press("down", "down", "down", "right", "right", "right")
        assert grid.cursor == (2, 2)  # clamped to the last class and example
        deriv = shown(app.query_one(DerivationPane))
        assert "max(0, 2.2 − (−3.1) + 1) + max(0, 2.5 − (−3.1) + 1)" in deriv
        assert "= 6.3 + 6.6" in deriv and "= 12.9" in deriv
        await pilot.press("left", "up")
        assert grid.cursor == (1, 1)


async def test_small_probabilities_keep_two_significant_digits_beside_a_finite_loss():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "right", "right")  # frog image: p(frog) = 0.0021, L_i = 6.16
        text = shown(app.query_one(ScoreGrid))
        assert row(text, "frog").split()[-1] == "▸0.0021" and row(text, "L_i softmax").split()[-1] == "6.16"
        deriv = shown(app.query_one(DerivationPane))
        assert "L_i = −ln(0.0021) = 6.16" in deriv
        assert "0.05  0.0021 ◀ y" in deriv  # exp(−3.1) = 0.045, its probability
        assert not re.search(r"\b0\.00\b", deriv.split("softmax")[1])  # no p or exp reads as a bare 0.00
    app = make_app("cifar10")
    async with app.run_test(size=(80, 24)):
        deriv = shown(app.query_one(DerivationPane))
        assert "1.4e−4" in deriv  # exp(−8.87) of automobile in the cat image


async def test_derivation_pane_follows_the_slides():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        text = shown(app.query_one(DerivationPane))
        for line in ("L_i = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)",
                     "= max(0, 2.9) + max(0, −3.9)", "= 2.9 + 0", "= 2.9",
                     "24.5", "164.0", "0.18", "L_i = −ln(0.13) = 2.04"):
            assert line in text


async def test_enter_edits_in_place_and_updates_every_loss():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("enter")
        editor = app.query_one("#cell-editor", LineEditor)
        assert app.focused is grid and view.key_taker() is editor  # keys type into it, in order
        assert editor.text == "3.2" and editor.selected  # typing replaces it
        # the editor sits on the cell it edits
        cell = grid.cell_region(0, 0).translate(grid.content_region.offset)
        assert editor.region.offset == cell.offset
        await pilot.press("6", "enter")
        assert app.focused is grid and not editor.shown and view.key_taker() is None
        assert view.scene.scores[0, 0] == 6.0
        text = shown(grid)
        assert row(text, "L_i SVM").split()[2] == "0.10"  # max(0, 5.1 − 6 + 1)
        assert "▸6.00" in text
        assert "SVM 4.33" in shown(app.query_one(TotalsLine))  # (0.1 + 0 + 12.9) / 3
        assert "cat image / cat: 3.20 → 6.00" in message(app)


async def test_the_editor_hides_the_whole_cell_and_its_hinge_term():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _, grid = parts(app)
        await pilot.press("down", "enter")  # car in the cat image: score 5.10, hinge 2.90
        await pilot.pause()
        editor = app.query_one("#cell-editor", LineEditor)
        geo = grid.geometry()
        assert editor.region.width == geo.score + 1 + geo.hinge
        line = screen_lines(app)[editor.region.y]
        covered, after = line[editor.region.x:editor.region.right], line[editor.region.right:]
        assert covered.strip() == "5.1"  # only what is being typed: no leftover digit of 5.10 or 2.90
        assert after.split()[0] == "0.87"  # the probability beside it is untouched


async def test_escape_cancels_an_edit():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        before = view.scene
        await pilot.press("enter", "9", "9", "escape")
        assert view.scene is before and app.focused is grid
        assert "cancelled" in message(app)


@pytest.mark.parametrize("typed, error", [
    ("abc", "score 'abc' is not a number"),
    ("nan", "score 'nan' is not a finite number"),
    ("inf", "score 'inf' is not a finite number"),
    ("", "score is empty: type a number"),
    ("1e9", "score '1e9' is too large"),
])
async def test_bad_input_shows_a_message_and_changes_nothing(typed, error):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, _ = parts(app)
        before = view.scene
        await pilot.press("enter", "backspace", *typed, "enter")
        editor = app.query_one("#cell-editor", LineEditor)
        assert view.scene is before
        assert error in message(app) and "nothing changed" in message(app)
        assert message(app).startswith("✗")  # a glyph, not colour alone
        assert editor.shown and view.key_taker() is editor and editor.text == typed  # nothing typed is lost
        assert editor.has_class("-invalid")
        await pilot.press("escape")
        assert view.scene is before


async def test_l_makes_the_row_under_the_cursor_the_correct_class():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("down", "l")  # car becomes the label of the cat image
        assert view.scene.labels == (1, 1, 2)
        assert row(shown(grid), "L_i SVM").split()[2] == "0.00"  # car 5.1 beats cat 3.2 + 1
        assert "correct class of cat image is now car" in message(app)
        await pilot.press("l")
        assert "already is the correct class" in message(app)


async def test_add_rename_and_remove_classes_and_examples():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("c")  # a new row, then its name is asked for
        assert view.scene.classes == ("cat", "car", "frog", "class 4")
        assert grid.cursor == (3, 0)
        await pilot.press(*"dog", "enter")
        assert view.scene.classes[-1] == "dog"
        assert view.scene.scores.shape == (3, 4)
        await pilot.press("C")
        assert view.scene.classes == ("cat", "car", "frog")
        await pilot.press("e")
        assert view.scene.num_examples == 4 and grid.cursor[1] == 3
        await pilot.press("E")
        assert view.scene.num_examples == 3
        await pilot.press("n", *"kitten", "enter")
        assert view.scene.classes[2] == "kitten"


async def test_a_name_with_brackets_is_shown_as_typed_never_as_markup():
    """The fuzzer renamed a class to 'h3[76e]ln6 [l-6[o6=' and the rename prompt's label crashed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, _ = parts(app)
        await pilot.press("n", *"[b]x[/", "enter")
        assert view.scene.classes[0] == "[b]x[/"
        await pilot.press("n")  # the prompt quotes the name as it is
        assert "new name of class [b]x[/" in "\n".join(screen_lines(app))
        await pilot.press("escape")
        assert app.is_running and view.scene.classes[0] == "[b]x[/"


async def test_table_limits_and_bad_names_are_explained():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("E")
        assert "at least 1 example" in message(app) and view.scene.num_examples == 1
        await pilot.press("down", "C")  # car is the correct class of the example
        assert "is the correct label of 'example'" in message(app)
        await pilot.press("up", "C", "C")
        assert view.scene.classes == ("car", "frog")
        await pilot.press("C")
        assert "at least 2 classes" in message(app)
        await pilot.press("n", "backspace", "enter")  # the old name is selected: backspace clears it
        assert "class names cannot be empty" in message(app)
        await pilot.press(*"frog", "enter")
        assert "class names must be different" in message(app)
        await pilot.press("escape")
        assert view.scene.classes == ("car", "frog")


async def test_help_lists_the_views_keys():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        text = "\n".join(help_lines(app))
        for words in ("Q1: include j = y in the sum", "Move the cursor over score cells",
                      "Jiggle", "Save as", "Commit the typed value"):
            assert words in text


async def test_wide_tables_page_sideways_and_keep_the_class_names():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("e", "e", "e")  # 6 examples: wider than 80 columns
        assert grid.cursor == (0, 5)
        text = shown(grid)
        assert "‹ 3 more" in text and "˅ ex 6" in text and "cat image" not in text
        assert row(text, "cat").split()[:2] == ["›", "cat"]  # the names stay on screen
        await pilot.press("left", "left", "left", "left", "left")
        text = shown(grid)
        assert "˅ cat image" in text and "3 more ›" in text and "‹" not in text
        await pilot.press("right", "right", "right", "enter")  # the editor still lands on its cell
        cell = grid.cell_region(0, 3).translate(grid.content_region.offset)
        assert app.query_one("#cell-editor").region.offset == cell.offset


def screen_row(app, name: str) -> str | None:
    """The screen line of the grid row labelled ``name``, or None if it is not on screen."""
    return next((line for line in screen_lines(app) if line.strip().lstrip("› ").startswith(name)), None)


async def test_tall_tables_page_rows_and_keep_both_loss_rows_on_screen():
    app = make_app("cifar10")  # 10 classes: taller than the grid's share of 80×24
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view, grid = parts(app)
        for name in ("L_i SVM", "L_i softmax", "airplane"):
            assert screen_row(app, name) is not None, name
        assert screen_row(app, "truck") is None and "↓1" in screen_row(app, "class")
        await pilot.press(*["down"] * 9)
        await pilot.pause()
        assert grid.cursor == (9, 0)
        assert screen_row(app, "truck").split()[:2] == ["›", "truck"]  # the cursor row is on screen
        assert screen_row(app, "airplane") is None and "↑1" in screen_row(app, "class")
        assert screen_row(app, "L_i softmax").split()[2:] == ["5.17", "0.58", "11.29"]
        await pilot.press("enter")  # the editor still lands on its cell
        cell = grid.cell_region(9, 0).translate(grid.content_region.offset)
        assert app.query_one("#cell-editor").region.offset == cell.offset
        await pilot.press("escape", "c")  # a new class goes below the last row: still on screen
        await pilot.press(*"zebra", "enter")
        await pilot.pause()
        assert screen_row(app, "zebra").startswith(" ›") and screen_row(app, "L_i softmax") is not None
        await pilot.press(*["up"] * 10)
        await pilot.pause()
        assert screen_row(app, "airplane").split()[:2] == ["›", "airplane"]
        assert screen_row(app, "L_i SVM") is not None


async def test_class_and_example_messages_read_naturally():
    app = make_app("svm-vs-softmax")  # classes "class 0" … "class 2"
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("c")  # the numbering goes on from the preset's: class 3, not class 4
        assert view.scene.classes[-1] == "class 3"
        assert "new name of class 3" in shown(app.query_one("#prompt-label"))
        assert "type the new name of class 3;" in message(app)
        await pilot.press("escape", "n", *"dog", "enter")
        assert message(app) == "• class 3 is now dog"
        await pilot.press("up", "C")  # "class 2" is nobody's label
        assert message(app) == "• removed class 2 (ctrl+z brings it back)"
        assert "class class" not in message(app)
        await pilot.press("e")
        assert view.scene.examples[-1] == "ex 4"
        assert message(app) == "• added ex 4 (scores 0, correct class class 0)"


async def test_long_class_names_are_cut_with_an_ellipsis():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view, grid = parts(app)
        await pilot.press("n", *"a very long name for a cat", "enter")
        assert view.scene.classes[0] == "a very long name for a cat"  # the name itself is kept
        text = shown(grid)
        assert "a very long nam…" in text and "a very long name" not in text
        assert row(text, "a very long nam…").split()[:3] == ["›", "a", "very"]  # one line, the cursor mark kept
        assert "a very long nam…" in shown(app.query_one(DerivationPane))


async def test_a_tiny_softmax_loss_is_never_shown_as_zero():
    app = make_app("svm-vs-softmax")
    async with app.run_test(size=(120, 40)):
        text = shown(app.query_one(ScoreGrid))
        assert row(text, "L_i softmax").split()[2:] == ["9.2e−4", "0.55", "3.4e−48"]
        assert "L_i = −ln(0.9991) = 9.2e−4" in shown(app.query_one(DerivationPane))
        assert row(text, "class 0").split()[5] == "▸0.9991"  # never ▸1.00 beside a loss of 9.2e−4


async def test_a_probability_near_one_shows_what_it_lacks_after_w_times_two():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "plus")
        await pilot.pause()
        assert "L_i = −ln(0.9962) = 0.0038" in shown(app.query_one(DerivationPane))
        assert "▸0.9962" in row(shown(app.query_one(ScoreGrid)), "car")
