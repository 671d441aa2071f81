"""Datasets for the search: ``shapes`` (offline default), ``cifar10[:PATH]`` and ``npz:PATH``.

``load_dataset(spec)`` returns a Dataset with the lecture's preprocessing applied: raw pixel
values as float32, an optional mean image subtracted, and the bias trick (a constant 1 appended,
so CIFAR-shaped rows have D = 3072 + 1 = 3073 features). The result is cached once per machine
and mapped read-only by every process (engine.datasets.feature_cache).
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.datasets import cifar, feature_cache, npz, shapes
from engine.datasets.dataset import (IMAGE_SHAPE, Dataset, DatasetError, ProgressCallback, RawSplits,
                                     raw_splits)

DATASETS = ("shapes", "cifar10", "npz")
SPEC_HELP = "shapes, cifar10, cifar10:PATH or npz:PATH"

__all__ = ["DATASETS", "Dataset", "DatasetError", "load_dataset", "parse_spec"]


def parse_spec(spec: str) -> tuple[str, str | None]:
    """'npz:data.npz' → ('npz', 'data.npz'); 'cifar10' → ('cifar10', None)."""
    kind, colon, path = spec.partition(":")
    if kind not in DATASETS:
        raise DatasetError(f"unknown dataset '{spec}' (choose {SPEC_HELP})")
    if kind == "shapes" and colon:
        raise DatasetError(f"shapes is generated and takes no path '{spec}'")
    if kind == "npz" and not path:
        raise DatasetError(f"npz needs a file: npz:PATH '{spec}'")
    return kind, (path or None)


def load_dataset(spec: str, *, train_size: int | None = None, test_size: int | None = None,
                 seed: int = 0, mean_subtract: bool = False,
                 progress: ProgressCallback | None = None, use_cache: bool = True) -> Dataset:
    """The dataset SPEC ("shapes", "cifar10", "cifar10:PATH", "npz:PATH"), preprocessed.

    train_size/test_size keep the first rows of each split (shapes generates exactly that many;
    its defaults are 50,000/10,000). seed only changes what shapes generates. The arrays are
    read-only; with use_cache they are maps of the shared cache (engine.datasets.feature_cache).
    Raises DatasetError with a one-line message for anything wrong.
    """
    kind, path = parse_spec(spec)
    if kind == "shapes":
        train_size = shapes.DEFAULT_TRAIN if train_size is None else train_size
        test_size = shapes.DEFAULT_TEST if test_size is None else test_size
        for split, size in (("train", train_size), ("test", test_size)):
            if size < 1:
                raise DatasetError(f"{split} size must be at least 1, got '{size}'")
    options = dict(train_size=train_size, test_size=test_size, mean_subtract=mean_subtract)

    def prepare() -> RawSplits:
        return _raw_splits(kind, path, seed, options, progress)

    if not use_cache:
        return prepare().in_memory()
    identity = {"spec": kind, "source": _source_identity(kind, path, seed), **options}
    return feature_cache.cached(identity, prepare)


def _source_identity(kind: str, path: str | None, seed: int):
    """What the data was made from, so an entry is rebuilt when it changes: the generator and
    seed, or each file's resolved path, size and modification time."""
    if kind == "shapes":
        return {"generator": shapes.FORMAT_VERSION, "seed": seed}
    if kind == "npz":
        npz.check_is_npz(Path(path).expanduser())
        files = [Path(path).expanduser()]
    else:
        folder, batch_kind = cifar.locate(path)
        files = [folder / f"{name}{'.bin' if batch_kind == 'bin' else ''}"
                 for name in (*cifar.TRAIN_BATCHES, cifar.TEST_BATCH)]
    stats = [path]  # the name the Dataset reports
    for file in files:
        try:
            st = os.stat(file)
            stats.append([os.path.realpath(file), st.st_size, st.st_mtime_ns])
        except OSError:
            stats.append([str(file), None, None])  # the loader says what is wrong with it
    return stats


def _raw_splits(kind: str, path: str | None, seed: int, options: dict, progress) -> RawSplits:
    if kind == "shapes":
        sizes = options["train_size"], options["test_size"]
        X_train, y_train, X_test, y_test = shapes.generate(*sizes, seed=seed, progress=progress)
        return raw_splits("shapes", shapes.CLASSES, (X_train.reshape(sizes[0], -1), y_train),
                          (X_test.reshape(sizes[1], -1), y_test), **options,
                          source=f"generated with seed {seed}")
    if kind == "cifar10":
        (X_train, y_train, X_test, y_test), folder = cifar.cifar_images(path, progress)
        return raw_splits("cifar10", cifar.CLASSES, (X_train, y_train), (X_test, y_test),
                          **options, source=str(folder))
    classes, train, test = npz.npz_arrays(path)
    image_shape = IMAGE_SHAPE if train[0].shape[1] == 32 * 32 * 3 else None
    return raw_splits(f"npz:{path}", classes, train, test, **options,
                      image_shape=image_shape, source=str(path))
