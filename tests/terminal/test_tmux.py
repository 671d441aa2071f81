"""The real thing: start ``loss-tui`` in a tmux terminal of 80×24, type, read the screen.

Uses its own tmux server socket, so it never touches anyone's sessions. Waiting for the
screen polls until a deadline; nothing here asserts on time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it with apt-get)")
LOSS_TUI = Path(sys.executable).with_name("loss-tui")


class Terminal:
    def __init__(self, command: str, width: int = 80, height: int = 24) -> None:
        self.socket = f"loss-tui-test-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), command)

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, env={**os.environ, "TERM": "xterm-256color"}).stdout

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

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    terms: list[Terminal] = []

    def start(command: str) -> Terminal:
        terms.append(Terminal(command))
        return terms[-1]

    yield start
    for term in terms:
        term.close()


def test_loss_tui_in_a_real_80x24_terminal(terminal):
    assert LOSS_TUI.exists(), f"{LOSS_TUI} missing: install the package (make test does)"
    term = terminal(f"{LOSS_TUI}")
    term.wait_for("L_i softmax")
    screen = term.wait_for("⏎ Edit")  # the footer is drawn last
    svm_row = next(line for line in screen.splitlines() if "L_i SVM" in line)
    assert svm_row.split()[2:] == ["2.90", "0.00", "12.90"]
    assert "mean L: SVM 5.27" in screen
    assert "▸3.20" in screen and "⏎ Edit" in screen  # the correct class is a glyph; the footer is there

    term.keys("Enter", "6", "Enter")  # edit cat image / cat in place
    screen = term.wait_for("3.20 → 6.00")
    svm_row = next(line for line in screen.splitlines() if "L_i SVM" in line)
    assert svm_row.split()[2:] == ["0.10", "0.00", "12.90"]

    term.keys("Enter", "x", "Enter")
    assert "✗ score 'x' is not a number" in term.wait_for("✗")
    term.keys("Escape")
    term.wait_for("cancelled")  # a key right after Esc would read as alt+key
    term.keys("+")
    screen = term.wait_for("W × 2 ")
    assert "W and b × 2" in screen

    term.keys("q")  # the edit was never saved: q asks first
    assert "Press q again to quit" in term.wait_for("Press q again")
    assert term.alive()
    term.keys("q")  # quits: the app exits, so its tmux session ends
    end = time.monotonic() + 10
    while term.alive() and time.monotonic() < end:
        time.sleep(0.1)
    assert not term.alive()


def test_opens_a_preset_from_the_command_line(terminal):
    term = terminal(f"{LOSS_TUI} --preset single")
    screen = term.wait_for("L_i softmax")
    assert "One example" in screen
    term.keys("+")
    assert "SVM 0.50 → 0.00" in term.wait_for("SVM 0.50 → 0.00")
