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
