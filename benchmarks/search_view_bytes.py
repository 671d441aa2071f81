"""Bytes a second the Search view writes to an 80×24 terminal while a search streams (issue 15).

    .venv/bin/python benchmarks/search_view_bytes.py [--seconds 10] [--strategies random local sgd]
    .venv/bin/python benchmarks/search_view_bytes.py --before /tmp/old-tree   # old code, same run

loss-tui runs on its own pty (pty_driver.py, as pty_latency.py). For each strategy: key 3, the
strategy chosen with ``s``, the attempts typed (``ATTEMPTS``: a run that outlasts the window at
these rates, ~120–300 attempts/s, ~15–25 local attempts/s, ~80–150 sgd steps/s, so the chart thins as it would
in class), ``r``; once the first log line has arrived and 1 s more has passed, everything written for
``--seconds`` seconds is counted: the mean bytes per second, the worst 1-s window, the writes per
second (chunks 5 ms apart are one write: the frame rate the terminal sees) and the program's CPU.
Then ``r`` stops the run and the script waits for the summary line (every attempt kept).
The data are the offline shapes set at the app's default 2,000 training images (generated into a
private cache first, outside the window).

Target (issue 15): ≤ 15 KB/s at 80×24 while streaming, with the counters ticking ≥ 4 times a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pty_driver import KEYS, PtyProgram, stream_figures  # noqa: E402

SEARCH_MARK = b"r runs random search"
FIRST_LINE = b" loss was "  # a log line: "the loss was", sgd "the minibatch loss was"
STOPPED_MARK = b"stopped after"
CYCLES = {"random": 0, "local": 1, "sgd": 2}  # presses of s from random
ATTEMPTS = {"random": 20_000, "local": 2_000, "sgd": 10_000}


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def stream(argv: list[str], env: dict, strategy: str, seconds: float) -> str:
    app = PtyProgram(argv, env=env)
    try:
        app.wait_for(b"L_i softmax")
        app.settle(0.6)
        app.key(b"3", 1.0)
        app.wait_for(SEARCH_MARK)
        for _ in range(CYCLES[strategy]):
            app.key(b"s", 0.3)
        for key in (b"a", *(bytes([c]) for c in str(ATTEMPTS[strategy]).encode()), KEYS["enter"]):
            app.key(key, 0.2)
        app.send(b"r")
        app.wait_for(FIRST_LINE, limit=60)
        begin = app.chunks[-1][0] + 1.0
        app.read_until(begin)
        cpu = app.cpu_seconds()
        app.read_until(begin + seconds)
        cpu = app.cpu_seconds() - cpu
        app.send(b"r")
        app.wait_for(STOPPED_MARK, limit=30)
    finally:
        app.close()
    return f"| {strategy} | {ATTEMPTS[strategy]:,} | {stream_figures(app.chunks, begin, seconds)} | {cpu / seconds * 100:.0f} % |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--strategies", nargs="*", default=list(CYCLES), choices=list(CYCLES))
    parser.add_argument("--before", metavar="TREE", help="also run loss-tui from this checkout")
    args = parser.parse_args()
    argv = [str(Path(sys.executable).parent / "loss-tui")]
    trees = [("loss-tui", None)] + ([("loss-tui before", str(Path(args.before).resolve()))] if args.before else [])
    with tempfile.TemporaryDirectory() as cache:
        loads = [load()]
        for name, tree in trees:
            env = {"XDG_CACHE_HOME": cache, **({"PYTHONPATH": tree} if tree else {})}
            rows = [stream(argv, env, strategy, args.seconds) for strategy in args.strategies]
            loads.append(load())
            print(f"\n{name}: Search view streaming at 80×24, shapes 2,000 train, {args.seconds:.0f} s from 1 s "
                  f"after the first log line, load {' → '.join(loads)}")
            print("| strategy | attempts | bytes/s mean | worst 1-s window | writes/s | median write B | CPU |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            print("\n".join(rows))


if __name__ == "__main__":
    main()
