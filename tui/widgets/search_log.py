"""The search's log, in the lecture's words: ``in attempt 0 the loss was 9.401632, best 9.401632``
(sgd: ``in step 0 the minibatch loss was …``) — the line engine.search_report writes for
``loss-tui search`` too, so the app and the command print the same thing.

Improvements get a trailing "◀ new best" so they stand out without colour. The log keeps the
last ``MAX_LINES`` lines; a batch larger than ``MAX_BATCH`` (a very fast search between two
frames) is shortened to its last lines with a note, as the slide does: "... (truncated)".
"""

from __future__ import annotations

from textual.widgets import Log

from engine.search_report import progress_line

MAX_LINES = 2000
MAX_BATCH = 400
NEW_BEST = "  ◀ new best"


def log_line(strategy: str, attempt: int, loss: float, best: float, improved: bool = False) -> str:
    """The lecture's print, marked when the attempt is a new best."""
    return progress_line(strategy, attempt, loss, best) + (NEW_BEST if improved else "")


class SearchLog(Log):
    """A Log fed with the engine's Progress items (``attempt``, ``loss``, ``best``, ``improved``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=MAX_LINES, **kwargs)

    def add_progress(self, strategy: str, items) -> None:
        items = list(items)
        if not items:
            return
        lines = []
        if len(items) > MAX_BATCH:
            skipped = len(items) - MAX_BATCH
            lines.append(f"... ({skipped:,} lines skipped to keep up)")
            items = items[-MAX_BATCH:]
        lines += [log_line(strategy, p.attempt, p.loss, p.best, p.improved) for p in items]
        self.write_lines(lines)

    def note(self, text: str) -> None:
        self.write_line(text)
