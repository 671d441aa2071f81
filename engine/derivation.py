"""The slides' step-by-step derivations, as plain text lines with the current numbers.

    L_i = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)
        = max(0, 2.9) + max(0, −3.9)
        = 2.9 + 0
        = 2.9

Every number comes from the Report the score grid shows (``engine.scene.evaluate``): a
derivation only lays those numbers out, so it can never disagree with the grid.
"""

from __future__ import annotations

from engine.hidden import NOTHING_HIDDEN, Hidden
from engine.numfmt import MINUS, exp_column, fine, fixed, number_column, operand, plain, probability, short, term
from engine.scene import Report, Scene
from engine.wording import clip

BASE_NAMES = {"e": "ln", "2": "log₂", "10": "log₁₀"}


def svm_derivation(scene: Scene, report: Report, i: int, hidden: Hidden = NOTHING_HIDDEN) -> list[str]:
    """The hinge expansion of example i's L_i: Σ_{j≠y} max(0, s_j − s_y + Δ), step by step (only
    the expansion and "= ?" while lecture mode hides the answer)."""
    s, y = report.scores[i], scene.labels[i]
    js = [j for j in range(scene.num_classes) if scene.include_true or j != y]
    power = "²" if scene.squared else ""
    expand = [f"max(0, {short(s[j])} {MINUS} {operand(s[y])} + {plain(scene.margin)}){power}" for j in js]
    inner = [f"max(0, {short(report.margins[i, j])}){power}" for j in js]
    if hidden.svm(i):
        return [f"L_i = {' + '.join(expand)}", "    = ?"]
    lines = [" + ".join(expand), " + ".join(inner), " + ".join(term(report.svm_terms[i, j]) for j in js)]
    if scene.mean_over_classes and len(js) > 1:
        lines.append(f"({term(report.svm_sums[i])}) / {len(js)}")
    lines.append(term(report.svm_per_example[i]))
    out = [line for k, line in enumerate(lines) if k == 0 or line != lines[k - 1]]  # a one-term sum
    return [f"L_i = {out[0]}"] + [f"    = {line}" for line in out[1:]]


def softmax_derivation(scene: Scene, report: Report, i: int, hidden: Hidden = NOTHING_HIDDEN) -> list[str]:
    """The exp → normalize → −log pipeline of example i, like the slides: exp as 24.5 / 164.0 /
    0.18, and a probability next to a finite −log is never a bare 0.00 or 1.00 (0.0021, 0.9962).
    A stage lecture mode hides shows ? until it is revealed."""
    y, log_base = scene.labels[i], scene.log_base
    C = scene.num_classes
    exp = ["overflow" if o else text for o, text in zip(report.exp_overflow[i], exp_column(report.exp[i]))]
    probs = [probability(*cell) for cell in zip(report.probs[i], report.log_probs[i], report.prob_rest[i])]
    exp = ["?"] * C if hidden.exp() else exp
    probs = ["?"] * C if hidden.prob(i) else probs
    loss = report.softmax_per_example[i]
    classes = [clip(c) for c in scene.classes]
    width = max(len(c) for c in classes)
    wide = max(10, *map(len, exp)), max(6, *map(len, probs))
    lines = [f"{'class':<{width}}  {'score':>8}  {'exp':>{wide[0]}}  {'prob':>{wide[1]}}"]
    for j, c in enumerate(classes):
        mark = " ◀ y" if j == y else ""
        lines.append(f"{c:<{width}}  {fixed(report.scores[i, j]):>8}  {exp[j]:>{wide[0]}}  "
                     f"{probs[j]:>{wide[1]}}{mark}")
    shown = fine(loss) if 0 < loss < 0.005 else number_column([loss])[0]  # 9.2e−4, not 0.00
    shown = "?" if hidden.softmax(i) else shown
    lines.append(f"L_i = {MINUS}{BASE_NAMES[log_base]}({probs[y]}) = {shown}")
    if log_base != "e" and not hidden.softmax(i):
        lines.append(f"(base {log_base}; natural log gives {number_column([-report.log_probs[i, y]])[0]})")
    return lines
