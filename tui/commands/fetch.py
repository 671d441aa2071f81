"""``loss-tui fetch``: download CIFAR-10 into the cache dir, or generate ``shapes`` ahead of time.

cifar10: the official archive with a progress bar, MD5-checked, only the expected files extracted;
an interrupted download resumes on the next run. Exit 1 for network failures, 2 for bad
arguments and bad files (checksum mismatch, damaged archive).
"""

from __future__ import annotations

import sys

from tui.commands import UsageError
from tui.commands.progress import stderr_progress

PROG = "loss-tui fetch"
TARGETS = ("cifar10", "shapes")


def add_parser(sub) -> None:
    from engine.datasets.fetch import CIFAR10_MD5, CIFAR10_URL

    p = sub.add_parser("fetch", help="download a dataset into the cache dir",
                       description="Download CIFAR-10 (or generate shapes) into the cache dir "
                                   "($XDG_CACHE_HOME/loss-tui or ~/.cache/loss-tui).")
    p.add_argument("dataset", metavar="DATASET", help="cifar10 or shapes")
    p.add_argument("--url", default=CIFAR10_URL, help=f"archive to download (default {CIFAR10_URL})")
    p.add_argument("--md5", default=CIFAR10_MD5, help="its expected MD5 (default: the published one)")
    p.add_argument("--force", action="store_true", help="download again even if already there")
    p.add_argument("--seed", type=int, default=0, help="shapes: the seed to generate (default 0)")
    p.set_defaults(run=run)


def _progress_bar():
    """Download bars (size, speed, time left) on stderr when it is a terminal."""
    from rich.progress import (BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn,
                               TransferSpeedColumn)

    return stderr_progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                           TransferSpeedColumn(), TimeRemainingColumn())


def _fetch(args, progress):
    from engine.datasets import load_dataset
    from engine.datasets.fetch import fetch_cifar10

    if args.dataset == "shapes":
        data = load_dataset("shapes", seed=args.seed, progress=progress)
        return f"shapes is ready ({len(data.y_train):,} training and {len(data.y_test):,} test images)"
    folder = fetch_cifar10(url=args.url, md5=args.md5, progress=progress, force=args.force)
    return f"CIFAR-10 is ready in {folder}"


def run(args) -> int:
    from engine.datasets import DatasetError
    from engine.datasets.fetch import FetchError

    if args.dataset not in TARGETS:
        raise UsageError(f"{PROG}: unknown dataset '{args.dataset}' (choose {' or '.join(TARGETS)})")
    if args.seed < 0:
        raise UsageError(f"{PROG}: --seed {args.seed} must be ≥ 0 (numpy seeds are non-negative)")
    bar, progress = _progress_bar()
    try:
        if bar:
            with bar:
                message = _fetch(args, progress)
        else:
            message = _fetch(args, progress)
    except DatasetError as exc:
        raise UsageError(f"{PROG}: {exc}") from None
    except FetchError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0
