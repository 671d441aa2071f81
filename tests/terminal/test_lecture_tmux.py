"""`loss-tui lecture` in a real 80×24 terminal: PageDown through the whole script, every step's
indicator and question on screen, never a traceback; then q quits."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine.lecture import builtin_script
from tmux_terminal import needs_tmux, terminal  # noqa: F401  (terminal is a fixture)

pytestmark = needs_tmux
LOSS_TUI = Path(sys.executable).with_name("loss-tui")


@pytest.mark.long
def test_pagedown_through_the_whole_lecture_in_a_real_terminal(terminal, tmp_path):
    script = builtin_script()
    steps = len(script.steps)
    # the shell stays after the app, so a crash leaves its traceback on screen for the assertion
    term = terminal(f"XDG_CACHE_HOME={tmp_path} {LOSS_TUI} lecture; echo EXITED $?; sleep 30")
    assert f"1/{steps}" in term.wait_for(f"1/{steps}")
    for k, stage in enumerate(script.stages[1:], 1):
        term.keys("NPage")
        dots = "".join("●" if b <= stage.build else "○" for b in range(stage.builds)) if stage.builds > 1 else ""
        marker = f"{stage.step + 1}/{steps} {dots}".rstrip()
        screen = term.wait_for(marker, deadline=60)
        assert marker in screen and "EXITED" not in screen, (k, stage.title, screen)
        if stage.asks:
            assert stage.lines[-1] in screen, (stage.title, screen)
    assert "end · Esc leaves" in term.wait_for("Esc leaves")
    term.keys("q")
    screen = term.wait_for("EXITED", deadline=10)
    assert "EXITED 0" in screen, screen
