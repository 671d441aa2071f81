"""The Regularization view (key 4): the lecture's "expressing preferences" example, editable.

x, w1 and w2 (any length) and β are typed; every valid edit recomputes at once. Input that
cannot be used gets an inline ✗ message under the boxes and the table keeps the last good
values, so nothing typed is lost and nothing changes behind the user's back.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from engine.numfmt import plain, short
from engine.preferences import (CONCLUSION, LECTURE_W1, LECTURE_W2, LECTURE_X, PreferenceError,
                                agreement, compare, parse_beta, parse_vector)
from tui.views.base import View
from tui.widgets.preference_table import PreferenceTable

FIELDS = (("x", LECTURE_X), ("w1", LECTURE_W1), ("w2", LECTURE_W2))
BETA_STEP = 0.1
INTRO = ("Regularization: expressing preferences.  L(W) = (1/N) Σᵢ Lᵢ + λR(W)\n"
         "When w1ᵀx = w2ᵀx the data loss cannot choose between w1 and w2; R(w) does:\n"
         "the smaller R is preferred (◀).")


def vector_text(values) -> str:
    return ", ".join(plain(v) for v in values)  # as the slide writes them: 1, 0, 0.25


class BetaInput(Input):
    """β for the elastic net; ↑/↓ change it by 0.1."""

    HELP_TITLE = "β box"
    BINDINGS = [Binding("up", "nudge(1)", "β up", show=False), Binding("down", "nudge(-1)", "β down", show=False)]
    HELP_BINDINGS = [Binding("↑ / ↓", "", f"β ± {BETA_STEP}")]

    def action_nudge(self, direction: int) -> None:
        try:
            beta = parse_beta(self.value)
        except PreferenceError:
            return  # the view already shows why the box is not a number
        self.value = short(max(0.0, round(beta + direction * BETA_STEP, 10)), 4)
        self.cursor_position = len(self.value)  # typing after ↑/↓ appends, not replaces


BETA_KEYS = Binding.Group("β", compact=True)  # the footer shows "+- β"


class RegularizationView(View):
    TITLE = "Regularization"
    """Opens with the table focused, so 1–4, ? and q work; Enter goes into the boxes, Esc out."""

    BINDINGS = [
        Binding("enter,e", "edit", "Edit x, w1, w2, β", key_display="⏎"),
        Binding("plus,equals_sign", "beta(1)", "β up", key_display="+", group=BETA_KEYS),
        Binding("minus", "beta(-1)", "β down", key_display="-", group=BETA_KEYS),
        Binding("ctrl+r", "lecture", "Lecture", tooltip="Back to the lecture's example (x, w1, w2, β = 0.5)"),
        Binding("escape", "leave_box", "Leave the box (keys work again)", show=False),
        Binding("down", "app.focus_next", "Next box", show=False),
        Binding("up", "app.focus_previous", "Previous box", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.values = {name: value for name, value in FIELDS}
        self.beta = 0.5

    def compose(self):
        with VerticalScroll(id="reg-scroll"):
            yield Static(INTRO, id="reg-intro")
            for name, value in FIELDS:
                with Horizontal(classes="reg-row"):
                    yield Static(f"{name:>3} =", classes="reg-label")
                    yield Input(vector_text(value), id=f"reg-{name}", classes="reg-input")
            with Horizontal(classes="reg-row"):
                yield Static("  β =", classes="reg-label")
                yield BetaInput(short(self.beta, 4), id="reg-beta", classes="reg-input")
            yield Static(id="reg-message")
            yield PreferenceTable(id="reg-table")
            yield Static(Text(CONCLUSION, style="bold"), id="reg-conclusion")
            yield Static(id="reg-note")

    def on_mount(self) -> None:
        self.recompute()

    def focus_default(self) -> None:
        self.query_one(PreferenceTable).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        """In a text box, + − e and Enter are typing, so hide those keys from the footer."""
        if action in ("beta", "edit") and isinstance(self.app.focused, Input):
            return False
        return True

    def action_edit(self) -> None:
        self.query_one("#reg-w1", Input).focus()

    def action_leave_box(self) -> None:
        self.query_one(PreferenceTable).focus()

    def action_beta(self, direction: int) -> None:
        self.query_one(BetaInput).action_nudge(direction)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Re-read every box: while any is unusable its message stays up and nothing changes."""
        event.stop()
        if not self.is_mounted:
            return
        try:
            values = {name: parse_vector(self.query_one(f"#reg-{name}", Input).value, name)
                      for name, _ in FIELDS}
            beta = parse_beta(self.query_one("#reg-beta", Input).value)
            compare(values["x"], values["w1"], values["w2"], beta)
        except PreferenceError as exc:
            self.query_one("#reg-message", Static).update(
                Text(f"✗ {exc}; the table shows the last valid values"))
            return
        self.values, self.beta = values, beta
        self.recompute()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next box; after β, back to the table."""
        event.stop()
        if event.input.id == "reg-beta":
            self.action_leave_box()
        else:
            self.app.action_focus_next()

    def show_stage(self, state, hidden, forward: bool) -> None:
        """Lecture mode: β, and the verdicts hidden until "which does L2 prefer?" is answered."""
        if "set" in state and "beta" in state["set"]:
            self.query_one("#reg-beta", Input).value = short(state["set"]["beta"], 4)
        table = self.query_one(PreferenceTable)
        table.hide_verdicts = "preference" in hidden
        for widget in ("#reg-conclusion", "#reg-note"):
            self.query_one(widget).display = not table.hide_verdicts
        self.recompute()

    def recompute(self) -> None:
        x, w1, w2 = self.values["x"], self.values["w1"], self.values["w2"]
        report = compare(x, w1, w2, self.beta)
        self.query_one("#reg-message", Static).update("")
        self.query_one(PreferenceTable).report = report
        l2 = report.verdict("l2").preferred
        if not report.same_output:
            why = "✗ w1ᵀx ≠ w2ᵀx: the data loss differs too, so R(w) alone does not decide."
        elif l2 == "tie":
            why = "Same scores, and the same Σw²: L2 cannot choose either."
        else:
            mine, other = (report.spread1, report.spread2) if l2 == "w1" else (report.spread2, report.spread1)
            why = (f"✓ Same scores; L2 picks {l2}: it spreads over {short(mine)} weights "
                   f"vs {short(other)} ((Σ|w|)²/Σw²).")
        self.query_one("#reg-note", Static).update(Text(f"{agreement(report)}\n{why}"))

    def action_lecture(self) -> None:
        """Put back the lecture's x, w1, w2 and β = 0.5."""
        for name, value in FIELDS:
            self.query_one(f"#reg-{name}", Input).value = vector_text(value)
        self.query_one("#reg-beta", Input).value = short(0.5, 4)

    def palette_commands(self):
        yield ("Regularization: lecture example", "x = [1,1,1,1], w1 = [1,0,0,0], w2 = [0.25]×4 (ctrl+r)",
               self.action_lecture)

