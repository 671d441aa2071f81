"""The real thing: start ``loss-tui`` in a tmux terminal of 80×24, type, read the screen.

Uses its own tmux server socket, so it never touches anyone's sessions. Waiting for the
screen polls until a deadline; nothing here asserts on time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tmux_terminal import needs_tmux, terminal  # noqa: F401  (terminal is a fixture)

pytestmark = needs_tmux
LOSS_TUI = Path(sys.executable).with_name("loss-tui")


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
    assert term.wait_exit()


def test_opens_a_preset_from_the_command_line(terminal):
    term = terminal(f"{LOSS_TUI} --preset single")
    screen = term.wait_for("L_i softmax")
    assert "One example: what is its loss?" in screen
    term.keys("+")
    assert "SVM 0.50 → 0.00" in term.wait_for("SVM 0.50 → 0.00")
