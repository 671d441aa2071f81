"""Workarounds for Textual 8.2.8 bugs that would crash the app, in one place.

Each is covered by tests/tui/test_textual_fixes.py, which also checks that the bug is still there
in a bare Textual app: when a Textual release fixes it, that test fails and the workaround can go.

- A screen dismissed twice (two keys in one terminal read: ``p Enter Enter``) raises
  ScreenStackError "Can't pop screen". ``OnceDismissed`` screens ignore every dismiss after the
  first (the app's key router drops keys for a screen that is ``closing``).
- The command palette has the same double dismiss (``ctrl+p Enter Enter``), a KeyError in
  OptionList._move_page when PageUp/PageDown arrives before its first layout (``ctrl+p PageUp``),
  and a search worker that queries its list after the palette is gone (NoMatches). SafePalette
  closes once, pages with the public ``highlighted``, and its search worker does nothing once the
  palette closes and ends quietly if the palette is taken down while it runs.
"""

from __future__ import annotations

from textual import work
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches

_TEXTUAL_GATHER = CommandPalette._gather_commands.__wrapped__  # the search, without its @work


def _done() -> AwaitComplete:
    """An AwaitComplete that has nothing to wait for (what a repeated dismiss returns)."""

    async def nothing() -> None:
        return None

    return AwaitComplete(nothing())


class OnceDismissed:
    """Mixed into a Screen: the first dismiss wins, later ones are ignored (and the app's key
    router drops keys while it closes)."""

    closing = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self.closing or not self.is_attached or self.app.screen is not self:
            return _done()
        self.closing = True
        return super().dismiss(result)


class SafePalette(OnceDismissed, CommandPalette):
    """Textual's command palette, minus three ways it can bring the app down (module docstring)."""

    BINDINGS = [
        Binding("pagedown", "safe_page(1)", "Next page", show=False),
        Binding("pageup", "safe_page(-1)", "Previous page", show=False),
    ]

    def action_safe_page(self, direction: int) -> None:
        """Move the highlight about a page, through the public ``highlighted`` only."""
        lists = self.query(CommandList)
        if self.closing or not lists or lists.first().option_count == 0:
            return
        options = lists.first()
        page = max(1, options.size.height // 2)  # a command takes two lines: title and help
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = min(max(current + direction * page, 0), options.option_count - 1)

    def _gone(self) -> bool:
        return self.closing or not self.is_attached or not self.query(CommandList)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        """Textual's search, run only while the palette is up (it queries its list throughout)."""
        if self._gone():
            return
        try:
            await _TEXTUAL_GATHER(self, search_value)
        except NoMatches:
            if not self._gone():
                raise
