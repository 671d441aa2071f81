"""The Dataset every loader returns, its error type, and the lecture's preprocessing.

Preprocessing (lecture, "bias trick"): each image becomes a row x_i of raw pixel values as
float32, optionally minus the mean training image μ, with a constant 1 appended, so that
s = x_i W with W (D+1, C) includes the bias as its last row. Images are flattened in
height × width × channel order (the first 3072 features of a 32×32×3 image).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

IMAGE_SHAPE = (32, 32, 3)
ROWS_PER_COPY = 4096  # convert this many rows at a time, so no float64 copy of a whole split exists

ProgressCallback = Callable[[str, int, int], None]  # (what is happening, done, total)


class DatasetError(ValueError):
    """A dataset that cannot be loaded: missing, truncated, wrong shape or dtype, bad labels."""


@dataclass
class Dataset:
    """Training and test rows ready for a linear classifier.

    X_train (N, D) float32 with the bias column last; y_train (N,) intp in [0, C);
    X_test, y_test the same for the test split; classes has C names.
    image_shape is (32, 32, 3) when the first D−1 features are an image in HWC order, else None.
    mean_image (D−1,) is what was subtracted (None when mean subtraction was off).
    """

    name: str
    classes: tuple[str, ...]
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    image_shape: tuple[int, ...] | None = IMAGE_SHAPE
    mean_image: np.ndarray | None = None
    source: str = ""

    @property
    def num_classes(self) -> int:
        """C, the number of classes."""
        return len(self.classes)

    @property
    def num_features(self) -> int:
        """D, features per row including the bias column."""
        return self.X_train.shape[1]


def mean_image(raw: np.ndarray) -> np.ndarray:
    """μ = (1/N) Σ_i x_i over the training rows, accumulated in float64, returned as float32."""
    total = np.zeros(raw.shape[1], dtype=np.float64)
    for start in range(0, raw.shape[0], ROWS_PER_COPY):
        total += raw[start:start + ROWS_PER_COPY].sum(axis=0, dtype=np.float64)
    return (total / max(raw.shape[0], 1)).astype(np.float32)


def feature_blocks(raw: np.ndarray, mean: np.ndarray | None = None, what: str = "X"
                   ) -> Iterator[np.ndarray]:
    """x_i = [raw_i − μ, 1] as float32, ROWS_PER_COPY rows at a time, each checked finite.

    The check comes after the float32 conversion: a float64 pixel of 1e308 is finite, but as
    float32 it is inf, and every loss computed from it would be inf or NaN.
    """
    rows, width = raw.shape
    for start in range(0, rows, ROWS_PER_COPY):
        part = raw[start:start + ROWS_PER_COPY]
        block = np.empty((part.shape[0], width + 1), dtype=np.float32)
        with np.errstate(over="ignore", invalid="ignore"):
            block[:, :width] = part
            if mean is not None:
                block[:, :width] -= mean
        if not np.isfinite(block[:, :width]).all():
            raise DatasetError(f"{what} has values beyond float32's range (±3.4e38), "
                               "which would make every loss infinite")
        block[:, width] = 1.0
        yield block


def to_features(raw: np.ndarray, mean: np.ndarray | None = None, what: str = "X") -> np.ndarray:
    """x_i = [raw_i − μ, 1] as float32 (N, D+1): pixel values as floats, bias trick appended."""
    out = np.empty((raw.shape[0], raw.shape[1] + 1), dtype=np.float32)
    start = 0
    for block in feature_blocks(raw, mean, what):
        out[start:start + block.shape[0]] = block
        start += block.shape[0]
    return out


def first_rows(raw: np.ndarray, labels: np.ndarray, size: int | None, split: str):
    """The first SIZE rows of a split (all when SIZE is None)."""
    if size is None:
        return raw, labels
    if size < 1:
        raise DatasetError(f"{split} size must be at least 1, got '{size}'")
    if size > raw.shape[0]:
        raise DatasetError(f"{split} size {size} exceeds the {raw.shape[0]} {split} rows available")
    return raw[:size], labels[:size]


def checked_labels(labels, num_classes: int, where: str) -> np.ndarray:
    """Labels as intp after checking they are integers in [0, C)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not (np.issubdtype(labels.dtype, np.integer) or labels.dtype == bool):
        raise DatasetError(f"labels must be a 1-D integer array in '{where}', got {labels.dtype} {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        bad = labels[(labels < 0) | (labels >= num_classes)][0]
        raise DatasetError(f"label {bad} out of range 0..{num_classes - 1} in '{where}'")
    return labels.astype(np.intp)


@dataclass
class RawSplits:
    """A dataset before preprocessing: raw (N, D) rows and labels of each split, cut to size, and
    μ when the mean image is subtracted."""

    name: str
    classes: tuple[str, ...]
    train: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]
    mean: np.ndarray | None
    image_shape: tuple[int, ...] | None
    source: str

    def split(self, split: str) -> tuple[np.ndarray, np.ndarray]:
        """(raw rows, labels as intp) of "train" or "test"."""
        raw, labels = self.train if split == "train" else self.test
        return raw, np.asarray(labels, dtype=np.intp)

    def features(self, split: str) -> Iterator[np.ndarray]:
        """The split's float32 feature rows, block by block (engine.datasets.feature_cache writes them)."""
        return feature_blocks(self.split(split)[0], self.mean, f"X_{split} of {self.name}")

    def in_memory(self) -> Dataset:
        """The Dataset with its own (private, read-only) arrays: what a process without the cache gets."""
        arrays = {}
        for split in ("train", "test"):
            raw, arrays[f"y_{split}"] = self.split(split)
            arrays[f"X_{split}"] = to_features(raw, self.mean, f"X_{split} of {self.name}")
        for array in arrays.values():
            array.setflags(write=False)
        return Dataset(name=self.name, classes=self.classes, image_shape=self.image_shape,
                       mean_image=self.mean, source=self.source, **arrays)


def raw_splits(name: str, classes, train: tuple, test: tuple, *, train_size=None, test_size=None,
               mean_subtract: bool = False, image_shape=IMAGE_SHAPE, source: str = "") -> RawSplits:
    """Cut the splits to size and compute μ; the features come later (in memory or into the cache)."""
    raw_train, y_train = first_rows(*train, train_size, "train")
    raw_test, y_test = first_rows(*test, test_size, "test")
    mean = mean_image(raw_train) if mean_subtract else None
    return RawSplits(name=name, classes=tuple(classes), train=(raw_train, y_train), test=(raw_test, y_test),
                     mean=mean, image_shape=image_shape, source=source)
