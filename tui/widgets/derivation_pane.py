"""The slides' step-by-step derivation for the example under the cursor.

SVM: the hinge expansion max(0, s_j − s_y + Δ) with the current numbers; softmax: the
exp → normalize → −log pipeline. The lines come from ``engine.derivation``.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.derivation import softmax_derivation, svm_derivation
from engine.hidden import Hidden
from engine.numfmt import scale_factor
from engine.scene import Report, Scene


class DerivationPane(LiveText):
    """``data`` = (scene, report, example index, hidden, parts): parts "svm", "softmax", "both" or
    "none" (lecture mode shows only the part a step is about, so it fits 80×24)."""

    def build(self, data: tuple[Scene, Report, int, Hidden, str]) -> Text:
        scene, report, i, hidden, parts = data
        y = scene.labels[i]
        text = Text()
        text.append(f"{scene.examples[i]}", "bold")
        scale = f", scores of W × {scale_factor(scene.scale)}" if scene.scale != 1 else ""
        text.append(f"  (correct class y = {scene.classes[y]}{scale})")
        if parts in ("svm", "both"):
            text.append("\nSVM ", "bold")
            text.append("\n    ".join(svm_derivation(scene, report, i, hidden)))
        if parts in ("softmax", "both"):
            soft = softmax_derivation(scene, report, i, hidden)
            text.append("\nsoftmax ", "bold")
            text.append(soft[0] + "\n")
            text.append("\n".join("        " + line for line in soft[1:-1]))
            text.append(f"\n        {soft[-1]}   ")
            text.append("exp → normalize → −log", "dim")
        return text
