"""The Losses view (key 1): edit a score table and watch every loss of the lecture update.

State: ``scene`` (an immutable engine Scene) is the only source of truth; its watcher
evaluates it once and hands the Report to every widget on the same frame. Every change goes
through ``apply`` so it can be undone (ctrl+z): nothing typed or loaded is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Label

from engine.numfmt import distinct, editable, fixed, scale_factor
from engine.presets import load_preset, load_table, preset_names, save_table
from engine.scene import (MAX_SCALE, MIN_SCALE, Scene, SceneError, evaluate, jiggle, nonnegative,
                          parse_number)
from engine.wording import ui_minus
from tui.screens.path_prompt import PathPrompt, SaveAsPrompt, expand
from tui.screens.preset_picker import PresetPicker
from tui.widgets.derivation_pane import DerivationPane
from tui.widgets.loss_summary import FactsLine, TotalsLine
from tui.widgets.message_line import MessageLine
from tui.widgets.reg_panel import RegPanel
from tui.widgets.score_grid import GridData, ScoreGrid
from tui.widgets.status_bar import StatusBar
from tui.widgets.value_editor import ValueEditor

JIGGLE = 0.1  # the "small amount" of the lecture's closing question
PLOT_DELAY = 0.15  # seconds from a change to the plot redraw
NARROW = 110  # below this width the derivation and regularization panes take turns (key d)
LOG_BASES = ("e", "2", "10")
REG_KINDS = ("l2", "l1", "elastic")
Commit = Callable[[str], tuple[Scene, str]]  # typed text → (new scene, message) or SceneError


def a_class(name: str) -> str:
    """"class cat", but "class 4" (not "class class 4") for a class named "class 4"."""
    return name if name.startswith("class ") else f"class {name}"


class LossesView(Vertical):
    # Every key of this view is a priority binding (made so below the list). A priority binding
    # runs as the app reads the key; any other key waits in the focused widget's queue. Mixing
    # the two reorders a burst of keys (a fast typist, a slow SSH link): "↓ Enter" edited the cell
    # above, "m 3 Enter" lost the 3. While a value is typed, check_action turns them all off, so
    # the keys reach the editor, which commits or cancels as it reads Enter or Esc (see
    # ValueEditor), in the order typed.
    BINDINGS = [
        Binding("enter", "edit_cell", "Edit"),
        Binding("l", "set_label", "Label"),
        Binding("plus", "scale(2)", "W×2", key_display="+"),
        Binding("minus", "scale(0.5)", "W÷2", key_display="-", show=False),
        Binding("equals_sign", "scale(0)", "W×1", key_display="=", show=False),
        Binding("j", "jiggle", "Jiggle"),
        Binding("d", "toggle_detail", "Switch derivation / regularization pane (narrow screens)", show=False),
        Binding("m", "edit_margin", "Edit margin Δ", show=False),
        Binding("i", "toggle('include_true')", "Q1: include j = y in the sum", show=False),
        Binding("a", "toggle('mean_over_classes')", "Q2: mean instead of sum over classes", show=False),
        Binding("s", "toggle('squared')", "Q3: squared hinge", show=False),
        Binding("b", "cycle_log_base", "Log base e → 2 → 10", show=False),
        Binding("c", "add_class", "Add a class (row)", show=False),
        Binding("C", "remove_class", "Remove the class under the cursor", show=False),
        Binding("n", "rename_class", "Rename the class under the cursor", show=False),
        Binding("e", "add_example", "Add an example (column)", show=False),
        Binding("E", "remove_example", "Remove the example under the cursor", show=False),
        Binding("L", "edit_reg('lam')", "Edit λ (regularization strength)", show=False),
        Binding("r", "cycle_reg", "R: L2 → L1 → elastic net", show=False),
        Binding("B", "edit_reg('beta')", "Edit β (elastic net)", show=False),
        Binding("w", "edit_reg('w_sq')", "Edit ΣW² at scale 1", show=False),
        Binding("W", "edit_reg('w_abs')", "Edit Σ|W| at scale 1", show=False),
        Binding("p", "pick_preset", "Load a preset", show=False),
        Binding("ctrl+o", "open_file", "Open a table file", show=False),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("S", "save_as", "Save as…", show=False),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("R", "reset_settings", "Reset scale and variants (keeps the table)", show=False),
    ]
    BINDINGS = [replace(b, priority=True) for b in BINDINGS]

    # repaint=False: the view itself draws nothing; a repaint of its whole region would redraw
    # every pane on each edit (the panes repaint themselves when their text changes)
    scene: reactive[Scene] = reactive(None, always_update=True, repaint=False)
    detail: reactive[str] = reactive("derivation", repaint=False)  # which pane a narrow screen shows

    def __init__(self, scene: Scene | None = None, path: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(LossesView.scene, scene or load_preset("lecture"))
        self.path = path
        self.saved = self.scene  # last scene loaded or saved: anything else is "modified"
        self.report = evaluate(self.scene)
        self.history: list[Scene] = []
        self.future: list[Scene] = []
        self._commit: Commit | None = None
        self._jiggled: tuple[int, int, float] | None = None  # (example, class, base score)
        self._ready = False
        self._plot_timer = None

    def compose(self):
        yield StatusBar(id="status-bar")
        # no scroll container: the grid pages its own rows and columns, so the headers, the cursor
        # and both L_i rows are always on screen
        yield ScoreGrid(id="score-table")
        yield TotalsLine(id="totals")
        yield MessageLine(id="message")
        yield FactsLine(id="facts")
        with Horizontal(id="detail"):
            with VerticalScroll(id="derivation-pane"):
                yield DerivationPane(id="derivation")
            with Vertical(id="reg-pane"):
                yield RegPanel(id="reg")
                yield Vertical(id="sweep-slot")  # the plot moves in after the first frame
        # the prompt bar (after #totals) and the cell editor come after the first frame

    def on_mount(self) -> None:
        self.say("arrows move, Enter edits a score, l sets the label, ? lists every key")
        self._ready = True
        self.watch_scene(self.scene)
        self._show_rest()  # the first frame shows every pane
        self.call_after_refresh(self._editors_ready)
        if self.display:  # a view key pressed during start-up has already moved elsewhere
            self.focus_default()

    _editor_mounts: list | None = None

    async def _editors_ready(self) -> None:
        """Mount the prompt bar and the cell editor, hidden until used, if not done yet: the
        two Inputs cost ~10 ms of start-up, so they are mounted right after the first frame
        (an edit asked for before that waits for them here)."""
        if self._editor_mounts is None:
            prompt = ValueEditor(self._submit, self._cancel, self._table_key, id="prompt-input")
            bar = Horizontal(Label("", id="prompt-label"), prompt, id="prompt-bar")
            self._editor_mounts = [self.mount(bar, after=self.query_one(TotalsLine)),
                                   self.mount(ValueEditor(self._submit, self._cancel, self._table_key, id="cell-editor"))]
        if not all(editor.is_mounted for editor in self.query(ValueEditor)):
            for mounting in self._editor_mounts:
                await mounting

    async def ready(self) -> None:
        """Every widget mounted (the help screen lists the editors' keys too)."""
        await self._editors_ready()

    def focus_default(self) -> None:
        # at once, not queued (Widget.focus): a key typed just after an edit closes goes to the table
        self.screen.set_focus(self.query_one(ScoreGrid))

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def watch_detail(self, detail: str) -> None:
        self.set_class(detail == "regularization", "-show-reg")

    # --- the one place the scene becomes numbers on screen
    def watch_scene(self, scene: Scene) -> None:
        """The grid and the totals get the new report on this frame; the other panes right after
        it (``_show_rest``), so an edit's first frame only repaints the numbers that were edited."""
        if not self._ready:  # composed children exist only from on_mount on
            return
        self.report = report = evaluate(scene)
        self.query_one(ScoreGrid).data = GridData(scene, report)
        self.query_one(TotalsLine).data = (scene, report)
        if not self._rest_pending:
            self._rest_pending = True
            self.call_after_refresh(self._show_rest)

    _rest_pending = False

    def _show_rest(self) -> None:
        """Status bar, facts, regularization and derivation panes, and (debounced) the plot."""
        self._rest_pending = False
        scene, report = self.scene, self.report
        self.query_one(FactsLine).data = (scene, report)
        self.query_one(RegPanel).data = (scene, report)
        self.query_one(StatusBar).data = (scene, self.path or "", self.has_unsaved_changes())
        self._show_derivation()
        self._plot_soon()

    def _plot_soon(self) -> None:
        """Redraw the sweep plot a moment after the losses: a plot frame costs ~10 ms and ~7 KB
        over SSH, so quick edits share one redraw and never delay the numbers."""
        if self._plot_timer is None:
            self._plot_timer = self.set_timer(PLOT_DELAY, self._plot_now)

    def _plot_now(self) -> None:
        self._plot_timer = None
        # imported here: plotext costs ~20 ms of start-up and the first frame never shows a plot
        from tui.widgets.scale_sweep import ScaleSweepPlot

        plots = self.query(ScaleSweepPlot)
        if plots:
            plots.first().show(self.scene)
        else:
            plot = ScaleSweepPlot(id="sweep")
            plot.show(self.scene)
            self.query_one("#sweep-slot").mount(plot)

    def _show_derivation(self) -> None:
        col = self.query_one(ScoreGrid).cursor[1]
        col = min(col, self.scene.num_examples - 1)
        self.query_one(DerivationPane).data = (self.scene, self.report, col)

    def on_score_grid_cursor_moved(self, event: ScoreGrid.CursorMoved) -> None:
        self._show_derivation()

    def apply(self, new: Scene, message: str) -> None:
        """Make ``new`` the current scene (undoable) and say what changed."""
        self.history.append(self.scene)
        self.future.clear()
        self._jiggled = None
        self.scene = new
        self.say(message)

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

    # --- typed values: the in-place cell editor and the prompt bar share one commit path
    async def action_edit_cell(self) -> None:
        await self._editors_ready()
        i, j = self.cursor
        s = self.scene
        where = f"{s.examples[i]} / {s.classes[j]}"
        old = float(self.report.scores[i, j])

        def commit(text: str) -> tuple[Scene, str]:
            value = parse_number(text, "score")
            return s.set_score(i, j, value), f"{where}: {fixed(old)} → {fixed(value)}"

        table = self.query_one(ScoreGrid)
        cell = table.cell_region(j, i).translate(table.content_region.offset)
        editor = self.query_one("#cell-editor", ValueEditor)
        editor.styles.offset = (cell.x - self.content_region.x, cell.y - self.content_region.y)
        # as wide as the score and its hinge term: room to type, and no stale digit of either
        # peeks out beside the box (the hinge is recomputed from what is typed anyway)
        geo = table.geometry()
        editor.styles.width = geo.score + 1 + geo.hinge
        self._commit = commit
        self.refresh_bindings()
        editor.open(editable(old))
        self.say(f"edit {where}: type a number, Enter commits, Esc cancels")

    async def prompt(self, label: str, initial: str, commit: Commit) -> None:
        await self._editors_ready()
        self.query_one("#prompt-label", Label).update(f" {label}: ")
        self.query_one("#prompt-bar").display = True
        self._commit = commit
        self.refresh_bindings()
        self.query_one("#prompt-input", ValueEditor).open(initial)
        what = label if label.startswith("new ") else f"new {label}"  # not "the new new name"
        self.say(f"type the {what}; Enter commits, Esc cancels")

    def _submit(self, editor: ValueEditor) -> None:
        try:
            new, message = self._commit(editor.value)
        except SceneError as exc:
            editor.add_class("-invalid")
            self.say(f"{exc} — nothing changed; fix it or press Esc", error=True)
            return
        self._commit = None
        editor.committed()
        # the losses paint first; right after that frame the focus moves back (a full repaint)
        # and the footer rebuilds — scheduled before apply() so it runs before the other panes
        self.call_after_refresh(self._after_commit)
        self.apply(new, message)

    async def _table_key(self, event: events.Key) -> bool:
        """A key read after a commit, before the focus is back on the table: the table's keys
        (the arrows) act on it in turn, instead of after the keys typed behind it."""
        grid = self.query_one(ScoreGrid)
        for binding in grid._bindings.key_to_bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, grid):
                return True
        return False

    def _cancel(self) -> None:
        self._close_editors()
        self.say("cancelled — nothing changed")

    def _after_commit(self) -> None:
        if not self.editing:
            self._close_editors()
            return
        # a key typed since the commit opened an editor again: hide only the committed one
        for editor in self.query(ValueEditor):
            if not editor.accepting:
                (editor if editor.id == "cell-editor" else self.query_one("#prompt-bar")).display = False

    def _close_editors(self) -> None:
        self._commit = None
        self.refresh_bindings()
        for editor in ("#cell-editor", "#prompt-bar"):
            widget = self.query_one(editor)
            if widget.display:  # hiding a hidden widget would still cost a re-layout
                widget.display = False
        self.focus_default()

    @property
    def editing(self) -> bool:
        return self._commit is not None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While a value is being typed the footer shows the editor's keys, not the view's."""
        return not self.editing

    # --- table edits
    def action_set_label(self) -> None:
        i, j = self.cursor
        s = self.scene
        if s.labels[i] == j:
            self.say(f"{s.classes[j]} already is the correct class of {s.examples[i]}")
            return
        self.attempt(lambda: (s.set_label(i, j), f"correct class of {s.examples[i]} is now {s.classes[j]}"))

    async def action_add_class(self) -> None:
        self.attempt(lambda: (new := self.scene.add_class(), f"added {a_class(new.classes[-1])}"))
        table = self.query_one(ScoreGrid)
        table.cursor = (self.scene.num_classes - 1, table.cursor[1])
        await self.action_rename_class()

    def action_remove_class(self) -> None:
        i, j = self.cursor
        s = self.scene
        self.attempt(lambda: (s.remove_class(j), f"removed {a_class(s.classes[j])} (ctrl+z brings it back)"))

    async def action_rename_class(self) -> None:
        i, j = self.cursor
        s = self.scene
        await self.prompt(f"new name of {a_class(s.classes[j])}", s.classes[j],
                          lambda text: (s.rename_class(j, text), f"{a_class(s.classes[j])} is now {text.strip()}"))

    def action_add_example(self) -> None:
        s = self.scene
        self.attempt(lambda: (new := s.add_example(),
                              f"added {new.examples[-1]} (scores 0, correct class {s.classes[0]})"))
        table = self.query_one(ScoreGrid)
        table.cursor = (table.cursor[0], self.scene.num_examples - 1)

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
        self.attempt(lambda: (s.replace(scale=k), f"W × {scale_factor(k)}"))
        if self.scene.scale == k:  # say what the lecture wants seen: SVM can hit 0, softmax keeps moving
            r = self.report
            self.say(f"W and b × {scale_factor(k)}: SVM {fixed(before.svm_mean)} → {fixed(r.svm_mean)}, "
                     f"softmax {fixed(before.softmax_mean)} → {fixed(r.softmax_mean)}  (= back to × 1)")

    def action_toggle(self, name: str) -> None:
        s = self.scene
        on = not getattr(s, name)
        label = {"include_true": "Q1 include j = y in the sum", "mean_over_classes":
                 "Q2 mean instead of sum over classes", "squared": "Q3 squared hinge"}[name]
        self.attempt(lambda: (s.replace(**{name: on}), f"{label}: {'on' if on else 'off'}"))

    def action_cycle_log_base(self) -> None:
        s = self.scene
        base = LOG_BASES[(LOG_BASES.index(s.log_base) + 1) % len(LOG_BASES)]
        self.attempt(lambda: (s.replace(log_base=base), f"softmax log base {base}"))

    def action_cycle_reg(self) -> None:
        s = self.scene
        kind = REG_KINDS[(REG_KINDS.index(s.reg_kind) + 1) % len(REG_KINDS)]
        self.attempt(lambda: (s.replace(reg_kind=kind), f"regularization R = {kind}"))

    async def action_edit_margin(self) -> None:
        s = self.scene
        await self.prompt("margin Δ", editable(s.margin), lambda text: (
            s.replace(margin=parse_number(text, "margin Δ")), f"margin Δ = {text.strip()}"))

    async def action_edit_reg(self, name: str) -> None:
        s = self.scene
        what = {"lam": "λ", "beta": "β", "w_sq": "ΣW² at scale 1", "w_abs": "Σ|W| at scale 1"}[name]
        await self.prompt(what, editable(getattr(s, name)), lambda text: (
            s.replace(**{name: nonnegative(text, what)}), f"{what} = {text.strip()}"))

    def action_reset_settings(self) -> None:
        s = self.scene
        self.attempt(lambda: (s.replace(scale=1.0, margin=1.0, include_true=False, mean_over_classes=False,
                                        squared=False, log_base="e"), "scale and variants reset"))

    def action_jiggle(self) -> None:
        """Nudge the score under the cursor by +0.1 and say how each loss moved; j again undoes it."""
        s = self.scene
        if self._jiggled:
            i, j, base = self._jiggled
            self._jiggled = None
            self.scene = s.set_score(i, j, base * s.scale)
            self.say(f"jiggle undone: {s.examples[i]} / {s.classes[j]} back to {fixed(base * s.scale)}")
            return
        i, j = self.cursor
        result = jiggle(s, i, j, JIGGLE)
        self._jiggled = (i, j, float(s.scores[i, j]))
        self.scene = s.set_score(i, j, float(self.report.scores[i, j]) + JIGGLE)
        svm = " → ".join(distinct(result.svm_before, result.svm_after))
        soft = " → ".join(distinct(result.softmax_before, result.softmax_after))
        svm_why = ("unchanged: every margin holds" if result.svm_before == result.svm_after
                   else "changed: a margin is violated")
        soft_why = "changed" if result.softmax_before != result.softmax_after else "unchanged"
        self.say(f"jiggle {s.examples[i]} / {s.classes[j]} +{fixed(JIGGLE)}: SVM L_i {svm} ({svm_why});"
                 f" softmax L_i {soft} ({soft_why}). j: back")

    def action_toggle_detail(self) -> None:
        self.detail = "regularization" if self.detail == "derivation" else "derivation"

    # --- undo, presets, files
    def action_undo(self) -> None:
        if not self.history:
            self.say("nothing to undo")
            return
        self.future.append(self.scene)
        self._jiggled = None
        self.scene = self.history.pop()
        self.say("undone (ctrl+y redoes)")

    def action_redo(self) -> None:
        if not self.future:
            self.say("nothing to redo")
            return
        self.history.append(self.scene)
        self.scene = self.future.pop()
        self.say("redone")

    def has_unsaved_changes(self) -> bool:
        """The table or a setting differs from the last one loaded or saved (the app asks before
        quitting). Undoing back to it, or a jiggle taken back, counts as unchanged."""
        return not self.scene.same_as(self.saved)

    def load(self, scene: Scene, path: str | None, what: str) -> None:
        self.path = path
        self.saved = scene
        self.apply(scene, f"loaded {what} (ctrl+z brings back the previous table)")

    def load_preset_named(self, name: str) -> None:
        self.load(load_preset(name), None, f"preset {name}")

    def action_pick_preset(self) -> None:
        self.app.push_screen(PresetPicker(), lambda name: name and self.load_preset_named(name))

    def action_open_file(self) -> None:
        def attempt(text: str) -> str | None:
            try:
                scene = load_table(str(expand(text)))
            except SceneError as exc:
                return f"{exc} — the current table is unchanged"
            self.load(scene, str(expand(text)), text)
            return None

        self.app.push_screen(PathPrompt("Open a table file", self.path or "", attempt))

    def save_to(self, path: str) -> str | None:
        """Save atomically; an error string (shown inline) or None."""
        if not path:
            return "type a file name, e.g. my-table.toml"
        try:
            save_table(self.scene, path)
        except SceneError as exc:
            return str(exc)
        self.path, self.saved = path, self.scene
        self.query_one(StatusBar).data = (self.scene, path, False)
        self.say(f"saved to {path}")
        return None

    def action_save(self) -> None:
        if self.path:
            error = self.save_to(self.path)
            if error:
                self.say(error, error=True)
        else:
            self.action_save_as()

    def action_save_as(self) -> None:
        self.app.push_screen(SaveAsPrompt("Save the table as (TOML)", self.path or "table.toml",
                                          save=lambda path: self.save_to(str(path)),
                                          current=self.path, example="my-table.toml"))

    def palette_commands(self):
        yield from ((f"Preset: {n}", f"Load the {n} preset (ctrl+z undoes)",
                     lambda n=n: self.load_preset_named(n)) for n in preset_names())
        for b in self.BINDINGS:
            if b.action in ("edit_cell", "toggle_detail"):
                continue  # need the table cursor / only matter on narrow screens
            key = b.key_display or b.key
            yield (f"{b.description} ({key})", f"Losses view, key {key}",
                   lambda a=b.action: self.run_action(a))
