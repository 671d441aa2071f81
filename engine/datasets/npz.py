"""``npz:PATH``: your own data as a numpy .npz file, read with allow_pickle=False.

Arrays: X_train, y_train, X_test, y_test, optionally classes (strings). X is uint8 or float,
shaped (N, D) or (N, 32, 32, 3) (height × width × channel). y are integers in [0, C), where
C = len(classes) if given, else 1 + the largest training label.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import numpy as np

from engine.datasets.dataset import IMAGE_SHAPE, DatasetError, checked_labels
from engine.files import kind_of, shown_path

KEYS = ("X_train", "y_train", "X_test", "y_test")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first member, or an empty zip
NPY_MAGIC = b"\x93NUMPY"


def check_is_npz(path: Path) -> None:
    """Refuse before numpy sees it: not a regular file, or not a zip archive (what .npz files are)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise DatasetError(f"'{shown_path(path)}' is {kind_of(st)}, not an .npz file")
        with open(path, "rb") as handle:
            head = handle.read(len(NPY_MAGIC))
    except (FileNotFoundError, NotADirectoryError):
        raise DatasetError(f"no such file '{shown_path(path)}'") from None
    except OSError as exc:
        raise DatasetError(f"cannot read '{shown_path(path)}' ({exc.strerror or exc})") from None
    if head.startswith(NPY_MAGIC):
        raise DatasetError(f"'{shown_path(path)}' is a single .npy array, not an .npz archive "
                           f"(save the arrays {', '.join(KEYS)} with numpy.savez)")
    if not head.startswith(ZIP_MAGICS):
        raise DatasetError(f"'{shown_path(path)}' is not an .npz file (no zip archive inside; "
                           "save the arrays with numpy.savez)")


def _read(path: Path) -> dict:
    """The arrays of PATH (read with allow_pickle=False), after checking it is an .npz archive."""
    check_is_npz(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [key for key in KEYS if key not in data.files]
            if missing:
                raise DatasetError(f"'{path}' lacks {', '.join(missing)} (needs {', '.join(KEYS)})")
            return {key: data[key] for key in (*KEYS, "classes") if key in data.files}
    except DatasetError:
        raise
    except ValueError as exc:
        if "allow_pickle" in str(exc):
            raise DatasetError(f"'{path}' holds object arrays (pickles), which are not loaded") from None
        raise DatasetError(f"truncated or damaged .npz file '{path}' ({exc})") from None
    except (OSError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise DatasetError(f"truncated or damaged .npz file '{path}' ({exc})") from None


def _pixels(X: np.ndarray, name: str, path: Path) -> np.ndarray:
    """X as (N, D) rows, after checking its dtype, shape and that every value is finite."""
    if X.dtype != np.uint8 and not np.issubdtype(X.dtype, np.floating):
        raise DatasetError(f"{name} must be uint8 or float, got {X.dtype} in '{path}'")
    if X.ndim == 4 and X.shape[1:] == IMAGE_SHAPE:
        X = X.reshape(X.shape[0], -1)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise DatasetError(f"{name} must have shape (N, D) or (N, 32, 32, 3), got {X.shape} in '{path}'")
    if X.dtype != np.uint8 and not np.isfinite(X).all():
        raise DatasetError(f"{name} has NaN or infinite values in '{path}'")
    return X


def _classes(data: dict, y_train: np.ndarray, path: Path) -> tuple[str, ...]:
    if "classes" in data:
        names = data["classes"]
        if names.ndim != 1 or names.dtype.kind not in "US":
            raise DatasetError(f"classes must be a 1-D array of strings in '{path}'")
        return tuple(str(n) for n in names)
    if not np.issubdtype(y_train.dtype, np.integer) or y_train.size == 0:
        raise DatasetError(f"y_train must be a non-empty integer array in '{path}'")
    return tuple(str(c) for c in range(int(y_train.max()) + 1))


def npz_arrays(path: str | Path):
    """(classes, X_train, y_train, X_test, y_test) from PATH, validated; X as (N, D)."""
    path = Path(path).expanduser()
    data = _read(path)
    classes = _classes(data, data["y_train"], path)
    if len(classes) < 2:
        raise DatasetError(f"need at least 2 classes, found {len(classes)} in '{path}'")
    splits = []
    for split in ("train", "test"):
        X = _pixels(data[f"X_{split}"], f"X_{split}", path)
        y = checked_labels(data[f"y_{split}"], len(classes), f"{path}:y_{split}")
        if y.shape[0] != X.shape[0]:
            raise DatasetError(f"X_{split} has {X.shape[0]} rows but y_{split} {y.shape[0]} in '{path}'")
        splits.append((X, y))
    if splits[0][0].shape[1] != splits[1][0].shape[1]:
        raise DatasetError(f"X_train and X_test differ in width ({splits[0][0].shape[1]} vs "
                           f"{splits[1][0].shape[1]}) in '{path}'")
    return classes, splits[0], splits[1]
