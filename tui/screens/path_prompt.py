"""Ask for a file path (open / save as). The caller's ``attempt`` does the work and returns an
error to show inline — the dialog then stays open with the typed path — or None to close.

``SaveAsPrompt`` is the one "save as" dialog of every view: it asks for a second Enter before
overwriting an existing file (other than the one the view already saves to), then hands the
view's ``save`` the path as typed; ``resolve`` says where a typed path leads (``~`` expanded, or
refused outside a classroom sandbox).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from rich.text import Text
from textual.widgets import Input, Static

from tui.textual_fixes import OnceDismissed


def expand(text: str | os.PathLike) -> Path:
    """A typed path as the shell reads it: ``~`` and ``~user`` expanded."""
    return Path(os.path.expanduser(os.fspath(text)))


class PathPrompt(OnceDismissed, ModalScreen):
    """Dismisses with the path ``attempt`` accepted (as typed, stripped), or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, initial: str, attempt: Callable[[str], str | None], hint: str = "") -> None:
        super().__init__()
        self.title_text, self.initial, self.attempt, self.hint = title, initial, attempt, hint

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box", classes="dialog"):
            yield Static(f"[b]{self.title_text}[/b]  (Enter confirm, Esc cancel)")
            yield Input(self.initial, id="path-input", select_on_focus=False)
            if self.hint:
                yield Static(Text(self.hint), id="path-hint")
            yield Static("", id="path-error")

    def result(self, text: str) -> object:
        """What the dialog dismisses with once ``attempt`` accepted text."""
        return text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        error = self.attempt(text)
        if error:
            # Text, not markup: "[settings]" in a message or "[x].toml" in a path are plain text
            self.query_one("#path-error", Static).update(Text(f"✗ {error}"))
            self.query_one("#path-input", Input).add_class("-invalid")
        else:
            self.dismiss(self.result(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#path-error", Static).update("")
        event.input.remove_class("-invalid")

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveAsPrompt(PathPrompt):
    """"Save as": ask for a path, confirm overwriting, then call ``save(text)``.

    ``save`` writes the file and returns an error to show inline, or None. An existing file is
    written only after a second Enter on the same path, unless it is ``current`` (the file the
    view already saves to). Dismisses with the path as typed, or None on Esc.
    """

    def __init__(self, title: str, initial: str, save: Callable[[str], str | None],
                 resolve: Callable[[str], Path] = expand, current: str | None = None,
                 example: str | None = None) -> None:
        super().__init__(title, initial, self._attempt)
        self.save, self.resolve = save, resolve
        self.current = current
        self.example = example or initial or "scene.toml"
        self.confirmed: set[Path] = set()

    def _attempt(self, text: str) -> str | None:
        if not text:
            return f"type a file name, e.g. {self.example}"
        try:
            target = self.resolve(text)
            current = self.resolve(self.current) if self.current else None
        except (ValueError, OSError) as exc:
            return str(exc)
        if target.is_dir():
            return f"{text} is a folder: type a file name in it, e.g. {Path(text) / Path(self.example).name}"
        if target.exists() and target != current and target not in self.confirmed:
            self.confirmed.add(target)  # never overwrite a file without a second Enter
            return f"{text} exists: Enter again overwrites it, or change the name"
        return self.save(text)
