"""The lecture's "Regularization: expressing preferences" example.

x = [1, 1, 1, 1], w1 = [1, 0, 0, 0], w2 = [0.25, 0.25, 0.25, 0.25]: w1ᵀx = w2ᵀx = 1, so the
data cannot tell them apart; the regularizer decides. A regularizer *prefers* the weights
with the smaller R(w), since that is the one with the smaller full loss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.numbers import MAX_VECTOR_LENGTH, NumberError, nonnegative, parse_number
from engine.regularization import elastic_net, l1, l2

LECTURE_X = (1.0, 1.0, 1.0, 1.0)
LECTURE_W1 = (1.0, 0.0, 0.0, 0.0)
LECTURE_W2 = (0.25, 0.25, 0.25, 0.25)
CONCLUSION = "L2 regularization likes to “spread out” the weights"
REGULARIZERS = ("l2", "l1", "elastic")


class PreferenceError(ValueError):
    """Vectors the example cannot use; the message says why."""


@dataclass(frozen=True)
class Preference:
    """One regularizer's verdict: R(w1), R(w2) and which it prefers ("w1", "w2" or "tie")."""

    name: str
    r1: float
    r2: float

    @property
    def preferred(self) -> str:
        if math.isclose(self.r1, self.r2, rel_tol=1e-9, abs_tol=1e-12):
            return "tie"
        return "w1" if self.r1 < self.r2 else "w2"


def spread(w) -> float:
    """How many weights w effectively uses: (Σ|w|)² / Σw² — 1 for [1, 0, 0, 0], 4 for [0.25]×4.

    0 for w = 0. The lecture's "spread out" made a number, to say why L2 prefers w2.
    """
    w = np.asarray(w, dtype=float)
    sq = float(np.sum(w * w))
    return float(np.sum(np.abs(w))) ** 2 / sq if sq else 0.0


@dataclass(frozen=True)
class PreferenceReport:
    dot1: float  # w1ᵀx
    dot2: float  # w2ᵀx
    beta: float
    verdicts: tuple[Preference, ...]  # L2, L1, elastic net, in that order
    spread1: float = 0.0  # spread(w1)
    spread2: float = 0.0

    @property
    def same_output(self) -> bool:
        """w1ᵀx = w2ᵀx: the data loss cannot tell the two apart, only R(w) can."""
        return math.isclose(self.dot1, self.dot2, rel_tol=1e-9, abs_tol=1e-12)

    def verdict(self, name: str) -> Preference:
        return next(v for v in self.verdicts if v.name == name)


NAMES = {"l2": "L2", "l1": "L1", "elastic": "elastic net"}


def says(name: str, preferred: str) -> str:
    """ "L2 prefers w2", "L1 sees a tie"."""
    return f"{NAMES[name]} sees a tie" if preferred == "tie" else f"{NAMES[name]} prefers {preferred}"


def agreement(report: PreferenceReport) -> str:
    """One sentence on what the regularizers choose, and whether L1 and L2 agree.

    The lecture's example: "L1 and L2 disagree: L2 prefers w2, L1 sees a tie; elastic net
    prefers w2."
    """
    l2, l1, elastic = (report.verdict(name).preferred for name in ("l2", "l1", "elastic"))
    if l2 == l1 == elastic:  # elastic net = βL2 + L1 agrees whenever L1 and L2 do
        return "L2, L1 and elastic net all see a tie." if l2 == "tie" else f"L2, L1 and elastic net all prefer {l2}."
    if l2 == l1:  # only within the tie tolerance
        return f"L1 and L2 agree ({says('l2', l2)}); {says('elastic', elastic)}."
    return f"L1 and L2 disagree: {says('l2', l2)}, {says('l1', l1)}; {says('elastic', elastic)}."


def compare(x, w1, w2, beta: float = 0.5) -> PreferenceReport:
    """w·x for both, and R(w) = Σ w² (L2), Σ |w| (L1), Σ β w² + |w| (elastic net) for both."""
    x, w1, w2 = (np.asarray(v, dtype=float) for v in (x, w1, w2))
    if not (len(x) == len(w1) == len(w2)):
        raise PreferenceError(f"x, w1 and w2 must have the same length (got {len(x)}, {len(w1)}, {len(w2)})")
    return PreferenceReport(
        dot1=float(w1 @ x), dot2=float(w2 @ x), beta=beta,
        verdicts=(Preference("l2", l2(w1), l2(w2)), Preference("l1", l1(w1), l1(w2)),
                  Preference("elastic", elastic_net(w1, beta), elastic_net(w2, beta))),
        spread1=spread(w1), spread2=spread(w2),
    )


def parse_vector(text: str, what: str) -> tuple[float, ...]:
    """Numbers separated by commas and/or spaces, optional brackets: "[1, 0, 0, 0]"."""
    body = text.strip().replace("−", "-").strip("[]()").replace(",", " ")
    tokens = body.split()
    if not tokens:
        raise PreferenceError(f"{what} is empty: type numbers like 1, 0, 0, 0")
    if len(tokens) > MAX_VECTOR_LENGTH:
        raise PreferenceError(f"{what} has {len(tokens)} numbers; at most {MAX_VECTOR_LENGTH}")
    try:
        return tuple(parse_number(token, f"{what}:") for token in tokens)
    except NumberError as exc:
        raise PreferenceError(str(exc)) from None


def parse_beta(text: str) -> float:
    """β ≥ 0 for the elastic net."""
    try:
        return nonnegative(text, "β")
    except NumberError as exc:
        raise PreferenceError(str(exc)) from None
