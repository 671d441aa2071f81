"""``loss-tui search``: random/local/sgd search headless (placeholder until the search issue lands)."""

from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("search", help="run a search strategy on a dataset (headless)")
    p.set_defaults(run=run)


def run(args) -> int:
    from tui.commands import UsageError

    raise UsageError("loss-tui search: not available yet")
