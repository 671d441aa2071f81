"""A one-line Input for typed values (a score cell, Δ, λ, a class name, …).

Enter calls ``on_enter(editor)`` (the view validates the value and keeps the editor open on bad
input, so nothing typed is lost); Esc calls ``on_escape()``. The current value is selected on
focus, so typing replaces it.

The app hands keys to ``take_key`` as it reads them (LossApp.on_event) instead of queueing them
here, so typed characters, the box's own keys (Enter, Esc, backspace, arrows) and the view's keys
act strictly in the order typed, even in a burst over a slow link.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class ValueEditor(Input):
    HELP_TITLE = "Editing a value"
    HELP_BINDINGS = [Binding("enter", "submit", "Commit the typed value"),
                     Binding("escape", "cancel", "Cancel: the value stays as it was")]
    BINDINGS = [Binding("enter", "submit_now", "Commit"), Binding("escape", "cancel", "Cancel")]

    accepting = False  # from open() until the value is committed; then keys pass through

    def __init__(self, on_enter: Callable[[ValueEditor], None], on_escape: Callable[[], None],
                 on_stray_key: Callable[[events.Key], Awaitable[bool]], **kwargs) -> None:
        """on_stray_key: a key read after the commit that no priority binding took, while this
        box still has the focus (it goes back a frame later): the widget behind acts on it."""
        super().__init__(select_on_focus=True, **kwargs)
        self.on_enter, self.on_escape, self.on_stray_key = on_enter, on_escape, on_stray_key

    def open(self, text: str) -> None:
        """Show ``text``, all of it selected, and take the focus."""
        self.accepting = True
        self.value = text
        self.remove_class("-invalid")
        self.display = True
        # focus now rather than from a queued callback (Widget.focus), so keys typed right
        # after the Enter that opened the editor land in it instead of the table
        self.screen.set_focus(self)
        self.select_all()

    def committed(self) -> None:
        """The value is taken; until the view hides this editor (a frame later) keys typed go
        on to the view's keys instead of into a box that is about to disappear."""
        self.accepting = False

    async def _on_key(self, event: events.Key) -> None:
        if not self.accepting:
            # the app already offered it to the priority bindings and the table (take_key):
            # not typed into the box, it bubbles on to the app's other bindings
            event.prevent_default()
            return
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:  # Enter, Esc, backspace, arrows, …: at once, between the typed characters
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return self.accepting and super().check_action(action, parameters)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """A committed box consumes no key: the view's and the app's keys work again at once."""
        return self.accepting and super().check_consume_key(key, character)

    async def take_key(self, event: events.Key) -> bool:
        """The app hands keys over here as it reads them, instead of queueing them for this
        widget: the box and the view's keys then act strictly in the order typed, even when a
        second burst arrives while the first is being handled. False: not taken (the app
        forwards the key as usual)."""
        if not self.accepting:
            return await self.on_stray_key(event)
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:
            await self.run_action(bindings[0].action)
            return True
        if event.is_printable:
            await Input._on_key(self, event)  # type it, replacing the selection
            return True
        return False

    def action_submit_now(self) -> None:
        self.on_enter(self)

    def action_cancel(self) -> None:
        self.committed()
        self.on_escape()
