"""PageDown / PageUp latency of ``loss-tui lecture`` in a real 80×24 pty (issue 13's clicker keys).

    .venv/bin/python benchmarks/lecture_latency.py [--walks 3]

Each walk starts ``loss-tui lecture``, presses PageDown through every build of the built-in script
(59 builds), then PageUp all the way back, one key at a time, each after the previous one's output
went quiet for 0.3 s. A build's figure is the time from the key to the last byte of its repaint
(the burst ended by 40 ms of silence, pty_driver.py), split by kind: a build on the same view, a
build that switches the view (its first show builds the view), and PageUp. The builds that start
a live search (their output streams for seconds) are left out of the figures and counted apart.
The baseline in the same run: the bare Textual app's key (benchmarks/bare_app.py), Textual's floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pty_driver import PtyProgram, bursts  # noqa: E402
from pty_latency import BARE, Program, load, p95  # noqa: E402

PAGE_DOWN, PAGE_UP = b"\x1b[6~", b"\x1b[5~"
QUIET = 0.3
STREAMING = 1.0  # a build whose output goes on this long is a live search, not a repaint
LECTURE = Program("loss-tui lecture", [str(Path(sys.executable).parent / "loss-tui"), "lecture"], b"/27")


def builds() -> list[str | None]:
    """The view of each build of the built-in script, in order (None: the same view as before)."""
    from engine.lecture import builtin_script

    views, current = [], None
    for stage in builtin_script().stages:
        views.append(stage.view if stage.view != current else None)
        current = stage.view
    return views


def walk(samples: dict) -> None:
    views = builds()
    app = LECTURE.start()
    try:
        for index in range(1, len(views)):
            sent, out = app.key(PAGE_DOWN, QUIET)
            if not out:  # quiet for QUIET before the first byte: a view built slowly
                app.read_until(sent + 10)
                out = bursts(app.since(sent))
            if not out:
                raise RuntimeError(f"build {index + 1}: nothing was repainted in 10 s")
            if out[-1].end - sent > STREAMING:
                samples["PageDown starting a search (left out)"].append(None)
                app.settle(QUIET, limit=120)  # until the search is over
                continue
            kind = "PageDown, same view" if views[index] is None else "PageDown, another view"
            samples[kind].append(((out[0].end - sent) * 1e3, out[0].size, app.last_cpu * 1e3))
        for _ in range(1, len(views)):
            sent, out = app.key(PAGE_UP, QUIET)
            if out:
                samples["PageUp"].append(((out[0].end - sent) * 1e3, out[0].size, app.last_cpu * 1e3))
    finally:
        app.close()


def bare(samples: dict, keys: int) -> None:
    app = BARE.start()
    try:
        for _ in range(keys):
            sent, out = app.key(PAGE_DOWN, QUIET)
            samples["bare Textual app (baseline)"].append(((out[0].end - sent) * 1e3, out[0].size,
                                                          app.last_cpu * 1e3))
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=3)
    args = parser.parse_args()
    samples: dict = defaultdict(list)
    loads = [load()]
    for _ in range(args.walks):
        bare(samples, 20)
        walk(samples)
        loads.append(load())
    base = statistics.median(s[0] for s in samples["bare Textual app (baseline)"])
    print(f"pty 80×24, {args.walks} walks of the built-in lecture, load {' → '.join(loads)}")
    print("| key | n | last byte median ms | p95 ms | ×bare median | bytes median | CPU ms median |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind, s in samples.items():
        if s[0] is None:
            print(f"| {kind} | {len(s)} | | | | | |")
            continue
        last, size, cpu = ([x[i] for x in s] for i in range(3))
        print(f"| {kind} | {len(s)} | {statistics.median(last):.1f} | {p95(last):.1f} | "
              f"{statistics.median(last) / base:.1f} | {statistics.median(size):.0f} | {statistics.median(cpu):.1f} |")


if __name__ == "__main__":
    main()
