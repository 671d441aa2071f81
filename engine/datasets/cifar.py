"""``cifar10[:PATH]``: the real CIFAR-10, from its python batches or its binary batches.

PATH is a ``cifar-10-batches-py`` folder (pickled dicts: b"data" (n, 3072) uint8 with the
1024 red, then green, then blue values of each image; b"labels" n ints), a
``cifar-10-batches-bin`` folder (records of 1 label byte + 3072 pixel bytes, same order), or a
folder containing either. Without PATH: the folder ``loss-tui fetch cifar10`` fills.
Files: data_batch_1 … data_batch_5 (training) and test_batch, each with any number of records.
Pixels are reordered to height × width × channel like every other dataset here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.datasets.cache import cache_dir
from engine.datasets.dataset import DatasetError, ProgressCallback, checked_labels
from engine.datasets.safe_pickle import UnsafePickleError, restricted_loads
from engine.files import FileProblem, read_bounded

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
PY_FOLDER, BIN_FOLDER = "cifar-10-batches-py", "cifar-10-batches-bin"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
PIXELS = 32 * 32 * 3
RECORD_BYTES = 1 + PIXELS
MAX_BATCH_BYTES = 2**29  # a batch of 10,000 images is 31 MB; all 60,000 in one would be 185 MB


def default_root() -> Path:
    """Where ``loss-tui fetch cifar10`` extracts the python batches: <cache dir>/cifar10."""
    return cache_dir() / "cifar10"


def locate(path: str | Path | None = None) -> tuple[Path, str]:
    """(folder holding the batches, "py" or "bin") for PATH or the default download folder."""
    root = Path(path).expanduser() if path else default_root()
    if not root.exists():
        if path is None:
            raise DatasetError("CIFAR-10 is not downloaded yet: run 'loss-tui fetch cifar10' "
                               "or give its folder as 'cifar10:PATH'")
        raise DatasetError(f"no such folder '{root}'")
    for folder in (root, root / PY_FOLDER, root / BIN_FOLDER):
        if (folder / TEST_BATCH).is_file() or (folder / f"{TRAIN_BATCHES[0]}").is_file():
            return folder, "py"
        if (folder / f"{TEST_BATCH}.bin").is_file() or (folder / f"{TRAIN_BATCHES[0]}.bin").is_file():
            return folder, "bin"
    raise DatasetError(f"no CIFAR-10 batches in '{root}' (expected {PY_FOLDER} or {BIN_FOLDER})")


def _read_bytes(path: Path) -> bytes:
    """The batch file's bytes: a regular file of at most MAX_BATCH_BYTES (never /dev/zero, a FIFO)."""
    if not path.exists():
        raise DatasetError(f"missing CIFAR-10 batch '{path}'")
    try:
        return read_bounded(path, MAX_BATCH_BYTES, "CIFAR-10 batch")
    except FileProblem as exc:
        raise DatasetError(str(exc)) from None


def _field(batch: dict, key: str, path: Path):
    for candidate in (key.encode(), key):
        if candidate in batch:
            return batch[candidate]
    raise DatasetError(f"CIFAR-10 batch without '{key}' in '{path}'")


def read_python_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(pixels (n, 3072) uint8 as stored, labels (n,)) from one pickled batch, unpickled safely."""
    try:
        batch = restricted_loads(_read_bytes(path))
    except UnsafePickleError as exc:
        raise DatasetError(f"{exc} — refused '{path}'") from None
    except Exception as exc:  # noqa: BLE001 - any other failure means a damaged file
        raise DatasetError(f"truncated or damaged CIFAR-10 batch '{path}' ({exc})") from None
    if not isinstance(batch, dict):
        raise DatasetError(f"CIFAR-10 batch is not a dict in '{path}'")
    data = _field(batch, "data", path)
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8:
        kind = data.dtype if isinstance(data, np.ndarray) else type(data).__name__
        raise DatasetError(f"CIFAR-10 data must be uint8, got {kind} in '{path}'")
    if data.ndim != 2 or data.shape[1] != PIXELS:
        raise DatasetError(f"CIFAR-10 data must have shape (n, {PIXELS}), got {data.shape} in '{path}'")
    labels = _field(batch, "labels", path)
    try:
        labels = np.asarray(labels)
    except (ValueError, TypeError):
        raise DatasetError(f"CIFAR-10 labels are not a list of ints in '{path}'") from None
    if labels.shape != (data.shape[0],):
        raise DatasetError(f"{data.shape[0]} images but {labels.size} labels in '{path}'")
    return data, checked_labels(labels, len(CLASSES), str(path))


def read_binary_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(pixels (n, 3072) uint8 as stored, labels (n,)) from records of 1 + 3072 bytes."""
    raw = np.frombuffer(_read_bytes(path), dtype=np.uint8)
    if raw.size == 0 or raw.size % RECORD_BYTES:
        raise DatasetError(f"truncated CIFAR-10 binary batch '{path}': {raw.size} bytes is not "
                           f"a whole number of {RECORD_BYTES}-byte records")
    records = raw.reshape(-1, RECORD_BYTES)
    return records[:, 1:], checked_labels(records[:, 0], len(CLASSES), str(path))


def channels_last(pixels: np.ndarray) -> np.ndarray:
    """Rows of 1024 R, 1024 G, 1024 B values → rows in height × width × channel order."""
    return pixels.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).reshape(-1, PIXELS)


def _read_split(folder: Path, kind: str, names, progress, done: int, total: int):
    reader, suffix = (read_python_batch, "") if kind == "py" else (read_binary_batch, ".bin")
    pixels, labels = [], []
    for name in names:
        data, y = reader(folder / f"{name}{suffix}")
        pixels.append(channels_last(data))
        labels.append(y)
        done += 1
        if progress:
            progress("reading CIFAR-10", done, total)
    return np.concatenate(pixels), np.concatenate(labels)


def cifar_images(path: str | Path | None = None, progress: ProgressCallback | None = None):
    """(X_train, y_train, X_test, y_test): (N, 3072) uint8 rows in HWC order and their labels."""
    folder, kind = locate(path)
    total = len(TRAIN_BATCHES) + 1
    train = _read_split(folder, kind, TRAIN_BATCHES, progress, 0, total)
    test = _read_split(folder, kind, (TEST_BATCH,), progress, total - 1, total)
    return (*train, *test), folder
