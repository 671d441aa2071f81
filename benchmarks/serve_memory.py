"""Memory per student of ``loss-tui serve``: RSS, PSS and USS of each session's app process.

Starts the real server (``python -m tui serve``, BLAS capped at 1 thread per session as by
default) and opens N sessions as a browser would (a websocket each, 120×40), then reads
``/proc/PID/smaps_rollup`` of every session's process:

- RSS: pages the process has in memory, shared ones counted in full;
- PSS: each shared page divided by the number of processes sharing it (sums to the real total);
- USS: Private_Clean + Private_Dirty, what the process alone holds (what one more student costs).

Phases, for each N in --sessions: idle on the Losses view (after --settle seconds), then every
session switches to the Search view and runs a search (key 3, then r) on ``--search``:

- ``shapes``: the view's default, 2,000 training images;
- ``cifar``: 50,000 CIFAR-scale training images (keys d, t, t), from synthetic CIFAR-10 binary
  batches written into a temporary cache folder (XDG_CACHE_HOME) — the app reads them exactly as
  the real download. One headless ``loss-tui search --dataset cifar10`` runs first, so any dataset
  cache the engine keeps (e.g. a shared read-only .npy memmap) exists before the sessions start.

While searching, the peak of each figure per process over --search-seconds is kept; the table
shows the mean over the sessions. Linux only (smaps_rollup).

    .venv/bin/python benchmarks/serve_memory.py                          # 1 and 4 sessions, shapes
    .venv/bin/python benchmarks/serve_memory.py --search cifar --search-seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import numpy as np

MIB = 1024 * 1024
FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty")
CIFAR_KEYS = ("d", "t", "t")  # data → cifar10; train size 2,000 → 10,000 → 50,000


def smaps(pid: int) -> dict[str, float] | None:
    """RSS, PSS, USS (MiB) of PID, or None once it is gone."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in FIELDS:
                values[name] = int(rest.split()[0]) * 1024 / MIB
    except (OSError, ValueError):
        return None
    return {"rss": values["Rss"], "pss": values["Pss"],
            "uss": values["Private_Clean"] + values["Private_Dirty"]}


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def write_synthetic_cifar(cache: Path, seed: int = 0) -> None:
    """CIFAR-10's binary layout (records of 1 label + 3072 pixel bytes), random pixels."""
    folder = cache / "loss-tui" / "cifar10" / "cifar-10-batches-bin"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        records = rng.integers(0, 256, size=(10_000, 1 + 3072), dtype=np.uint8)
        records[:, 0] %= 10
        (folder / f"{name}.bin").write_bytes(records.tobytes())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Classroom:
    """A running ``loss-tui serve`` and N sessions connected to it."""

    def __init__(self, env: dict[str, str], max_sessions: int) -> None:
        self.port, self.token = free_port(), secrets.token_urlsafe(12)
        self.server = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(self.port), "--token", self.token,
             "--max-sessions", str(max_sessions)], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.server.stdout.readline()  # the banner: it is listening
        self.http = aiohttp.ClientSession()
        self.sockets, self.readers = [], []

    async def connect(self, count: int) -> list[int]:
        """COUNT sessions, each having drawn its first frame; returns their app PIDs."""
        known = set(children(self.server.pid))
        for _ in range(count):
            ws = await self.http.ws_connect(
                f"http://127.0.0.1:{self.port}/ws?width=120&height=40&token={self.token}",
                max_msg_size=0)
            drawn = asyncio.Event()
            self.sockets.append(ws)
            self.readers.append(asyncio.create_task(self._drain(ws, drawn)))
            await asyncio.wait_for(drawn.wait(), 60)
        return [pid for pid in children(self.server.pid) if pid not in known]

    @staticmethod
    async def _drain(ws, drawn: asyncio.Event) -> None:
        received = 0
        async for message in ws:
            received += len(message.data) if message.type == aiohttp.WSMsgType.BINARY else 0
            if received > 2000:
                drawn.set()

    async def keys(self, *keys: str, pause: float = 0.5) -> None:
        for key in keys:
            for ws in self.sockets:
                await ws.send_json(["stdin", key])
            await asyncio.sleep(pause)

    async def close(self) -> None:
        for ws in self.sockets:
            await ws.close()
        for reader in self.readers:
            reader.cancel()
        await self.http.close()
        self.server.send_signal(signal.SIGINT)
        self.server.wait(timeout=30)


async def peak_while(pids: list[int], seconds: float) -> dict[str, float]:
    """Mean over PIDS of each process's peak RSS/PSS/USS, sampled every 0.5 s for SECONDS."""
    peak = {pid: {"rss": 0.0, "pss": 0.0, "uss": 0.0} for pid in pids}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for pid in pids:
            figures = smaps(pid) or {}
            for name, value in figures.items():
                peak[pid][name] = max(peak[pid][name], value)
        await asyncio.sleep(0.5)
    return {name: sum(p[name] for p in peak.values()) / len(pids) for name in ("rss", "pss", "uss")}


async def measure(count: int, args, env: dict[str, str]) -> list[tuple[str, dict[str, float]]]:
    room = Classroom(env, max_sessions=count)
    try:
        pids = await room.connect(count)
        assert len(pids) == count, f"expected {count} session processes, found {pids}"
        await asyncio.sleep(args.settle)
        idle = [smaps(pid) for pid in pids]
        rows = [("idle", {k: sum(f[k] for f in idle) / count for k in ("rss", "pss", "uss")})]
        await room.keys("3", pause=args.settle)
        await room.keys(*(CIFAR_KEYS if args.search == "cifar" else ()), "r")
        rows.append((f"searching {args.search}", await peak_while(pids, args.search_seconds)))
        return rows
    finally:
        await room.close()


def warm_cache(env: dict[str, str]) -> None:
    """One headless search first: it fills whatever cache the dataset loader keeps."""
    subprocess.run([sys.executable, "-m", "tui", "search", "--dataset", "cifar10", "--attempts", "1",
                    "--train-size", "50000"], env=env, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--search", choices=("shapes", "cifar"), default="shapes")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let a session settle")
    parser.add_argument("--search-seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-memory-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        if args.search == "cifar":
            write_synthetic_cifar(Path(cache))
            warm_cache(env)
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1/5 min), "
              f"{os.cpu_count()} cores; MiB per session (mean over the sessions)")
        print(f"{'sessions':>8}  {'state':<20} {'RSS':>8} {'PSS':>8} {'USS':>8}")
        for count in args.sessions:
            for state, figures in asyncio.run(measure(count, args, env)):
                print(f"{count:>8}  {state:<20} {figures['rss']:8.1f} {figures['pss']:8.1f} "
                      f"{figures['uss']:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
