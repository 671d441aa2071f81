"""The short run of the key fuzzer (tests/fuzz/key_fuzzer.py) in ``make test``: one seed per view,
SHORT_BURSTS bursts each, no crash and no hang. ``make fuzz`` runs the long campaign. The last
two tests show the fuzzer does catch a crash and a hang."""

from __future__ import annotations

import time

import pytest

import key_fuzzer
from key_fuzzer import VIEWS, fuzz_seed
from tui.views.losses import LossesView

SHORT_BURSTS = 30
SEEDS = [4, 1, 2, 3]  # seed % 4 + 1 is the view a seed starts in: Losses, Classifier, Search, Regularization


@pytest.fixture(autouse=True)
def _scratch(tmp_path, monkeypatch):
    """What the fuzzer saves (S, ctrl+s), screenshots or generates stays in the test's folder."""
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("seed", SEEDS, ids=[VIEWS[str(seed % 4 + 1)] for seed in SEEDS])
async def test_a_short_fuzz_run_finds_no_crash_and_no_hang(seed):
    figures = await fuzz_seed(seed, SHORT_BURSTS)
    assert figures.crashes == [] and figures.hangs == [], "\n".join(figures.crashes + figures.hangs)
    assert figures.bursts == SHORT_BURSTS and sum(figures.keys.values()) >= SHORT_BURSTS


async def test_the_fuzzer_reports_a_crash_with_its_seed_and_keys(monkeypatch):
    def broken(self) -> None:
        raise ZeroDivisionError("a bug behind a key")

    for name in ("action_jiggle", "action_scale", "action_set_label", "action_toggle"):
        monkeypatch.setattr(LossesView, name, broken)
    figures = await fuzz_seed(4, SHORT_BURSTS)
    [crash] = figures.crashes
    assert crash.startswith("seed 4 [") and "ZeroDivisionError: a bug behind a key" in crash


async def test_the_fuzzer_reports_a_hang(monkeypatch):
    monkeypatch.setattr(key_fuzzer, "HANG_S", 0.5)
    monkeypatch.setattr(LossesView, "action_jiggle", lambda self: time.sleep(2))  # blocks the loop
    for name in ("action_scale", "action_set_label", "action_toggle"):
        monkeypatch.setattr(LossesView, name, LossesView.action_jiggle)
    figures = await fuzz_seed(4, SHORT_BURSTS)
    assert figures.crashes == [] and len(figures.hangs) == 1
    assert figures.hangs[0].startswith("seed 4 ")
