"""More screen number formats (see ``engine.numfmt`` for the standard two decimals).

- ``compact``: two decimals for everyday sizes, ``1.23e5`` beyond 10⁴, so a line keeps its length;
- ``fine``: two decimals, or two significant digits below 0.005, so a probability next to a
  finite −ln(p) is never a bare 0.00 (0.13, 0.0021, 9.7e−4);
- ``distinct``: a before → after pair with as many digits as it takes to see the change;
- ``tick`` and ``round_step``: round axis values, written as short as they go (0, 2.5, 40, 1e5);
- ``clip``, ``count`` and ``ui_minus`` for words: a long name cut with …, "1 example" / "2 examples",
  and the screen's minus sign (−) in a message that echoes typed text.
"""

from __future__ import annotations

import math
import re

from engine.numfmt import MINUS, fixed, precise

BIG = 1e4  # from here on numbers are written 1.23e5


def _sci(x: float, digits: int) -> str:
    """x with ``digits`` significant digits as 1.23e5 / 4.5e−7 (no '+', no leading exponent zeros)."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def compact(x: float, places: int = 2) -> str:
    """``fixed`` below 10⁴ (5.27, 1234.50); three significant digits beyond (1.23e5, −6.40e13)."""
    if math.isfinite(x) and abs(x) >= BIG:
        return _sci(x, 3)
    return fixed(x, places)


def fine(x: float) -> str:
    """Two decimals (0.13, 0.87), but two significant digits below 0.005 (0.0021, 9.7e−4): for
    probabilities and exp values, whose small sizes matter. Exactly 0 stays 0.00."""
    if not math.isfinite(x) or x == 0 or abs(x) >= 0.005:
        return fixed(x)
    return f"{x:.2g}".replace("-", MINUS) if abs(x) >= 0.001 else _sci(x, 2)


def distinct(before: float, after: float, digits: int = 3) -> tuple[str, str]:
    """``before`` and ``after`` with enough significant digits that a change shows in about two
    digits (9.183e−4 → 9.274e−4); equal values get ``digits`` digits."""
    if before != after and all(map(math.isfinite, (before, after))):
        size = math.floor(math.log10(max(abs(before), abs(after))))
        change = math.floor(math.log10(abs(after - before)))
        digits = min(15, max(digits, size - change + 2))
    return precise(before, digits), precise(after, digits)


def tick(x: float) -> str:
    """An axis label for a round value: 0, 0.5, 2.5, 40, 1e5, 2.5e5 (no trailing zeros)."""
    if x == 0:
        return "0"
    if abs(x) >= BIG:
        mantissa, exponent = f"{x:.6e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}".replace("-", MINUS)
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


ROUND_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def round_step(least: float) -> float:
    """The smallest round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) that is ≥ ``least`` > 0."""
    power = 10.0 ** math.floor(math.log10(least))
    return next(m * power for m in ROUND_STEPS if m * power * (1 + 1e-9) >= least)


MAX_NAME = 16  # a class name longer than this is cut, ending in …


def clip(name: str, width: int = MAX_NAME) -> str:
    """``name`` cut to ``width`` characters, the last one an ellipsis when anything was cut."""
    return name if len(name) <= width else name[: width - 1] + "…"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """"1 example", "2 examples", "0 classes"."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or (noun + 'es' if noun.endswith(('s', 'x', 'ch', 'sh')) else noun + 's')}"


_ASCII_MINUS = re.compile(r"(?<![\w.\-])-(?![\s\-])")  # a leading minus sign, not a hyphen or a dash


def ui_minus(text: str) -> str:
    """Numbers in ``text`` with the screen's minus sign: '-1.5' → '−1.5' (hyphens stay)."""
    return _ASCII_MINUS.sub(MINUS, text)
