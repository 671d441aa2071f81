"""The Search view's log with explicit follow: End (or G, ctrl+end) jumps to the newest line.

:class:`~textual.widgets.Log` follows new lines only while it is scrolled to the very end, so
scrolling up (PageUp, the wheel) rightly stops the following; being at the end again resumes
it. End here jumps there at once, without Log's scroll animation, so lines that arrive in the
meantime cannot leave it short of the end. The Search view binds the same keys to the log, so
they work from the view too (its default focus), not only once Tab has focused the log.

While it follows, its scrollbar is hidden: at the end there is nothing to show, and the
scrollbar's column would be repainted with every frame of a streaming search (~1.7 KB/s over SSH).
It comes back as soon as the reader scrolls up (the class ``-following``; tui/styles/search.tcss).

Once the log holds ``MAX_LINES`` lines, Textual's Log no longer repaints what it shows (see
:meth:`FollowingLog.write_lines`): the log looked frozen, End included. It repaints here.
"""

from __future__ import annotations

from textual.binding import Binding

from tui.widgets.search_log import SearchLog

FOLLOW_KEYS = "end,ctrl+end,G"


class FollowingLog(SearchLog):
    """A SearchLog whose End/G/ctrl+end jump to the last line and resume following it."""

    BINDINGS = [
        Binding(FOLLOW_KEYS, "follow", "Jump to the newest line and follow new ones", show=False),
        Binding("home", "top", "Jump to the oldest line (stops following)", show=False),
    ]

    def write_lines(self, lines, scroll_end: bool | None = None):
        lines = list(lines)
        following, before = self.following, self.line_count
        super().write_lines(lines, scroll_end)
        dropped = before + sum(len(line.splitlines()) for line in lines) - self.line_count
        if dropped > 0:
            # Full: the oldest lines went and every row moved up, but Textual's Log repaints only
            # the rows of the new lines (and, at the end, does not scroll), so the screen froze
            # on the lines shown when the log filled up. Repaint; a reader scrolled up keeps
            # the lines they were reading in place.
            if not following:
                self.scroll_to(y=max(0, self.scroll_y - dropped), animate=False, immediate=True)
            self.refresh()
        return self

    def on_mount(self) -> None:
        self.set_class(True, "-following")

    def on_resize(self) -> None:
        """A log that followed still does when it gets shorter (lecture mode's bar grew): its
        newest lines, the run's summary among them, stay in view."""
        if self.has_class("-following"):
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.set_class(self.following, "-following")

    @property
    def following(self) -> bool:
        """True while new lines scroll into view."""
        return self.is_vertical_scroll_end

    def action_follow(self) -> None:
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def action_top(self) -> None:
        self.scroll_home(animate=False, immediate=True, x_axis=False)
