"""Datasets for the search: ``shapes`` (offline default), ``cifar10[:PATH]`` and ``npz:PATH``.

``load_dataset(spec)`` returns a Dataset with the lecture's preprocessing applied: raw pixel
values as float32, an optional mean image subtracted, and the bias trick (a constant 1 appended,
so CIFAR-shaped rows have D = 3072 + 1 = 3073 features).
"""

from __future__ import annotations

from engine.datasets import cifar, npz, shapes
from engine.datasets.dataset import (IMAGE_SHAPE, Dataset, DatasetError, ProgressCallback,
                                     build_dataset)

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
                 progress: ProgressCallback | None = None) -> Dataset:
    """The dataset SPEC ("shapes", "cifar10", "cifar10:PATH", "npz:PATH"), preprocessed.

    train_size/test_size keep the first rows of each split (shapes generates exactly that many;
    its defaults are 50,000/10,000). seed only changes what shapes generates.
    Raises DatasetError with a one-line message for anything wrong.
    """
    kind, path = parse_spec(spec)
    options = dict(train_size=train_size, test_size=test_size, mean_subtract=mean_subtract)
    if kind == "shapes":
        sizes = (shapes.DEFAULT_TRAIN if train_size is None else train_size,
                 shapes.DEFAULT_TEST if test_size is None else test_size)
        for split, size in zip(("train", "test"), sizes):
            if size < 1:
                raise DatasetError(f"{split} size must be at least 1, got '{size}'")
        X_train, y_train, X_test, y_test = shapes.shapes_images(*sizes, seed=seed, progress=progress)
        return build_dataset("shapes", shapes.CLASSES, (X_train.reshape(sizes[0], -1), y_train),
                             (X_test.reshape(sizes[1], -1), y_test), **options,
                             source=f"generated with seed {seed}")
    if kind == "cifar10":
        (X_train, y_train, X_test, y_test), folder = cifar.cifar_images(path, progress)
        return build_dataset("cifar10", cifar.CLASSES, (X_train, y_train), (X_test, y_test),
                             **options, source=str(folder))
    classes, train, test = npz.npz_arrays(path)
    image_shape = IMAGE_SHAPE if train[0].shape[1] == 32 * 32 * 3 else None
    return build_dataset(f"npz:{path}", classes, train, test, **options,
                         image_shape=image_shape, source=str(path))
