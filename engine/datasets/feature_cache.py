"""Preprocessed datasets cached as .npy files that every process maps read-only.

Thirty students searching CIFAR-10 at once would each hold X_train (50,000 × 3073 float32,
586 MiB) in private memory. Instead the final matrices — pixels as float32, the mean image
subtracted if asked, the bias column appended — are written once to
``<cache dir>/features/`` and opened with ``np.load(mmap_mode="r")``: every process maps the
same page-cache pages, so the data costs its memory once per machine, and a later load reads
no batch or archive at all. The arrays are read-only; the search only reads them.

An entry is five files named ``v{VERSION}-{key}.*``: X_train.npy, y_train.npy, X_test.npy,
y_test.npy and, written last, meta.json (classes, shapes, what the key was made from). Each file
is written atomically (engine.files): replaced by a rename, never rewritten in place, so a process
mapping the old file keeps reading it (a file truncated under a map faults its readers with
SIGBUS — which is why nothing here ever truncates one). An entry is used only when its meta.json names the same
source and every array has exactly the recorded dtype, shape and file size, its labels are in
range and its bias column is 1 where spot-checked; anything else (a truncated or damaged file, an
older VERSION) is rebuilt. Entries of other versions, and the least recently used ones beyond
MAX_CACHE_BYTES, are deleted (a process that has one mapped keeps its pages until it exits).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Callable

import numpy as np

from engine.datasets.cache import atomic_writer, cache_dir
from engine.datasets.dataset import Dataset, RawSplits
from engine.files import remove_stale_temps_in

VERSION = 1  # bump when the preprocessing or the file layout changes
MAX_CACHE_BYTES = 4 * 2**30  # CIFAR-10 and the default shapes take 0.74 GB each
ARRAYS = ("X_train", "y_train", "X_test", "y_test")


def folder() -> Path:
    return cache_dir() / "features"


def entry_key(identity: dict) -> str:
    """A short name for what the entry was built from (sorted JSON, hashed)."""
    text = json.dumps(identity, sort_keys=True, default=str)
    return f"v{VERSION}-" + hashlib.sha256(text.encode()).hexdigest()[:20]


def entry_paths(key: str) -> dict[str, Path]:
    return {name: folder() / f"{key}.{name}.npy" for name in (*ARRAYS, "mean_image")} | \
        {"meta": folder() / f"{key}.meta.json"}


def _write_npy(path: Path, shape: tuple[int, ...], dtype, blocks) -> None:
    """An .npy file of SHAPE written block by block (no copy of the whole array in memory)."""
    with atomic_writer(path) as handle:
        np.lib.format.write_array_header_1_0(
            handle, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
                     "shape": shape})
        for block in blocks:
            handle.write(np.ascontiguousarray(block, dtype=dtype).data)


def store(key: str, identity: dict, raw: RawSplits) -> None:
    """Write RAW's features, labels and meta.json (last) as the entry KEY. Raises OSError/DatasetError."""
    paths, shapes = entry_paths(key), {}
    for split in ("train", "test"):
        pixels, labels = raw.split(split)
        shapes[f"X_{split}"] = (pixels.shape[0], pixels.shape[1] + 1)
        _write_npy(paths[f"X_{split}"], shapes[f"X_{split}"], np.float32, raw.features(split))
        shapes[f"y_{split}"] = labels.shape
        _write_npy(paths[f"y_{split}"], labels.shape, np.intp, [labels])
    if raw.mean is not None:
        _write_npy(paths["mean_image"], raw.mean.shape, np.float32, [raw.mean])
    meta = {"version": VERSION, "identity": identity, "name": raw.name, "classes": list(raw.classes),
            "image_shape": raw.image_shape, "source": raw.source, "mean": raw.mean is not None,
            "shapes": shapes}
    with atomic_writer(paths["meta"]) as handle:
        handle.write(json.dumps(meta, default=str).encode())


def _mapped(path: Path, shape, dtype) -> np.ndarray | None:
    """PATH mapped read-only if it holds exactly a C-ordered DTYPE array of SHAPE, else None."""
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
        size = os.path.getsize(path)
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(array, np.memmap) or array.dtype != np.dtype(dtype) or \
            array.shape != tuple(shape) or not array.flags.c_contiguous or size != array.offset + array.nbytes:
        return None
    return array


def load(key: str, identity: dict) -> Dataset | None:
    """The entry KEY as a Dataset of read-only maps, or None when missing, damaged or not for IDENTITY."""
    paths = entry_paths(key)
    try:
        meta = json.loads(paths["meta"].read_text(encoding="utf-8"))
        shapes, classes = meta["shapes"], tuple(meta["classes"])
        if meta["version"] != VERSION or meta["identity"] != json.loads(json.dumps(identity, default=str)):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    arrays = {}
    for name in ARRAYS:
        dtype = np.float32 if name.startswith("X") else np.intp
        arrays[name] = _mapped(paths[name], shapes.get(name, ()), dtype)
        if arrays[name] is None:
            return None
    mean = _mapped(paths["mean_image"], (shapes["X_train"][1] - 1,), np.float32) if meta["mean"] else None
    if meta["mean"] and mean is None or not _plausible(arrays, len(classes)):
        return None
    with contextlib.suppress(OSError):
        os.utime(paths["meta"])  # most recently used: pruned last
    image_shape = tuple(meta["image_shape"]) if meta["image_shape"] else None
    return Dataset(name=meta["name"], classes=classes, image_shape=image_shape,
                   mean_image=mean, source=meta["source"], **{k: np.asarray(v) for k, v in arrays.items()})


def _plausible(arrays: dict, num_classes: int) -> bool:
    """Labels in [0, C) and the bias column 1 in the first and last rows: a cheap check for damage."""
    for split in ("train", "test"):
        X, y = arrays[f"X_{split}"], arrays[f"y_{split}"]
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            return False
        if X.shape[0] and not (X[0, -1] == 1.0 and X[-1, -1] == 1.0):
            return False
    return True


def prune(keep: str, max_bytes: int | None = None) -> None:
    """Delete entries of other versions, stale temporary files, and the least recently used entries
    beyond MAX_BYTES (default MAX_CACHE_BYTES; never KEEP)."""
    max_bytes = MAX_CACHE_BYTES if max_bytes is None else max_bytes
    entries: dict[str, list[Path]] = {}
    with contextlib.suppress(OSError):
        for path in folder().iterdir():
            if path.name.startswith("."):
                continue
            entries.setdefault(path.name.split(".")[0], []).append(path)
    for key, files in entries.items():
        if not key.startswith(f"v{VERSION}-"):
            _delete(files)
    remove_stale_temps_in(folder())
    current = {k: f for k, f in entries.items() if k.startswith(f"v{VERSION}-")}
    used = {k: _mtime(entry_paths(k)["meta"]) for k in current}
    total = sum(_size(p) for files in current.values() for p in files)
    for key in sorted(current, key=used.get):
        if total <= max_bytes:
            break
        if key != keep:
            total -= sum(_size(p) for p in current[key])
            _delete(current[key])


def _size(path: Path) -> int:
    with contextlib.suppress(OSError):
        return path.stat().st_size
    return 0


def _mtime(path: Path) -> float:
    with contextlib.suppress(OSError):
        return path.stat().st_mtime
    return 0.0


def _delete(files: list[Path]) -> None:
    for path in files:
        with contextlib.suppress(OSError):
            path.unlink()


def cached(identity: dict, prepare: Callable[[], RawSplits]) -> Dataset:
    """The dataset IDENTITY names: mapped from the cache, or prepared, stored and then mapped.

    When the cache cannot be written (a read-only or full disk) the dataset is still returned,
    with private in-memory arrays.
    """
    key = entry_key(identity)
    found = load(key, identity)
    if found is not None:
        return found
    raw = prepare()
    try:
        store(key, identity, raw)
    except OSError:
        return raw.in_memory()
    prune(keep=key)
    return load(key, identity) or raw.in_memory()
