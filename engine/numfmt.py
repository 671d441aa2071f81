"""How numbers look on screen, in one place: two decimals, slide-style short forms.

JSON output keeps full precision; only these helpers round.
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


def margin(x: float) -> str:
    """Δ as the slides write it: 1, 0.5."""
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
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def scale_factor(k: float) -> str:
    """The W multiplier as a person says it: 1, 2, 0.5, 0.25; 2^10 and 2^−6 beyond that."""
    exponent = math.log2(k) if k > 0 else 0.0
    if exponent == int(exponent) and abs(exponent) > 3:
        return f"2^{int(exponent)}".replace("-", MINUS)
    return short(k, 4).removesuffix(".0")


def editable(x: float) -> str:
    """A value as the editor shows it for retyping: full precision, no trailing zeros (3.2, 1e-07)."""
    return f"{x:.12g}"
