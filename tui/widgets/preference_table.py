"""w·x and R(w) for w1 and w2 under L2, L1 and elastic net, with each regularizer's choice.

The preferred weights (smaller R) get a ◀ marker and bold, so the choice reads without colour.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from engine.numfmt import fixed, short
from engine.preferences import PreferenceReport

HEADERS = {"l2": ("L2", "Σ w²"), "l1": ("L1", "Σ |w|"), "elastic": ("elastic net", "Σ βw² + |w|")}


class PreferenceTable(Static, can_focus=True):
    """Focusable so the view has a home that is not a text box (where 1–4, ? and q type)."""

    report: reactive[PreferenceReport | None] = reactive(None, always_update=True)
    hide_verdicts = False  # lecture mode: the question "which does L2 prefer?" is still open

    def watch_report(self, report: PreferenceReport | None) -> None:
        if report is not None:
            self.update(build_table(report, self.hide_verdicts))


def build_table(r: PreferenceReport, hide_verdicts: bool = False) -> Table:
    """The comparison as a Rich table: rows w1, w2, prefers; columns wᵀx and the three R.

    The prefers row reads across: the score wᵀx prefers neither when w1ᵀx = w2ᵀx ("—" when
    they differ: which is better then depends on the labels), then each regularizer's choice.
    ``hide_verdicts``: every R and choice is ? (the scores wᵀx stay: they are the question's data).
    """
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("")
    table.add_column(Text("wᵀx", justify="right"), justify="right")
    for v in r.verdicts:
        name, formula = HEADERS[v.name]
        if v.name == "elastic":
            formula += f", β={short(r.beta, 4)}"
        table.add_column(Text(f"{name}\n{formula}", justify="right"), justify="right")
    for which, dot in (("w1", r.dot1), ("w2", r.dot2)):
        cells = [Text(fixed(dot))]
        for v in r.verdicts:
            value = v.r1 if which == "w1" else v.r2
            if hide_verdicts:
                cells.append(Text("?  "))
            elif v.preferred == which:
                cells.append(Text(f"{fixed(value)} ◀", style="bold"))
            else:
                cells.append(Text(f"{fixed(value)}  "))
        table.add_row(Text(which, style="bold"), *cells)
    # equal scores: the data loss prefers neither (the lecture's point); unequal: it depends on y
    data = Text("neither") if r.same_output else Text("—", style="dim")
    verdicts = [Text("?  " if hide_verdicts else f"{v.preferred}  " if v.preferred != "tie" else "tie (equal)",
                     style="bold") for v in r.verdicts]
    table.add_row(Text("prefers"), data, *verdicts)
    return table
