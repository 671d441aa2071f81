"""The Classifier view (key 2) driven by keys: nudges, steps, runs, losses, λ, points, files."""

from __future__ import annotations

import re

import numpy as np
import pytest
from textual.app import App
from textual.widgets import Input

from tui.widgets.line_editor import LineEditor
from view_harness import text_of, view_app

from engine.classifier import default_scene, evaluate
from engine.classifier_file import load_scene, save_scene
from tui.screens.path_prompt import SaveAsPrompt, expand
from tui.views import classifier as classifier_module
from tui.views.classifier import ClassifierView
from tui.widgets.loss_history import LossHistory
from tui.widgets.parameter_table import ParameterTable, number
from tui.widgets.plane_plot import PlanePlot
from tui.widgets.point_table import PointTable

ClassifierApp = view_app(ClassifierView, "classifier", "classifier.tcss")


async def run_until(pilot, condition, limit: int = 200) -> None:
    """Let the app run until condition() holds (no assertion on how long it took)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never held")


async def test_opens_on_web_demo_scene_with_exact_losses():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        totals = text_of(app, "#clf-totals")
        assert "2.77" in totals and "3.50" in totals and "6.27" in totals
        assert "Weston–Watkins SVM" in text_of(app, "#clf-status")
        assert "λ 0.1" in text_of(app, "#clf-status")


async def test_nudge_parameter_changes_losses():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("plus")  # cursor starts on W[0,0]
        assert view.scene.W[0, 0] == pytest.approx(1.1)
        # reg = 0.1 (1.21 + 34) = 3.521; data loss falls to 2.7233…
        assert view.report.reg_loss == pytest.approx(3.521)
        assert view.report.total == pytest.approx(6.244333333)
        assert "6.24" in text_of(app, "#clf-totals")
        await pilot.press("shift+up")
        assert view.scene.W[0, 0] == pytest.approx(1.11)
        await pilot.press("right", "right", "minus")  # b[0]
        assert view.scene.b[0] == pytest.approx(-0.1)
        assert view.scene.W[0, 1] == 2.0


async def test_typed_value_and_bad_input():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("down", "right", "enter")  # W[1,1]
        editor = app.query_one("#clf-edit", LineEditor)
        assert view.key_taker() is editor and editor.text == "-4.0" and editor.selected
        await pilot.press(*"abc", "enter")  # typing replaces the selected old value
        assert "W[1,1] 'abc' is not a number" in text_of(app, "#clf-message")
        assert editor.text == "abc" and editor.display  # what was typed is kept
        assert view.scene.W[1, 1] == -4.0
        await pilot.press("ctrl+e", "backspace", "backspace", "backspace", "minus", "2", "full_stop", "5", "enter")
        assert view.scene.W[1, 1] == -2.5
        assert not editor.display
        await pilot.press("enter", "escape")
        assert view.scene.W[1, 1] == -2.5 and "cancelled" in text_of(app, "#clf-message")


async def test_single_step_is_gradient_descent():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("s")
        expected = default_scene().step()
        np.testing.assert_allclose(view.scene.W, expected.W)
        np.testing.assert_allclose(view.scene.b, expected.b)
        assert view.report.total < evaluate(default_scene()).total
        assert "step 1" in text_of(app, "#clf-status")
        assert len(view.history) == 2


async def test_start_and_stop_repeated_steps():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("space")
        assert view.running and "▶ running" in text_of(app, "#clf-status")
        await run_until(pilot, lambda: len(view.history) > 3)
        await pilot.press("space")
        assert not view.running and "■ stopped" in text_of(app, "#clf-status")
        steps = len(view.history)
        await pilot.pause(0.3)
        assert len(view.history) == steps  # stopped means stopped
        # every step went downhill on this scene
        totals = [h[2] for h in view.history]
        assert all(b < a for a, b in zip(totals, totals[1:]))


async def test_quit_while_running_exits():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await run_until(pilot, lambda: len(app.query_one(ClassifierView).history) > 1)
        app.exit()
    assert app.return_code == 0


async def test_switch_loss_and_lambda():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("t")
        assert view.scene.loss == "ova"
        assert view.report.data_loss == pytest.approx(4.022222222)
        assert "one-vs-all SVM" in text_of(app, "#clf-status")
        await pilot.press("t", "t")
        assert view.scene.loss == "softmax" and "7.52" not in text_of(app, "#clf-totals")
        await pilot.press("right_square_bracket")
        assert view.scene.lam == 0.2 and view.report.reg_loss == pytest.approx(7.0)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.scene.lam == 0.05 and "λ 0.05" in text_of(app, "#clf-status")
        await pilot.press("left_curly_bracket")
        assert view.scene.step_size == 0.05


async def test_move_point_with_arrows_recomputes():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("n", "m")  # select point 2, hand it to the plane
        assert app.query_one(PlanePlot).has_focus and view.selected == 1
        await pilot.press("left", "left", "down")
        np.testing.assert_allclose(view.scene.points[1], [0.7, 0.25])
        # s = W x + b for the moved point, as the point table shows it
        np.testing.assert_allclose(view.report.scores[1], [1.2, 0.9, 1.35])
        assert view.report.per_point[1] == pytest.approx(0.7 + 1.15)
        await pilot.press("shift+right")
        assert view.scene.points[1, 0] == pytest.approx(0.71)


async def test_add_remove_and_relabel_points():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("a")
        assert view.scene.num_points == 10 and view.selected == 9
        np.testing.assert_array_equal(view.scene.points[9], [0.0, 0.0])
        await pilot.press("c")
        assert view.scene.labels[9] == 1
        await pilot.press("x")
        assert view.scene.num_points == 9 and view.selected == 8
        await pilot.press("u")
        assert view.scene.num_points == 10


async def test_randomize_is_seeded_reset_and_undo():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("r")
        np.testing.assert_array_equal(view.scene.W, default_scene().randomized(1).W)
        await pilot.press("R")
        np.testing.assert_array_equal(view.scene.W, default_scene().W)
        await pilot.press("u")
        np.testing.assert_array_equal(view.scene.W, default_scene().randomized(1).W)


async def test_diverging_run_stops_with_a_message():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        view.apply(lambda s: s.replace(lam=100.0, step_size=5.0))
        await pilot.press("space")
        await run_until(pilot, lambda: not view.running)
        assert "lower the step size" in text_of(app, "#clf-message")
        assert np.all(np.abs(view.scene.W) <= 1000)


async def test_save_and_load_scene(tmp_path):
    app = ClassifierApp()
    target = tmp_path / "scene.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press("plus", "ctrl+s")  # no file yet: asks where
        app.screen.query_one("#path-input", Input).value = str(target)
        await pilot.press("enter")
        assert target.exists() and "saved" in text_of(app, "#clf-message")
        await pilot.press("r", "ctrl+s")  # now it has a file: saves straight away
        randomized = default_scene().randomized(1).W
        np.testing.assert_array_equal(load_scene(target).W, randomized)
        await pilot.press("R", "ctrl+o")
        box = app.screen.query_one("#path-input", Input)
        box.value = str(tmp_path / "missing.toml")
        await pilot.press("enter")
        assert "no file " in str(app.screen.query_one("#path-error").render())
        np.testing.assert_array_equal(view.scene.W, default_scene().W)  # unchanged
        box.value = str(target)
        await pilot.press("enter")
        np.testing.assert_array_equal(view.scene.W, randomized)
        assert "loaded" in text_of(app, "#clf-message")


async def test_save_as_never_overwrites_without_a_second_enter(tmp_path):
    app = ClassifierApp()
    existing = tmp_path / "keep.toml"
    existing.write_text("precious", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        app.screen.query_one("#path-input", Input).value = str(existing)
        await pilot.press("enter")
        assert "exists: Enter again overwrites it" in str(app.screen.query_one("#path-error").render())
        assert existing.read_text(encoding="utf-8") == "precious"
        await pilot.press("enter")
        assert load_scene(existing).num_points == 9


async def test_message_line_always_speaks_of_the_latest_action():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("R")
        assert "scene reset" in text_of(app, "#clf-message")
        await pilot.press("plus")  # a nudge: the reset message must not linger
        message = text_of(app, "#clf-message")
        assert "scene reset" not in message
        assert "W[0,0] = 1.1" in message and "6.24" in message
        await pilot.press("s")
        message = text_of(app, "#clf-message")
        assert "W[0,0]" not in message and "step 1: total loss 6.24 →" in message
        await pilot.press("n", "m", "left")
        assert text_of(app, "#clf-message") == "✓ point 2 at (0.75, 0.30)"
        await pilot.press("t")
        assert text_of(app, "#clf-message") == "✓ loss: one-vs-all SVM"
        await pilot.press("n")  # selecting another point: the old message is cleared
        assert text_of(app, "#clf-message") == ""


def history_shown(app) -> list:
    return app.query_one(LossHistory).history


@pytest.mark.long
async def test_loss_history_holds_only_the_steps_since_the_last_edit(tmp_path):
    app = ClassifierApp()
    scene_file = tmp_path / "scene.toml"
    save_scene(default_scene().randomized(7), scene_file)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(ClassifierView)

        def just_now() -> list:
            return [(view.report.data_loss, view.report.reg_loss, view.report.total)]

        edits = [("plus",), ("n", "m", "left"), ("a",), ("x",), ("c",), ("t",),
                 ("right_square_bracket",), ("r",), ("R",), ("u",)]
        for keys in edits:
            view.query_one(ParameterTable).focus()
            await pilot.press("s")  # one step: a history of two losses for the edit to clear
            assert len(view.history) == 2 and "step 1" in text_of(app, "#clf-status")
            assert history_shown(app) == view.history
            await pilot.press(*keys)
            assert view.history == just_now(), keys  # a new history from the current loss
            assert history_shown(app) == just_now(), keys
            assert "step 0" in text_of(app, "#clf-status"), keys
        await pilot.press("s", "right_curly_bracket")  # the step size is not part of the problem
        assert len(view.history) == 2 and "step 1" in text_of(app, "#clf-status")
        view.query_one(ParameterTable).focus()
        await pilot.press("ctrl+o")
        app.screen.query_one("#path-input", Input).value = str(scene_file)
        await pilot.press("enter")
        assert "loaded" in text_of(app, "#clf-message")
        assert view.history == just_now() and history_shown(app) == just_now()


async def test_step_count_and_chart_axis_survive_the_history_limit(monkeypatch):
    monkeypatch.setattr(classifier_module, "HISTORY_LIMIT", 3)
    app = ClassifierApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press(*"sssss")
        assert "step 5" in text_of(app, "#clf-status") and len(view.history) == 3
        chart = app.query_one(LossHistory)
        assert chart.history == view.history and chart.first_step == 3  # it shows steps 3, 4, 5


async def test_lambda_goes_down_to_zero_and_back():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        await pilot.press(*["left_square_bracket"] * 3)
        assert view.scene.lam == 0.01
        await pilot.press("left_square_bracket")
        assert view.scene.lam == 0
        assert "λ 0  " in text_of(app, "#clf-status")
        assert "λ = 0: no regularization" in text_of(app, "#clf-message")
        assert view.report.reg_loss == 0 and view.report.total == view.report.data_loss
        assert re.search(r"reg loss .* 0\.00\n", text_of(app, "#clf-totals"))
        await pilot.press("left_square_bracket")  # 0 is the bottom of the ladder
        assert view.scene.lam == 0
        await pilot.press("right_square_bracket")
        assert view.scene.lam == 0.01 and "λ 0.01" in text_of(app, "#clf-status")


def table_lines(table) -> list[str]:
    """The table as the terminal shows it, one string per screen row."""
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_parameter_columns_stay_apart_with_large_gradients(size):
    app = ClassifierApp()
    async with app.run_test(size=size) as pilot:
        view = app.query_one(ClassifierView)
        view.apply(lambda s: s.replace(lam=100.0))  # gradients in the hundreds (∂232.11∂−731.12)
        await pilot.press("s")  # and then in the thousands
        await pilot.pause()
        lines = table_lines(view.query_one(ParameterTable))
        assert lines[0].split()[1:] == ["W[j,0]", "W[j,1]", "b[j]"]
        W, b, dW, db = view.scene.W, view.scene.b, view.report.dW, view.report.db
        for j in range(3):
            values, grads = lines[1 + 2 * j], lines[2 + 2 * j]
            fields = re.split(r" {2,}", values.strip())
            assert fields[1:] == [number(W[j, 0]), number(W[j, 1]), number(b[j])]
            assert re.fullmatch(r" *∂ +\S+( {2,}∂ +\S+){2} *", grads), grads  # ≥ 2 blanks apart
            assert re.findall(r"∂ +(\S+)", grads) == [number(g) for g in (dW[j, 0], dW[j, 1], db[j])]
        assert any(len(number(g)) >= 6 for g in dW.ravel())  # the case QA saw: wide numbers


async def test_point_table_never_cuts_a_number():
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ClassifierView)
        view.apply(lambda s: s.replace(lam=100.0))
        await pilot.press("s")  # scores and losses grow to hundreds after the first paint
        await pilot.pause()
        row = table_lines(view.query_one(PointTable))[3]  # point 3
        scores = [number(v) for v in view.report.scores[2]] + [number(view.report.per_point[2])]
        assert row.split()[4:8] == scores


@pytest.mark.parametrize("size", [(80, 24), (100, 32), (120, 40)])  # 78, 31 and 54 columns wide
async def test_loss_chart_legend_is_outside_the_plot_area(size):
    app = ClassifierApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"sssss")
        await pilot.pause()
        lines = table_lines(app.query_one(LossHistory))
        top = next(i for i, line in enumerate(lines) if "┌" in line)
        bottom = next(i for i, line in enumerate(lines) if "└" in line)
        inside = lines[top + 1:bottom]
        assert not any(word in line for line in inside for word in ("data", "reg", "total"))
        below = "\n".join(lines[bottom:])
        assert "d data" in below and "r reg" in below and "T total" in below
        assert "loss" in "\n".join(lines[:top])  # a title that fits (plotext drops a wider one)


class SaveAsHost(App):
    """The shared save-as dialog alone: records what it asks to save and what it returns."""

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.saved: list = []
        self.results: list = []
        self.current = current

    def save(self, text):
        self.saved.append(text)
        expand(text).write_text("new", encoding="utf-8")
        return None

    def on_mount(self) -> None:
        self.push_screen(SaveAsPrompt("Save as", "", save=self.save, current=self.current,
                                      example="table.toml"), self.results.append)


async def test_shared_save_as_expands_home_and_confirms_overwrite(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "old.toml").write_text("precious", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    app = SaveAsHost()
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.screen.query_one("#path-input", Input)
        error = lambda: str(app.screen.query_one("#path-error").render())  # noqa: E731
        await pilot.press("enter")
        assert "type a file name, e.g. table.toml" in error() and app.saved == []
        box.value = "~/folder"
        await pilot.press("enter")
        assert "is a folder" in error() and app.saved == []
        box.value = "~/old.toml"  # exists: the first Enter only warns
        await pilot.press("enter")
        assert "~/old.toml exists: Enter again overwrites it" in error()
        assert (tmp_path / "old.toml").read_text(encoding="utf-8") == "precious"
        await pilot.press("enter")
        assert app.saved == ["~/old.toml"]  # as typed: the view's document resolves it
        assert app.results == ["~/old.toml"]
        assert (tmp_path / "old.toml").read_text(encoding="utf-8") == "new"
    app = SaveAsHost(current="~/old.toml")  # the file the view already saves to: no question
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#path-input", Input).value = str(tmp_path / "old.toml")
        await pilot.press("enter")
        assert app.saved == [str(tmp_path / "old.toml")] and app.results == [str(tmp_path / "old.toml")]
    app = SaveAsHost()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert app.saved == [] and app.results == [None]


async def test_classifier_save_as_expands_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = ClassifierApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        app.screen.query_one("#path-input", Input).value = "~/mine.toml"
        await pilot.press("enter")
        assert load_scene(tmp_path / "mine.toml").num_points == 9
        assert not isinstance(app.screen, SaveAsPrompt)
        await pilot.press("plus", "S")  # its own file again: saved at the first Enter
        await pilot.press("enter")
        assert not isinstance(app.screen, SaveAsPrompt)
        assert load_scene(tmp_path / "mine.toml").W[0, 0] == pytest.approx(1.1)


# --- snapshots (look at them: tests/tui/__snapshots__/test_classifier_view/) ---------------


def test_snapshot_default_scene_80x24(snap_compare):
    assert snap_compare(ClassifierApp(), terminal_size=(80, 24))


def test_snapshot_after_steps_softmax_120x40(snap_compare):
    # softmax, point 3 selected and nudged on the plane, then five gradient steps: the loss
    # chart shows steps 0-5 (a move starts the history again, so the steps come after it)
    assert snap_compare(ClassifierApp(), terminal_size=(120, 40),
                        press=["t", "t", "t", "n", "n", "m", "left", "left", "s", "s", "s", "s", "s"])


async def test_in_the_real_app_key_2_opens_the_view_with_its_commands():
    from tui.app import LossApp

    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # let the Losses view finish mounting (it takes focus)
        await pilot.press("2")
        assert isinstance(app.current_view, ClassifierView)
        assert isinstance(app.focused, ParameterTable)
        titles = [title for title, _, _ in app.current_view.palette_commands()]
        assert "Classifier loss: softmax" in titles and "Classifier: run / stop" in titles
        await pilot.press("s")
        assert len(app.current_view.history) == 2


class WidgetsOnly(App):
    """The parameter table and the plane alone, recording what they post."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: list[tuple] = []

    def compose(self):
        yield ParameterTable()
        yield PlanePlot()

    def on_mount(self) -> None:
        scene = default_scene()
        self.query_one(ParameterTable).show(scene, evaluate(scene))
        self.query_one(PlanePlot).scene = scene

    def on_parameter_table_nudge(self, m: ParameterTable.Nudge) -> None:
        self.posted.append(("nudge", m.name, m.row, m.col, m.delta))

    def on_parameter_table_edit_requested(self, m: ParameterTable.EditRequested) -> None:
        self.posted.append(("edit", m.name, m.row, m.col))

    def on_plane_plot_move_point(self, m: PlanePlot.MovePoint) -> None:
        self.posted.append(("move", m.dx, m.dy))


async def test_widgets_post_messages_and_never_touch_the_scene():
    app = WidgetsOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(ParameterTable).focus()
        await pilot.press("left", "plus", "down", "down", "right", "right", "minus", "shift+down", "e")
        app.query_one(PlanePlot).focus()
        await pilot.press("up", "shift+left")
        assert app.posted == [
            ("nudge", "W", 0, 0, 0.1),  # the cursor never rests on the class column
            ("nudge", "b", 2, 0, -0.1),
            ("nudge", "b", 2, 0, -0.01),
            ("edit", "b", 2, 0),
            ("move", 0.0, 0.05),
            ("move", -0.01, 0.0),
        ]
