"""Reading and atomically writing small TOML files, with errors fit to show the user.

``error`` is the caller's exception class (SceneError, ClassifierError, ...) so each file
format keeps its own error type; ``what`` names the kind of file in messages. Every problem is
one line naming the file. Reading is bounded before the parser runs: only a regular file
(engine.files), at most MAX_FILE_BYTES, and brackets nested at most ``max_depth`` deep — the
parser recurses once per level, so 100,000 nested ``[`` would exhaust Python's stack.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from engine.files import FileProblem, atomic_file, read_bounded, shown_path

MAX_FILE_BYTES = 256 * 1024  # a 50 × 50 table with 64-character names in 4-byte UTF-8 saves to 162 kB
MAX_DEPTH = 2  # scores = [[…], …] and W = [[…], …]; [settings] is depth 1
MAX_VALUES = 10_000  # brackets, commas and "=": a 50 × 50 table has about 2,700

# The tokens counted outside strings and comments, and (possessive, so linear) the rest of each
# kind of string or comment after its opener.
_NEXT = re.compile(r'[\[\]{},=#"\']')
_REST = {'"': re.compile(r'(?:[^"\\\n]++|\\.)*+"?', re.S), "'": re.compile(r"[^'\n]*+'?"),
         '"""': re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+(?:"{3,})?', re.S),
         "'''": re.compile(r"(?:[^']++|'(?!''))*+(?:'{3,})?"), "#": re.compile(r"[^\n]*+")}


def structure_problem(text: str, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> str | None:
    """Why TEXT is not worth parsing: [ ] / { } nested deeper than MAX_DEPTH (outside strings and
    comments), or more than MAX_VALUES brackets, commas, "=" and strings; None when it is fine.

    tomllib recurses once per level (100,000 nested "[" exhaust the stack) and takes about
    2 µs per value, so both are bounded before it runs. The scan is linear: one search per
    token, one possessive match per string.
    """
    depth = values = pos = 0
    while match := _NEXT.search(text, pos):
        char, pos = match.group(), match.end()
        if char in "\"'#":
            opener = text[match.start():match.start() + 3]
            opener = opener if opener in _REST else char
            pos = _REST[opener].match(text, match.start() + len(opener)).end()
            if char == "#":
                continue
        values += 1
        if values > max_values:
            return f"more than {max_values:,} values, brackets and keys"
        if char in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, match.start()) + 1
                return f"brackets nest deeper than {max_depth} levels (line {line})"
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def read_toml(path: str | os.PathLike, error: type[Exception], what: str = "file",
              max_depth: int = MAX_DEPTH, max_bytes: int = MAX_FILE_BYTES) -> dict:
    """The parsed TOML of path; any problem becomes ``error`` naming the file."""
    path = Path(path)
    try:
        raw = read_bounded(path, max_bytes, what)
    except FileProblem as exc:
        raise error(str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{shown_path(path)}: not a {what}: not UTF-8 text (byte {exc.start})") from None
    problem = structure_problem(text, max_depth)
    if problem:
        raise error(f"{shown_path(path)}: not a valid {what}: {problem}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{shown_path(path)}: not a valid {what} ({_one_line(exc)})") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        reason = "a number has too many digits" if "digits" in str(exc) else _one_line(exc)
        raise error(f"{shown_path(path)}: not a valid {what} ({reason})") from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def write_atomic(path: str | os.PathLike, text: str, error: type[Exception]) -> Path:
    """Save TEXT to PATH with engine.files.atomic_file: never a half-written file, never a device.

    Returns PATH as given (a symlink stays the path the user works with).
    """
    path = Path(path)
    try:
        with atomic_file(path) as handle:
            handle.write(text.encode("utf-8"))
    except FileProblem as exc:
        raise error(str(exc)) from None
    except OSError as exc:
        raise error(f"{shown_path(path)}: cannot save ({exc.strerror or exc})") from None
    return path
