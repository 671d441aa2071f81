"""Keys as a terminal read delivers them: several at once, all queued before the app handles the
first (a fast typist, tmux send-keys, a slow SSH link delivering a backlog). Shared by the burst
tests (tests/tui), the Textual workaround tests and the fuzzer (tests/fuzz)."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.keys import key_to_character

CHARACTERS = {"plus": "+", "minus": "-", "comma": ","}  # names key_to_character does not know


def key_event(key: str) -> events.Key:
    """The Key event a terminal read produces for KEY ("a", "plus", "enter", "ctrl+p", …)."""
    return events.Key(key, CHARACTERS.get(key) or key_to_character(key))


def burst(app: App, *keys: str) -> None:
    """Queue every key before the app handles the first, as a terminal read of several keys does."""
    for key in keys:
        app.post_message(key_event(key))


async def settle(pilot, frames: int = 5) -> None:
    """Let the app handle what is queued (each pause waits for the queue to empty once)."""
    for _ in range(frames):
        await pilot.pause()
