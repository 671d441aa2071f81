"""``make fuzz``: the long key-fuzzing campaign (tests/fuzz/key_fuzzer.py) until every view has
had at least --keys-per-view keys; every seed is printed as it runs, then the figures.

    .venv/bin/python tests/fuzz/campaign.py                      # ≥ 10,000 keys per view
    .venv/bin/python tests/fuzz/campaign.py --seed 17            # replay one seed
    .venv/bin/python tests/fuzz/campaign.py --keys-per-view 500  # a quick look

Runs in a scratch folder (the working directory, HOME and the XDG folders), so what the fuzzer
saves, screenshots or autosaves never lands in yours. Exit status 1 if anything crashed or hung.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from key_fuzzer import VIEWS, Figures, fuzz_seed, home_key, summary  # noqa: E402


def scratch_environment() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="loss-tui-fuzz-"))
    for name in ("HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(folder / name.lower())
        Path(os.environ[name]).mkdir()
    os.chdir(folder)
    return folder


async def campaign(first_seed: int, keys_per_view: int, bursts_per_seed: int, only: int | None) -> Figures:
    figures, seed = Figures(), first_seed if only is None else only
    while True:
        started = time.monotonic()
        result = await fuzz_seed(seed, bursts_per_seed)
        figures.add(result)
        # Many apps in one process (a user has one): until the autosave writer thread ended with
        # its app (tui/recovery.py close), every app stayed alive and a full collection walked
        # them all, up to 5 s of the UI thread's CPU by seed 70. Kept: it costs little.
        gc.collect()
        gc.freeze()
        found = f"{len(result.crashes)} crashes, {len(result.hangs)} hangs"
        print(f"seed {seed}: {sum(result.keys.values()):,} keys from view {VIEWS[home_key(seed)]}, "
              f"{found}, {time.monotonic() - started:.1f} s", flush=True)
        for problem in result.crashes + result.hangs:
            print(problem, flush=True)
        if only is not None or min(figures.keys[view] for view in VIEWS.values()) >= keys_per_view:
            return figures
        seed += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys-per-view", type=int, default=10_000)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--bursts-per-seed", type=int, default=200, help="bursts in one app before a fresh start")
    parser.add_argument("--seed", type=int, help="run this seed only (to replay a crash)")
    args = parser.parse_args(argv)
    folder = scratch_environment()
    started = time.monotonic()
    figures = asyncio.run(campaign(args.first_seed, args.keys_per_view, args.bursts_per_seed, args.seed))
    print(f"\n{summary(figures)}\nin {time.monotonic() - started:.0f} s, load {os.getloadavg()[0]:.1f} "
          f"(scratch folder {folder})")
    return 1 if figures.crashes or figures.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
