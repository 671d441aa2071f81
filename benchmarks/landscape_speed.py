"""Loss landscape speed: a 41 × 41 grid (+ the 1-D slice) around a random W, three ways, in one run.

    .venv/bin/python benchmarks/landscape_speed.py                       # shapes, 2,000 training images
    .venv/bin/python benchmarks/landscape_speed.py --train-size 50000    # progress on a larger set

On the same data, W, directions and (a, b) points:
- direct: one point at a time, float64, scores = X (W + a W₁ + b W₂)ᵀ and the mean L_i
  (what the tests compare against); timed on --direct-points points and scaled to the grid;
- stacked: every point materialized as a (C, D) float32 candidate, BLOCK per call of
  engine.batched_loss.stacked_data_losses (a full D-wide product per candidate);
- engine: engine.landscape.landscape — the same batched engine on the plane's 3C features.
Rounds run back to back (the machine is shared) and each ratio is taken within its round; the
median round is reported. Target (issue 15): ≤ 2 s for 41 × 41 on 2,000 images.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from engine import losses
from engine.batched_loss import stacked_data_losses
from engine.datasets import load_dataset
from engine.landscape import DEFAULT_LINE_POINTS, DEFAULT_SPAN, direction, landscape
from engine.search import candidate_weights

BLOCK = 128  # full-width candidates per product, as engine.search's random search

PER_EXAMPLE = {"svm": losses.svm_per_example, "softmax": losses.softmax_per_example}


def grid_points(grid: int, span: float) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) the engine evaluates: the grid, the 1-D slice (b = 0) and W itself."""
    coords = np.linspace(-span, span, grid)
    a, b = np.meshgrid(coords, coords)
    line = np.linspace(-span, span, DEFAULT_LINE_POINTS)
    return (np.concatenate([a.ravel(), line, [0.0]]),
            np.concatenate([b.ravel(), np.zeros(len(line)), [0.0]]))


def direct(X64, y, W, W1, W2, a, b, loss) -> np.ndarray:
    """L at each point, one float64 product per point."""
    return np.array([PER_EXAMPLE[loss](X64 @ (W + ak * W1 + bk * W2).T, y).mean() for ak, bk in zip(a, b)])


def stacked(X, y, W, W1, W2, a, b, loss) -> np.ndarray:
    """L at each point, points stacked as full (C, D) float32 candidates, BLOCK per call."""
    out = []
    for start in range(0, len(a), BLOCK):
        ak = a[start:start + BLOCK, None, None]
        bk = b[start:start + BLOCK, None, None]
        stack = (W[None] + ak * W1[None] + bk * W2[None]).astype(np.float32)
        out.append(stacked_data_losses(X, y, stack, loss))
    return np.concatenate(out)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="shapes")
    parser.add_argument("--train-size", type=int, default=2000)
    parser.add_argument("--grid", type=int, default=41)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--direct-points", type=int, default=40)
    parser.add_argument("--no-stacked", action="store_true", help="skip the full-width stacked method")
    args = parser.parse_args(argv)

    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}, numpy {np.__version__}")
    data = load_dataset(args.dataset, train_size=args.train_size, test_size=1)
    X, y = data.X_train, data.y_train
    N, D = X.shape
    C = data.num_classes
    W = candidate_weights(0, 0, C, D).astype(np.float64)
    W1, W2 = direction(W, 0, 1), direction(W, 0, 2)
    a, b = grid_points(args.grid, DEFAULT_SPAN)
    print(f"data: {args.dataset}, {N:,} × {D}, {C} classes; {len(a):,} points "
          f"({args.grid} × {args.grid} grid + {DEFAULT_LINE_POINTS}-point line + W)")
    X64 = X.astype(np.float64)
    pick = np.linspace(0, len(a) - 1, args.direct_points).astype(int)
    for loss in ("svm", "softmax"):
        rounds = []
        for index in range(args.rounds):
            calls = []
            engine_s, result = timed(lambda: landscape(X, y, W, loss, grid=args.grid,
                                                       progress=lambda d, t: calls.append(d)))
            direct_s, want = timed(direct, X64, y, W, W1, W2, a[pick], b[pick], loss)
            direct_s *= len(a) / len(pick)
            stacked_s = (timed(stacked, X, y, W, W1, W2, a, b, loss)[0] if not args.no_stacked
                         else float("nan"))
            got = np.concatenate([result.grid.ravel(), result.line, [result.centre]])[pick]
            error = float(np.max(np.abs(got - want) / want))
            rounds.append((engine_s, direct_s, stacked_s))
            stacked_text = "skipped" if args.no_stacked else f"{stacked_s:.2f} s = {stacked_s / engine_s:.1f}×"
            print(f"{loss} round {index + 1}: engine {engine_s:.3f} s ({len(calls)} progress calls), "
                  f"direct {direct_s:.1f} s (scaled from {len(pick)} points) = {direct_s / engine_s:.0f}×, "
                  f"stacked {stacked_text}; max relative difference to direct {error:.1e}")
        engine_s, direct_s, stacked_s = (float(np.median([r[k] for r in rounds])) for k in range(3))
        speedup = float(np.median([r[1] / r[0] for r in rounds]))
        verdict = (f"target ≤ 2 s {'met' if engine_s <= 2 else 'MISSED'}" if N == 2000
                   else "(the ≤ 2 s target is for 2,000 images)")
        print(f"{loss} median of {len(rounds)}: engine {engine_s:.3f} s, direct {direct_s:.1f} s "
              f"({speedup:.0f}×), stacked {stacked_s:.2f} s; {verdict}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
