"""Where Textual 8.2.8 repaints more than the screen needs, and how the app avoids it, in one place.

Each is covered by tests/tui/test_textual_speed.py, which also checks that Textual still behaves
this way: when a release changes it, that test fails and the workaround can go.

- ``Screen.focused`` is a repainting reactive: every focus change repaints the whole screen, although
  the widgets that lose and gain the focus repaint themselves (``Widget._on_focus/_on_blur``) and
  ``:focus-within`` styles are updated node by node. A view switch moves the focus, so the screen
  was painted twice in one frame (the new view's layout, then everything again): ~20 KB instead of
  ~10 KB over SSH for the Classifier. ``SteadyScreen`` declares the same reactive without the repaint.
- ``Footer`` removes and mounts all its keys (a dozen widgets, each restyled) after every
  ``refresh_bindings`` and focus change: ~100 ms of CPU per view switch, and again when the Losses
  view opens and closes its editor (Commit/Cancel). ``FooterShelf`` keeps one footer per set of keys
  shown (the last few) and shows the one that matches: a view switch or an editor opening hides
  one footer and shows another, and a footer is composed only for keys never shown before.
- ``FooterKey.compact`` starts True and a Footer binds it to its own (False) once the key is
  mounted: every key is restyled twice as it mounts (the class -compact added, then removed),
  ~2.5 ms a key, ~60 ms a footer. ``KeptFooter`` gives each key the footer's value before it mounts.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


class SteadyScreen(Screen):
    """The app's main screen: a focus change repaints the two widgets it concerns, not the screen."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


def shown_keys(screen: Screen) -> tuple:
    """Everything ``Footer.compose`` reads from the screen: the bindings it shows and their state."""
    return tuple((binding.key, binding.action, binding.description, binding.key_display, binding.group,
                  binding.show, enabled, tooltip)
                 for _, binding, enabled, tooltip in screen.active_bindings.values()
                 if binding.show or binding.action == "command_palette")


class KeptFooter(Footer):
    """A Footer composed once, for the keys of that moment (``keys``); the shelf shows and hides it."""

    keys: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        """The screen's signal goes to the shelf, not to each footer."""

    async def on_mount(self) -> None:
        super().bindings_changed(self.screen)  # lets compose() show keys (its own recompose is skipped)
        self.keys = shown_keys(self.screen)
        await super().recompose()  # here, not from the shelf: Footer binds its keys to the running node
        self.parent.composed(self)

    async def recompose(self) -> None:
        """Composed once, in on_mount."""

    def compose(self) -> ComposeResult:
        """Footer's own keys, each given the footer's compactness before it mounts (see above)."""
        for widget in super().compose():
            compact = getattr(type(widget), "compact", None)  # FooterKey's (not exported by Textual)
            bound = not widget.has_class("-command-palette")  # Footer binds every key but that one
            if type(widget).__name__ == "FooterKey" and isinstance(compact, Reactive) and bound:
                widget.set_reactive(compact, self.compact)
            yield widget


class FooterShelf(Widget):
    """Where the footer goes: the footers of the last few key sets, the current one shown."""

    DEFAULT_CSS = "FooterShelf { dock: bottom; height: 1; }"
    KEEP = 8  # footers kept (views × editing or not, with room to spare)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._recent: list[KeptFooter] = []  # least recently shown first
        self._composing = False
        self._asked = False  # a show_keys is on its way
        self._ready = False  # the screen's first frame is out

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # the first footer is composed once the screen's first frame is out (~30 ms of Textual's
        # FooterKeys that the first frame need not wait for)
        self.screen.screen_layout_refresh_signal.subscribe(self, self._first_frame_out)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def _first_frame_out(self, screen: Screen) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)
        self._ready = True
        self.call_next(self.show_keys)

    def _bindings_changed(self, screen: Screen) -> None:
        # as Footer: keys go on showing while the terminal is not focused (the app blurs its widgets);
        # unlike Footer, in the frame of the change (next, not after the refresh): a view switch
        # repaints once
        if not self._ready:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._asked:
            self._asked = True
            self.call_next(self.show_keys)

    def show_keys(self) -> None:
        """Show the footer of the keys active now; one never shown before is composed first (the
        current footer stays until it is ready)."""
        self._asked = False
        if not self.is_attached or self._composing:
            return  # the footer being composed looks again when it is done
        keys = shown_keys(self.screen)
        footer = next((f for f in self._recent if f.keys == keys), None)
        if footer is not None:
            self.reveal(footer)
        else:
            self._composing = True
            footer = KeptFooter()
            footer.display = False
            self.mount(footer)  # it composes itself, then calls composed()

    def composed(self, footer: KeptFooter) -> None:
        self._composing = False
        self.reveal(footer)
        self.show_keys()  # the keys may have changed while it was composed

    def reveal(self, footer: KeptFooter) -> None:
        self._recent = [f for f in self._recent if f is not footer] + [footer]
        for other in self._recent:
            if other.display != (other is footer):
                other.display = other is footer
        while len(self._recent) > self.KEEP:
            self._recent.pop(0).remove()
