"""``loss-tui`` command line: no subcommand starts the app; compute/search/fetch run headless,
serve hands the app to browsers."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import re
import signal
import sys

from engine.names import printable
from tui.commands import UsageError

SUBCOMMANDS = ("compute", "search", "fetch", "landscape", "lecture", "serve")


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line on stderr with exit status 2."""

    _argv: list[str] = []

    def parse_known_args(self, args=None, namespace=None):  # noqa: D102
        self._argv = sys.argv[1:] if args is None else list(args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str):  # noqa: D102
        raise UsageError(f"{self.prog}: {message}{self._minus_hint(message)}")

    def _minus_hint(self, message: str) -> str:
        """'--scores -1.7,2' reads -1.7,2 as an option: say that such a value needs the = form."""
        missing = re.fullmatch(r"argument (--[\w-]+)(?:/[^:]*)?: expected one argument", message)
        if not missing:
            return ""
        option = missing.group(1)
        argv = self._argv
        for i, token in enumerate(argv[:-1]):
            if token == option and argv[i + 1].startswith("-") and argv[i + 1] != "--":
                value = argv[i + 1]
                return f" (a value starting with '-' needs the '=' form: {option}={value})"
        return ""


def build_parser() -> argparse.ArgumentParser:
    """The full parser: subcommands, plus how to start the app (in the help text)."""
    from tui.commands import compute, fetch, landscape, lecture, search, serve

    parser = Parser(
        prog="loss-tui",
        description="Play with the lecture 'Loss functions and Optimization' in a terminal.",
        epilog="With no subcommand the interactive app starts: loss-tui [--preset NAME | FILE] [--sandbox]. "
               "Run 'loss-tui SUBCOMMAND --help' for a subcommand's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="{compute,search,fetch,landscape,lecture,serve}", parser_class=Parser)
    for module in (compute, search, fetch, landscape, lecture, serve):
        module.add_parser(sub)
    return parser


def package_version() -> str:
    """The installed package's version (from its metadata, so it is the wheel's own)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("loss-tui")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


class PrintVersion(argparse.Action):
    """--version, looked up only when asked: importing importlib.metadata and reading the installed
    metadata was ~7 % of every start-up (py-spy over six starts)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"loss-tui {package_version()}")  # on stdout, as argparse's own version action
        parser.exit()


def add_table_arguments(parser: argparse.ArgumentParser) -> None:
    """What the app opens on; ``serve`` takes the same and hands them to every session."""
    parser.add_argument("file", nargs="?", help="open this table file (the format compute --preset reads)")
    parser.add_argument("--preset", help="open this preset (default: lecture)")


def build_app_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="loss-tui", description="Start the interactive app.")
    parser.add_argument("--version", action=PrintVersion, nargs=0, help="show the version and exit")
    add_table_arguments(parser)
    parser.add_argument("--sandbox", action="store_true",
                        help="open and save only inside one scratch folder, no downloads (as in serve)")
    parser.add_argument("--scratch", metavar="DIR",
                        help="the sandbox's folder (default: a new temporary folder); implies --sandbox")
    return parser


class OutputError(Exception):
    """Writing the output failed (a closed pipe, a full disk): one line on stderr, no traceback."""

    def __init__(self, error: OSError):
        super().__init__(error.strerror or str(error))
        self.errno = error.errno


class GuardedOutput:
    """A subcommand's sys.stdout: a failed write or flush raises OutputError instead of OSError,
    so no handler on the way mistakes it for a problem with an input file."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise OutputError(exc) from None

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so what is still buffered cannot fail again at exit."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return  # not a real file (a test's capture): nothing flushes it at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _say(message: str) -> None:
    """MESSAGE on stderr as one line, control characters escaped (it may quote user input)."""
    with contextlib.suppress(OSError):
        print(printable(" ".join(message.split())), file=sys.stderr, flush=True)


def run_subcommand(argv: list[str]) -> int:
    """Parse and run a subcommand with a guarded stdout, flushed before returning."""
    args = build_parser().parse_args(argv)
    original = sys.stdout
    sys.stdout = GuardedOutput(original)
    try:
        code = args.run(args)
        sys.stdout.flush()
        return code
    except OutputError as exc:
        prog = f"loss-tui {args.command}" if getattr(args, "command", None) else "loss-tui"
        _discard_stdout()
        if exc.errno == errno.EPIPE:
            _say(f"{prog}: stopped: the output was closed (broken pipe)")
            return 128 + signal.SIGPIPE
        _say(f"{prog}: cannot write the output ({exc})")
        return 1
    finally:
        sys.stdout = original


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
            return run_subcommand(argv)
        args = build_app_parser().parse_args(argv)
        from tui.commands.app import run as run_app

        return run_app(args)
    except UsageError as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
