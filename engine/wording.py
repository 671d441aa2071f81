"""Words on screen: a long name cut with …, "1 example" / "2 examples", and the screen's minus
sign (−) in a message that echoes typed text."""

from __future__ import annotations

import re

from engine.numfmt import MINUS

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
