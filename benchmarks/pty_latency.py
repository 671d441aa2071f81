"""Key-to-last-byte latency, first frame and SSH bytes of ``loss-tui`` in a real 80×24 pty.

Every figure comes with its baseline from the same run: a bare Textual app whose every key
updates one Label (benchmarks/bare_app.py) — Textual's own floor on this machine at this load.
The terminal side reads everything the program writes and times each chunk; a key's repaint is
the burst of output that follows the key until 40 ms of silence (see pty_driver.py), so a repaint
spread over a few frames counts in full, and the sweep plot redrawn 150 ms later does not.

    .venv/bin/python benchmarks/pty_latency.py [--rounds 24] [--blocks 4] [--only keys start run switch]
    .venv/bin/python benchmarks/pty_latency.py --before /tmp/main-checkout   # old code, same run

- keys: the Losses view on the lecture table. Each round types + - = ↓ → ↑ ← and a committed edit
  (Enter 6 Enter, then ctrl+z to put the score back), one key at a time, each after the previous
  one's output went quiet for 0.3 s. The bare app gets the same keys. A warm-up round is not counted.
  Blocks rotate the programs, so a change in load hits each of them. CPU: all the program's threads,
  from /proc/PID/task/*/schedstat between the key and the quiet (less skewed by load than times).
- start: spawn to the first settled frame (the burst holding the losses, or the bare app's label,
  ended by 40 ms of silence), and the bytes written until then; the same for the burst that draws
  the footer (Textual draws it after the first frame); then everything until 0.6 s of quiet.
- run: the Classifier (key 2), space, bytes per second over --run-seconds while it runs.
- switch: after views 2, 3 and 4 were shown once, 1→2, 2→1, 1→4, 4→1 per round (the Search view is left
  out: the box it focuses may take the digit as typing).

``--before TREE`` runs a second loss-tui from another checkout's tui/ and engine/ (PYTHONPATH=TREE)
beside this one in every section: before/after figures from one run, under one load.

Targets (issue 12): keys p95 ≤ 16 ms and ≤ 3× the bare app; ≤ 2 KB per arrow key; first frame ≤ 1.3×
the bare app's and ≤ 25 KB; the run ≤ 12 KB/s; a view switch median ≤ 100 ms and ≤ 15 KB.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pty_driver import GAP, KEYS, PtyProgram, bursts, clean_environment, stream_figures  # noqa: E402

HERE = Path(__file__).parent
ROUND = [("+", b"+"), ("-", b"-"), ("=", b"="), ("arrow", KEYS["down"]), ("arrow", KEYS["right"]),
         ("arrow", KEYS["up"]), ("arrow", KEYS["left"]), ("Enter (opens editor)", KEYS["enter"]),
         ("6 (typed)", b"6"), ("Enter (commits edit)", KEYS["enter"]), ("ctrl+z (undo)", b"\x1a")]
QUIET = 0.3  # seconds of silence after a key before the next one
FOOTER = b"Quit"  # in loss-tui's footer: the first frame is complete once it is drawn


@dataclass(frozen=True)
class Program:
    name: str
    argv: list[str]
    marker: bytes  # in the first frame
    env: dict = field(default_factory=dict)

    def start(self) -> PtyProgram:
        """Spawned, its first frame in and 0.6 s quiet."""
        app = PtyProgram(self.argv, env=self.env)
        try:
            app.wait_for(self.marker)
            app.settle(0.6)
        except BaseException:
            app.close()
            raise
        return app


BARE = Program("bare Textual app", [sys.executable, str(HERE / "bare_app.py")], b"READY-MARK")
# The floor for any app that computes with numpy: the same bare app, importing numpy first.
BARE_NUMPY = Program("bare app + import numpy", [sys.executable, str(HERE / "bare_app.py"), "--numpy"],
                     b"READY-MARK")


def loss_tui(name: str, tree: str | None = None) -> Program:
    return Program(name, [str(Path(sys.executable).parent / "loss-tui")], b"L_i softmax",
                   {"PYTHONPATH": tree} if tree else {})


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def type_rounds(program: Program, rounds: int, samples: dict) -> None:
    """Type ``rounds`` rounds after a warm-up; per key kind (ms to last byte, ms to first byte,
    bytes of the repaint, bytes of later bursts, CPU ms)."""
    app = program.start()
    try:
        for r in range(rounds + 1):
            for kind, data in ROUND:
                sent, out = app.key(data, QUIET)
                if r == 0:
                    continue  # warm-up
                if not out:
                    raise RuntimeError(f"{program.name}, {kind}: nothing was repainted")
                first = out[0]
                samples[kind].append(((first.end - sent) * 1e3, (first.start - sent) * 1e3, first.size,
                                      sum(b.size for b in out[1:]), app.last_cpu * 1e3))
    finally:
        app.close()


def keys(programs: list[Program], rounds: int, blocks: int) -> None:
    samples = {p.name: defaultdict(list) for p in (BARE, *programs)}
    order = [BARE, *programs]
    loads = [load()]
    for block in range(blocks):
        share = rounds // blocks + (block < rounds % blocks)
        for program in order[block % len(order):] + order[:block % len(order)]:
            type_rounds(program, share, samples[program.name])
        loads.append(load())
    bare = [s for kind in samples[BARE.name].values() for s in kind]
    base_median, base_p95 = statistics.median(s[0] for s in bare), p95([s[0] for s in bare])
    print(f"\nkeys: Losses view, lecture table, 80×24, {rounds} rounds in {blocks} blocks, "
          f"load {' → '.join(loads)}")
    print("| program | key | n | last byte median ms | p95 ms | ×bare median | ×bare p95 | first byte median ms"
          " | bytes median | bytes max | later bursts B | CPU ms median |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for program in programs:
        for kind in dict.fromkeys(k for k, _ in ROUND):
            s = samples[program.name][kind]
            last, first, size, later, cpu = ([x[i] for x in s] for i in range(5))
            print(f"| {program.name} | {kind} | {len(s)} | {statistics.median(last):.1f} | {p95(last):.1f} | "
                  f"{statistics.median(last) / base_median:.1f} | {p95(last) / base_p95:.1f} | "
                  f"{statistics.median(first):.1f} | {statistics.median(size):.0f} | {max(size)} | "
                  f"{statistics.median(later):.0f} | {statistics.median(cpu):.1f} |")
    print(f"| {BARE.name} | every key | {len(bare)} | {base_median:.1f} | {base_p95:.1f} | 1 | 1 | "
          f"{statistics.median(s[1] for s in bare):.1f} | {statistics.median(s[2] for s in bare):.0f} | "
          f"{max(s[2] for s in bare)} | | {statistics.median(s[4] for s in bare):.1f} |")


def settled(app: PtyProgram, marker: bytes) -> tuple[float, int]:
    """(s from spawn to the end of the burst in which ``marker`` arrived, bytes until then)."""
    marker_end = app.text.find(marker) + len(marker)
    received = 0
    for burst in bursts(app.chunks):
        received += burst.size
        if received >= marker_end:
            return burst.end - app.started, received
    raise RuntimeError(f"{marker!r} never arrived")


def first_frame(program: Program) -> tuple[float, int, float, float, int]:
    """(s to the settled first frame, its bytes, s to the frame with the footer, s to 0.6 s of
    quiet, bytes until then)."""
    app = PtyProgram(program.argv, env=program.env)
    try:
        app.wait_for(program.marker)
        app.settle(0.6)
        out = bursts(app.chunks)
        frame, frame_bytes = settled(app, program.marker)
        complete = settled(app, FOOTER)[0] if FOOTER in app.text else frame
        return frame, frame_bytes, complete, out[-1].end - app.started, sum(b.size for b in out)
    finally:
        app.close()


def start(programs: list[Program], runs: int) -> None:
    loads = [load()]
    rows = {p.name: [] for p in (BARE, BARE_NUMPY, *programs)}
    for _ in range(runs):
        for program in (BARE, BARE_NUMPY, *programs):
            rows[program.name].append(first_frame(program))
    loads.append(load())
    base = statistics.median(r[0] for r in rows[BARE.name])
    print(f"\nstart: spawn → first settled frame at 80×24, {runs} runs each, load {' → '.join(loads)}")
    print("| program | frame median s | best | worst | ×bare | frame bytes | with the footer: median s, ×bare |"
          " all until quiet: s, bytes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, values in rows.items():
        t = [v[0] for v in values]
        complete = statistics.median(v[2] for v in values)
        print(f"| {name} | {statistics.median(t):.3f} | {min(t):.3f} | {max(t):.3f} | "
              f"{statistics.median(t) / base:.2f} | {statistics.median(v[1] for v in values):.0f} | "
              f"{complete:.3f}, {complete / base:.2f} | "
              f"{statistics.median(v[3] for v in values):.3f}, {statistics.median(v[4] for v in values):.0f} |")


def classifier_run(program: Program, seconds: float) -> str:
    app = program.start()
    try:
        app.key(b"2", 1.0)
        cpu = app.cpu_seconds()
        sent = app.send(b" ")
        app.read_until(sent + 0.5 + seconds)
        cpu = app.cpu_seconds() - cpu
        app.key(b" ", 0.5)
    finally:
        app.close()
    return f"| {program.name} | {stream_figures(app.chunks, sent + 0.5, seconds)} | {cpu / (seconds + 0.5) * 100:.0f} % |"


def run(programs: list[Program], seconds: float) -> None:
    loads = [load()]
    rows = [classifier_run(program, seconds) for program in programs]
    loads.append(load())
    print(f"\nrun: Classifier running at 80×24 for {seconds:.0f} s (from 0.5 s after space), "
          f"load {' → '.join(loads)}")
    print("| program | bytes/s mean | worst 1-s window | writes/s | median write B | CPU |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


def switches(programs: list[Program], rounds: int) -> None:
    loads = [load()]
    samples = {p.name: defaultdict(list) for p in programs}
    for program in programs:
        app = program.start()
        try:
            for key in b"2341":
                app.key(bytes([key]), 1.5)  # first show of each view: imports and mounts, not measured
            for _ in range(rounds):
                for a, b in (("1", "2"), ("1", "4")):  # (3: its focused box may take the digits)
                    for src, dst in ((a, b), (b, a)):
                        sent, out = app.key(dst.encode(), 0.6)
                        if not out:
                            raise RuntimeError(f"{program.name}: {src}→{dst} repainted nothing: "
                                               f"{bytes(app.text[-300:])!r}")
                        samples[program.name][f"{src}→{dst}"].append(
                            ((out[-1].end - sent) * 1e3, (out[0].end - sent) * 1e3, sum(x.size for x in out),
                             app.last_cpu * 1e3))
        finally:
            app.close()
    loads.append(load())
    print(f"\nswitch: views after their first show, 80×24, {rounds} rounds, load {' → '.join(loads)}")
    print("| program | switch | all bursts: last byte median ms | p95 ms | first burst median ms | bytes median"
          " | bytes max | CPU ms median |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for program in programs:
        for name, s in samples[program.name].items():
            last, first, size, cpu = ([x[i] for x in s] for i in range(4))
            print(f"| {program.name} | {name} | {statistics.median(last):.0f} | {p95(last):.0f} | "
                  f"{statistics.median(first):.0f} | {statistics.median(size):.0f} | {max(size)} | "
                  f"{statistics.median(cpu):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=24, help="key rounds (11 keys each)")
    parser.add_argument("--blocks", type=int, default=4, help="rotations of the programs")
    parser.add_argument("--starts", type=int, default=9, help="first-frame runs of each program")
    parser.add_argument("--run-seconds", type=float, default=10.0)
    parser.add_argument("--switch-rounds", type=int, default=8)
    parser.add_argument("--before", metavar="TREE", help="also run loss-tui from this checkout")
    parser.add_argument("--only", nargs="*", default=["start", "keys", "run", "switch"],
                        choices=["start", "keys", "run", "switch"])
    args = parser.parse_args()
    programs = [loss_tui("loss-tui")]
    if args.before:
        programs.append(loss_tui("loss-tui before", str(Path(args.before).resolve())))
    print(f"pty at 80×24, TERM=xterm-256color, bursts end after {GAP * 1e3:.0f} ms of silence")
    for program in programs:  # bytecode ready, as pip leaves an installed wheel (pty_driver.py)
        tree = program.env.get("PYTHONPATH", str(HERE.parent))
        subprocess.run([sys.executable, "-m", "compileall", "-q", "-x", r"/\.venv/", tree],
                       env=clean_environment(), stdout=subprocess.DEVNULL, check=False)
    if "start" in args.only:
        start(programs, args.starts)
    if "keys" in args.only:
        keys(programs, args.rounds, args.blocks)
    if "run" in args.only:
        run(programs, args.run_seconds)
    if "switch" in args.only:
        switches(programs, args.switch_rounds)


if __name__ == "__main__":
    main()
