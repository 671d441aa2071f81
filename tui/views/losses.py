"""The Losses view (key 1): edit a score table and watch every loss of the lecture update.

The Document's immutable Scene is the only truth; ``show`` evaluates it once and gives the Report to
every pane in one frame. Every change goes through ``apply``, undoable (ctrl+z): nothing is lost.

Typed values (a score in place, Δ, λ, a name in the prompt bar) go into a LineEditor that never
takes the focus: the app's key router hands it the keys in the order typed (tui/keys.py).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Label

from engine.hidden import NOTHING_HIDDEN
from engine.numfmt import distinct, editable, fixed, scale_factor
from engine.presets import load_preset, load_table, preset_names, save_table
from engine.scene import (LOG_BASES, MAX_SCALE, MIN_SCALE, REG_KINDS, REG_SETTINGS, SVM_VARIANTS, Report,
                          Scene, SceneError, evaluate, jiggle, nonnegative, parse_number)
from engine.wording import ui_minus
from tui.document import Document, FileFormat
from tui.file_access import FileAccess
from tui.screens.preset_picker import PresetPicker
from tui.views.base import DocumentView
from tui.views.inline_editing import InlineEditing
from tui.views.losses_mouse import LossesMouse
from tui.widgets.derivation_pane import DerivationPane
from tui.widgets.line_editor import LineEditor
from tui.widgets.loss_summary import FactsLine, TotalsLine
from tui.widgets.message_line import MessageLine
from tui.widgets.reg_panel import RegPanel
from tui.widgets.score_grid import GridData, ScoreGrid
from tui.widgets.status_bar import StatusBar
from tui.widgets.sweep_slot import SweepSlot

JIGGLE = 0.1  # the "small amount" of the lecture's closing question
NARROW = 110  # below this width the derivation and regularization panes take turns (key d)
VARIANT_KEYS = {"include_true": "i", "mean_over_classes": "a", "squared": "s"}
REG_KEYS = {"lam": "L", "beta": "B", "w_sq": "w", "w_abs": "W"}
TABLE = FileFormat(kind="table", default_name="table.toml", load=load_table, save=save_table,
                   same=Scene.same_as, errors=(SceneError,))


def a_class(name: str) -> str:
    """"class cat", but "class 4" (not "class class 4") for a class named "class 4"."""
    return name if name.startswith("class ") else f"class {name}"


class LossesView(LossesMouse, InlineEditing, DocumentView):  # clicks and the wheel: tui/views/losses_mouse.py
    EDIT_ERRORS = (SceneError,)
    TITLE = "Losses"
    BINDINGS = [
        Binding("enter", "edit_cell", "Edit"),
        Binding("enter", "commit_edit", "Commit"),  # shown while a value is typed
        Binding("escape", "cancel_edit", "Cancel"),
        Binding("l", "set_label", "Label"),
        Binding("plus", "scale(2)", "W×2", key_display="+"),
        Binding("minus", "scale(0.5)", "W÷2", key_display="-", show=False),
        Binding("equals_sign", "scale(0)", "W×1", key_display="=", show=False),
        Binding("j", "jiggle", "Jiggle"),
        Binding("d", "toggle_detail", "Switch derivation / regularization pane (narrow screens)", show=False),
        Binding("m", "edit_margin", "Edit margin Δ", show=False),
        *(Binding(VARIANT_KEYS[name], f"toggle('{name}')", f"{q}: {what}", show=False)
          for name, (q, what) in SVM_VARIANTS.items()),
        Binding("b", "cycle_log_base", "Log base e → 2 → 10", show=False),
        Binding("c", "add_class", "Add a class (row)", show=False),
        Binding("C", "remove_class", "Remove the class under the cursor", show=False),
        Binding("n", "rename_class", "Rename the class under the cursor", show=False),
        Binding("e", "add_example", "Add an example (column)", show=False),
        Binding("E", "remove_example", "Remove the example under the cursor", show=False),
        *(Binding(REG_KEYS[name], f"edit_reg('{name}')", f"Edit {label}", show=False)
          for name, label in REG_SETTINGS.items()),
        Binding("r", "cycle_reg", "R: L2 → L1 → elastic net", show=False),
        Binding("p", "pick_preset", "Load a preset", show=False),
        Binding("R", "reset_settings", "Reset scale and variants (keeps the table)", show=False),
    ]

    detail: reactive[str] = reactive("derivation", repaint=False)  # which pane a narrow screen shows

    def __init__(self, scene: Scene | None = None, path: str | None = None,
                 access: FileAccess | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document = Document(scene or load_preset("lecture"), TABLE, path, access)
        self.report = evaluate(self.scene)
        self._jiggled: tuple | None = None  # (jiggled scene, example, class, scene before)
        self.hidden = NOTHING_HIDDEN  # what lecture mode has not revealed yet
        self.derivation = "both"  # which derivation the pane shows: svm, softmax or both
        self.hinges = True  # the grid's hinge sub-columns (a lecture slide may leave them out)

    def compose(self):
        # before the children mount: a class set later restyles all of them; show() feeds what is shown
        self.set_class(self.app.size.width < NARROW, "-narrow")
        yield StatusBar(id="status-bar")
        # no scroll container: the grid pages its own rows and columns, so the headers, the cursor
        # and both L_i rows are always on screen
        yield ScoreGrid(id="score-table")
        yield TotalsLine(id="totals")
        with Horizontal(id="prompt-bar"):
            yield Label("", id="prompt-label", markup=False)  # a class name may hold [brackets]
            yield LineEditor(id="prompt-input")
        yield MessageLine(id="message")
        yield FactsLine(id="facts")
        with Horizontal(id="detail"):
            with VerticalScroll(id="derivation-pane"):
                yield DerivationPane(id="derivation")
            with Vertical(id="reg-pane"):
                yield RegPanel(id="reg")
                yield SweepSlot(id="sweep-slot")  # the plot moves in after the first frame
        yield LineEditor(id="cell-editor", floating=True)

    def on_mount(self) -> None:
        # a watch, not the CursorMoved message: the derivation changes in the arrow key's own frame
        self.watch(self.query_one(ScoreGrid), "cursor", lambda: self._show_detail(cursor_only=True), init=False)
        self.show("arrows move, Enter edits a score, l sets the label, ? lists every key")
        if self.display:  # a view key pressed during start-up has already moved elsewhere
            self.focus_default()

    def focus_default(self) -> None:
        self.screen.set_focus(self.query_one(ScoreGrid))

    def on_resize(self) -> None:
        self._arrange(narrow=self.size.width < NARROW)

    def watch_detail(self, detail: str) -> None:
        self._arrange(show_reg=detail == "regularization")

    def _arrange(self, narrow: bool | None = None, show_reg: bool | None = None) -> None:
        """Set the layout classes; a detail pane that appears gets its numbers in the same frame."""
        before = self._panes_shown()
        if narrow is not None:
            self.set_class(narrow, "-narrow")
        if show_reg is not None:
            self.set_class(show_reg, "-show-reg")
        if self.is_mounted and self._panes_shown() != before:
            self._show_detail(plot_now=True)

    def _panes_shown(self) -> tuple[bool, bool]:
        """(derivation, regularization): a narrow screen shows one of the two (key d)."""
        narrow, reg = self.has_class("-narrow"), self.has_class("-show-reg")
        return not narrow or not reg, not narrow or reg

    # --- the one place the scene becomes numbers on screen
    def show(self, message: str | None = None, report: Report | None = None) -> None:
        """Evaluate the scene once (unless given its report) and give every pane its numbers, now."""
        scene = self.scene
        self.report = report = report or evaluate(scene)
        hidden = self.hidden
        self.query_one(ScoreGrid).data = GridData(scene, report, hidden, self.hinges)
        self.query_one(TotalsLine).data = (scene, report, hidden)
        facts = self.query_one(FactsLine)
        facts.data = (scene, report, hidden)
        facts.display = bool(facts.render().plain)  # every answer still hidden: no empty line
        self.query_one(StatusBar).data = (scene, self.document.display_path, self.has_unsaved_changes(),
                                          self.has_class("-lecture"))
        self._show_detail()
        if message is not None:
            self.say(message)

    def _show_detail(self, cursor_only: bool = False, plot_now: bool = False) -> None:
        """Numbers for the detail panes on screen. A hidden one gets them when it appears: repainting
        a hidden widget makes Textual arrange the whole screen again (~2 ms a key)."""
        derivation, regularization = self._panes_shown()
        if derivation:
            self._show_derivation()
        if regularization and not cursor_only:
            self.query_one(RegPanel).data = (self.scene, self.report, self.hidden)
            N = self.scene.num_examples  # a loss still a lecture question is left out of the plot
            series = tuple(key for key, hidden in (("svm", self.hidden.svm_mean(N)),
                                                   ("softmax", self.hidden.softmax_mean(N)), ("reg", False))
                           if not hidden)
            self.query_one(SweepSlot).show(self.scene, series, now=plot_now)

    def _show_derivation(self) -> None:
        col = min(self.query_one(ScoreGrid).cursor[1], self.scene.num_examples - 1)
        self.query_one(DerivationPane).data = (self.scene, self.report, col, self.hidden, self.derivation)

    def apply(self, new: Scene, message: str) -> None:
        """Make ``new`` the current scene (undoable) and say what changed."""
        self.document.apply(new)
        self.show(message)

    def attempt(self, change: Callable[[], tuple[Scene, str]]) -> None:
        """Run an edit; a SceneError becomes an inline message and changes nothing."""
        try:
            new, message = change()
        except SceneError as exc:
            self.say(str(exc), error=True)
            return
        self.apply(new, message)

    def say(self, text: str, error: bool = False) -> None:
        self.query_one(MessageLine).data = (ui_minus(text), error)

    @property
    def cursor(self) -> tuple[int, int]:
        """(example i, class j) under the cursor."""
        row, col = self.query_one(ScoreGrid).cursor
        return col, row

    # --- typed values: the in-place cell editor and the prompt bar (tui/views/inline_editing.py)
    def action_edit_cell(self) -> None:
        i, j = self.cursor
        s = self.scene
        where = f"{s.examples[i]} / {s.classes[j]}"
        old = float(self.report.scores[i, j])

        def commit(text: str) -> tuple[Scene, str]:
            value = parse_number(text, "score")
            return s.set_score(i, j, value), f"{where}: {fixed(old)} → {fixed(value)}"

        grid = self.query_one(ScoreGrid)
        cell = grid.cell_region(j, i).translate(grid.content_region.offset)
        editor = self.query_one("#cell-editor", LineEditor)
        editor.styles.offset = (cell.x - self.content_region.x, cell.y - self.content_region.y)
        # as wide as the score and its hinge term: room to type, and no stale digit of either
        # peeks out beside the box (the hinge is recomputed from what is typed anyway)
        geo = grid.geometry()
        editor.styles.width = geo.score + 1 + geo.hinge if geo.hinge else geo.score
        self.open_editor(editor, editable(old), commit, f"edit {where}: type a number, Enter commits, Esc cancels")

    def prompt(self, label: str, initial: str, commit: Callable[[str], tuple[Scene, str]]) -> None:
        self.query_one("#prompt-label", Label).update(f" {label}: ")
        self.query_one("#prompt-bar").display = True
        what = label if label.startswith("new ") else f"new {label}"  # not "the new new name"
        self.open_editor(self.query_one("#prompt-input", LineEditor), initial, commit,
                         f"type the {what}; Enter commits, Esc cancels")

    def edited(self, new: Scene, message: str) -> None:
        self.apply(new, message)

    def editor_closed(self) -> None:
        bar = self.query_one("#prompt-bar")
        if bar.display:  # hiding a hidden widget would still cost a re-layout
            bar.display = False

    # --- table edits
    def action_set_label(self) -> None:
        i, j = self.cursor
        s = self.scene
        if s.labels[i] == j:
            self.say(f"{s.classes[j]} already is the correct class of {s.examples[i]}")
            return
        self.attempt(lambda: (s.set_label(i, j), f"correct class of {s.examples[i]} is now {s.classes[j]}"))

    def action_add_class(self) -> None:
        self.attempt(lambda: (new := self.scene.add_class(), f"added {a_class(new.classes[-1])}"))
        grid = self.query_one(ScoreGrid)
        grid.cursor = (self.scene.num_classes - 1, grid.cursor[1])
        self.action_rename_class()

    def action_remove_class(self) -> None:
        i, j = self.cursor
        s = self.scene
        self.attempt(lambda: (s.remove_class(j), f"removed {a_class(s.classes[j])} (ctrl+z brings it back)"))

    def action_rename_class(self) -> None:
        i, j = self.cursor
        s = self.scene
        self.prompt(f"new name of {a_class(s.classes[j])}", s.classes[j],
                    lambda text: (s.rename_class(j, text), f"{a_class(s.classes[j])} is now {text.strip()}"))

    def action_add_example(self) -> None:
        s = self.scene
        self.attempt(lambda: (new := s.add_example(),
                              f"added {new.examples[-1]} (scores 0, correct class {s.classes[0]})"))
        grid = self.query_one(ScoreGrid)
        grid.cursor = (grid.cursor[0], self.scene.num_examples - 1)

    def action_remove_example(self) -> None:
        i, j = self.cursor
        s = self.scene
        self.attempt(lambda: (s.remove_example(i), f"removed {s.examples[i]} (ctrl+z brings it back)"))

    # --- scale, variants, regularization
    def action_scale(self, factor: float) -> None:
        s = self.scene
        k = 1.0 if factor == 0 else s.scale * factor
        if k > MAX_SCALE or k < MIN_SCALE:
            limit, which = (MAX_SCALE, "largest") if k > MAX_SCALE else (MIN_SCALE, "smallest")
            self.say(f"W × {scale_factor(limit)} is the {which} scale; nothing changed", error=True)
            return
        before = self.report
        self.document.apply(s.replace(scale=k))
        r = evaluate(self.scene)  # say what the lecture wants seen: SVM can hit 0, softmax keeps moving
        N = self.scene.num_examples
        svm = "?" if self.hidden.svm_mean(N) else f"{fixed(before.svm_mean)} → {fixed(r.svm_mean)}"
        soft = "?" if self.hidden.softmax_mean(N) else f"{fixed(before.softmax_mean)} → {fixed(r.softmax_mean)}"
        self.show(f"W and b × {scale_factor(k)}: SVM {svm}, softmax {soft}  (= back to × 1)", report=r)

    def action_toggle(self, name: str) -> None:
        s = self.scene
        on = not getattr(s, name)
        question, what = SVM_VARIANTS[name]
        self.attempt(lambda: (s.replace(**{name: on}), f"{question} {what}: {'on' if on else 'off'}"))

    def action_cycle_log_base(self) -> None:
        s = self.scene
        base = LOG_BASES[(LOG_BASES.index(s.log_base) + 1) % len(LOG_BASES)]
        self.attempt(lambda: (s.replace(log_base=base), f"softmax log base {base}"))

    def action_cycle_reg(self) -> None:
        s = self.scene
        kind = REG_KINDS[(REG_KINDS.index(s.reg_kind) + 1) % len(REG_KINDS)]
        self.attempt(lambda: (s.replace(reg_kind=kind), f"regularization R = {kind}"))

    def action_edit_margin(self) -> None:
        s = self.scene
        self.prompt("margin Δ", editable(s.margin), lambda text: (
            s.replace(margin=parse_number(text, "margin Δ")), f"margin Δ = {text.strip()}"))

    def action_edit_reg(self, name: str) -> None:
        s = self.scene
        what = REG_SETTINGS[name]
        self.prompt(what, editable(getattr(s, name)), lambda text: (
            s.replace(**{name: nonnegative(text, what)}), f"{what} = {text.strip()}"))

    def action_reset_settings(self) -> None:
        s = self.scene
        self.attempt(lambda: (s.replace(scale=1.0, margin=1.0, include_true=False, mean_over_classes=False,
                                        squared=False, log_base="e"), "scale and variants reset"))

    def action_jiggle(self) -> None:
        """Nudge the score under the cursor by +0.1 and say how each loss moved; j again (on the
        same cell) takes it back. A jiggle lasts only while its scene is shown: any other change
        (an edit, undo, a load) keeps the nudged score as it is."""
        jiggled, self._jiggled = self._jiggled, None
        if jiggled and jiggled[0] is self.scene:
            _, i, j, before = jiggled
            self.document.replace(before)
            if (i, j) == self.cursor:
                self.show(f"jiggle undone: {before.examples[i]} / {before.classes[j]} back to "
                          f"{fixed(before.scaled_scores[i, j])}")
                return
        s = self.scene
        i, j = self.cursor
        result = jiggle(s, i, j, JIGGLE)
        self.document.replace(s.set_score(i, j, float(s.scaled_scores[i, j]) + JIGGLE))
        self._jiggled = (self.scene, i, j, s)
        svm = "?" if self.hidden.svm(i) else " → ".join(distinct(result.svm_before, result.svm_after))
        soft = "?" if self.hidden.softmax(i) else " → ".join(distinct(result.softmax_before, result.softmax_after))
        svm_why = ("?" if self.hidden.svm(i) else "unchanged: every margin holds"
                   if result.svm_before == result.svm_after else "changed: a margin is violated")
        soft_why = ("?" if self.hidden.softmax(i) else "changed"
                    if result.softmax_before != result.softmax_after else "unchanged")
        self.show(f"jiggle {s.examples[i]} / {s.classes[j]} +{fixed(JIGGLE)}: SVM L_i {svm} ({svm_why});"
                  f" softmax L_i {soft} ({soft_why}). j: back")

    def action_toggle_detail(self) -> None:
        self.detail = "regularization" if self.detail == "derivation" else "derivation"

    # --- lecture mode
    def show_stage(self, state, hidden, forward: bool) -> None:
        """The build's table (undoable: an edit made during the lecture stays in ctrl+z), cursor,
        pane, derivation part and hidden numbers; a scripted jiggle is done again every time."""
        from engine.lecture import stage_cursor, stage_scene  # lecture mode only: off the start-up path

        if self.editing:
            self.close_editor()
        self._jiggled = None
        self.set_class(bool(state), "-lecture")  # {}: lecture mode left
        if "preset" in state or "table" in state:
            scene = stage_scene(state)
            if not scene.same_as(self.scene):
                self.document.load(scene, None)  # a slide's table, not the user's file: undoable
        self.hidden = hidden
        self.derivation = state.get("derivation", "both")  # a key a build leaves out: its default,
        self.hinges = state.get("hinges", True)  # so that coming back restores the build exactly
        self.detail = state.get("pane", "derivation")
        detail = self.query_one("#detail")
        if detail.display != (self.derivation != "none" or self.detail == "regularization"):
            detail.display = not detail.display
        self.show("")  # the grid holds the new table before the cursor moves on it
        if state:
            example, cls = stage_cursor(state, self.scene) or (0, 0)
            self.query_one(ScoreGrid).cursor = (cls, example)
            self._show_derivation()
        if state.get("action") == "jiggle":
            self.action_jiggle()

    # --- presets
    def load_preset_named(self, name: str) -> None:
        self.document.load(load_preset(name), None)
        self.show(f"loaded preset {name} (ctrl+z brings back the previous table)")

    def action_pick_preset(self) -> None:
        self.app.push_screen(PresetPicker(), lambda name: name and self.load_preset_named(name))

    def palette_commands(self):
        yield from ((f"Preset: {n}", f"Load the {n} preset (ctrl+z undoes)",
                     lambda n=n: self.load_preset_named(n)) for n in preset_names())
        for b in self.help_bindings():
            if b.action in ("edit_cell", "toggle_detail", "commit_edit", "cancel_edit"):
                continue  # need the table cursor / only matter on narrow screens / only while typing
            key = b.key_display or b.key
            yield (f"{b.description} ({key})", f"Losses view, key {key}",
                   lambda a=b.action: self.run_action(a))
