"""Regularization settings of the score table and the full loss L = data + λR(kW).

The table holds scores, not W, so R(kW) comes from ΣW² and Σ|W| at scale 1, which the user
types (keys in parentheses); see ``engine.regularization.regularization_at_scale``.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.numfmt import plain, scale_factor
from engine.numfmt import bounded  # 1.23e5 for big values: the lines stay short
from engine.hidden import Hidden
from engine.regularization import LABELS
from engine.scene import Report, Scene


class RegPanel(LiveText):
    def build(self, data: tuple[Scene, Report, Hidden]) -> Text:
        s, r, hidden = data
        text = Text()
        items = [(f"λ={plain(s.lam)}", "L", s.lam != 0), (f"R={LABELS[s.reg_kind]}", "r", False),
                 (f"β={plain(s.beta)}", "B", False), (f"ΣW²={plain(s.w_sq)}", "w", False),
                 (f"Σ|W|={plain(s.w_abs)}", "W", False)]
        for label, key, changed in items:
            text.append(label, "bold reverse" if changed else "bold")
            text.append(f" ({key})  ", "dim")
        k = scale_factor(s.scale)
        N = s.num_examples
        svm = ("?", "?") if hidden.svm_mean(N) else (bounded(r.svm_mean), bounded(r.svm_total))
        soft = ("?", "?") if hidden.softmax_mean(N) else (bounded(r.softmax_mean), bounded(r.softmax_total))
        text.append(f"\nL = data + λR(kW), k={k}: SVM {svm[0]}+{bounded(r.reg)}=")
        text.append(svm[1], "bold")
        text.append(f" · softmax {soft[0]}+{bounded(r.reg)}=")
        text.append(soft[1], "bold")
        text.append(f"\nx SVM data  • softmax data  + λR(kW)  │ k={k} (log axis)", "dim")
        return text
