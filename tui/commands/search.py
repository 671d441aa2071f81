"""``loss-tui search``: random / local / sgd search on a dataset, headless.

On a terminal: a progress bar and the lecture's lines ``in attempt 0 the loss was …, best …``;
otherwise plain lines, or with --jsonl one JSON object per attempt and a summary object.
Ctrl+C stops the search cleanly; the summary of the attempts that ran is still printed (exit 130).
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import threading

from tui.commands import UsageError
from tui.commands.progress import stderr_progress

PROG = "loss-tui search"
LECTURE_LINE = "in attempt %d the loss was %f, best %f"


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
    p.add_argument("--batch-size", type=int, default=200, metavar="B", help="sgd minibatch (default 200)")
    p.add_argument("--train-size", type=int, metavar="N", help="use the first N training images")
    p.add_argument("--test-size", type=int, metavar="N", help="use the first N test images")
    p.add_argument("--mean-subtract", action="store_true", help="subtract the mean training image")
    p.add_argument("--jsonl", action="store_true", help="one JSON object per line instead of text")
    p.set_defaults(run=run)


def _config(args):
    from engine.search import SearchConfig, SearchConfigError

    try:
        return SearchConfig(strategy=args.strategy, loss=args.loss, attempts=args.attempts,
                            seed=args.seed, reg=args.reg, step=args.step, batch_size=args.batch_size)
    except SearchConfigError as exc:
        raise UsageError(f"{PROG}: {exc}") from None


def _dataset(args, progress):
    from engine.datasets import DatasetError, load_dataset

    try:
        return load_dataset(args.dataset, train_size=args.train_size, test_size=args.test_size,
                            seed=args.seed, mean_subtract=args.mean_subtract, progress=progress)
    except DatasetError as exc:
        raise UsageError(f"{PROG}: {exc}") from None


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


def summary_lines(summary, planned: int) -> list[str]:
    """The closing lines: what stopped, the best loss, the throughput and the test accuracy."""
    lines = []
    if summary.cancelled:
        lines.append(f"stopped after {summary.attempts} of {planned} attempts")
    if summary.attempts:
        lines.append(f"best loss {summary.best:f} (attempt {summary.best_attempt}) after "
                     f"{summary.attempts} attempts, {summary.candidates_per_s:.1f} candidates/s")
        lines.append(f"test accuracy of the best W: {summary.test_accuracy:.2%}")
    return lines


def _jsonl(events, out) -> object:
    from engine.search import Summary

    for event in events:
        if isinstance(event, Summary):
            out.write(json.dumps({"summary": True, "best": _finite(event.best),
                                  "test_accuracy": _finite(event.test_accuracy),
                                  "attempts": event.attempts,
                                  "candidates_per_s": round(event.candidates_per_s, 3),
                                  "cancelled": event.cancelled}) + "\n")
            return event
        out.write(json.dumps({"attempt": event.attempt, "loss": event.loss, "best": event.best,
                              "improved": event.improved, "elapsed_s": round(event.elapsed_s, 6)}) + "\n")


def _plain(events, out, planned: int):
    from engine.search import Summary

    for event in events:
        if isinstance(event, Summary):
            out.write("".join(line + "\n" for line in summary_lines(event, planned)))
            return event
        out.write(LECTURE_LINE % (event.attempt, event.loss, event.best) + "\n")


def _rich(events, planned: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from engine.search import Summary

    console = Console()
    columns = (TextColumn("search"), BarColumn(), MofNCompleteColumn(),
               TextColumn("best {task.fields[best]}"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("search", total=planned, best="-")
        for event in events:
            if isinstance(event, Summary):
                break
            bar.console.print(LECTURE_LINE % (event.attempt, event.loss, event.best), highlight=False)
            bar.update(task, advance=1, best=f"{event.best:f}")
    for line in summary_lines(event, planned):
        console.print(line, highlight=False)
    return event


def run(args) -> int:
    from engine.search import run_search

    config = _config(args)
    tty = sys.stdout.isatty() and not args.jsonl
    bar, progress = stderr_progress() if tty else (None, None)
    if bar:
        with bar:
            data = _dataset(args, progress)
    else:
        data = _dataset(args, None)
    with StopFlag() as stop:
        events = run_search(config, data, stop)
        try:
            if args.jsonl:
                summary = _jsonl(events, sys.stdout)
            elif tty:
                summary = _rich(events, config.attempts)
            else:
                summary = _plain(events, sys.stdout, config.attempts)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. piped into head: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            return 0
    return 130 if stop.stopped and summary.cancelled else 0
