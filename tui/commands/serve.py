"""``loss-tui serve``: hand the app to a class of browsers (see tui/serve.py for the server)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from tui.commands import UsageError

PROG = "loss-tui serve"
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-.~]{8,}")  # survives in a link unescaped


def add_parser(sub) -> None:
    from tui.cli import add_table_arguments

    p = sub.add_parser(
        "serve", help="serve the app to browsers (a class)",
        description="Serve the app to browsers: each tab gets its own sandboxed session. Binds "
                    "127.0.0.1 unless --host says otherwise; any other address needs an access "
                    "token (generated unless --token gives one), and the printed link carries it.",
        epilog="FILE and --preset are what every session opens on, as for the app itself.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; "
                   "0.0.0.0 for every network interface)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", help="the access token (default: generated when not on loopback)")
    p.add_argument("--max-sessions", type=int, default=40, metavar="N",
                   help="at most N sessions at once; others see a 'class is full' page (default 40)")
    p.add_argument("--idle-minutes", type=float, default=30.0, metavar="M",
                   help="end a session after M minutes without a key, click or resize (default 30)")
    p.add_argument("--threads-per-session", type=int, default=1, metavar="K",
                   help="BLAS threads each session may use (default 1)")
    p.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                   help="sessions may open and save any file as you (loopback only)")
    add_table_arguments(p)
    p.set_defaults(run=run)


def options_from(args):
    """ServeOptions from parsed arguments, or UsageError with one line saying what is wrong."""
    from tui.commands.app import initial_scene
    from tui.serve import ServeOptions, is_loopback, new_token

    checks = [(1 <= args.port <= 65535, f"--port {args.port} must be 1…65535"),
              (args.max_sessions >= 1, f"--max-sessions {args.max_sessions} must be at least 1"),
              (args.idle_minutes > 0, f"--idle-minutes {args.idle_minutes:g} must be more than 0"),
              (args.threads_per_session >= 1,
               f"--threads-per-session {args.threads_per_session} must be at least 1"),
              (args.token is None or TOKEN_CHARS.fullmatch(args.token),
               "--token must be 8 or more of A–Z a–z 0–9 - _ . ~ (it goes into a link)"),
              (args.sandbox or is_loopback(args.host),
               f"--no-sandbox is refused on {args.host}: every student could read and write "
               "your files; serve on 127.0.0.1 or keep the sandbox")]
    for ok, message in checks:
        if not ok:
            raise UsageError(f"{PROG}: {message}")
    initial_scene(args.preset, args.file)  # a bad table is reported once, here, not per session
    app_args = ["--preset", args.preset] if args.preset else []
    if args.file:
        app_args.append(str(Path(args.file).resolve()))  # sessions start in their own folder
    token = args.token or (None if is_loopback(args.host) else new_token())
    return ServeOptions(host=args.host, port=args.port, token=token, max_sessions=args.max_sessions,
                        idle_minutes=args.idle_minutes, threads_per_session=args.threads_per_session,
                        app_args=app_args, sandbox=args.sandbox)


def run(args) -> int:
    options = options_from(args)
    from tui.serve import ClassroomServer

    server = ClassroomServer(options)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(server.root, ignore_errors=True)
    return 0
