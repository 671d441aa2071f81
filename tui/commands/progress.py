"""A transient rich progress bar on stderr, driven by the engine's (what, done, total) callbacks."""

from __future__ import annotations

import sys


def stderr_progress(*columns):
    """(rich Progress, callback(what, done, total)) when stderr is a terminal, else (None, None).

    Each distinct ``what`` gets its own bar; total 0 means unknown (a pulsing bar).
    """
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    tasks = {}

    def update(what: str, done: int, total: int):
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total or None)
        bar.update(tasks[what], completed=done, total=total or None)

    return bar, update
