"""``loss-tui`` on a pseudo-terminal of its own, every byte it writes kept: what tmux cannot show
(the escape sequences that leave the alternate screen, switch the mouse off, show the cursor).
The pty is the app's controlling terminal, so closing it hangs up on the app as a dropped SSH
link does."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import threading
import time
from pathlib import Path

LOSS_TUI = Path(sys.executable).with_name("loss-tui")


class PtyApp:
    def __init__(self, env: dict[str, str], width: int = 80, height: int = 24) -> None:
        env = {**os.environ, "TERM": "xterm-256color", **env}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal, become loss-tui
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
            os.execve(str(LOSS_TUI), [str(LOSS_TUI)], env)
        self.output = bytearray()
        self.arrivals: list[tuple[float, int]] = []  # (when, len(output) after the chunk)
        self.exit_code: int | None = None
        self._hung_up = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._hung_up.is_set():
            try:  # select first: a read blocked in this thread would keep the pty open after hang_up
                if not select.select([self.fd], [], [], 0.05)[0]:
                    continue
                data = os.read(self.fd, 65536)
            except OSError:  # EIO once the app has gone, EBADF once we hung up
                return
            if not data:
                return
            self.output.extend(data)
            self.arrivals.append((time.monotonic(), len(self.output)))

    def wait_for(self, text: str, deadline: float = 30.0) -> bool:
        end = time.monotonic() + deadline
        while text.encode() not in self.output and time.monotonic() < end:
            time.sleep(0.05)
        return text.encode() in self.output

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def hang_up(self) -> None:
        """Close the terminal's master side, as sshd does when the link drops: the kernel sends SIGHUP."""
        self._hung_up.set()
        self._reader.join(2)
        os.close(self.fd)

    def wait_exit(self, deadline: float) -> float | None:
        """Seconds until the app exited (exit_code set), or None if it still runs after DEADLINE."""
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
                self._reader.join(2)
                return time.monotonic() - start
            time.sleep(0.01)
        return None

    def arrived(self, sequence: bytes) -> float | None:
        """When the last SEQUENCE written had arrived (time.monotonic()), or None if never."""
        end = self.output.rfind(sequence) + len(sequence)
        if end < len(sequence):
            return None
        return next(when for when, length in self.arrivals if length >= end)

    def close(self) -> None:
        if self.exit_code is None:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
