"""Datasets: shapes generation and cache, CIFAR-10 python/binary batches, npz files, preprocessing."""

import io
import os
import random
import pickle
import re
import struct

import numpy as np
import pytest

from engine.datasets import DatasetError, load_dataset, parse_spec
from engine.datasets import cifar, feature_cache, shapes
from engine.datasets.cache import atomic_writer, cache_dir
from engine.datasets.safe_pickle import UnsafePickleError, restricted_loads


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "loss-tui"


# --- specs and the cache dir ----------------------------------------------------------------


@pytest.mark.parametrize("spec, expected", [
    ("shapes", ("shapes", None)), ("cifar10", ("cifar10", None)),
    ("cifar10:/data/c", ("cifar10", "/data/c")), ("npz:a:b.npz", ("npz", "a:b.npz"))])
def test_parse_spec(spec, expected):
    assert parse_spec(spec) == expected


@pytest.mark.parametrize("spec, message", [
    ("mnist", "unknown dataset 'mnist' (choose shapes, cifar10, cifar10:PATH or npz:PATH)"),
    ("npz", "npz needs a file: npz:PATH 'npz'"), ("npz:", "npz needs a file: npz:PATH 'npz:'"),
    ("shapes:x", "shapes is generated and takes no path 'shapes:x'")])
def test_bad_specs(spec, message):
    with pytest.raises(DatasetError) as info:
        parse_spec(spec)
    assert str(info.value) == message


def test_cache_dir_follows_xdg(private_cache, monkeypatch, tmp_path):
    assert cache_dir() == private_cache
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "loss-tui"


def test_atomic_writer_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "sub" / "file.bin"
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write(b"half")
            raise RuntimeError("interrupted")
    assert not target.exists() and os.listdir(tmp_path / "sub") == []
    with atomic_writer(target) as handle:
        handle.write(b"whole")
    assert target.read_bytes() == b"whole" and os.listdir(tmp_path / "sub") == ["file.bin"]


# --- shapes ------------------------------------------------------------------------------------


def test_shapes_dataset_shapes_and_preprocessing():
    data = load_dataset("shapes", train_size=300, test_size=120)
    assert data.name == "shapes" and data.classes == shapes.CLASSES and data.num_classes == 10
    assert data.X_train.shape == (300, 3073) and data.X_train.dtype == np.float32
    assert data.X_test.shape == (120, 3073) and data.image_shape == (32, 32, 3)
    assert np.all(data.X_train[:, -1] == 1.0) and np.all(data.X_test[:, -1] == 1.0)  # bias trick
    pixels = data.X_train[:, :-1]
    assert pixels.min() >= 0 and pixels.max() <= 255 and np.all(pixels == np.round(pixels))
    assert data.mean_image is None
    assert set(np.unique(data.y_train)) == set(range(10))


def test_shapes_balanced_deterministic_and_prefix_stable():
    images, labels = shapes.generate_split(1500, seed=3, split="train")
    assert np.bincount(labels[:1000]).tolist() == [100] * 10
    again, again_labels = shapes.generate_split(1500, seed=3, split="train")
    assert np.array_equal(images, again) and np.array_equal(labels, again_labels)
    prefix, prefix_labels = shapes.generate_split(700, seed=3, split="train")
    assert np.array_equal(prefix, images[:700]) and np.array_equal(prefix_labels, labels[:700])
    other, _ = shapes.generate_split(700, seed=4, split="train")
    assert not np.array_equal(other, prefix)
    test, _ = shapes.generate_split(700, seed=3, split="test")
    assert not np.array_equal(test, prefix)


def test_shapes_classes_differ_in_what_is_drawn():
    images, labels = shapes.generate_split(1000, seed=0, split="train")
    means = np.array([images[labels == c].astype(float).mean(axis=(0, 3)) for c in range(10)])
    stripes = means[6]  # horizontal stripes: rows alternate, columns do not
    assert np.abs(np.diff(stripes, axis=0)).mean() > np.abs(np.diff(stripes, axis=1)).mean()
    assert np.abs(np.diff(means[7], axis=1)).mean() > np.abs(np.diff(means[7], axis=0)).mean()
    red = images[labels == 0][..., 0].mean() - images[labels == 0][..., 2].mean()
    assert red > 10  # discs lean to red


def test_shapes_cache_is_written_once_and_reused(private_cache, monkeypatch):
    first = load_dataset("shapes", train_size=200, test_size=50, seed=1)
    names = sorted(f.name for f in (private_cache / "features").iterdir())
    key = names[0].split(".")[0]
    assert key.startswith(f"v{feature_cache.VERSION}-")
    assert names == [f"{key}.{part}" for part in
                     ("X_test.npy", "X_train.npy", "meta.json", "y_test.npy", "y_train.npy")]
    monkeypatch.setattr(shapes, "generate_split", lambda *a, **k: pytest.fail("regenerated"))
    second = load_dataset("shapes", train_size=200, test_size=50, seed=1)
    assert np.array_equal(first.X_train, second.X_train) and second.X_train.shape == (200, 3073)


def test_progress_reports_generation():
    calls = []
    load_dataset("shapes", train_size=1500, test_size=10, progress=lambda *a: calls.append(a))
    assert calls == [("generating shapes (train)", 1000, 1500), ("generating shapes (train)", 1500, 1500),
                     ("generating shapes (test)", 10, 10)]


def test_mean_subtraction_centres_training_pixels():
    plain = load_dataset("shapes", train_size=200, test_size=30)
    centred = load_dataset("shapes", train_size=200, test_size=30, mean_subtract=True)
    mean = plain.X_train[:, :-1].astype(np.float64).mean(axis=0)
    assert np.allclose(centred.mean_image, mean, atol=1e-3)
    assert np.allclose(centred.X_train[:, :-1].mean(axis=0), 0, atol=1e-3)
    assert np.allclose(centred.X_test[:, :-1], plain.X_test[:, :-1] - centred.mean_image)
    assert np.all(centred.X_train[:, -1] == 1.0)


@pytest.mark.parametrize("sizes, message", [
    ((0, 10), "train size must be at least 1, got '0'"), ((10, -1), "test size must be at least 1, got '-1'")])
def test_bad_shapes_sizes(sizes, message):
    with pytest.raises(DatasetError, match=message):
        load_dataset("shapes", train_size=sizes[0], test_size=sizes[1])


# --- CIFAR-10 ------------------------------------------------------------------------------


class Py2Pickler(pickle._Pickler):
    """Writes bytes as Python 2 str opcodes (SHORT_BINSTRING/BINSTRING), like the real batches."""

    def save_bytes(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch = dict(pickle._Pickler.dispatch)
    dispatch[bytes] = save_bytes


def py2_pickle(obj) -> bytes:
    buffer = io.BytesIO()
    Py2Pickler(buffer, protocol=2).dump(obj)
    return buffer.getvalue().replace(b"numpy._core.multiarray", b"numpy.core.multiarray")


def cifar_batch(n, offset, seed=0):
    """n CHW rows whose red plane is 10·k + offset and labels k % 10."""
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    data[:, :1024] = (np.arange(n)[:, None] * 10 + offset) % 256
    return data, [int(k % 10) for k in range(n)]


def write_cifar(folder, kind="py", sizes=(3, 4, 2, 5, 1, 6), protocol=None):
    folder.mkdir(parents=True, exist_ok=True)
    names = [*cifar.TRAIN_BATCHES, cifar.TEST_BATCH]
    for i, (name, n) in enumerate(zip(names, sizes)):
        data, labels = cifar_batch(n, i, seed=i)
        if kind == "bin":
            records = np.concatenate([np.array(labels, np.uint8)[:, None], data], axis=1)
            (folder / f"{name}.bin").write_bytes(records.tobytes())
        else:
            batch = {b"batch_label": b"batch", b"labels": labels, b"data": data, b"filenames": [b"x"] * n}
            blob = py2_pickle(batch) if protocol is None else pickle.dumps(batch, protocol=protocol)
            (folder / name).write_bytes(blob)
    return folder


@pytest.mark.parametrize("kind, subfolder", [("py", cifar.PY_FOLDER), ("bin", cifar.BIN_FOLDER)])
def test_cifar_batches_any_record_count(tmp_path, kind, subfolder):
    write_cifar(tmp_path / subfolder, kind)
    for spec in (f"cifar10:{tmp_path}", f"cifar10:{tmp_path / subfolder}"):
        data = load_dataset(spec)
        assert data.classes == cifar.CLASSES
        assert data.X_train.shape == (3 + 4 + 2 + 5 + 1, 3073) and data.X_test.shape == (6, 3073)
        assert data.y_train.tolist() == [0, 1, 2, 0, 1, 2, 3, 0, 1, 0, 1, 2, 3, 4, 0]
        # channels last: pixel (0, 0)'s red value is feature 0, green feature 1
        red = data.X_train[:, 0:3072:3]
        assert np.all(red == red[:, :1]) and red[3, 0] == 1 and red[4, 0] == 11
        assert data.source == str(tmp_path / subfolder)


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_cifar_python3_pickles_also_load(tmp_path, protocol):
    write_cifar(tmp_path, "py", sizes=(2,) * 6, protocol=protocol)
    assert load_dataset(f"cifar10:{tmp_path}", train_size=7).X_train.shape == (7, 3073)


def test_cifar_default_folder_and_missing_download(private_cache):
    with pytest.raises(DatasetError, match="CIFAR-10 is not downloaded yet: run 'loss-tui fetch cifar10'"):
        load_dataset("cifar10")
    write_cifar(private_cache / "cifar10" / cifar.PY_FOLDER)
    assert load_dataset("cifar10", test_size=2).X_test.shape == (2, 3073)


def test_restricted_unpickler_refuses_code_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    blob = pickle.dumps({b"data": Exploit(), b"labels": []}, protocol=2)
    with pytest.raises(UnsafePickleError, match=r"refusing to load (posix|os)\.system"):
        restricted_loads(blob)
    assert not marker.exists()
    folder = write_cifar(tmp_path / "c")
    (folder / "data_batch_2").write_bytes(blob)
    with pytest.raises(DatasetError) as info:
        load_dataset(f"cifar10:{folder}")
    assert "refusing to load" in str(info.value) and "data_batch_2" in str(info.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["builtins eval", "subprocess Popen", "numpy load", "_codecs decode"])
def test_restricted_unpickler_refuses_other_globals(name):
    module, attr = name.split()
    blob = b"\x80\x02c" + f"{module}\n{attr}\n".encode() + b"X\x01\x00\x00\x001\x85R."
    with pytest.raises(UnsafePickleError, match=f"refusing to load {module}.{attr}"):
        restricted_loads(blob)


def test_restricted_unpickler_codecs_only_latin1():
    ok = pickle.dumps(b"\x00\xff", protocol=2)  # Python 3 writes _codecs.encode('\x00ÿ', 'latin1')
    assert restricted_loads(ok) == b"\x00\xff"
    other = ok.replace(b"latin1", b"utf_16")  # same length, so the pickle stays well-formed
    with pytest.raises(UnsafePickleError, match="refusing _codecs.encode with encoding 'utf_16'"):
        restricted_loads(other)


def _expect_cifar_error(folder, message):
    with pytest.raises(DatasetError, match=message):
        load_dataset(f"cifar10:{folder}")


def test_cifar_bad_files(tmp_path):
    folder = write_cifar(tmp_path / "py")
    (folder / "test_batch").write_bytes((folder / "test_batch").read_bytes()[:-40])
    _expect_cifar_error(folder, "truncated or damaged CIFAR-10 batch .*test_batch")
    (folder / "test_batch").unlink()
    _expect_cifar_error(folder, "missing CIFAR-10 batch .*test_batch")
    for batch, message in [
        ({b"data": np.zeros((2, 3072), np.float32), b"labels": [0, 1]}, "must be uint8, got float32"),
        ({b"data": np.zeros((2, 3071), np.uint8), b"labels": [0, 1]}, r"shape \(n, 3072\), got \(2, 3071\)"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [0, 10]}, "label 10 out of range 0..9"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [0]}, "2 images but 1 labels"),
        ({b"labels": [0]}, "without 'data'"), ([1, 2], "is not a dict")]:
        (folder / "test_batch").write_bytes(py2_pickle(batch))
        _expect_cifar_error(folder, message)
    _expect_cifar_error(tmp_path / "nowhere", "no such folder")
    (tmp_path / "empty").mkdir()
    _expect_cifar_error(tmp_path / "empty", "no CIFAR-10 batches in")


def test_cifar_bad_binary_files(tmp_path):
    folder = write_cifar(tmp_path / "bin", "bin")
    blob = (folder / "test_batch.bin").read_bytes()
    (folder / "test_batch.bin").write_bytes(blob[:-1])
    _expect_cifar_error(folder, "truncated CIFAR-10 binary batch .* not a whole number of 3073-byte records")
    (folder / "test_batch.bin").write_bytes(bytes([12]) + blob[1:])
    _expect_cifar_error(folder, "label 12 out of range 0..9")


def test_sizes_beyond_the_data(tmp_path):
    write_cifar(tmp_path)
    with pytest.raises(DatasetError, match="train size 16 exceeds the 15 train rows available"):
        load_dataset(f"cifar10:{tmp_path}", train_size=16)


# --- npz -----------------------------------------------------------------------------------------


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return f"npz:{path}"


def small_arrays(dtype=np.uint8, image=False):
    rng = np.random.default_rng(0)
    shape = (6, 32, 32, 3) if image else (6, 5)
    X = rng.integers(0, 256, size=shape).astype(dtype)
    return dict(X_train=X, y_train=np.array([0, 1, 2, 0, 1, 2]), X_test=X[:4], y_test=np.array([2, 1, 0, 1]))


def test_npz_flat_float_rows(tmp_path):
    arrays = small_arrays(np.float64)
    data = load_dataset(write_npz(tmp_path / "d.npz", **arrays), test_size=3)
    assert data.classes == ("0", "1", "2") and data.image_shape is None
    assert data.X_train.shape == (6, 6) and data.X_train.dtype == np.float32
    assert np.array_equal(data.X_train[:, :5], arrays["X_train"].astype(np.float32))
    assert data.X_test.shape == (3, 6) and data.y_test.tolist() == [2, 1, 0]


def test_npz_images_and_class_names(tmp_path):
    arrays = small_arrays(image=True)
    spec = write_npz(tmp_path / "d.npz", classes=np.array(["a", "b", "c", "d"]), **arrays)
    data = load_dataset(spec)
    assert data.classes == ("a", "b", "c", "d") and data.image_shape == (32, 32, 3)
    assert data.X_train.shape == (6, 3073)
    assert np.array_equal(data.X_train[:, :3072], arrays["X_train"].reshape(6, -1))


@pytest.mark.parametrize("change, message", [
    (dict(X_train=np.zeros((6, 5), np.int32)), "X_train must be uint8 or float, got int32"),
    (dict(X_test=np.zeros((4, 7), np.uint8)), r"X_train and X_test differ in width \(5 vs 7\)"),
    (dict(X_test=np.zeros((4, 5, 2), np.uint8)), r"X_test must have shape \(N, D\) or \(N, 32, 32, 3\)"),
    (dict(y_test=np.array([0, 1, 3, 1])), "label 3 out of range 0..2"),
    (dict(y_train=np.array([0, 1, 2, 0, 1, -1])), "label -1 out of range 0..2 in .*d.npz:y_train"),
    (dict(y_train=np.array([0.0, 1, 2, 0, 1, 2])), "y_train must be a non-empty integer array"),
    (dict(y_test=np.array([0, 1, 1])), "X_test has 4 rows but y_test 3"),
    (dict(X_train=np.full((6, 5), np.nan)), "X_train has NaN or infinite values"),
    (dict(classes=np.array([1, 2, 3])), "classes must be a 1-D array of strings"),
])
def test_npz_bad_contents(tmp_path, change, message):
    arrays = {**small_arrays(), **change}
    with pytest.raises(DatasetError, match=message):
        load_dataset(write_npz(tmp_path / "d.npz", **arrays))


def test_npz_bad_files(tmp_path):
    with pytest.raises(DatasetError, match="no such file '.*missing.npz'"):
        load_dataset(f"npz:{tmp_path / 'missing.npz'}")
    arrays = small_arrays()
    del arrays["y_test"]
    with pytest.raises(DatasetError, match="lacks y_test"):
        load_dataset(write_npz(tmp_path / "a.npz", **arrays))
    path = tmp_path / "b.npz"
    write_npz(path, **small_arrays())
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(DatasetError, match="truncated or damaged .npz file"):
        load_dataset(f"npz:{path}")
    objects = {**small_arrays(), "y_test": np.array([0, 1, 2, None], dtype=object)}
    with pytest.raises(DatasetError, match="holds object arrays"):
        load_dataset(write_npz(tmp_path / "c.npz", **objects))


# --- hostile files (issue 11) ---------------------------------------------------------------------


@pytest.mark.parametrize("content, message", [
    (random.Random(0).randbytes(4096), r"'.*d.npz' is not an .npz file \(no zip archive inside; save the arrays with numpy.savez\)"),
    (b"\x80\x04K\x01.", "is not an .npz file"),  # a pickle named .npz: refused before numpy sees it
    (b"", "is not an .npz file")], ids=["random-bytes", "a-pickle", "empty"])
def test_a_file_that_is_not_npz_at_all_says_so(tmp_path, content, message):
    (tmp_path / "d.npz").write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        load_dataset(f"npz:{tmp_path / 'd.npz'}")


def test_a_single_npy_array_named_npz_says_so(tmp_path):
    np.save(tmp_path / "d.npy", np.zeros(3))
    os.rename(tmp_path / "d.npy", tmp_path / "d.npz")
    with pytest.raises(DatasetError, match=r"is a single .npy array, not an .npz archive"):
        load_dataset(f"npz:{tmp_path / 'd.npz'}")


def test_npz_device_and_fifo_are_refused_without_reading(tmp_path):
    (tmp_path / "zero.npz").symlink_to("/dev/zero")
    with pytest.raises(DatasetError, match=r"'.*zero.npz' is a character device, not an .npz file"):
        load_dataset(f"npz:{tmp_path / 'zero.npz'}")
    os.mkfifo(tmp_path / "pipe.npz")
    with pytest.raises(DatasetError, match=r"is a FIFO \(named pipe\), not an .npz file"):
        load_dataset(f"npz:{tmp_path / 'pipe.npz'}")


def test_float64_pixels_beyond_float32_are_refused_not_turned_into_inf(tmp_path):
    arrays = {**small_arrays(np.float64), "X_test": np.full((4, 5), -1e308)}
    with pytest.raises(DatasetError, match="X_test of npz:.*d.npz has values beyond float32's range"):
        load_dataset(write_npz(tmp_path / "d.npz", **arrays), use_cache=False)


@pytest.mark.parametrize("protocol", [None, 2, 5])
def test_cifar_labels_pickled_as_numpy_scalars_load(tmp_path, protocol):
    folder = write_cifar(tmp_path / "c", sizes=(2,) * 6, protocol=protocol)
    batch = {b"labels": [np.int64(3), np.int64(9)], b"data": np.zeros((2, 3072), np.uint8)}
    blob = py2_pickle(batch) if protocol is None else pickle.dumps(batch, protocol=protocol)
    (folder / "test_batch").write_bytes(blob)
    assert load_dataset(f"cifar10:{folder}").y_test.tolist() == [3, 9]


@pytest.mark.parametrize("dtype, data, message", [
    (np.dtype("O"), b"\x00" * 8, "refusing a numpy scalar of dtype dtype('O')"),
    (np.dtype("i8"), b"\x03", "refusing a numpy scalar of dtype dtype('int64')"),  # 1 byte for 8
])
def test_the_scalar_reconstructor_builds_numbers_only(dtype, data, message):
    class Scalar:
        def __reduce__(self):
            return (np.int64(0).__reduce__()[0], (dtype, data))

    with pytest.raises(UnsafePickleError, match=re.escape(message)):
        restricted_loads(pickle.dumps(Scalar(), protocol=2))


def test_cifar_batches_that_are_devices_or_fifos_are_refused(tmp_path):
    folder = write_cifar(tmp_path / "c")
    (folder / "test_batch").unlink()
    (folder / "test_batch").symlink_to("/dev/zero")
    _expect_cifar_error(folder, r"test_batch: is a character device, not a CIFAR-10 batch")
    (folder / "test_batch").unlink()
    os.mkfifo(folder / "test_batch")
    _expect_cifar_error(folder, r"test_batch: is a FIFO \(named pipe\), not a CIFAR-10 batch")
