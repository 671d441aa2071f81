"""A hang detector for a handler that blocks the event loop itself: then no coroutine can notice,
so a thread watches the main thread's own CPU clock and the wall clock, and past a limit raises
``Hang`` inside whatever the main thread is running (SIGALRM, sent to that thread).

The main thread's CPU time, not the process's: a search or a dataset load in a worker thread uses
the CPU without blocking anything, and must not count.
"""

from __future__ import annotations

import signal
import threading
import time


class Hang(Exception):
    """The main thread spent too long on one burst."""


class Watchdog:
    """``with Watchdog(cpu_s, wall_s) as dog:`` then ``dog.arm()`` before a burst, ``dog.disarm()``
    once it is handled."""

    def __init__(self, cpu_s: float, wall_s: float) -> None:
        self.cpu_s, self.wall_s = cpu_s, wall_s
        self.main = threading.main_thread().ident
        self.cpu_clock = time.pthread_getcpuclockid(self.main)
        self.armed_at: tuple[float, float] | None = None  # (main thread CPU, wall) when armed
        self.cause = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="fuzz-watchdog", daemon=True)

    def __enter__(self) -> "Watchdog":
        self._previous = signal.signal(signal.SIGALRM, self._raise)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.armed_at = None
        self._stop.set()
        self._thread.join()
        signal.signal(signal.SIGALRM, self._previous)

    def arm(self) -> None:
        self.armed_at = (time.clock_gettime(self.cpu_clock), time.monotonic())

    def disarm(self) -> None:
        self.armed_at = None

    def _raise(self, signum, frame):
        raise Hang(f"the app's loop was blocked ({self.cause})")

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            armed = self.armed_at
            if armed is None:
                continue
            cpu, wall = time.clock_gettime(self.cpu_clock) - armed[0], time.monotonic() - armed[1]
            if cpu > self.cpu_s or wall > self.wall_s:
                self.armed_at = None
                self.cause = f"{cpu:.1f} s of CPU" if cpu > self.cpu_s else f"{wall:.1f} s of the clock"
                signal.pthread_kill(self.main, signal.SIGALRM)
