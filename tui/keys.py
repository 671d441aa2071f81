"""Every key acts in the order typed, on Textual's public API only.

Textual queues a key for whichever widget had the focus when the key was read, and runs a binding
only once the key has bubbled up to the app. So a key that opens a box or moves the focus does not
change where the keys read behind it go: in a burst (a fast typist, tmux send-keys, a slow SSH link
delivering a backlog) "↓ Enter 6 Enter" edited the cell above and "m 3 Enter" lost the 3.

``route`` takes each key as the app reads it (LossApp.on_event) and acts on it at once:

1. a dialog that is closing (see tui.textual_fixes) drops it;
2. on the main screen, the view's open inline editor (``taker``) types it;
3. a real text box with the focus gets it as usual (Textual keeps its keys in order);
4. otherwise the binding Textual itself would pick (``Screen.active_bindings``) runs now, and the
   next key is read only after it: the order typed is the order acted on.

Anything else (no binding, a dialog's keys) takes Textual's usual path.
"""

from __future__ import annotations

from typing import Protocol

from textual import events
from textual.app import App
from textual.widgets import Input

from tui.textual_fixes import OnceDismissed, SafePalette


class KeyTaker(Protocol):
    """An inline box that types the keys it is handed (tui.widgets.line_editor.LineEditor)."""

    def take_key(self, event: events.Key) -> bool: ...

    def insert(self, text: str) -> None: ...


def types_text(widget) -> bool:
    """A real text box has the focus: an Input, or a TextArea. No view has a TextArea, and importing
    it costs ~15 ms of start-up (its document and syntax modules), so it is recognised by name."""
    return isinstance(widget, Input) or any(
        cls.__name__ == "TextArea" and cls.__module__.startswith("textual.") for cls in type(widget).__mro__)


async def route(app: App, event: events.Key | events.Paste, taker: KeyTaker | None) -> bool:
    """Act on a key or paste now; False leaves it to Textual's usual dispatch. ``taker``: the main
    screen's open inline editor, if any."""
    screen = app.screen
    if isinstance(screen, (OnceDismissed, SafePalette)) and screen.closing:
        return event.key != "ctrl+q" if isinstance(event, events.Key) else True
    if len(app.screen_stack) > 1:
        return False
    if isinstance(event, events.Paste):
        if taker is None:
            return False
        taker.insert(event.text)
        return True
    if taker is not None and taker.take_key(event):
        return True
    if types_text(app.focused):
        return False
    active = screen.active_bindings.get(event.key)
    if active is None or not active.enabled:
        return False
    await app.run_action(active.binding.action, active.node)
    return True


class RoutedKeys:
    """Mixed into an App (before App): keys and pastes go through ``route`` first.
    ``routed_view()`` is the view on the main screen, or None while there is none."""

    def routed_view(self):
        raise NotImplementedError

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            view = self.routed_view()
            if await route(self, event, view.key_taker() if view is not None else None):
                return
        await super().on_event(event)
