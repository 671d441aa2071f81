"""Random search speed: the engine against the lecture's loop, at CIFAR scale, in one run.

    .venv/bin/python benchmarks/search_speed.py            # shapes, 50,000 × 3073, 10 classes
    .venv/bin/python benchmarks/search_speed.py --dataset cifar10 --rounds 5

Measures, on the same data and the same candidate W's:
- baseline: the lecture's loop — one candidate at a time, float64, scores = W.dot(X) with X as
  (3073, N) columns, the full-set SVM loss, exactly as on the slide;
- engine: engine.search.run_search (random, svm): `width` candidates in flight per float32 GEMM;
- the float32 GEMM peak of this machine: sustained throughput of repeated 3072² products for
  about as long as an engine run, and the bound it sets: peak FLOP/s / (2·N·D·C) candidates/s;
  the fastest single product is reported too, as a stricter reference;
- peak resident memory while the engine searches (VmHWM, reset just before), against the
  size of the training matrix.
The machine is shared and its speed drifts, so the three are measured back to back in each of
--rounds rounds, and every ratio is taken within a round; the median round is reported.
Targets (issue 4): engine ≥ 8× baseline, ≥ 80 % of the GEMM bound, peak ≤ 1.5× X_train.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np

from engine.datasets import load_dataset
from engine.search import SearchConfig, Summary, candidate_weights, run_search


def gemm_peak_flops(seconds: float, n: int = 3072) -> float:
    """Sustained float32 FLOP/s of back-to-back n×n products (2n³ FLOP each) for about SECONDS."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    out = a @ b  # warm up threads and buffers
    products, start = 0, time.perf_counter()
    while products < 2 or time.perf_counter() - start < seconds:
        np.matmul(a, b, out=out)
        products += 1
    return products * 2 * n**3 / (time.perf_counter() - start)


def gemm_burst_flops(n: int = 3072, repeats: int = 5) -> float:
    """The fastest single n×n float32 product (FLOP/s): a stricter, short-burst peak."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    out = a @ a
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, a, out=out)
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss_bytes() -> int:
    """VmHWM from /proc/self/status, else the lifetime maximum from getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def lecture_loss(X_cols: np.ndarray, y: np.ndarray, W: np.ndarray) -> float:
    """The slide's L(X_train, Y_train, W): scores = W.dot(X), full-set multiclass SVM, float64."""
    scores = W.dot(X_cols)
    columns = np.arange(X_cols.shape[1])
    margins = np.maximum(0, scores - scores[y, columns] + 1)
    margins[y, columns] = 0
    return margins.sum() / X_cols.shape[1]


def run_baseline(X_cols: np.ndarray, y: np.ndarray, attempts: int, seed: int):
    """(candidates/s, losses) of the lecture's loop over the engine's first candidates."""
    C, D = 10 if y.max() < 10 else int(y.max()) + 1, X_cols.shape[0]
    losses, start = [], time.perf_counter()
    for attempt in range(attempts):
        W = candidate_weights(seed, attempt, C, D).astype(np.float64)  # randn(10, 3073) * 0.0001
        losses.append(lecture_loss(X_cols, y, W))
    return attempts / (time.perf_counter() - start), losses


def run_engine(data, config: SearchConfig):
    """(candidates/s, losses, peak RSS bytes) of one engine search."""
    reset_peak_rss()
    losses = []
    for event in run_search(config, data):
        if isinstance(event, Summary):
            return event.candidates_per_s, losses, peak_rss_bytes()
        losses.append(event.loss)
    raise AssertionError("run_search ended without a Summary")


def median(values):
    return float(np.median(values))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="shapes")
    parser.add_argument("--attempts", type=int, default=256, help="engine attempts per round")
    parser.add_argument("--baseline-attempts", type=int, default=12)
    parser.add_argument("--width", type=int, default=SearchConfig().width)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    print(f"cores: {os.cpu_count()}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"numpy {np.__version__}")
    start = time.perf_counter()
    data = load_dataset(args.dataset)
    N, D = data.X_train.shape
    C = data.num_classes
    flop = 2 * N * D * C
    print(f"data: {args.dataset}, X_train {N:,} × {D} float32 ({data.X_train.nbytes / 2**20:.0f} MiB), "
          f"{C} classes, loaded in {time.perf_counter() - start:.1f} s")
    config = SearchConfig(strategy="random", loss="svm", attempts=args.attempts, width=args.width)
    list(run_search(SearchConfig(attempts=args.width, width=args.width), data))  # warm-up

    burst = gemm_burst_flops()
    rounds, X_cols, rss = [], None, 0
    for index in range(args.rounds):
        engine_rate, engine_losses, round_rss = run_engine(data, config)
        rss = rss or round_rss  # the first round: before the baseline's float64 copy exists
        peak = gemm_peak_flops(seconds=args.attempts / max(engine_rate, 1e-9))
        if X_cols is None:
            X_cols = np.ascontiguousarray(data.X_train.T, dtype=np.float64)  # (3073, N), as on the slide
        baseline_rate, baseline_losses = run_baseline(X_cols, data.y_train, args.baseline_attempts, config.seed)
        bound = peak / flop
        rounds.append((peak, bound, baseline_rate, engine_rate))
        print(f"round {index + 1}: GEMM {peak / 1e9:.0f} GFLOP/s (bound {bound:.1f}/s), lecture loop "
              f"{baseline_rate:.1f}/s, engine {engine_rate:.1f}/s = {engine_rate / bound:.0%} of bound, "
              f"{engine_rate / baseline_rate:.1f}× the loop")
    diffs = [abs(a - b) / b for a, b in zip(engine_losses, baseline_losses)]
    print(f"check: engine and lecture-loop losses of the first {len(diffs)} candidates agree to "
          f"{max(diffs):.1e} (relative); first loss {baseline_losses[0]:.6f}")

    fraction = median([r[3] / r[1] for r in rounds])
    speedup = median([r[3] / r[2] for r in rounds])
    rows = [("float32 GEMM peak (sustained)", f"{median([r[0] for r in rounds]) / 1e9:.0f} GFLOP/s → bound "
                                              f"{median([r[1] for r in rounds]):.1f} candidates/s "
                                              f"({flop / 1e9:.2f} GFLOP each)"),
            ("lecture loop (float64)", f"{median([r[2] for r in rounds]):.1f} candidates/s"),
            (f"engine (svm, width {args.width})", f"{median([r[3] for r in rounds]):.1f} candidates/s"),
            ("fraction of the GEMM bound", f"{fraction:.0%}  (of the best single-product burst, "
                                           f"{burst / 1e9:.0f} GFLOP/s: "
                                           f"{median([r[3] for r in rounds]) * flop / burst:.0%})"),
            ("speed-up over the loop", f"{speedup:.1f}×"),
            ("peak RSS while searching", f"{rss / 2**20:.0f} MiB = {rss / data.X_train.nbytes:.2f}× X_train")]
    width = max(len(r[0]) for r in rows)
    print(f"median of {len(rounds)} rounds:")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    verdicts = [("≥ 8× lecture loop", speedup >= 8), ("≥ 80 % of GEMM bound", fraction >= 0.8),
                ("peak ≤ 1.5× X_train", rss <= 1.5 * data.X_train.nbytes)]
    print("targets: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
