"""Names are text, not terminal commands: checking and quoting user-given names and titles.

A class name read from a shared file could hold ESC [2J (clear the screen) or OSC 0 (retitle the
terminal); printed raw, it would act on the reader's terminal. Control characters — C0
(U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) — are refused in names and titles, and
anything echoed back in a message goes through ``quoted`` or ``printable`` first.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
MAX_NAME_LENGTH = 64  # a class or example name (a column header)
MAX_TITLE_LENGTH = 200  # a table's title (one status line)
SHORT = 40  # characters of user text echoed in a message


def printable(text: str) -> str:
    """TEXT with every control character written as an escape (\\x1b), safe to print anywhere."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def short(text: str, limit: int = SHORT) -> str:
    """At most LIMIT characters of TEXT, "…" marking a cut, control characters escaped."""
    return printable(text if len(text) <= limit else text[:limit - 1] + "…")


def quoted(text: str, limit: int = SHORT) -> str:
    """'text' for a message: shortened to LIMIT characters, control characters escaped."""
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def name_problem(text: str, what: str, max_length: int = MAX_NAME_LENGTH,
                 empty_ok: bool = False) -> str | None:
    """Why TEXT cannot be a WHAT ("class name", "title", …), or None when it can."""
    if not isinstance(text, str):
        return f"{what} must be text, got {type(text).__name__}"
    bad = CONTROL.search(text)
    if bad:
        return (f"{what} {quoted(text)} contains the control character U+{ord(bad.group()):04X}; "
                "names are plain text")
    if len(text) > max_length:
        return f"{what} {quoted(text)} is {len(text)} characters long; at most {max_length}"
    if not empty_ok and not text.strip():
        return f"{what} cannot be empty"
    return None
