"""Drive a program in a real pseudo-terminal and time what it writes back (benchmarks only).

The program gets an 80×24 pty (TIOCSWINSZ before it starts, TERM=xterm-256color). Every chunk the
terminal receives is kept with its arrival time, so a key's repaint can be cut out of the stream
afterwards: output separated by a quiet gap (``GAP``, 40 ms) is a separate burst — a repaint that
Textual spreads over a few frames 16 ms apart stays one burst, a plot redrawn 150 ms later does not.
"""

from __future__ import annotations

import fcntl
import os
import select
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from dataclasses import dataclass

GAP = 0.040  # seconds of silence that end a burst
KEYS = {"up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D", "enter": b"\r",
        "space": b" ", "ctrl+q": b"\x11"}


@dataclass(frozen=True)
class Burst:
    start: float  # arrival of its first byte (perf_counter seconds)
    end: float  # arrival of its last byte
    size: int  # bytes


def bursts(chunks: list[tuple[float, int]], gap: float = GAP) -> list[Burst]:
    """Group (arrival time, byte count) chunks into bursts split by silences of at least ``gap``."""
    out: list[Burst] = []
    for t, n in chunks:
        if out and t - out[-1].end < gap:
            last = out[-1]
            out[-1] = Burst(last.start, t, last.size + n)
        else:
            out.append(Burst(t, t, n))
    return out


def stream_figures(chunks: list[tuple[float, int]], begin: float, seconds: float) -> str:
    """What a program wrote over ``seconds`` from ``begin``, as table cells: mean KB/s, the worst
    1-s window, writes per second (chunks less than 5 ms apart are one write) and the median write."""
    window = [c for c in chunks if begin <= c[0] < begin + seconds]
    per_second = [sum(n for t, n in window if begin + k <= t < begin + k + 1) for k in range(int(seconds))]
    writes = bursts(window, gap=0.005)
    median = statistics.median(b.size for b in writes) if writes else 0
    return (f"{sum(n for _, n in window) / seconds / 1024:.1f} KB/s | {max(per_second) / 1024:.1f} KB | "
            f"{len(writes) / seconds:.1f} | {median:.0f}")


_STATE = tempfile.mkdtemp(prefix="loss-tui-bench-state-")


def clean_environment() -> dict[str, str]:
    """What a user's shell would give the program: bytecode caches used and written, as for an
    installed wheel (pip compiles it; PYTHONDONTWRITEBYTECODE would make every start compile
    loss-tui's ~50 modules from source, ~70 ms here, while Textual's come precompiled), and a
    private state folder (an autosave left by another run would open a restore question)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_STATE_HOME"] = _STATE
    return env


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (as under sshd), so the
    program gets SIGHUP if this script dies without closing it."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProgram:
    """One process on its own pty; ``chunks`` holds (arrival time, size) of everything it wrote."""

    def __init__(self, argv: list[str], width: int = 80, height: int = 24, env: dict | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        env = {**clean_environment(), "TERM": "xterm-256color", "COLUMNS": str(width), "LINES": str(height),
               **(env or {})}
        self.master = master
        self.chunks: list[tuple[float, int]] = []
        self.text = bytearray()  # everything received, for markers
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                     preexec_fn=_own_terminal)
        os.close(slave)

    def _read(self, timeout: float) -> bool:
        """Read what is there within ``timeout``; False if nothing came (or the program ended)."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # the program closed the terminal
            return False
        now = time.perf_counter()
        if not data:
            return False
        self.chunks.append((now, len(data)))
        self.text += data
        return True

    def settle(self, quiet: float, limit: float = 10.0) -> None:
        """Read until nothing has arrived for ``quiet`` seconds (at most ``limit`` seconds)."""
        end = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < end:
            wait = last + quiet - time.perf_counter()
            if wait <= 0:
                return
            if self._read(wait):
                last = self.chunks[-1][0]
            elif self.proc.poll() is not None:
                return
        raise RuntimeError(f"output never went quiet for {quiet} s within {limit} s")

    def read_until(self, deadline: float) -> None:
        """Read everything that arrives until ``deadline`` (perf_counter seconds)."""
        while time.perf_counter() < deadline:
            self._read(deadline - time.perf_counter())

    def wait_for(self, marker: bytes, limit: float = 20.0) -> float:
        """Read until ``marker`` has arrived; the arrival time of the chunk that completed it."""
        end = time.perf_counter() + limit
        while marker not in self.text:
            if time.perf_counter() > end or self.proc.poll() is not None:
                raise RuntimeError(f"{marker!r} never arrived: {bytes(self.text[-400:])!r}")
            self._read(0.05)
        return self.chunks[-1][0]

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far, all threads (from /proc: not skewed by load the
        way wall-clock times are)."""
        total = 0
        if self.proc.poll() is not None:
            raise RuntimeError(f"the program ended ({self.proc.returncode}): {bytes(self.text[-600:])!r}")
        for task in os.listdir(f"/proc/{self.proc.pid}/task"):
            try:
                with open(f"/proc/{self.proc.pid}/task/{task}/schedstat") as stat:
                    total += int(stat.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that just ended
        return total / 1e9

    def send(self, data: bytes) -> float:
        """Write ``data`` (one key) and return the time of the write."""
        now = time.perf_counter()
        os.write(self.master, data)
        return now

    def since(self, t: float) -> list[tuple[float, int]]:
        return [c for c in self.chunks if c[0] >= t]

    def key(self, data: bytes, quiet: float = 0.3) -> tuple[float, list[Burst]]:
        """Send one key, read until ``quiet`` seconds of silence; (write time, bursts after it).
        ``last_cpu``: the CPU seconds the program spent meanwhile."""
        cpu = self.cpu_seconds()
        sent = self.send(data)
        self.settle(quiet)
        self.last_cpu = self.cpu_seconds() - cpu
        return sent, bursts(self.since(sent))

    def close(self) -> None:
        try:
            os.write(self.master, KEYS["ctrl+q"])
            end = time.perf_counter() + 5
            while self.proc.poll() is None and time.perf_counter() < end:
                self._read(0.05)  # keep draining so the program can write its exit sequences
        except OSError:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)
