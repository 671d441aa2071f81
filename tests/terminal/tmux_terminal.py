"""A real terminal for tests: tmux at a given size, on its own server socket, so it never
touches anyone's sessions. Waiting for the screen polls until a deadline; nothing asserts on time."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

import pytest

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it with apt-get)")


class Terminal:
    def __init__(self, command: str, width: int = 80, height: int = 24, env: dict | None = None) -> None:
        self.socket = f"loss-tui-test-{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), command)

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, env=self.env).stdout

    def alive(self) -> bool:
        return subprocess.run([TMUX, "-L", self.socket, "has-session", "-t", "t"],
                              capture_output=True).returncode == 0

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, deadline: float = 20.0) -> str:
        end = time.monotonic() + deadline
        while True:
            screen = self.screen()
            if text in screen or time.monotonic() > end:
                return screen
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            time.sleep(0.05)  # one key per read, like a person typing

    def burst(self, *keys: str) -> None:
        """All keys in one write: the app reads them in one go, as from a fast typist or a slow link."""
        self.tmux("send-keys", "-t", "t", *keys)

    def wait_exit(self, deadline: float = 10.0) -> bool:
        """True once the program ended (its tmux session closes with it)."""
        end = time.monotonic() + deadline
        while self.alive() and time.monotonic() < end:
            time.sleep(0.1)
        return not self.alive()

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    terms: list[Terminal] = []

    def start(command: str, **kwargs) -> Terminal:
        terms.append(Terminal(command, **kwargs))
        return terms[-1]

    yield start
    for term in terms:
        term.close()
