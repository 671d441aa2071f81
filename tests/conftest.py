"""Fixtures shared by every test folder: the bad-file corpus (tests/bad_files.py), a hang guard,
and a private state folder for every test (the app's autosaves).

A test that asks for ``bad_table`` (or ``bad_scene``) runs once per case, getting
(path, expected): the file is built in the test's tmp_path.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

import pytest

from bad_files import SCENE_CASES, TABLE_CASES


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
