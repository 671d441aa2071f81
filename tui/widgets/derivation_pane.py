"""The slides' step-by-step derivation for the example under the cursor.

SVM: the hinge expansion max(0, s_j − s_y + Δ) with the current numbers; softmax: the
exp → normalize → −log pipeline. The lines come from ``engine.derivation``.
"""

from __future__ import annotations

from rich.text import Text

from tui.widgets.live_text import LiveText

from engine.derivation import softmax_derivation, svm_derivation
from engine.numfmt import scale_factor
from engine.scene import Report, Scene


class DerivationPane(LiveText):
    """``data`` = (scene, report, example index)."""

    def build(self, data: tuple[Scene, Report, int]) -> Text:
        scene, report, i = data
        y = scene.labels[i]
        text = Text()
        text.append(f"{scene.examples[i]}", "bold")
        scale = f", scores of W × {scale_factor(scene.scale)}" if scene.scale != 1 else ""
        text.append(f"  (correct class y = {scene.classes[y]}{scale})\n")
        text.append("SVM ", "bold")
        svm = svm_derivation(scene, report, i)
        text.append("\n    ".join(svm) + "\n")
        soft = softmax_derivation(scene, report, i)
        text.append("softmax ", "bold")
        text.append(soft[0] + "\n")
        text.append("\n".join("        " + line for line in soft[1:-1]))
        text.append(f"\n        {soft[-1]}   ")
        text.append("exp → normalize → −log", "dim")
        return text
