"""The search's log, in the lecture's words: ``in attempt 0 the loss was 9.401632, best 9.401632``.

Improvements get a trailing "◀ new best" so they stand out without colour. The log keeps the
last ``MAX_LINES`` lines; a batch larger than ``MAX_BATCH`` (a very fast search between two
screen updates) is shortened to its last lines with a note, as the slide does: "... (truncated)".
"""

from __future__ import annotations

from textual.widgets import Log

from engine.numfmt import fixed

MAX_LINES = 2000
MAX_BATCH = 400
NEW_BEST = "  ◀ new best"


def log_line(attempt: int, loss: float, best: float, improved: bool = False) -> str:
    """The lecture's print: ``in attempt 4 the loss was 8.857370, best 8.857370``."""
    return f"in attempt {attempt} the loss was {fixed(loss, 6)}, best {fixed(best, 6)}" + (
        NEW_BEST if improved else "")


class SearchLog(Log):
    """A Log fed with Progress-like items (``attempt``, ``loss``, ``best``, ``improved``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=MAX_LINES, **kwargs)

    def add_progress(self, items) -> None:
        items = list(items)
        if not items:
            return
        lines = []
        if len(items) > MAX_BATCH:
            skipped = len(items) - MAX_BATCH
            lines.append(f"... ({skipped:,} lines skipped to keep up)")
            items = items[-MAX_BATCH:]
        lines += [log_line(p.attempt, p.loss, p.best, p.improved) for p in items]
        self.write_lines(lines)

    def note(self, text: str) -> None:
        self.write_line(text)
