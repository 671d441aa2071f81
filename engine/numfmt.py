"""How numbers look on screen, in one place. JSON output keeps full precision; only these round.

Which one to use:

=========================  =============================================  ====================
function                   for                                            looks like
=========================  =============================================  ====================
``fixed(x)``               the screen's standard: scores, losses, totals  5.27, 0.00, −1.70
``short(x)``               slide style, numbers inside a derivation       2.9, 12.9, 5.0
``term(x)``                a hinge term as the slides write it            0, 2.9
``operand(x)``             a number after a minus sign                    (−3.1)
``plain(x)``               a setting as people write it (Δ, λ, β, ΣW²)    1, 0.5, 0.25
``fine(x)``                exp values, tiny probabilities and losses      0.13, 0.0021, 9.7e−4
``probability(p, …)``      a softmax p: never 0.00 / 1.00 beside a loss   0.9962, 1−3.4e−48
``number_column(xs)``      one column in one format                       4.00e12 … 1.00e0
``exp_column(xs)``         a column of e^s values                         24.5, 164.0, 0.18
``bounded(x)``             a total on a one-line summary                  5.27, 1.23e5
``fit_width(x, w)``        a number that must fit w characters            −0.23, −1234.5, 1.23e6
``precise(x)``             enough digits to see a small change            0.551, 9.15e−4
``distinct(a, b)``         before → after, so that the change shows       9.183e−4 → 9.274e−4
``scientific(x)``          the exponent as a plain integer                2.45e1, 9.15e−4
``scale_factor(k)``        W's multiplier                                 2, 0.5, 2^10
``editable(x)``            a value put back in a box to retype            3.2, 1e-07
=========================  =============================================  ====================
"""

from __future__ import annotations

import math

MINUS = "−"  # U+2212, as on the slides


def fixed(x: float, places: int = 2) -> str:
    """Two decimals, the screen's standard: 5.27, 0.00, −1.70; inf/overflow spelled out."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    text = f"{x:.{places}f}"
    if text.startswith("-"):
        text = MINUS + text[1:] if float(text) != 0 else text[1:]
    return text


def short(x: float, places: int = 2) -> str:
    """Slide style: at most two decimals, trailing zeros dropped but one kept (2.0, 5.1, 12.9)."""
    text = fixed(x, places)
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    return text


def term(x: float, places: int = 2) -> str:
    """A hinge value as the slides write it: 0 for a clamped term, else short form."""
    return "0" if round(x, places) == 0 else short(x, places)


def operand(x: float, places: int = 2) -> str:
    """A number after a minus sign: parenthesised when negative, 2.2 − (−3.1)."""
    text = short(x, places)
    return f"({text})" if text.startswith(MINUS) else text


def plain(x: float) -> str:
    """A setting as people write it (Δ, λ, β, ΣW²): 1, 0.5, 0.25."""
    text = short(x, 4)
    return text[:-2] if text.endswith(".0") else text


def precise(x: float, digits: int = 3) -> str:
    """Enough significant digits to see a tiny change: 0.551, 9.15e−4, 0 (for the jiggle line)."""
    if math.isnan(x) or math.isinf(x):
        return fixed(x)
    if x == 0:
        return "0"
    x = float(f"{x:.{digits - 1}e}")  # round first: 0.0999999 has the digits of 0.100
    if 1e-2 <= abs(x) < 1e4:
        places = max(0, digits - 1 - math.floor(math.log10(abs(x))))
        return fixed(x, places)
    return scientific(x, digits)


def scientific(x: float, digits: int = 3) -> str:
    """Scientific form with the exponent as a plain integer: 2.45e1, 9.15e−4, −1.05e12."""
    if math.isnan(x) or math.isinf(x):
        return fixed(x)
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


HUGE = 1e9  # beyond this a column of fixed numbers is unreadable: the column goes scientific
EXP_SLIDE_TOP = 1e6  # from here on a column of exp values is written 2.45e1, 4.85e8 as a whole


def number_column(values, places: int = 2) -> list[str]:
    """One column in one format: fixed (5.27, −1.70) unless some value reaches 10^9, then every
    value scientific (4.00e12, 1.00e0, 0); ∞ and nan spelled out as by ``fixed``."""
    values = [float(v) for v in values]
    if all(abs(v) < HUGE for v in values if math.isfinite(v)):
        return [fixed(v, places) for v in values]
    return ["0" if v == 0 else scientific(v, places + 1) for v in values]


def exp_column(values) -> list[str]:
    """One column of exp(s). Slide style (24.5, 164.0, 0.18: one decimal from 10 up, two below,
    two significant digits below 0.005 as ``fine``: 1.4e−4) while every value is below 10^6,
    else every value scientific (4.85e8, 1.00e0, 2.06e−9) so sizes compare at a glance;
    "overflow" for inf, 0 for an exp that underflowed."""
    values = [float(v) for v in values]
    slide = all(v < EXP_SLIDE_TOP for v in values if math.isfinite(v))

    def one(v: float) -> str:
        if not math.isfinite(v):
            return "overflow"
        if v == 0:
            return "0"
        if not slide:
            return scientific(v)
        return fixed(v, 1) if round(v, 2) >= 10 else fine(v)

    return [one(v) for v in values]


def probability(p: float, log_p: float | None = None, rest: float | None = None) -> str:
    """``fine``, and never a bare 0.00 or 1.00 that is not exactly 0 or 1: a p that underflowed to
    0 shows as e^(log p) when log_p is given (e^−1000.0); a p within 0.005 of 1 shows its distance
    ``rest`` = 1 − p (summed without cancellation) as 0.9962, or 1−4.0e−5 once four decimals
    would round it to 1."""
    if p == 0 and log_p is not None and math.isfinite(log_p):
        return f"e^{number_column([log_p], 1)[0]}"
    if rest is not None and 0 < rest < 0.005:
        return f"{1 - rest:.4f}" if rest >= 1e-4 else f"1{MINUS}{scientific(rest, 2)}"
    return fine(p)


def fine(x: float) -> str:
    """Two decimals (0.13, 0.87), but two significant digits below 0.005 (0.0021, 9.7e−4): for
    probabilities and exp values, whose small sizes matter (a p next to a finite −ln p is never
    a bare 0.00). Exactly 0 stays 0.00."""
    if not math.isfinite(x) or x == 0 or abs(x) >= 0.005:
        return fixed(x)
    return f"{x:#.2g}".replace("-", MINUS) if abs(x) >= 0.001 else scientific(x, 2)  # 0.0020


BIG = 1e4  # from here on ``bounded`` writes 1.23e5


def bounded(x: float, places: int = 2) -> str:
    """``fixed`` below 10⁴ (5.27, 1234.50); three significant digits beyond (1.23e5, −6.40e13),
    so a line keeps its length."""
    if math.isfinite(x) and abs(x) >= BIG:
        return scientific(x, 3)
    return fixed(x, places)


def fit_width(x: float, width: int) -> str:
    """x in at most ``width`` characters: −0.23, 232.11, −1234.5, −99999, −1.23e6."""
    for places in (2, 1, 0):
        text = fixed(x, places)
        if len(text) <= width:
            return text
    return precise(x, 3)


def distinct(before: float, after: float, digits: int = 3) -> tuple[str, str]:
    """``before`` and ``after`` with enough significant digits that a change shows in about two
    digits (9.183e−4 → 9.274e−4); equal values get ``digits`` digits."""
    if before != after and all(map(math.isfinite, (before, after))):
        size = math.floor(math.log10(max(abs(before), abs(after))))
        change = math.floor(math.log10(abs(after - before)))
        digits = min(15, max(digits, size - change + 2))
    return precise(before, digits), precise(after, digits)


def scale_factor(k: float) -> str:
    """The W multiplier as a person says it: 1, 2, 0.5, 0.25; 2^10 and 2^−6 beyond that."""
    exponent = math.log2(k) if k > 0 else 0.0
    if exponent == int(exponent) and abs(exponent) > 3:
        return f"2^{int(exponent)}".replace("-", MINUS)
    return short(k, 4).removesuffix(".0")


def editable(x: float) -> str:
    """A value as the editor shows it for retyping: full precision, no trailing zeros (3.2, 1e-07)."""
    return f"{x:.12g}"
