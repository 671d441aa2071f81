"""Round axis values for the plots, written as short as they go (0, 2.5, 40, 1e5)."""

from __future__ import annotations

import math

from engine.numfmt import BIG, MINUS


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


def integer_ticks(first: int, last: int, count: int = 5) -> list[int]:
    """Up to ``count`` whole-number ticks (attempts, steps): round steps (1, 2, 2.5, 5 × 10^k) and the last.

    Round steps read at a glance on a projector (0, 250, 500, 750, 999 rather than 749).
    """
    if last <= first:
        return [first]
    raw = (last - first) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(int(n * magnitude) for n in (1, 2, 2.5, 5, 10)
                if n * magnitude >= max(raw, 1) and float(n * magnitude).is_integer())
    multiples = range(-(-first // step) * step, last, step)  # on the round grid: 4, 6, 8 after 3
    inner = [t for t in multiples if t - first >= step / 4 and last - t >= step / 4]
    return [first, *inner, last]


def round_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round values (steps of round_step) from low to high: 9.8 … 18.5 → 10, 12.5, 15, 17.5."""
    if not high > low:
        return [low]
    step = round_step((high - low) / count)
    first = math.ceil(low / step) * step
    ticks = []
    while first + len(ticks) * step <= high + step * 1e-9:
        ticks.append(round(first + len(ticks) * step, 12) + 0.0)  # + 0.0: no −0.0
    return ticks
