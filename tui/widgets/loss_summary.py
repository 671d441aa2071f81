"""Lines under the score table: the means and totals, and the Q4/Q5 facts for this table.

Both only format what ``evaluate`` returned (``Report`` and its ``Facts``).
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.derivation import BASE_NAMES
from engine.numfmt import fixed
from engine.scene import Report, Scene


class TotalsLine(LiveText):
    """mean L (data loss) of both losses, and the total with λR(kW)."""

    def build(self, data: tuple[Scene, Report]) -> Text:
        _, r = data
        text = Text(" mean L: ")
        text.append("SVM ")
        text.append(fixed(r.svm_mean), "bold")
        text.append("  softmax ")
        text.append(fixed(r.softmax_mean), "bold")
        if r.reg:
            text.append(f" │ +λR(kW) {fixed(r.reg)} → total: SVM ")
            text.append(fixed(r.svm_total), "bold")
            text.append("  softmax ")
            text.append(fixed(r.softmax_total), "bold")
        else:
            text.append("  (λ = 0: no regularization)", "dim")
        return text


class FactsLine(LiveText):
    """Q4 (min/max of L_i) and Q5 (L_i when every score is 0), plus the log-base note."""

    def build(self, data: tuple[Scene, Report]) -> Text:
        s, r = data
        f = r.facts
        C = s.num_classes
        log = BASE_NAMES[s.log_base]
        text = Text(" ", style="dim")
        text.append(f"Q4 SVM {fixed(f.svm_min)}…{fixed(f.svm_max)}"
                    f", softmax {fixed(f.softmax_min)}…{fixed(f.softmax_max)} · ")
        text.append(f"Q5 s=0: SVM {fixed(f.svm_at_zero)}")
        if s.margin == 1 and not (s.include_true or s.mean_over_classes or s.squared):
            text.append(" (C−1)")
        text.append(f", softmax {fixed(f.softmax_at_zero)} ({log} {C})")
        if s.log_base != "e":
            note = Text(f"\n Note: softmax losses use {log}, not ln; "
                        "the slide's 0.89 for the cat image is base 10 (ln gives 2.04).")
            note.stylize("bold")
            text.append_text(note)
        return text
