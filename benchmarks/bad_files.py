"""How fast ``loss-tui compute --preset FILE`` refuses each bad file of the corpus (issue 11).

Every table case of tests/bad_files.py (FIFO, /dev/zero, 50 MB files, 100,000-deep brackets, wrong
types, control characters, …) runs in a fresh process, as a user would meet it; the baseline
in the same run is the same command on a good table (the lecture preset), so the ratio says what
refusing costs beyond starting the program. Goal: every case one line in under 1 s.

    .venv/bin/python benchmarks/bad_files.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from bad_files import TABLE_CASES  # noqa: E402

LOSS_TUI = Path(sys.executable).parent / "loss-tui"


def seconds(argv: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return time.perf_counter() - start, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median is shown")
    args = parser.parse_args()
    baseline = statistics.median(seconds([str(LOSS_TUI), "compute", "--preset", "lecture", "--json"])[0]
                                 for _ in range(args.runs))
    print(f"baseline: compute --preset lecture --json, median of {args.runs}: {baseline:.3f} s")
    print(f"{'case':28s} {'median s':>9s} {'× baseline':>11s}  first line of stderr")
    worst, bad = 0.0, []
    for name, build, expected in TABLE_CASES:
        times = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                path = build(Path(folder))
                took, done = seconds([str(LOSS_TUI), "compute", "--preset", str(path)])
                times.append(took)
        median = statistics.median(times)
        worst = max(worst, median)
        one_line = done.returncode == 2 and done.stderr.count("\n") == 1
        if not one_line or expected not in done.stderr:
            bad.append(name)
        print(f"{name:28s} {median:9.3f} {median / baseline:11.2f}  {done.stderr.strip()[:90]}")
    print(f"\nworst case {worst:.3f} s = {worst / baseline:.2f}× the good file; "
          f"{'every case one line, exit 2' if not bad else 'NOT one line / unexpected: ' + ', '.join(bad)}")
    return 1 if bad or worst >= 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
