"""The shared dataset cache: every process maps the same read-only float32 file; the search runs
on the maps; damaged, truncated or outdated entries are rebuilt; no cache still works."""

import os
import time

import numpy as np
import pytest

from engine.datasets import DatasetError, feature_cache, load_dataset, shapes
from engine.files import STALE_TEMP_S
from engine.search import SearchConfig, run_search


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "loss-tui"


def mappings_of(path) -> list[str]:
    """Lines of /proc/self/maps that map PATH (shared, read-only: "r--s")."""
    with open("/proc/self/maps") as maps:
        return [line for line in maps if line.rstrip().endswith(str(path))]


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_two_loads_map_the_same_read_only_file(private_cache):
    first = load_dataset("shapes", train_size=300, test_size=40)
    second = load_dataset("shapes", train_size=300, test_size=40)
    key = feature_cache.entry_key(_identity(300, 40))
    path = feature_cache.entry_paths(key)["X_train"]
    lines = mappings_of(path)
    assert len(lines) == 2 and all(line.split()[1] == "r--s" for line in lines)
    for data in (first, second):
        for array in (data.X_train, data.y_train, data.X_test, data.y_test):
            assert not array.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                array[0] = 0
    assert np.array_equal(first.X_train, second.X_train) and first.X_train.dtype == np.float32
    assert np.all(first.X_train[:, -1] == 1.0)


def test_without_a_cache_the_arrays_are_private_and_read_only_too(private_cache):
    data = load_dataset("shapes", train_size=100, test_size=20, use_cache=False)
    assert not (private_cache / "features").exists()
    assert not data.X_train.flags.writeable and data.X_train.base is None


def test_an_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    data = load_dataset("shapes", train_size=100, test_size=20)
    assert data.X_train.shape == (100, 3073) and not data.X_train.flags.writeable


@pytest.mark.parametrize("strategy", ["random", "local", "sgd"])
@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_the_search_runs_on_the_read_only_maps(strategy, loss):
    mapped = load_dataset("shapes", train_size=400, test_size=60, mean_subtract=True)
    private = load_dataset("shapes", train_size=400, test_size=60, mean_subtract=True, use_cache=False)
    config = SearchConfig(strategy=strategy, loss=loss, attempts=12, seed=3, reg=0.1)
    *steps, summary = run_search(config, mapped)
    *private_steps, private_summary = run_search(config, private)
    assert [s.loss for s in steps] == pytest.approx([s.loss for s in private_steps], rel=1e-6)
    assert summary.test_accuracy == pytest.approx(private_summary.test_accuracy)
    assert not mapped.X_train.flags.writeable


def test_each_preprocessing_has_its_own_entry(private_cache):
    plain = load_dataset("shapes", train_size=100, test_size=20)
    centred = load_dataset("shapes", train_size=100, test_size=20, mean_subtract=True)
    assert centred.mean_image.shape == (3072,) and not centred.mean_image.flags.writeable
    assert np.allclose(centred.X_train[:, :-1], plain.X_train[:, :-1] - centred.mean_image)
    metas = sorted((private_cache / "features").glob("*.meta.json"))
    assert len(metas) == 2


def test_a_changed_npz_file_is_read_again(tmp_path):
    path = tmp_path / "d.npz"
    rng = np.random.default_rng(0)
    arrays = dict(X_train=rng.random((6, 5)), y_train=np.array([0, 1, 0, 1, 0, 1]),
                  X_test=rng.random((2, 5)), y_test=np.array([1, 0]))
    np.savez(path, **arrays)
    assert load_dataset(f"npz:{path}").X_train[0, 0] == np.float32(arrays["X_train"][0, 0])
    arrays["X_train"][0, 0] = 42.0
    np.savez(path, **arrays)
    later = time.time() + 5
    os.utime(path, (later, later))  # a new modification time, even on a coarse clock
    assert load_dataset(f"npz:{path}").X_train[0, 0] == 42.0


def test_old_versions_and_stale_temps_are_pruned(private_cache):
    folder = private_cache / "features"
    folder.mkdir(parents=True)
    old = folder / "v0-0123456789abcdef0123.X_train.npy"
    old.write_bytes(b"an older layout")
    stale, fresh = folder / ".v1-x.X_train.npy.00000000.tmp", folder / ".v1-x.X_train.npy.11111111.tmp"
    for tmp in (stale, fresh):
        tmp.write_bytes(b"half")
    long_ago = time.time() - 2 * STALE_TEMP_S
    os.utime(stale, (long_ago, long_ago))
    load_dataset("shapes", train_size=50, test_size=10)
    assert not old.exists() and not stale.exists() and fresh.exists()


def test_the_least_recently_used_entries_go_beyond_the_size_limit(private_cache, monkeypatch):
    load_dataset("shapes", train_size=50, test_size=10, seed=1)
    load_dataset("shapes", train_size=50, test_size=10, seed=2)
    one_entry = sum(p.stat().st_size for p in (private_cache / "features").glob("*")) / 2
    monkeypatch.setattr(feature_cache, "MAX_CACHE_BYTES", int(one_entry * 2.5))
    load_dataset("shapes", train_size=50, test_size=10, seed=1)  # seed 1 used again: seed 2 is older
    load_dataset("shapes", train_size=50, test_size=10, seed=3)
    kept = {m.name for m in (private_cache / "features").glob("*.meta.json")}
    seeds = {feature_cache.entry_key(_identity(50, 10, seed)) + ".meta.json": seed for seed in (1, 2, 3)}
    assert sorted(seeds[name] for name in kept) == [1, 3]


def test_values_beyond_float32_are_refused_and_nothing_is_cached(private_cache, tmp_path):
    arrays = dict(X_train=np.full((4, 3), 1e308), y_train=np.array([0, 1, 0, 1]),
                  X_test=np.ones((2, 3)), y_test=np.array([0, 1]))
    np.savez(tmp_path / "huge.npz", **arrays)
    with pytest.raises(DatasetError, match=r"X_train of npz:.*huge.npz has values beyond float32's range"):
        load_dataset(f"npz:{tmp_path / 'huge.npz'}")
    assert [p for p in (private_cache / "features").glob("*") if p.suffix != ".tmp"] == []


@pytest.mark.parametrize("damage", ["truncate", "extra byte", "wrong shape", "bad label", "bias",
                                    "meta", "no meta"])
def test_damaged_cache_is_rebuilt(private_cache, damage):
    mapped = load_dataset("shapes", train_size=100, test_size=20)
    good = {name: np.array(getattr(mapped, name)) for name in ("X_train", "y_test")}
    del mapped  # damaging a mapped file in place (not as the cache does, by rename) faults its readers
    key = feature_cache.entry_key(_identity())
    paths = feature_cache.entry_paths(key)
    X_bytes = paths["X_train"].read_bytes()
    if damage == "truncate":
        paths["X_train"].write_bytes(X_bytes[: len(X_bytes) // 2])
    elif damage == "extra byte":
        paths["X_train"].write_bytes(X_bytes + b"\0")
    elif damage == "wrong shape":
        np.save(paths["X_train"], np.ones((99, 3073), np.float32))
    elif damage == "bad label":
        np.save(paths["y_test"], np.full(20, 10, np.intp))
    elif damage == "bias":
        np.save(paths["X_test"], np.zeros((20, 3073), np.float32))
    elif damage == "meta":
        paths["meta"].write_text("{not json")
    else:
        paths["meta"].unlink()
    assert feature_cache.load(key, _identity()) is None  # detected …
    data = load_dataset("shapes", train_size=100, test_size=20)  # … and rebuilt
    assert np.array_equal(data.X_train, good["X_train"]) and np.array_equal(data.y_test, good["y_test"])
    assert paths["X_train"].read_bytes() == X_bytes
    assert feature_cache.load(key, _identity()) is not None


def _identity(train=100, test=20, seed=0, mean_subtract=False):
    """The identity load_dataset gives shapes of these sizes (its cache key)."""
    return {"spec": "shapes", "source": {"generator": shapes.FORMAT_VERSION, "seed": seed},
            "train_size": train, "test_size": test, "mean_subtract": mean_subtract}


