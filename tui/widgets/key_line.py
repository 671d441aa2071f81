"""The footer: the keys of the moment in one line, drawn as Textual's Footer draws them.

Textual's Footer is a container of a dozen FooterKey widgets that it removes and mounts again on
every bindings refresh: each key is a widget to compose, style and lay out. That was ~45 % of the
CPU of starting the app, and the footer swap when the cell editor opens or closes made a layout of
the whole screen. ``KeyLine`` is one widget of one line: a new set of keys repaints that line.
It looks and acts as Footer does — the same keys, groups, order and spacing, the command palette's
key on the right, a click presses the key (tests/tui/test_key_line.py compares it with Footer).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class Item:
    """A run of cells: its text, its part (key, description, plain, separator), and the key a
    click on it presses (None: nothing)."""

    text: str
    part: str
    key: str | None = None
    enabled: bool = True


def footer_items(screen: Screen) -> tuple[list[Item], list[Item]]:
    """(left, right) as Textual's Footer lays them out: ungrouped keys " k Description ", a
    group's keys side by side then its description, the palette's key docked right."""
    app = screen.app
    active = screen.active_bindings
    first_of_action: dict[str, tuple] = {}  # Footer shows one key per action: the first bound
    for _, binding, enabled, _tooltip in active.values():
        if binding.show:
            first_of_action.setdefault(binding.action, (binding, enabled))
    left: list[Item] = []
    for group, members in groupby(first_of_action.values(), lambda member: member[0].group):
        members = list(members)
        if group is not None and len(members) > 1:
            gap = "" if group.compact else " "
            left.append(Item(" " if group.compact else "", "plain"))
            for binding, enabled in members:
                left.append(Item(gap + app.get_key_display(binding) + gap, "key", binding.key, enabled))
            left.append(Item(" " if group.compact else "  ", "plain"))
            left.append(Item(group.description, "description"))
            left.append(Item(" ", "plain"))  # the label's margin
        else:
            for binding, enabled in members:
                left.append(Item(f" {app.get_key_display(binding)} ", "key", binding.key, enabled))
                left.append(Item(f"{binding.description} ", "description", binding.key, enabled))
    right: list[Item] = []
    palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
    if palette is not None:
        _, binding, enabled, _tooltip = palette
        right = [Item("▏", "separator"), Item(app.get_key_display(binding), "key", binding.key, enabled),
                 Item(f" {binding.description}", "description", binding.key, enabled),
                 Item(" ", "plain", binding.key, enabled)]  # the key's padding
    return left, right


class KeyLine(Widget, can_focus=False):
    """The app's footer (see the module docstring)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-line--key", "key-line--description", "key-line--separator"}
    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .key-line--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-line--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-line--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: tuple[list[Item], list[Item]] | None = None
        self._cells: list[tuple[int, int, Item]] = []  # (first x, end x, item) as last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # as Footer: the keys stay while the terminal is not focused (the app blurs its widgets);
        # unlike Footer, in the frame of the change, and a repaint of one line, not a layout
        if not screen.app.app_focus or screen is not self.screen:
            return
        items = footer_items(screen)
        if items != self._items:
            self._items = items
            self.refresh()

    @property
    def items(self) -> tuple[list[Item], list[Item]]:
        if self._items is None:
            self._items = footer_items(self.screen)
        return self._items

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        styles = {part: self.get_component_rich_style(f"key-line--{part}")
                  for part in ("key", "description", "separator")}
        left, right = self.items
        right_width = sum(len(item.text) for item in right)
        room = max(0, width - right_width)
        segments: list[Segment] = []
        self._cells = []
        end = self._draw(left, 0, room, base, styles, segments)
        if end < room:
            segments.append(Segment(" " * (room - end), base))
        self._draw(right, room, width, base, styles, segments)
        return Strip(segments).crop_extend(0, width, base)

    def _draw(self, items: list[Item], x: int, limit: int, base: Style, styles: dict[str, Style],
              segments: list[Segment]) -> int:
        """Items from column ``x``, cut at ``limit``; where each lands is kept for clicks."""
        for item in items:
            text = item.text[:max(0, limit - x)]
            if text:
                segments.append(Segment(text, self._style(item, base, styles)))
                self._cells.append((x, x + len(text), item))
                x += len(text)
        return x

    @staticmethod
    def _style(item: Item, base: Style, styles: dict[str, Style]) -> Style:
        style = base + styles[item.part] if item.part in styles else base
        return style + Style(dim=True) if not item.enabled else style

    def on_click(self, event: events.Click) -> None:
        """A click on a key (or its description) presses it, as on Textual's Footer."""
        for start, end, item in self._cells:
            if start <= event.x < end and item.key is not None:
                event.stop()
                if item.enabled:
                    self.app.simulate_key(item.key)
                else:
                    self.app.bell()
                return
