"""The Classifier view (key 2) driven by keys: nudges, steps, runs, losses, λ, points, files."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App
from textual.widgets import Input
from view_harness import text_of, view_app

from engine.classifier import default_scene, evaluate
from engine.classifier_file import load_scene
from tui.views.classifier import ClassifierView
from tui.widgets.parameter_table import ParameterTable
from tui.widgets.plane_plot import PlanePlot

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
        editor = app.query_one("#clf-edit", Input)
        assert editor.has_focus and editor.value == "-4.0"
        await pilot.press(*"abc", "enter")  # typing replaces the selected old value
        assert "W[1,1] 'abc' is not a number" in text_of(app, "#clf-message")
        assert editor.value == "abc" and editor.display  # what was typed is kept
        assert view.scene.W[1, 1] == -4.0
        editor.value = "-2.5"
        await pilot.press("enter")
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
        assert "no such file" in str(app.screen.query_one("#path-error").render())
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


# --- snapshots (look at them: tests/tui/__snapshots__/test_classifier_view/) ---------------


def test_snapshot_default_scene_80x24(snap_compare):
    assert snap_compare(ClassifierApp(), terminal_size=(80, 24))


def test_snapshot_after_steps_softmax_120x40(snap_compare):
    # softmax, five gradient steps, point 3 selected and nudged on the plane
    assert snap_compare(ClassifierApp(), terminal_size=(120, 40),
                        press=["t", "t", "t", "s", "s", "s", "s", "s", "n", "n", "m", "left", "left"])


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
