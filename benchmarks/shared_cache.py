"""Memory of concurrent searches at CIFAR scale: the shared, mapped dataset cache vs private copies.

N worker processes each load ``shapes`` at CIFAR-10's size (50,000 + 10,000 images, X_train
586 MiB float32), run a random search over every row, then hold still while this script reads
their /proc/PID/smaps_rollup: RSS, PSS (shared pages divided among the processes that map them)
and USS (pages only this process has). The baseline in the same run is the same workers with
``use_cache=False`` (each its own private copy, as before the cache). Goal (issue 14): with the
shared cache, each student beyond the first adds under 100 MB of unique memory.

    .venv/bin/python benchmarks/shared_cache.py [--workers 1 4] [--train-size 50000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

WORKER = r"""
import sys
from engine.datasets import load_dataset
from engine.search import SearchConfig, run_search
shared, train, test = sys.argv[1] == "shared", int(sys.argv[2]), int(sys.argv[3])
data = load_dataset("shapes", train_size=train, test_size=test, use_cache=shared)
for event in run_search(SearchConfig(attempts=8, block=8), data):
    pass
print("ready", flush=True)
sys.stdin.read()
"""


def rollup(pid: int) -> dict[str, int]:
    """kB figures of /proc/PID/smaps_rollup."""
    figures = {}
    with open(f"/proc/{pid}/smaps_rollup") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                figures[parts[0].rstrip(":")] = int(parts[1])
    return figures


def measure(workers: int, shared: bool, train: int, test: int, env: dict) -> list[dict[str, float]]:
    """MiB of RSS, PSS and USS of each of WORKERS processes, read while all of them are alive."""
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, "shared" if shared else "private",
                               str(train), str(test)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=env) for _ in range(workers)]
    try:
        for proc in procs:
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a worker failed")
        figures = []
        for proc in procs:
            r = rollup(proc.pid)
            figures.append({"rss": r["Rss"] / 1024, "pss": r["Pss"] / 1024,
                            "uss": (r["Private_Clean"] + r["Private_Dirty"]) / 1024})
        return figures
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--train-size", type=int, default=50_000)
    parser.add_argument("--test-size", type=int, default=10_000)
    args = parser.parse_args()
    if not os.path.exists("/proc/self/smaps_rollup"):
        print("shared_cache: needs Linux /proc/PID/smaps_rollup; skipped")
        return 0
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "PYTHONPATH": os.getcwd()}
        start = time.perf_counter()
        measure(1, True, args.train_size, args.test_size, env)  # fill the cache first
        print(f"cache filled in {time.perf_counter() - start:.0f} s "
              f"(X_train {args.train_size:,} × 3073 float32 = {args.train_size * 3073 * 4 / 2**20:.0f} MiB)")
        print(f"{'mode':8s} {'workers':>7s} {'RSS/proc':>9s} {'PSS/proc':>9s} {'USS/proc':>9s} {'Σ PSS':>8s}  MiB")
        totals = {}
        for shared in (True, False):
            for n in args.workers:
                figures = measure(n, shared, args.train_size, args.test_size, env)
                mean = {k: sum(f[k] for f in figures) / n for k in ("rss", "pss", "uss")}
                totals[shared, n] = sum(f["pss"] for f in figures)
                print(f"{'shared' if shared else 'private':8s} {n:7d} {mean['rss']:9.0f} {mean['pss']:9.0f} "
                      f"{mean['uss']:9.0f} {totals[shared, n]:8.0f}")
    lo, hi = min(args.workers), max(args.workers)
    if hi > lo:
        for shared in (True, False):
            extra = (totals[shared, hi] - totals[shared, lo]) / (hi - lo)
            print(f"{'shared' if shared else 'private'}: each worker beyond {lo} adds {extra:.0f} MiB (Σ PSS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
