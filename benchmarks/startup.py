"""Process start to first frame of ``loss-tui`` in a real 80×24 pseudo-terminal.

The clock starts before the process is spawned and stops when the terminal has received the
score table's loss rows (the first frame with the lecture's numbers). Baselines from the same
run: ``python -c "import textual.app"`` (interpreter + Textual import, no UI), and a minimal
Textual app's first frame — so the figures read as "how much loss-tui adds".

    .venv/bin/python benchmarks/startup.py [--runs 7]

Target: first frame under 0.4 s.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

BIN = Path(sys.executable).parent
MINIMAL_APP = ("from textual.app import App\nfrom textual.widgets import Static\n"
               "class A(App):\n    def compose(self):\n        yield Static('READY-MARK')\nA().run()\n")


def first_frame(argv: list[str], marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from spawning ``argv`` in an 80×24 pty until ``marker`` was written to it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    seen, elapsed = b"", None
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    break
    finally:
        os.write(master, b"\x11")  # ctrl+q
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)
    if elapsed is None:
        raise RuntimeError(f"{argv[0]}: no first frame within {timeout} s")
    return elapsed


def import_only() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import textual.app"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = {
        "python -c 'import textual.app'": [import_only() for _ in range(args.runs)],
        "minimal Textual app, first frame": [first_frame([sys.executable, "-c", MINIMAL_APP], b"READY-MARK")
                                             for _ in range(args.runs)],
        "loss-tui, first frame with losses": [first_frame([str(BIN / "loss-tui")], "L_i softmax".encode())
                                              for _ in range(args.runs)],
    }
    print(f"startup at 80×24, {args.runs} runs (s)          median    best   worst")
    for name, times in rows.items():
        print(f"  {name:36} {statistics.median(times):7.3f} {min(times):7.3f} {max(times):7.3f}")
    ours = statistics.median(rows["loss-tui, first frame with losses"])
    base = statistics.median(rows["minimal Textual app, first frame"])
    print(f"  ratio loss-tui / minimal app, median     {ours / base:7.2f}")
    print(f"  target first frame < 0.4 s: {'meets' if ours < 0.4 else 'misses'} it (median {ours:.3f} s)")


if __name__ == "__main__":
    main()
