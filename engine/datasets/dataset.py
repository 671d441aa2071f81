"""The Dataset every loader returns, its error type, and the lecture's preprocessing.

Preprocessing (lecture, "bias trick"): each image becomes a row x_i of raw pixel values as
float32, optionally minus the mean training image μ, with a constant 1 appended, so that
s = x_i W with W (D+1, C) includes the bias as its last row. Images are flattened in
height × width × channel order (the first 3072 features of a 32×32×3 image).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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


def to_features(raw: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    """x_i = [raw_i − μ, 1] as float32 (N, D+1): pixel values as floats, bias trick appended."""
    rows, width = raw.shape
    out = np.empty((rows, width + 1), dtype=np.float32)
    for start in range(0, rows, ROWS_PER_COPY):
        block = out[start:start + ROWS_PER_COPY, :width]
        block[...] = raw[start:start + ROWS_PER_COPY]
        if mean is not None:
            block -= mean
    out[:, width] = 1.0
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


def build_dataset(name: str, classes, train: tuple, test: tuple, *, train_size=None, test_size=None,
                  mean_subtract: bool = False, image_shape=IMAGE_SHAPE, source: str = "") -> Dataset:
    """Cut the splits to size, then apply the lecture's preprocessing to raw (N, D) pixel rows."""
    raw_train, y_train = first_rows(*train, train_size, "train")
    raw_test, y_test = first_rows(*test, test_size, "test")
    mean = mean_image(raw_train) if mean_subtract else None
    return Dataset(name=name, classes=tuple(classes),
                   X_train=to_features(raw_train, mean), y_train=np.asarray(y_train, dtype=np.intp),
                   X_test=to_features(raw_test, mean), y_test=np.asarray(y_test, dtype=np.intp),
                   image_shape=image_shape, mean_image=mean, source=source)
