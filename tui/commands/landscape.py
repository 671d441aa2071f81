"""``loss-tui landscape``: slices of the loss L(W) around a random W, as text or JSON.

W is the lecture's 0.0001·randn(C, D) for the seed (engine.search.candidate_weights, attempt 0);
the two directions come from the same seed (engine.landscape). The text output gives L(W), the
grid's minimum and maximum with their (a, b), the 1-D slice's minimum and a character heat map
(ramp " .:-=+*#%@", low → high; W marks a = b = 0, o the minimum). --json prints everything, the
grid included, as one object.
"""

from __future__ import annotations

import json
import math
import sys
import time

from engine.numfmt import short
from tui.commands import UsageError

PROG = "loss-tui landscape"
DEFAULT_TRAIN = 2000  # the app's smallest training set: a 41 × 41 grid in well under a second
MAP_COLUMNS = 41


def add_parser(sub) -> None:
    from engine.landscape import DEFAULT_GRID, DEFAULT_SPAN

    p = sub.add_parser(
        "landscape", help="slices of the loss around a random W (headless)",
        description="The loss landscape of the course notes: L(W + a·W₁) along a random direction and "
                    "L(W + a·W₁ + b·W₂) on a grid, around W = 0.0001·randn, for the full data loss or "
                    "one example's L_i. Directions have W's row lengths, so a = 1 steps as far as W.",
        epilog="Example: loss-tui landscape --loss softmax --example 0 --span 5",
    )
    p.add_argument("--dataset", default="shapes", metavar="SPEC",
                   help="shapes (default, generated offline), cifar10[:PATH] or npz:PATH")
    p.add_argument("--loss", default="svm", metavar="NAME", help="svm (default) or softmax")
    p.add_argument("--grid", type=int, default=DEFAULT_GRID, metavar="G",
                   help=f"grid points a side (default {DEFAULT_GRID})")
    p.add_argument("--span", type=float, default=DEFAULT_SPAN, metavar="X",
                   help=f"a and b run from −X to X, in units of W's size (default {short(DEFAULT_SPAN)})")
    p.add_argument("--example", type=int, metavar="I", help="slice L_i of training row I only")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="draws W and the directions (default 0)")
    p.add_argument("--train-size", type=int, metavar="N",
                   help=f"use the first N training images (default {DEFAULT_TRAIN:,}, or all if fewer)")
    p.add_argument("--json", action="store_true", help="one JSON object with the grid instead of text")
    p.set_defaults(run=run)


def _fail(message: str):
    raise UsageError(f"{PROG}: {message}")


def check_arguments(args) -> None:
    """Refuse, before loading anything, values the engine would refuse."""
    from engine.landscape import LandscapeError, check_request
    from tui.commands.search import MAX_SHAPES_SIZE

    if args.seed < 0:
        _fail(f"--seed {args.seed} must be ≥ 0 (numpy seeds are non-negative)")
    if args.train_size is not None and args.train_size < 1:
        _fail(f"--train-size must be at least 1, got {args.train_size}")
    if args.dataset == "shapes" and (args.train_size or 0) > MAX_SHAPES_SIZE:
        _fail(f"--train-size {args.train_size} is too large for shapes (at most {MAX_SHAPES_SIZE:,} images)")
    try:
        check_request(args.loss, args.grid, args.span, args.example, args.train_size or DEFAULT_TRAIN)
    except LandscapeError as exc:
        message = str(exc)  # "grid must be …", "span must be …", "example 9 is not …", "unknown loss …"
        _fail(f"--{message}" if message.split(" ", 1)[0] in ("grid", "span", "example") else message)


def _dataset(args, progress):
    from engine.datasets import DatasetError, load_dataset

    size = args.train_size
    try:
        data = load_dataset(args.dataset, progress=progress,
                            train_size=size if size or args.dataset != "shapes" else DEFAULT_TRAIN,
                            test_size=1 if args.dataset == "shapes" else None)
    except DatasetError as exc:
        _fail(str(exc))
    if size is None and len(data.y_train) > DEFAULT_TRAIN:
        data.X_train, data.y_train = data.X_train[:DEFAULT_TRAIN], data.y_train[:DEFAULT_TRAIN]
    if args.example is not None and args.example >= len(data.y_train):
        _fail(f"--example {args.example} is not one of the {len(data.y_train)} training rows")
    return data


def coordinate(x: float) -> str:
    return short(x, 3)


def text_lines(result, data, args, elapsed: float) -> list[str]:
    """The summary and the character map, as printed."""
    from engine.heatmap import RAMP, character_rows

    name = "SVM" if args.loss == "svm" else "softmax"
    what = (f"{name} loss of training row {args.example} alone (L_{args.example})" if args.example is not None
            else f"{name} data loss over {len(data.y_train):,} training images")
    low, a_low, b_low = result.minimum()
    high, a_high, b_high = result.maximum()
    line_low = int(result.line.argmin())
    lines = [f"{what} of {data.name}, around W = 0.0001·randn (seed {args.seed})",
             f"directions W₁, W₂: randn with W's row lengths; a, b from {coordinate(-result.span)} to "
             f"{coordinate(result.span)}, {len(result.coords)} × {len(result.coords)} grid",
             f"L(W) = {result.centre:f}",
             f"2-D slice L(W + a·W₁ + b·W₂): min {low:f} at a = {coordinate(a_low)}, b = {coordinate(b_low)}; "
             f"max {high:f} at a = {coordinate(a_high)}, b = {coordinate(b_high)}",
             f"1-D slice L(W + a·W₁): min {result.line[line_low]:f} at a = "
             f"{coordinate(result.line_coords[line_low])}",
             f"heat map (\"{RAMP}\" low → high, "
             f"{'W at a = b = 0, ' if 0.0 in result.coords else ''}o the minimum):"]
    rows, row_index, col_index = character_rows(result.grid, MAP_COLUMNS)
    j_low, i_low = divmod(int(result.grid.argmin()), result.grid.shape[1])
    low_cell = (int(abs(row_index - j_low).argmin()), int(abs(col_index - i_low).argmin()))  # nearest shown
    labels = {0: coordinate(result.coords[row_index[0]]), len(rows) - 1: coordinate(result.coords[row_index[-1]])}
    middle = len(rows) // 2
    labels.setdefault(middle, coordinate(result.coords[row_index[middle]]))
    for r, row in enumerate(rows):
        cells = list(row)
        for c, i in enumerate(col_index):
            if (r, c) == low_cell:
                cells[c] = "o"
            elif result.coords[row_index[r]] == 0 and result.coords[i] == 0:
                cells[c] = "W"
        lines.append(f"{labels.get(r, ''):>6} │{''.join(cells)}│")
    left, right = coordinate(result.coords[col_index[0]]), coordinate(result.coords[col_index[-1]])
    axis = left + " " * (len(col_index) - len(left) - len(right)) + right
    lines.append(" " * 8 + axis + "  a  (b upwards)")
    lines.append(f"{len(result.coords) ** 2 + len(result.line) + 1:,} losses in {elapsed:.2f} s")
    return lines


def _finite(x: float):
    return x if math.isfinite(x) else None


def json_object(result, data, args, elapsed: float) -> dict:
    low, a_low, b_low = result.minimum()
    high, a_high, b_high = result.maximum()
    return {"loss": args.loss, "dataset": data.name, "train_rows": len(data.y_train),
            "example": args.example, "seed": args.seed, "span": result.span, "grid": len(result.coords),
            "W": "0.0001·randn(C, D), engine.search.candidate_weights(seed, 0)",
            "directions": "randn(C, D), each row rescaled to the length of W's row",
            "centre": _finite(result.centre),
            "min": {"loss": _finite(low), "a": a_low, "b": b_low},
            "max": {"loss": _finite(high), "a": a_high, "b": b_high},
            "a": result.coords.tolist(), "b": result.coords.tolist(),
            "losses": [[_finite(v) for v in row] for row in result.grid.tolist()],
            "line": {"a": result.line_coords.tolist(), "losses": [_finite(v) for v in result.line.tolist()]},
            "elapsed_s": round(elapsed, 6)}


def run(args) -> int:
    from engine.landscape import landscape
    from engine.search import candidate_weights
    from tui.commands.progress import stderr_progress
    from tui.commands.search import StopFlag, quiet_numpy

    check_arguments(args)
    bar, progress = stderr_progress()  # a bar on a terminal's stderr, also under --json
    with StopFlag() as stop, quiet_numpy():
        if bar:
            bar.start()
        try:
            data = _dataset(args, progress)
            W = candidate_weights(args.seed, 0, data.num_classes, data.num_features)
            start = time.perf_counter()
            result = landscape(data.X_train, data.y_train, W, args.loss, seed=args.seed, grid=args.grid,
                               span=args.span, example=args.example, should_stop=stop,
                               progress=(lambda done, total: progress("landscape", done, total))
                               if progress else None)
            elapsed = time.perf_counter() - start
        finally:
            if bar:
                bar.stop()
    if result is None:
        print(f"{PROG}: stopped", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(json_object(result, data, args, elapsed)))
    else:
        print("\n".join(text_lines(result, data, args, elapsed)))
    return 0
