"""Streaming search: how soon and how evenly losses arrive, at what fraction of the GEMM bound.

    .venv/bin/python benchmarks/search_stream.py                       # shapes, 50,000 × 3073
    .venv/bin/python benchmarks/search_stream.py --dataset npz:BIG.npz --before-ref cc1bb36

At CIFAR scale, in one run and one process, each round measures back to back:
- the sustained float32 GEMM bound (3072² products, as benchmarks/search_speed.py);
- before: the block engine this replaced (random search, 128 candidates per product, every
  block's losses known when the block ends), kept here only as a baseline;
- after: engine.search.run_search (random search through the rotating pipeline);
- the same search as `loss-tui search --jsonl` seen by a reader at the other end of a pipe
  (--dataset must then be a spec the CLI loads, e.g. npz:PATH; shapes is regenerated);
  with --before-ref REF also the CLI of that git revision (exported to a temporary folder);
- local search and sgd (first loss, largest gap, rate) and how long a stop takes.
For each: time from the search's start to the first attempt's loss, the largest gap between two
consecutive losses after the first, and the throughput (attempts over the whole search) as a
fraction of the GEMM bound. Targets (issue 15): first loss ≤ 0.5 s, no gap > 0.25 s, ≥ 90 %.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from search_speed import gemm_peak_flops

from engine.batched_loss import stacked_data_losses
from engine.datasets import load_dataset
from engine.search import DEFAULT_WIDTH, SearchConfig, Summary, candidate_weights, run_search

BEFORE_BLOCK = 128
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def block_engine(config: SearchConfig, data):
    """The engine before streaming: blocks of BEFORE_BLOCK candidates, drawn in threads, one
    stacked product per chunk; a block's losses all arrive when the block ends. Yields losses."""
    C, D = data.num_classes, data.num_features
    with ThreadPoolExecutor(4) as pool:
        for first in range(0, config.attempts, BEFORE_BLOCK):
            count = min(BEFORE_BLOCK, config.attempts - first)
            stack = np.empty((count, C, D), dtype=np.float32)
            list(pool.map(lambda k: candidate_weights(config.seed, first + k, C, D, out=stack[k]), range(count)))
            yield from stacked_data_losses(data.X_train, data.y_train, stack, config.loss)


def engine_events(config: SearchConfig, data):
    for event in run_search(config, data):
        if not isinstance(event, Summary):
            yield event.loss


def timed(losses) -> list[float]:
    """Seconds from the start to each loss, as the consumer of the iterator sees it."""
    start, times = time.perf_counter(), []
    for _ in losses:
        times.append(time.perf_counter() - start)
    return times


def figures(times: list[float], flop: float, gemm: float) -> dict:
    gaps = np.diff(times) if len(times) > 1 else np.zeros(1)
    rate = len(times) / times[-1]
    return {"first_s": times[0], "max_gap_s": float(gaps.max()), "rate": rate, "of_bound": rate * flop / gemm}


def cli_times(python: str, spec: str, config: SearchConfig, tree: str, width: bool = True) -> list[float]:
    """`loss-tui search --jsonl` read from a pipe: seconds from the search's start to each line.

    The search's start on the reader's clock is estimated from the lines themselves: a line that
    says elapsed_s = e and arrives at t puts the start at t − e at the latest; the earliest such
    estimate is taken (any buffering delay then shows up in the other lines).
    """
    kind, _, path = spec.partition(":")
    spec = f"{kind}:{os.path.abspath(path)}" if path else spec  # the process runs in TREE
    argv = [python, "-m", "tui", "search", "--dataset", spec, "--attempts", str(config.attempts),
            "--strategy", config.strategy, "--loss", config.loss, "--jsonl"]
    if width:
        argv += ["--width", str(config.width)]
    # run from TREE (`-m` puts the working folder first on sys.path), so it is that tree's code
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, cwd=tree, env={**os.environ, "PYTHONPATH": tree},
                            bufsize=0)
    arrivals, elapsed = [], []
    for line in proc.stdout:
        now = time.perf_counter()
        row = json.loads(line)
        if row.get("summary"):
            break
        arrivals.append(now)
        elapsed.append(row["elapsed_s"])
    proc.wait()
    start = min(t - e for t, e in zip(arrivals, elapsed))
    return [t - start for t in arrivals]


def stop_latency(config: SearchConfig, data, after: int) -> float:
    """Seconds from asking a search to stop (after AFTER attempts) to its Summary."""
    asked = {}
    for event in run_search(config, data, should_stop=lambda: "t" in asked):
        if isinstance(event, Summary):
            return time.perf_counter() - asked["t"]
        if event.attempt + 1 == after:
            asked["t"] = time.perf_counter()
    raise AssertionError("the search ended before it was asked to stop")


def export_revision(ref: str) -> str:
    folder = tempfile.mkdtemp(prefix="loss-tui-before-")
    archive = subprocess.run(["git", "-C", ROOT, "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return folder


def report(name: str, rows: list[dict]) -> str:
    med = {key: float(np.median([r[key] for r in rows])) for key in rows[0]}
    worst_gap = max(r["max_gap_s"] for r in rows)
    return (f"  {name:<34} first loss {med['first_s']:6.3f} s   largest gap {med['max_gap_s']:6.3f} s "
            f"(worst round {worst_gap:.3f})   {med['rate']:5.1f}/s = {med['of_bound']:4.0%} of bound")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="shapes")
    parser.add_argument("--attempts", type=int, default=300)
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH)
    parser.add_argument("--loss", default="svm", choices=("svm", "softmax"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before-ref", metavar="REF", help="also read this git revision's CLI over a pipe")
    parser.add_argument("--no-pipe", action="store_true", help="skip the `loss-tui search | reader` runs")
    args = parser.parse_args(argv)

    print(f"cores: {os.cpu_count()}, numpy {np.__version__}, load {os.getloadavg()[0]:.2f}", flush=True)
    data = load_dataset(args.dataset)
    N, D = data.X_train.shape
    flop = 2 * N * D * data.num_classes
    print(f"data: {args.dataset}, X_train {N:,} × {D}, {data.num_classes} classes, loss {args.loss}", flush=True)
    config = SearchConfig(attempts=args.attempts, width=args.width, loss=args.loss)
    local = SearchConfig(strategy="local", attempts=args.attempts // 2, width=args.width, loss=args.loss)
    sgd = SearchConfig(strategy="sgd", attempts=args.attempts * 3, loss=args.loss)
    before_tree = export_revision(args.before_ref) if args.before_ref else None
    list(run_search(SearchConfig(attempts=2 * args.width, width=args.width), data))  # warm-up

    results: dict[str, list[dict]] = {}
    stops = []
    for index in range(args.rounds):
        gemm = gemm_peak_flops(seconds=3)
        runs = {f"before: blocks of {BEFORE_BLOCK}": timed(block_engine(config, data)),
                f"after: pipeline, width {args.width}": timed(engine_events(config, data))}
        if not args.no_pipe:
            runs["after, `search --jsonl | reader`"] = cli_times(sys.executable, args.dataset, config, ROOT)
            if before_tree:
                runs[f"before ({args.before_ref}), `… | reader`"] = cli_times(
                    sys.executable, args.dataset, config, before_tree, width=False)
        runs["local search (after)"] = timed(engine_events(local, data))
        runs["sgd, 200-row minibatches"] = timed(engine_events(sgd, data))
        stops.append(stop_latency(config, data, after=args.attempts // 2))
        gemm = (gemm + gemm_peak_flops(seconds=3)) / 2
        print(f"round {index + 1}: GEMM {gemm / 1e9:.0f} GFLOP/s = bound {gemm / flop:.1f}/s, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        for name, times in runs.items():
            results.setdefault(name, []).append(figures(times, flop, gemm))
            print(report(name, [results[name][-1]]), flush=True)
    print(f"median of {args.rounds} rounds (load now {os.getloadavg()[0]:.2f}):")
    for name, rows in results.items():
        print(report(name, rows))
    print(f"  stop → Summary: median {np.median(stops) * 1000:.0f} ms, worst {max(stops) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
