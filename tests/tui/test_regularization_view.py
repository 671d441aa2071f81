"""The Regularization view (key 4): the lecture's preference example, typed and recomputed."""

from __future__ import annotations

from textual.widgets import Input
from view_harness import plain, text_of, view_app

from tui.views.regularization import RegularizationView
from tui.widgets.preference_table import PreferenceTable, build_table

RegularizationApp = view_app(RegularizationView, "regularization", "regularization.tcss")


def table_text(app) -> str:
    return plain(build_table(app.query_one(PreferenceTable).report))


def prefers_row(app) -> list[str]:
    """The table's last row, word by word: what the score and each regularizer prefer."""
    return next(line for line in table_text(app).splitlines() if "prefers" in line).split()


async def test_lecture_example_values():
    app = RegularizationApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        report = app.query_one(PreferenceTable).report
        assert (report.dot1, report.dot2) == (1.0, 1.0)
        assert [(v.name, v.r1, v.r2, v.preferred) for v in report.verdicts] == [
            ("l2", 1.0, 0.25, "w2"), ("l1", 1.0, 1.0, "tie"), ("elastic", 1.5, 1.125, "w2")]
        text = table_text(app)
        assert "0.25 ◀" in text and "tie (equal)" in text
        assert "L2 regularization likes to “spread out” the weights" in text_of(app, "#reg-conclusion")
        assert "L2 picks w2: it spreads over 4.0 weights vs 1.0" in text_of(app, "#reg-note")
        assert text_of(app, "#reg-note").startswith(
            "L1 and L2 disagree: L2 prefers w2, L1 sees a tie; elastic net prefers w2.\n")
        assert prefers_row(app) == ["prefers", "neither", "w2", "tie", "(equal)", "w2"]
        assert app.query_one("#reg-x", Input).value == "1, 1, 1, 1"


async def test_edit_w1_any_length_and_beta():
    app = RegularizationApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(RegularizationView)
        app.query_one("#reg-x", Input).value = "1, 1"
        await pilot.pause()
        assert "same length (got 2, 4, 4)" in text_of(app, "#reg-message")
        assert view.values["x"] == (1.0, 1.0, 1.0, 1.0)  # nothing changed
        app.query_one("#reg-w1", Input).value = "1 0"
        app.query_one("#reg-w2", Input).value = "0.6, 0.6"
        await pilot.pause()
        assert text_of(app, "#reg-message") == ""
        report = app.query_one(PreferenceTable).report
        assert report.dot1 == 1.0 and report.dot2 == 1.2 and not report.same_output
        assert report.verdict("l1").preferred == "w1"
        assert "w1ᵀx ≠ w2ᵀx" in text_of(app, "#reg-note")
        # L2: 1 vs 0.72, L1: 1 vs 1.2
        assert "L1 and L2 disagree: L2 prefers w2, L1 prefers w1;" in text_of(app, "#reg-note")
        assert prefers_row(app)[:2] == ["prefers", "—"]  # unequal scores: not "prefers DIFFERENT"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.query_one(PreferenceTable).report.verdict("l2").r2 == 0.25


async def test_beta_keys_and_bad_beta():
    app = RegularizationApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(RegularizationView)
        assert isinstance(app.focused, PreferenceTable)  # keys, not a text box, by default
        await pilot.press("plus", "plus")
        assert view.beta == 0.7
        assert app.query_one(PreferenceTable).report.verdict("elastic").r1 == 1.7
        await pilot.press("enter", "down", "down")  # into w1, then w2, then β
        assert app.focused.id == "reg-beta"
        await pilot.press("down", "end", "x")
        assert "β '0.6x' is not a number" in text_of(app, "#reg-message")
        assert view.beta == 0.6  # the ↓ took effect; the bad text changed nothing
        app.query_one("#reg-beta", Input).value = "-1"
        await pilot.press("enter")
        assert "β '-1' must be ≥ 0" in text_of(app, "#reg-message")
        assert isinstance(app.focused, PreferenceTable)  # Enter after β goes home
        await pilot.press("enter", "escape")
        assert isinstance(app.focused, PreferenceTable)


# --- snapshots (look at them: tests/tui/__snapshots__/test_regularization_view/) ----------


def test_snapshot_lecture_example_80x24(snap_compare):
    assert snap_compare(RegularizationApp(), terminal_size=(80, 24))


def test_snapshot_bad_input_120x40(snap_compare):
    # w1 shortened: the inline message explains, the table keeps the lecture's values
    assert snap_compare(RegularizationApp(), terminal_size=(120, 40),
                        press=["enter", "end", "backspace", "backspace", "backspace"])


async def test_in_the_real_app_digits_typed_in_a_box_stay_in_the_box():
    from tui.app import LossApp

    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # let the Losses view finish mounting (it takes focus)
        await pilot.press("4", "enter")
        assert app.focused.id == "reg-w1"
        await pilot.press("end", "backspace", "2")  # "2" is also the Classifier view's key
        assert app.query_one("#views").current == "regularization"
        assert app.query_one("#reg-w1", Input).value == "1, 0, 0, 2"
        assert app.query_one(PreferenceTable).report.verdict("l1").r1 == 3.0
