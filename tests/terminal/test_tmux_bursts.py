"""Issue 11's key bursts in a real terminal: each sent in one write (tmux send-keys with several
keys), so the app reads them in one go. The app must keep running, draw no traceback, and still
answer keys afterwards. (tests/tui/test_textual_fixes.py has the same bursts under Pilot.)"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tmux_terminal import needs_tmux, terminal  # noqa: F401  (terminal is a fixture)

pytestmark = needs_tmux
LOSS_TUI = Path(sys.executable).with_name("loss-tui")
BURSTS = [  # tmux key names: C-p is ctrl+p, PPage / NPage are PageUp / PageDown
    ("p", "Enter", "Enter"),
    ("p", "Enter", "Escape"),
    ("C-p", "Enter", "Enter"),
    ("C-p", "PPage"),
    ("PPage", "C-p"),
    ("C-p", "NPage"),
]


def back_to_the_table(term) -> None:
    """Close whatever a burst left open (the palette, a cell editor), one key per read; a loaded
    machine may take a while to open or close the palette, so keep looking for 10 s."""
    for _ in range(25):
        time.sleep(0.4)  # an Esc right before another key would read as alt+key
        screen = term.screen()
        if "Search for commands" not in screen and "esc Cancel" not in screen:
            return
        term.keys("Escape")


@pytest.mark.long
def test_every_burst_leaves_the_app_running(terminal, tmp_path):
    # the shell stays after the app, so a traceback and the exit status would stay on screen
    term = terminal(f"sh -c '{LOSS_TUI}; echo LOSS-TUI-EXITED $?; sleep 60'",
                    env={"XDG_STATE_HOME": str(tmp_path / "state")})
    term.wait_for("⏎ Edit")
    for keys in BURSTS:
        term.burst(*keys)
        time.sleep(0.8)  # the palette fills its list in ~0.3 s
        screen = term.screen()
        assert "LOSS-TUI-EXITED" not in screen and "Traceback" not in screen, (keys, screen)
        back_to_the_table(term)
    term.keys("+")
    assert "W and b × 2" in term.wait_for("W and b × 2")  # still answering keys
