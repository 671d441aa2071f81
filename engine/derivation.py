"""The slides' step-by-step derivations, as plain text lines with the current numbers.

    L_i = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)
        = max(0, 2.9) + max(0, −3.9)
        = 2.9 + 0
        = 2.9
"""

from __future__ import annotations

import numpy as np

from engine import losses
from engine.numfmt import MINUS, exp_column, fine, fixed, margin, number_column, operand, probability, short, term
from engine.wording import clip

BASE_NAMES = {"e": "ln", "2": "log₂", "10": "log₁₀"}


def svm_derivation(s, y: int, delta: float = 1.0, include_true: bool = False,
                   mean_over_classes: bool = False, squared: bool = False) -> list[str]:
    """The hinge expansion of L_i for one example's scores s (C,) with correct class y."""
    s = np.asarray(s, dtype=float)
    js = [j for j in range(len(s)) if include_true or j != y]
    power = "²" if squared else ""
    expand = [f"max(0, {short(s[j])} {MINUS} {operand(s[y])} + {margin(delta)}){power}" for j in js]
    raw = [s[j] - s[y] + delta for j in js]
    inner = [f"max(0, {short(r)}){power}" for r in raw]
    vals = [max(0.0, r) ** (2 if squared else 1) for r in raw]
    total = sum(vals)
    lines = [" + ".join(expand), " + ".join(inner), " + ".join(term(v) for v in vals)]
    if mean_over_classes:
        lines.append(f"({term(total)}) / {len(js)}")
        total /= len(js)
    lines.append(term(total))
    out, seen = [], set()
    for line in lines:  # a one-term sum repeats itself; show each step once
        if line not in seen:
            seen.add(line)
            out.append(line)
    return [f"L_i = {out[0]}"] + [f"    = {line}" for line in out[1:]]


def softmax_derivation(s, y: int, classes, log_base: str = "e") -> list[str]:
    """The exp → normalize → −log pipeline of one example, like the slides: exp as 24.5 / 164.0 /
    0.18, and a probability next to a finite −log is never a bare 0.00 (0.0021)."""
    s = np.asarray(s, dtype=float)
    exp, overflow = losses.exp_scores(s[None, :])
    exp = ["overflow" if o else text for o, text in zip(overflow[0], exp_column(exp[0]))]
    log_p = losses.log_softmax(s[None, :])[0]
    rest = losses.softmax_rest(s[None, :])[0]
    probs = [probability(p, lp, r) for p, lp, r in zip(losses.softmax_probs(s[None, :])[0], log_p, rest)]
    loss = losses.softmax_per_example(s[None, :], [y], log_base)[0]
    classes = [clip(c) for c in classes]
    width = max(len(c) for c in classes)
    wide = max(10, *map(len, exp)), max(6, *map(len, probs))
    lines = [f"{'class':<{width}}  {'score':>8}  {'exp':>{wide[0]}}  {'prob':>{wide[1]}}"]
    for j, c in enumerate(classes):
        mark = " ◀ y" if j == y else ""
        lines.append(f"{c:<{width}}  {fixed(s[j]):>8}  {exp[j]:>{wide[0]}}  {probs[j]:>{wide[1]}}{mark}")
    shown = fine(loss) if 0 < loss < 0.005 else number_column([loss])[0]  # 9.2e−4, not 0.00
    lines.append(f"L_i = {MINUS}{BASE_NAMES[log_base]}({probs[y]}) = {shown}")
    if log_base != "e":
        lines.append(f"(base {log_base}; natural log gives {number_column([-log_p[y]])[0]})")
    return lines
