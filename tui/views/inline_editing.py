"""Typing a value into a view: one inline box at a time, its Enter and Esc, and a footer that
shows Commit / Cancel instead of the view's keys while it is open.

The box is a LineEditor (it never takes the focus; the app's key router hands it the keys in the
order typed). A view mixes this in before View/DocumentView, opens a box with ``open_editor`` and
says what a committed value does in ``edited``; a value its ``commit`` refuses keeps the box
open, marked, with the reason on the message line — nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.keys import KeyTaker
from tui.widgets.line_editor import LineEditor

Commit = Callable[[str], tuple[object, str]]  # typed text → (new scene, message), or raises


class InlineEditing:
    EDIT_ERRORS: tuple[type[Exception], ...] = ()  # what a refused value raises
    _commit: Commit | None = None
    _editor: LineEditor | None = None

    @property
    def editing(self) -> bool:
        return self._commit is not None

    def key_taker(self) -> KeyTaker | None:
        return self._editor if self.editing else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While a value is typed the footer shows Commit and Cancel, not the view's keys."""
        if action in ("commit_edit", "cancel_edit"):
            return self.editing
        return not self.editing

    def open_editor(self, editor: LineEditor, initial: str, commit: Commit, hint: str | None = None) -> None:
        if self.editing:
            self.close_editor()
        self._commit, self._editor = commit, editor
        editor.open(initial, self._submit, self._cancel)
        self.refresh_bindings()
        if hint:
            self.say(hint)

    def edited(self, new, message: str) -> None:
        """Make the committed value's scene current (undoably) and say ``message``."""
        raise NotImplementedError

    def editor_closed(self) -> None:
        """Hide what came with the box (a prompt bar, a label)."""

    def close_editor(self) -> None:
        editor, self._commit, self._editor = self._editor, None, None
        if editor is not None:
            editor.close()
        self.editor_closed()
        self.refresh_bindings()

    def _submit(self, text: str) -> None:
        try:
            new, message = self._commit(text)
        except self.EDIT_ERRORS as exc:
            self._editor.invalid()
            self.say(f"{exc} — nothing changed; fix it or press Esc", error=True)
            return
        self.close_editor()
        self.edited(new, message)

    def _cancel(self) -> None:
        self.close_editor()
        self.say("cancelled — nothing changed")

    def action_commit_edit(self) -> None:  # the footer's Commit (a click); keys go through take_key
        if self._editor is not None:
            self._submit(self._editor.text)

    def action_cancel_edit(self) -> None:
        if self.editing:
            self._cancel()
