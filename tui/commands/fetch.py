"""``loss-tui fetch``: download a dataset into the cache (placeholder until the search issue lands)."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("fetch", help="download a dataset into the cache dir")
    p.set_defaults(run=run)


def run(args) -> int:
    from tui.commands import UsageError

    raise UsageError("loss-tui fetch: not available yet")
