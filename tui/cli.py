"""``loss-tui`` command line: no subcommand starts the app; compute/search/fetch run headless."""

from __future__ import annotations

import argparse
import sys

from tui.commands import UsageError

SUBCOMMANDS = ("compute", "search", "fetch")


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line on stderr with exit status 2."""

    def error(self, message: str):  # noqa: D102
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The full parser: subcommands, plus how to start the app (in the help text)."""
    from tui.commands import compute, fetch, search

    parser = Parser(
        prog="loss-tui",
        description="Play with the lecture 'Loss functions and Optimization' in a terminal.",
        epilog="With no subcommand the interactive app starts: loss-tui [--preset NAME | FILE]. "
               "Run 'loss-tui SUBCOMMAND --help' for a subcommand's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="{compute,search,fetch}", parser_class=Parser)
    for module in (compute, search, fetch):
        module.add_parser(sub)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="loss-tui", description="Start the interactive app.")
    parser.add_argument("file", nargs="?", help="open this table file (the format compute --preset reads)")
    parser.add_argument("--preset", help="open this preset (default: lecture)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
            args = build_parser().parse_args(argv)
            return args.run(args)
        args = build_app_parser().parse_args(argv)
        from tui.commands.app import run as run_app

        return run_app(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
