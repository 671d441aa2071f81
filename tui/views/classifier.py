"""The Classifier view (key 2): the lecture's linear-classification web demo, by keys or mouse.

The view owns one immutable ClassifierScene; every key makes a new scene (pushed on an undo
stack) and every widget redraws from ``evaluate(scene)``. Repeated steps run on a 0.1 s
timer on the UI loop: a step on a few points takes microseconds, so it never blocks input,
and the timer dies with the app, so quitting mid-run exits at once.

The loss history is the history of the gradient steps taken on one problem: a step adds a
point; any other change of W, b, the points, the loss or λ (nudge, typed value, move, add,
remove, relabel, loss, λ, randomize, reset, undo, load) starts it again from the current loss
at step 0. The step size is not part of the problem, so changing it keeps the history. The
message line always speaks of the latest change: an action with nothing to say clears it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from engine.classifier import (LOSS_KINDS, LOSS_LABELS, LOSS_SHORT, MAX_ABS, ClassifierError, ClassifierScene,
                               default_scene, evaluate, parse_param)
from engine.classifier_file import load_scene, save_scene
from engine.numfmt import fixed, short
from tui.document import Document, FileFormat
from tui.file_access import FileAccess
from tui.views.base import DocumentView
from tui.views.inline_editing import InlineEditing
from tui.views.classifier_mouse import ClassifierMouse
from tui.widgets.line_editor import LineEditor
from tui.widgets.loss_history import LossHistory
from tui.widgets.parameter_table import ParameterTable
from tui.widgets.plane_plot import PlanePlot
from tui.widgets.point_table import PointTable

TICK_SECONDS = 0.1  # about 10 steps per second
REDRAW_EVERY = 8  # while running, plane, tables and chart repaint every 8th step (≈1.2/s): ≤ 12 KB/s over SSH
HISTORY_LIMIT = 2000
NARROW = 100  # below this width the point table and the loss chart stack
SCENE = FileFormat(kind="classifier scene", default_name="classifier.toml", load=load_scene,
                   save=save_scene, same=ClassifierScene.same_as, errors=(ClassifierError,))
KEEP = object()  # apply(message=KEEP): leave the message line as it is (steps while running)


def lam_text(lam: float) -> str:
    """λ as the status line shows it: 0 exactly (no regularization), else 0.01 … 100."""
    return "0" if lam == 0 else short(lam, 4)


LAM_KEYS = Binding.Group("λ", compact=True)  # the footer shows "[] λ"


class ClassifierView(ClassifierMouse, InlineEditing, DocumentView):  # clicks and drags: tui/views/classifier_mouse.py
    TITLE = "Classifier"
    EDIT_ERRORS = (ClassifierError,)
    BINDINGS = [
        Binding("space", "toggle_run", "Run/stop"),
        Binding("s", "step", "Step"),
        Binding("t", "next_loss", "Loss"),
        Binding("left_square_bracket", "lam(-1)", "λ down", key_display="[", group=LAM_KEYS),
        Binding("right_square_bracket", "lam(1)", "λ up", key_display="]", group=LAM_KEYS),
        Binding("left_curly_bracket", "step_size(-1)", "Step size down", key_display="{", show=False),
        Binding("right_curly_bracket", "step_size(1)", "Step size up", key_display="}", show=False),
        Binding("r", "randomize", "Randomize W, b", show=False),
        Binding("R", "reset", "Reset the scene", key_display="R", show=False),
        Binding("n", "select_point(1)", "Next point", show=False),
        Binding("p", "select_point(-1)", "Previous point", show=False),
        Binding("m", "grab", "Move point (arrows)", show=False),
        Binding("a", "add_point", "Add a point", show=False),
        Binding("x,delete", "remove_point", "Remove point", key_display="x", show=False),
        Binding("c", "cycle_class", "Cycle point's class", show=False),
        Binding("u", "undo", "Undo (also ctrl+z; ctrl+y redoes)", show=False),
        Binding("enter", "commit_edit", "Set"),  # shown while a value is typed
        Binding("escape", "cancel_edit", "Cancel"),
    ]

    running: reactive[bool] = reactive(False)
    selected: reactive[int] = reactive(0)

    def __init__(self, scene: ClassifierScene | None = None, access: FileAccess | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.document = Document(scene or default_scene(), SCENE, access=access)
        self.initial = self.scene
        self.report = evaluate(self.scene)
        self.history = [self._losses()]  # (data, reg, total) after each step since the last edit
        self.steps = 0  # steps since the last edit; history may keep only the last HISTORY_LIMIT
        self.seed = 0

    def compose(self):
        yield Static(id="clf-status")
        with VerticalScroll(id="clf-scroll"):
            with Horizontal(id="clf-top"):
                yield PlanePlot(id="clf-plane")
                with Vertical(id="clf-side"):
                    yield ParameterTable(id="clf-params")
                    yield Static(id="clf-totals")
                    yield Static(id="clf-prompt")
                    yield LineEditor(id="clf-edit")
                    yield Static(id="clf-message")
            with Horizontal(id="clf-bottom"):
                yield PointTable(id="clf-points")
                yield LossHistory(id="clf-history")

    def on_mount(self) -> None:
        self._timer = self.set_interval(TICK_SECONDS, self._tick, pause=True)
        self.refresh_all()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def focus_default(self) -> None:
        self.screen.set_focus(self.query_one(ParameterTable))

    # --- redraw -----------------------------------------------------------------------
    def _losses(self) -> tuple[float, float, float]:
        return self.report.data_loss, self.report.reg_loss, self.report.total

    def refresh_all(self) -> None:
        """Redraw every widget from the scene and its report."""
        scene, report = self.scene, self.report
        plane = self.query_one(PlanePlot)
        plane.selected = self.selected
        plane.scene = scene
        self.query_one(ParameterTable).show(scene, report)
        self.query_one(PointTable).show(scene, report, self.selected)
        correct = int(report.correct.sum())
        self.query_one("#clf-totals", Static).update(
            f"data loss  (1/N)ΣLᵢ {fixed(report.data_loss):>7}\n"
            f"reg loss   λΣW²     {fixed(report.reg_loss):>7}\n"
            f"total loss          {fixed(report.total):>7}\n"
            f"correct             {correct:>3}/{scene.num_points}", layout=False)  # always 4 lines
        self._update_status()
        self.query_one(LossHistory).set_history(self.history, self.steps - len(self.history) + 1)

    def _update_status(self) -> None:
        scene = self.scene
        state = "▶ running" if self.running else "■ stopped"
        self.query_one("#clf-status", Static).update(Text(  # one line: no layout, 10 times a second
            f"{state}  {LOSS_SHORT[scene.loss]}  λ {lam_text(scene.lam)}  "
            f"step size {short(scene.step_size, 4)}  step {self.steps}  "
            f"point {self.selected + 1}/{scene.num_points}"), layout=False)

    def say(self, text: str | None, error: bool = False) -> None:
        """Show text on the message line (✓ or ✗ before it); None clears the line."""
        # Text, not markup: a file name or typed value may contain [brackets]
        self.query_one("#clf-message", Static).update(
            Text(("✗ " if error else "✓ ") + text) if text else "")

    # --- changing the scene ---------------------------------------------------------------
    def apply(self, make, message: str | Callable[[], str] | None | object = None, undoable: bool = True,
              history: str = "restart", redraw: bool = True) -> bool:
        """Replace the scene by make(scene); a ClassifierError is shown and changes nothing.

        message is said afterwards (a callable is called once the new scene and report are in
        place); None clears the message line, KEEP leaves it. history: "restart" starts the loss
        history again from the new loss (any change of the problem), "append" adds the new loss
        as one more step, "keep" leaves it (the step size is not part of the problem).
        """
        try:
            new = make(self.scene)
        except ClassifierError as exc:
            self.say(str(exc), error=True)
            return False
        (self.document.apply if undoable else self.document.replace)(new)
        self.report = evaluate(new)
        self.selected = min(self.selected, new.num_points - 1)
        if history == "restart":
            self.history, self.steps = [self._losses()], 0
        elif history == "append":
            self.history = (self.history + [self._losses()])[-HISTORY_LIMIT:]
            self.steps += 1
        if message is not KEEP:
            self.say(message() if callable(message) else message)
        if redraw:
            self.refresh_all()
        return True

    def _tick(self) -> None:
        self.action_step(undoable=False)

    def action_step(self, undoable: bool = True) -> None:
        """One gradient step. While running, the status line shows every step but the rest
        repaints every REDRAW_EVERY-th step, so a slow SSH link keeps up; stopping repaints all.
        """
        redraw = not self.running or (self.steps + 1) % REDRAW_EVERY == 0
        before = self.report.total
        message = KEEP if self.running else (
            lambda: f"step {self.steps}: total loss {fixed(before)} → {fixed(self.report.total)}")
        if not self.apply(lambda s: s.step(), message, undoable=undoable, history="append", redraw=redraw):
            if self.running:  # e.g. W ran past ±1000: a huge step size diverged
                self.action_toggle_run()
                self.say(f"stopped: the step would take W past ±{MAX_ABS:g}; lower the step size", error=True)
            return
        if not redraw:
            self._update_status()

    def action_toggle_run(self) -> None:
        self.running = not self.running
        if self.running:
            self.document.apply(self.scene)  # one undo step takes the whole run back
            self._timer.resume()
            self.say("running about 10 steps/s; space stops")
        else:
            self._timer.pause()
            self.refresh_all()  # show the last step, whichever steps were painted
            self.say(f"stopped after step {self.steps}")
        self._update_status()

    def action_next_loss(self) -> None:
        self.apply(lambda s: s.next_loss(), lambda: f"loss: {LOSS_LABELS[self.scene.loss]}")

    def set_loss(self, kind: str) -> None:
        self.apply(lambda s: s.with_loss(kind), f"loss: {LOSS_LABELS[kind]}")

    def action_lam(self, direction: int) -> None:
        def said() -> str:
            if self.scene.lam == 0:
                return "λ = 0: no regularization"
            return f"λ = {lam_text(self.scene.lam)}"

        self.apply(lambda s: s.lam_step(direction), said)

    def action_step_size(self, direction: int) -> None:
        self.apply(lambda s: s.step_size_step(direction),
                   lambda: f"step size = {short(self.scene.step_size, 4)}", history="keep")

    def action_randomize(self) -> None:
        self.seed += 1
        seed = self.seed
        self.apply(lambda s: s.randomized(seed), f"random W, b (seed {seed}); u undoes")

    def action_reset(self) -> None:
        self.apply(lambda s: self.initial, "scene reset; u undoes")

    def show(self, message: str | None = None) -> None:
        """After undo, redo or open: a new problem, so the loss history starts again."""
        self.apply(lambda s: s, message, undoable=False)

    # --- points -----------------------------------------------------------------------------
    def watch_selected(self, index: int) -> None:
        if self.is_mounted:
            self.query_one(PlanePlot).selected = index
            self._update_status()

    def action_select_point(self, direction: int) -> None:
        self.selected = (self.selected + direction) % self.scene.num_points
        self.query_one(PointTable).move_cursor(row=self.selected)
        self.say(None)  # the status line says which point; an older message would be stale

    def on_point_table_point_selected(self, message: PointTable.PointSelected) -> None:
        if 0 <= message.index < self.scene.num_points:
            self.selected = message.index

    def on_point_table_grab_point(self, message: PointTable.GrabPoint) -> None:
        self.selected = message.index
        self.action_grab()

    def action_grab(self) -> None:
        self.query_one(PlanePlot).focus()
        self.say(f"arrows move point {self.selected + 1} (shift: finer); tab leaves")

    def on_plane_plot_move_point(self, message: PlanePlot.MovePoint) -> None:
        i = self.selected

        def said() -> str:
            x, y = self.scene.points[i]
            return f"point {i + 1} at ({fixed(x)}, {fixed(y)})"

        self.apply(lambda s: s.move_point(i, message.dx, message.dy), said)

    def action_add_point(self) -> None:
        label = self.scene.labels[self.selected]
        if self.apply(lambda s: s.add_point(0.0, 0.0, label), "point added at (0, 0); arrows move it"):
            self.selected = self.scene.num_points - 1
            self.query_one(PointTable).move_cursor(row=self.selected)
            self.query_one(PlanePlot).focus()

    def action_remove_point(self) -> None:
        i = self.selected
        self.apply(lambda s: s.remove_point(i), f"point {i + 1} removed; u undoes")

    def action_cycle_class(self) -> None:
        i = self.selected
        self.apply(lambda s: s.cycle_label(i), lambda: f"point {i + 1} is now class {self.scene.labels[i]}")

    # --- parameters ----------------------------------------------------------------------
    def on_parameter_table_nudge(self, message: ParameterTable.Nudge) -> None:
        name, row, col = message.name, message.row, message.col
        label = f"W[{row},{col}]" if name == "W" else f"b[{row}]"

        def said() -> str:
            value = self.scene.W[row, col] if name == "W" else self.scene.b[row]
            return f"{label} = {short(value, 4)}  total loss {fixed(self.report.total)}"

        self.apply(lambda s: s.nudge_param(name, row, col, message.delta), said)

    def on_parameter_table_edit_requested(self, message: ParameterTable.EditRequested) -> None:
        name, row, col = message.name, message.row, message.col
        label = f"W[{row},{col}]" if name == "W" else f"b[{row}]"
        value = self.scene.W[row, col] if name == "W" else self.scene.b[row]

        def commit(text: str) -> tuple[ClassifierScene, str]:
            number = parse_param(text, label)
            return self.scene.set_param(name, row, col, number), f"{label} = {short(number, 4)}"

        self.query_one("#clf-prompt", Static).update(f"{label} = (Enter sets, Esc cancels)")
        self.open_editor(self.query_one("#clf-edit", LineEditor), repr(round(float(value), 10)), commit)

    def edited(self, new: ClassifierScene, message: str) -> None:
        self.apply(lambda s: new, message)

    def editor_closed(self) -> None:
        self.query_one("#clf-prompt", Static).update("")

    # --- lecture mode
    def show_stage(self, state, hidden, forward: bool) -> None:
        """The build's loss and λ; a scripted run starts when the build is reached by PageDown."""
        changes = state.get("set", {})
        if changes and any(getattr(self.scene, k) != v for k, v in changes.items()):
            self.apply(lambda s: s.replace(**changes), None)
        if state.get("action") == "run" and forward and not self.running:
            self.action_toggle_run()

    # --- command palette -------------------------------------------------------------------
    def palette_commands(self):
        yield "Classifier: gradient step", "One step of gradient descent (s)", self.action_step
        yield "Classifier: run / stop", "Repeated steps, about 10 per second (space)", self.action_toggle_run
        yield "Classifier: randomize W, b", "Seeded random parameters (r)", self.action_randomize
        yield "Classifier: reset", "Back to the web demo's scene (R)", self.action_reset
        for kind in LOSS_KINDS:
            yield (f"Classifier loss: {LOSS_LABELS[kind]}", "Switch the data loss",
                   lambda kind=kind: self.set_loss(kind))
        yield "Classifier: save scene as…", "Write the scene to a TOML file (S)", self.action_save_as
        yield "Classifier: open scene…", "Read a scene TOML file (ctrl+o)", self.action_open_file
