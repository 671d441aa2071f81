"""Headless subcommands of ``loss-tui``. Each module has ``add_parser(subparsers)`` and ``run(args)``."""


class UsageError(Exception):
    """Bad arguments or input: printed as one line on stderr, exit status 2, nothing on stdout."""
