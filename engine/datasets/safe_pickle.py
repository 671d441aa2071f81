"""Reading CIFAR-10's python batches without running arbitrary code.

A pickle can name any importable callable and have it called while loading; a hostile file
could run ``os.system``. This unpickler resolves only the names that pickled numpy arrays,
dtypes, number scalars (labels saved as np.int64), dicts, lists and bytes need; any other name
is refused before anything is called.
"""

from __future__ import annotations

import codecs
import io
import pickle

import numpy as np

try:  # numpy ≥ 2 keeps these in numpy._core; numpy 1.x in numpy.core
    from numpy._core.multiarray import _reconstruct
    from numpy._core.multiarray import scalar as _scalar
    from numpy._core.numeric import _frombuffer
except ImportError:  # pragma: no cover - numpy 1.x
    from numpy.core.multiarray import _reconstruct
    from numpy.core.multiarray import scalar as _scalar
    from numpy.core.numeric import _frombuffer


class UnsafePickleError(pickle.UnpicklingError):
    """The pickle asked for something a dataset batch never needs."""


def _latin1_encode(text, encoding="latin1"):
    """_codecs.encode as Python 3 pickles bytes in protocol 2: only str → latin-1 bytes."""
    if not isinstance(text, str) or codecs.lookup(encoding).name != "iso8859-1":
        raise UnsafePickleError(f"refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


def _number_scalar(dtype, data=None):
    """numpy's scalar reconstructor (a label pickled as np.int64(3)), for number dtypes only.

    Pickled numpy scalars call multiarray.scalar(dtype, raw bytes); an object dtype would hand
    back an arbitrary object, so only booleans, integers and floats of the right size pass.
    """
    if not isinstance(dtype, np.dtype) or dtype.kind not in "biuf" or \
            not isinstance(data, bytes) or len(data) != dtype.itemsize:
        raise UnsafePickleError(f"refusing a numpy scalar of dtype {dtype!r}: a label is a number")
    return _scalar(dtype, data)


ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,   # arrays (numpy 1.x, Python 2 files)
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,  # arrays (numpy 2)
    ("numpy.core.numeric", "_frombuffer"): _frombuffer,        # arrays, pickle protocol 5
    ("numpy._core.numeric", "_frombuffer"): _frombuffer,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("numpy.core.multiarray", "scalar"): _number_scalar,       # np.int64 labels (numpy 1.x)
    ("numpy._core.multiarray", "scalar"): _number_scalar,      # np.int64 labels (numpy 2)
    ("_codecs", "encode"): _latin1_encode,                     # bytes, pickle protocol 2 from Python 3
}


class RestrictedUnpickler(pickle.Unpickler):
    """An Unpickler whose find_class knows only ALLOWED; persistent ids are refused too."""

    def find_class(self, module: str, name: str):
        try:
            return ALLOWED[(module, name)]
        except KeyError:
            raise UnsafePickleError(
                f"refusing to load {module}.{name}: a dataset batch needs only numpy arrays, "
                "dicts, lists and bytes") from None

    def persistent_load(self, pid):
        raise UnsafePickleError("refusing a persistent id: a dataset batch never uses them")


def restricted_loads(data: bytes):
    """Unpickle DATA allowing only ALLOWED globals; Python 2 strings stay bytes (encoding='bytes')."""
    return RestrictedUnpickler(io.BytesIO(data), encoding="bytes").load()
