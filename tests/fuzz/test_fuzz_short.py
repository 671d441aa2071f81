"""The short run of the key fuzzer (tests/fuzz/key_fuzzer.py) in ``make test``: one seed per view,
SHORT_BURSTS bursts each, no crash and no hang. ``make fuzz`` runs the long campaign. The last
tests plant a bug behind a key to show the fuzzer reports a crash, a spinning and a sleeping
handler."""

from __future__ import annotations

import time

import pytest

import key_fuzzer
from key_fuzzer import VIEWS, fuzz_seed, home_key
from tui.views.losses import LossesView

SHORT_BURSTS = 15
SEEDS = [6, 1, 2, 3, 4, 5]  # home_key(seed): Losses, Classifier, Search, Regularization, Simpler models, Landscape


@pytest.fixture(autouse=True)
def _scratch(tmp_path, monkeypatch):
    """What the fuzzer saves (S, ctrl+s), screenshots or generates stays in the test's folder."""
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("seed", SEEDS, ids=[VIEWS[home_key(seed)] for seed in SEEDS])
async def test_a_short_fuzz_run_finds_no_crash_and_no_hang(seed):
    figures = await fuzz_seed(seed, SHORT_BURSTS)
    assert figures.crashes == [] and figures.hangs == [], "\n".join(figures.crashes + figures.hangs)
    assert figures.bursts == SHORT_BURSTS and sum(figures.keys.values()) >= SHORT_BURSTS


async def test_the_fuzzer_reports_a_crash_with_its_seed_and_keys(monkeypatch):
    def broken(self) -> None:
        raise ZeroDivisionError("a bug behind a key")

    monkeypatch.setattr(LossesView, "action_jiggle", broken)
    monkeypatch.setattr(key_fuzzer, "make_burst", lambda rng, own_keys: ["down", "j"])
    figures = await fuzz_seed(6, SHORT_BURSTS)
    assert figures.crashes[0].startswith("seed 6 ['down', 'j']:") and figures.bursts == 1
    assert "ZeroDivisionError: a bug behind a key" in figures.crashes[0]


def spin(seconds: float) -> None:
    """A handler stuck in a loop: it keeps the CPU, and the event loop, busy."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


@pytest.mark.parametrize("stuck, wall_s, caught_by", [
    (lambda self: spin(3), 60.0, "s of CPU"),  # past HANG_S of the UI thread's CPU
    (lambda self: time.sleep(3), 1.0, "s of the clock"),  # past HANG_WALL_S, no CPU used
], ids=["spinning", "sleeping"])
async def test_the_fuzzer_reports_a_hang(monkeypatch, stuck, wall_s, caught_by):
    monkeypatch.setattr(key_fuzzer, "HANG_S", 0.5)
    monkeypatch.setattr(key_fuzzer, "HANG_WALL_S", wall_s)
    monkeypatch.setattr(LossesView, "action_jiggle", stuck)
    monkeypatch.setattr(key_fuzzer, "make_burst", lambda rng, own_keys: ["down", "j"])
    figures = await fuzz_seed(6, SHORT_BURSTS)
    assert figures.crashes == [] and figures.bursts == 1
    [hang] = figures.hangs
    assert hang.startswith("seed 6 ['down', 'j']: the app's loop was blocked (") and hang.endswith(f"{caught_by})")
