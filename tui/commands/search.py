"""``loss-tui search``: random / local / sgd search on a dataset, headless.

On a terminal: a progress bar and the lecture's lines ``in attempt 0 the loss was …, best …``
(sgd: ``in step 0 the minibatch loss was …``); otherwise plain lines, or with --jsonl one JSON
object per attempt and a summary object, or with --json one object at the end. Every line is
flushed as it is written, so a reader at the other end of a pipe sees the search live.
Ctrl+C stops the search cleanly; the summary of the attempts that ran is still printed (exit 130).
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import threading
import warnings

from tui.commands import UsageError
from tui.commands.progress import stderr_progress

PROG = "loss-tui search"
DEFAULT_BATCH = 200
MAX_SHAPES_SIZE = 1_000_000  # generated images per split; CIFAR-10 itself has 50,000 + 10,000
BYTES_PER_IMAGE = 3072 + 3073 * 4  # uint8 pixels + float32 features with the bias (shapes)
OUT_OF_MEMORY_HINT = "try a smaller --train-size, --test-size or --batch-size"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "search", help="run a search strategy on a dataset (headless)",
        description="Search for W as in the lecture's 'Strategy #1: random search', or by random "
                    "local search or minibatch SGD, and report the test accuracy of the best W.",
        epilog="Example: loss-tui search --dataset shapes --strategy random --loss svm "
               "--attempts 1000 --seed 0",
    )
    p.add_argument("--dataset", default="shapes", metavar="SPEC",
                   help="shapes (default, generated offline), cifar10[:PATH] or npz:PATH")
    p.add_argument("--strategy", default="random", metavar="NAME", help="random (default), local or sgd")
    p.add_argument("--loss", default="svm", metavar="NAME", help="svm (default) or softmax")
    p.add_argument("--attempts", type=int, default=1000, metavar="N", help="attempts (default 1000)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--reg", type=float, default=0.0, metavar="λ", help="L2 strength λ (default 0)")
    p.add_argument("--step", type=float, metavar="X",
                   help="local: perturbation size (default 1e-5); sgd: learning rate (default 1e-7)")
    p.add_argument("--batch-size", type=int, metavar="B",
                   help=f"sgd minibatch, at most the training images (default {DEFAULT_BATCH})")
    p.add_argument("--train-size", type=int, metavar="N", help="use the first N training images")
    p.add_argument("--test-size", type=int, metavar="N", help="use the first N test images")
    p.add_argument("--mean-subtract", action="store_true", help="subtract the mean training image")
    p.add_argument("--width", type=int, metavar="K",
                   help="random/local: candidates in flight, i.e. per matrix product (default 128)")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--jsonl", action="store_true",
                        help="one JSON object per attempt, then a summary with the configuration")
    output.add_argument("--json", action="store_true",
                        help="one JSON object at the end: the summary with the configuration")
    p.set_defaults(run=run)


def _fail(message: str):
    raise UsageError(f"{PROG}: {message}")


def _available_memory() -> int | None:
    """Bytes of memory available now (MemAvailable on Linux), or None when unknown."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000


def check_arguments(args) -> None:
    """Refuse, before any work, values that would crash numpy or exhaust memory."""
    from engine.scene import MAX_ABS_SCORE

    if args.seed < 0:
        _fail(f"--seed {args.seed} must be ≥ 0 (numpy seeds are non-negative)")
    for option, value in (("--reg", args.reg), ("--step", args.step)):
        if value is not None and math.isfinite(value) and value > MAX_ABS_SCORE:
            _fail(f"{option} {value:g} is absurdly large (limit {MAX_ABS_SCORE:g})")
    train_size = args.train_size
    if args.dataset == "shapes" and train_size is None:
        from engine.datasets.shapes import DEFAULT_TRAIN as train_size
    if args.batch_size is not None and train_size is not None and args.strategy == "sgd" \
            and args.batch_size > train_size >= 1:
        _fail(f"--batch-size {args.batch_size} is larger than the {train_size} training images")
    if args.dataset != "shapes":
        return  # cifar10 and npz check the sizes against the rows they have
    from engine.datasets.shapes import DEFAULT_TEST

    sizes = {"--train-size": train_size,
             "--test-size": DEFAULT_TEST if args.test_size is None else args.test_size}
    for option, size in sizes.items():
        if size > MAX_SHAPES_SIZE:
            _fail(f"{option} {size} is too large for shapes (at most {MAX_SHAPES_SIZE:,} images)")
    need, available = sum(sizes.values()) * BYTES_PER_IMAGE, _available_memory()
    if available is not None and need > available:
        option = max(sizes, key=sizes.get)
        _fail(f"{option} {sizes[option]} needs about {_bytes(need)} of memory, more than the "
              f"{_bytes(available)} available")


def _config(args, batch_size: int = DEFAULT_BATCH):
    from engine.search import DEFAULT_WIDTH, SearchConfig, SearchConfigError

    try:
        return SearchConfig(strategy=args.strategy, loss=args.loss, attempts=args.attempts,
                            seed=args.seed, reg=args.reg, step=args.step,
                            batch_size=batch_size if args.batch_size is None else args.batch_size,
                            width=DEFAULT_WIDTH if args.width is None else args.width)
    except SearchConfigError as exc:
        raise UsageError(f"{PROG}: {exc}") from None


def _fit_batch(args, config, data):
    """sgd draws its minibatch from the training images: at most that many (the default shrinks)."""
    rows = len(data.y_train)
    if config.strategy != "sgd" or config.batch_size <= rows:
        return config
    if args.batch_size is not None:
        _fail(f"--batch-size {args.batch_size} is larger than the {rows} training images")
    return _config(args, rows)


def _dataset(args, progress):
    from engine.datasets import DatasetError, load_dataset

    try:
        return load_dataset(args.dataset, train_size=args.train_size, test_size=args.test_size,
                            seed=args.seed, mean_subtract=args.mean_subtract, progress=progress)
    except DatasetError as exc:
        raise UsageError(f"{PROG}: {exc}") from None
    except MemoryError as exc:
        _fail(f"not enough memory to load {args.dataset} ({_one_line(exc)}); {OUT_OF_MEMORY_HINT}")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class StopFlag:
    """Set by the first Ctrl+C (SIGINT) while installed; a second Ctrl+C interrupts at once."""

    def __init__(self):
        self.stopped = False
        self._previous = None

    def __call__(self) -> bool:
        return self.stopped

    def _handle(self, signum, frame):
        self.stopped = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _finite(x: float):
    return x if math.isfinite(x) else None


def summary_record(summary, record: dict) -> dict:
    """The summary object of --jsonl and --json: results first, then what was run."""
    return {"best": _finite(summary.best), "best_attempt": summary.best_attempt,
            "test_accuracy": _finite(summary.test_accuracy), "attempts": summary.attempts,
            "candidates_per_s": round(summary.candidates_per_s, 3),
            "elapsed_s": round(summary.elapsed_s, 6), "cancelled": summary.cancelled, **record}


def _write(out, text: str) -> None:
    out.write(text)
    out.flush()


def _jsonl(events, out, strategy: str, record: dict):
    from engine.search import Summary

    unit, loss = ("step", "minibatch_loss") if strategy == "sgd" else ("attempt", "loss")
    for event in events:
        if isinstance(event, Summary):
            _write(out, json.dumps({"summary": True, **summary_record(event, record)}) + "\n")
            return event
        _write(out, json.dumps({unit: event.attempt, loss: _finite(event.loss), "best": _finite(event.best),
                                "improved": event.improved, "elapsed_s": round(event.elapsed_s, 6)}) + "\n")


def _json(events, out, record: dict):
    from engine.search import Summary

    for event in events:
        if isinstance(event, Summary):
            _write(out, json.dumps(summary_record(event, record)) + "\n")
            return event


def _plain(events, out, strategy: str, planned: int):
    from engine.search import Summary
    from engine.search_report import progress_line, summary_lines

    for event in events:
        if isinstance(event, Summary):
            _write(out, "".join(line + "\n" for line in summary_lines(event, strategy, planned)))
            return event
        _write(out, progress_line(strategy, event.attempt, event.loss, event.best) + "\n")


def _rich(events, strategy: str, planned: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from engine.search import Summary
    from engine.search_report import loss_text, progress_line, summary_lines

    console = Console()
    columns = (TextColumn("search" if strategy != "sgd" else "sgd"), BarColumn(), MofNCompleteColumn(),
               TextColumn("best {task.fields[best]}"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("search", total=planned, best="-")
        for event in events:
            if isinstance(event, Summary):
                break
            bar.console.print(progress_line(strategy, event.attempt, event.loss, event.best), highlight=False)
            bar.update(task, advance=1, best=loss_text(event.best))
    for line in summary_lines(event, strategy, planned):
        console.print(line, highlight=False)
    return event


class quiet_numpy:
    """A diverging search (a large --step or --reg) overflows to inf/nan: the losses say so, and
    numpy's RuntimeWarnings are not printed over the output."""

    def __enter__(self):
        import numpy as np

        self._errstate = np.errstate(all="ignore")
        self._errstate.__enter__()
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)
        return self

    def __exit__(self, *exc):
        self._warnings.__exit__(*exc)
        return self._errstate.__exit__(*exc)


def run(args) -> int:
    from engine.search import run_search
    from engine.search_report import search_record

    config = _config(args)
    check_arguments(args)
    tty = sys.stdout.isatty() and not (args.jsonl or args.json)
    bar, progress = stderr_progress() if tty else (None, None)
    if bar:
        with bar:
            data = _dataset(args, progress)
    else:
        data = _dataset(args, None)
    config = _fit_batch(args, config, data)
    record = search_record(config, data, args.dataset)
    with StopFlag() as stop, quiet_numpy():
        try:
            events = run_search(config, data, stop)
            if args.jsonl:
                summary = _jsonl(events, sys.stdout, config.strategy, record)
            elif args.json:
                summary = _json(events, sys.stdout, record)
            elif tty:
                summary = _rich(events, config.strategy, config.attempts)
            else:
                summary = _plain(events, sys.stdout, config.strategy, config.attempts)
        except BrokenPipeError:  # e.g. piped into head: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            return 0
        except MemoryError as exc:
            sys.stdout.flush()
            _fail(f"not enough memory for the search ({_one_line(exc)}); {OUT_OF_MEMORY_HINT}")
    return 130 if stop.stopped and summary.cancelled else 0
