"""One parser for every number a user types, and the limits it checks, each named once here.

``parse_number(text, what)`` turns typed text into a finite float within a named limit;
``check_number(value, what)`` checks a value that is already a number (from a file, a key press).
Both raise NumberError with a one-line message naming WHAT and the text, fit to show the user.
"""

from __future__ import annotations

import math

from engine.names import quoted, short

MAX_ABS_SCORE = 1e6  # a score, margin Δ, λ, β, ΣW² or Σ|W| beyond this is a typo, not a lecture example
MIN_SCALE, MAX_SCALE = 2.0**-20, 2.0**20  # the score table's W × k
SCALE_RANGE_TEXT = "2^−20 … 2^20"
MAX_LAMBDA = MAX_ABS_SCORE  # λ of the score table (λ of the classifier: MAX_ABS_PARAM)
MAX_ABS_PARAM = 1e3  # the classifier's coordinates, W, b, λ and step size
MAX_CLASSES, MAX_EXAMPLES = 50, 50  # score table size
MAX_POINTS = 50  # classifier points
MAX_VECTOR_LENGTH = 64  # entries of a typed vector (the regularization example's x, w1, w2)
MAX_ATTEMPTS = 1_000_000  # a search's attempts (or sgd steps) typed in the app
MAX_SEED = 2**32 - 1  # a search's seed


class NumberError(ValueError):
    """Typed text that is not an allowed number; the message names what and the text."""


def _float(text: str, what: str) -> float:
    token = text.strip().replace("−", "-")
    if not token:
        raise NumberError(f"{what} is empty: type a number")
    try:
        value = float(token)
    except ValueError:
        raise NumberError(f"{what} {quoted(text.strip())} is not a number") from None
    if not math.isfinite(value):
        raise NumberError(f"{what} {quoted(text.strip())} is not a finite number")
    return value


def parse_number(text: str, what: str = "number", *, limit: float = MAX_ABS_SCORE,
                 low: float | None = None, high: float | None = None) -> float:
    """A finite float x from typed text ("−" reads as "-"), |x| ≤ limit, low ≤ x ≤ high."""
    value = _float(text, what)
    shown = quoted(text.strip())
    if abs(value) > limit:
        raise NumberError(f"{what} {shown} is too large (limit ±{limit:g})")
    if low is not None and value < low:
        raise NumberError(f"{what} {shown} must be ≥ {low:g}")
    if high is not None and value > high:
        raise NumberError(f"{what} {shown} must be ≤ {high:g}")
    return value


def nonnegative(text: str, what: str, limit: float = MAX_ABS_SCORE) -> float:
    """A typed setting that must be ≥ 0 (λ, β, ΣW², Σ|W|)."""
    return parse_number(text, what, limit=limit, low=0.0)


def parse_scale(text: str, what: str = "scale") -> float:
    """The score table's W × k: 0 < k, within 2^−20 … 2^20."""
    value = _float(text, what)
    if value <= 0:
        raise NumberError(f"{what} {quoted(text.strip())} must be greater than 0")
    if not MIN_SCALE <= value <= MAX_SCALE:
        raise NumberError(f"{what} {quoted(text.strip())} is outside {SCALE_RANGE_TEXT}")
    return value


def parse_whole(text: str, what: str, low: int, high: int) -> int:
    """A whole number low ≤ n ≤ high, typed with or without thousands separators ("1,000", "1_000")."""
    shown = quoted(text.strip())
    try:
        value = _float(text.replace(",", "").replace("_", ""), what)
    except NumberError:
        if not text.strip():
            raise
        raise NumberError(f"{what} {shown} is not a whole number") from None
    if value != math.floor(value):
        raise NumberError(f"{what} {shown} is not a whole number")
    if not low <= value <= high:
        raise NumberError(f"{what} {shown} must be from {low:,} to {high:,}")
    return int(value)


def check_number(value, what: str, *, limit: float = MAX_ABS_SCORE) -> float:
    """VALUE as a float if it is a finite number (not a bool) with |value| ≤ limit."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NumberError(f"{what} {value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberError(f"{what} {value!r} is not a finite number")
    if abs(value) > limit:
        raise NumberError(f"{what} {short(str(value))} is too large (limit ±{limit:g})")
    return float(value)
