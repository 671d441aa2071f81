"""Lines under the score table: the means and totals, and the Q4/Q5 facts for this table.

Both only format what ``evaluate`` returned (``Report`` and its ``Facts``).
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.derivation import BASE_NAMES
from engine.hidden import Hidden
from engine.numfmt import fixed
from engine.numfmt import bounded
from engine.scene import Report, Scene

WIDTH = 78  # the line's room at 80 columns: longer wordings give way to shorter ones


def why_no_reg(s: Scene) -> str:
    """Why λR(kW) is 0 although λ > 0: the notional W's sums that make R(W) vanish."""
    zero = {"l2": ["ΣW²"], "l1": ["Σ|W|"]}.get(s.reg_kind, ["β" if s.beta == 0 else "ΣW²", "Σ|W|"])
    return " = ".join(zero) + " = 0"


class TotalsLine(LiveText):
    """mean L (data loss) of both losses, and the total with λR(kW), on one line at 80 columns."""

    def build(self, data: tuple[Scene, Report, Hidden]) -> Text:
        s, r, hidden = data
        N = s.num_examples
        svm = "?" if hidden.svm_mean(N) else bounded(r.svm_mean)
        soft = "?" if hidden.softmax_mean(N) else bounded(r.softmax_mean)
        if s.lam == 0:
            return self._line("mean L", svm, soft, ("  (λ = 0: no regularization)", "dim"))
        if r.reg == 0:
            return self._line("mean L", svm, soft, (f"  (λR(kW) = 0: {why_no_reg(s)})", "dim"))
        reg = bounded(r.reg)
        svm_total = "?" if svm == "?" else bounded(r.svm_total)
        soft_total = "?" if soft == "?" else bounded(r.softmax_total)
        for head, plus, total in (("mean L", "+λR(kW)", "→ total:"), ("mean L", "+λR(kW)", "→"),
                                  ("L", "+λR", "→")):
            text = self._line(head, svm, soft, (f" │ {plus} {reg} {total} SVM ", ""))
            text.append(svm_total, "bold")
            text.append("  softmax ")
            text.append(soft_total, "bold")
            if text.cell_len <= WIDTH:
                break
        return text

    @staticmethod
    def _line(head: str, svm: str, soft: str, tail: tuple[str, str]) -> Text:
        text = Text(f" {head}: SVM ")
        text.append(svm, "bold")
        text.append("  softmax ")
        text.append(soft, "bold")
        text.append(*tail)
        return text


class FactsLine(LiveText):
    """Q4 (min/max of L_i) and Q5 (L_i when every score is 0), plus the log-base note; in lecture
    mode only the answers already revealed."""

    def build(self, data: tuple[Scene, Report, Hidden]) -> Text:
        s, r, hidden = data
        f = r.facts
        C = s.num_classes
        log = BASE_NAMES[s.log_base]
        q4 = [f"{name} {fixed(low)}…{fixed(high)}" for name, low, high, fact in (
            ("SVM", f.svm_min, f.svm_max, "q4-svm"), ("softmax", f.softmax_min, f.softmax_max, "q4-softmax"))
            if not hidden.fact(fact)]
        plain_svm = s.margin == 1 and not (s.include_true or s.mean_over_classes or s.squared)
        q5 = [text for text, fact in (
            (f"SVM {fixed(f.svm_at_zero)}" + (" (C−1)" if plain_svm else ""), "q5-svm"),
            (f"softmax {fixed(f.softmax_at_zero)} ({log} {C})", "q5-softmax")) if not hidden.fact(fact)]
        parts = ([f"Q4 {', '.join(q4)}"] if q4 else []) + ([f"Q5 s=0: {', '.join(q5)}"] if q5 else [])
        text = Text(" " + " · ".join(parts) if parts else "", style="dim")
        if s.log_base != "e" and not hidden.softmax(0):
            note = Text(f"\n Note: softmax losses use {log}, not ln; "
                        "the slide's 0.89 for the cat image is base 10 (ln gives 2.04).")
            note.stylize("bold")
            text.append_text(note)
        return text
