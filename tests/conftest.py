"""Fixtures shared by every test folder: the bad-file corpus (tests/bad_files.py), a hang guard,
and a private state folder for every test (the app's autosaves).

A test that asks for ``bad_table`` (or ``bad_scene``) runs once per case, getting
(path, expected): the file is built in the test's tmp_path.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest


def _keep_bytecode_in_the_venv() -> None:
    """With PYTHONDONTWRITEBYTECODE set, every xdist worker compiles every test and project module
    again (≈5 s of CPU per worker), and so does every CLI test's subprocess. Keep the compiled
    files, but out of the tree as that setting wants: in the venv (``make clean`` removes them)."""
    if not sys.dont_write_bytecode or sys.prefix == sys.base_prefix:
        return
    prefix = str(Path(sys.prefix) / "pycache")
    sys.dont_write_bytecode, sys.pycache_prefix = False, prefix  # the modules imported from now on
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # and the subprocesses the tests start
    os.environ["PYTHONPYCACHEPREFIX"] = prefix


def _one_blas_thread_per_worker() -> None:
    """xdist already runs two workers per core; OpenBLAS threads on top (one per core, spinning
    while they wait) only fight them for the CPU: 30 % more CPU for the numpy-heavy tests. Set
    before numpy loads; an explicit setting wins."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


_keep_bytecode_in_the_venv()
_one_blas_thread_per_worker()

from bad_files import SCENE_CASES, TABLE_CASES  # noqa: E402 - compiled into the cache above


def pytest_collection_modifyitems(items):
    """The long tests first: xdist hands tests out in collection order, and a long one handed out
    last keeps one worker busy while the others wait (longest first is the classic schedule)."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: order kept otherwise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """After each test, collect its garbage and freeze what survives (module-level caches, the
    latest app, which Textual's active-app context variable holds), as tests/fuzz/campaign.py does
    between seeds: full collections then walk only what later tests make. (Until the autosave
    thread ended with its app, every app survived: 28 % of the CPU of the Losses view tests.)"""
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()


def pytest_generate_tests(metafunc):
    for fixture, cases in (("bad_table", TABLE_CASES), ("bad_scene", SCENE_CASES)):
        if fixture in metafunc.fixturenames:
            metafunc.parametrize(fixture, cases, ids=[name for name, _, _ in cases], indirect=True)


def _built(request, tmp_path):
    _, build, expected = request.param
    return build(tmp_path), expected


@pytest.fixture
def bad_table(request, tmp_path):
    """(path of a bad table file, a fragment of its one-line refusal)."""
    return _built(request, tmp_path)


@pytest.fixture
def bad_scene(request, tmp_path):
    """(path of a bad classifier scene file, a fragment of its one-line refusal)."""
    return _built(request, tmp_path)


@pytest.fixture(autouse=True)
def _private_state(tmp_path_factory, monkeypatch):
    """Every test's app autosaves (tui/recovery.py) to a folder of its own, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@contextmanager
def fails_after(seconds: int):
    """Fail (instead of hanging the suite) when the block blocks, e.g. on a FIFO; main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung(signum, frame):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def no_hang():
    """The fails_after context manager (10 s), for tests that open hostile files."""
    return lambda: fails_after(10)
