"""tui/widgets/key_line.py: the footer draws what Textual's Footer draws (keys, groups, spacing,
the palette's key on the right, disabled keys), follows the keys of the moment in the frame of the
change without a layout, and a click presses a key. The first two tests check that Textual's Footer
still does the work KeyLine avoids: when a release stops doing it, they fail and KeyLine can go."""

from __future__ import annotations

import html
import re

import pytest
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Static

from losses_helpers import make_app, screen_lines
from tui.widgets.key_line import KeyLine

GROUP = Binding.Group("digits", compact=True)
WIDE_GROUP = Binding.Group("moves")  # not compact: Textual spaces its keys


class Keys(App):
    """Plain keys, a compact group, a key shown disabled, one hidden, and the palette's key."""

    BINDINGS = [Binding("a", "bell", "Alpha"), Binding("enter", "bell('edit')", "Edit", key_display="⏎"),
                *(Binding(d, f"digit({d})", d, group=GROUP) for d in "123"),
                *(Binding(k, f"digit({i})", k, group=WIDE_GROUP) for i, k in enumerate("xy")),
                Binding("d", "disabled", "Disabled"), Binding("h", "hidden", "Hidden"),
                Binding("q", "quit", "Quit")]
    rung = 0

    def __init__(self, footer_class) -> None:
        super().__init__()
        self.footer_class = footer_class

    def compose(self):
        yield Static("body")
        yield self.footer_class()

    def check_action(self, action: str, parameters) -> bool | None:
        return {"disabled": None, "hidden": False}.get(action, True)

    def action_bell(self, what: str = "") -> None:
        type(self).rung += 1

    def action_digit(self, digit: int) -> None:
        pass


async def footer_of(footer_class, size) -> tuple[str, str]:
    app = Keys(footer_class)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        return screen_lines(app)[-1], app.export_screenshot()


CELL = 12.2  # the screenshot's cell width in SVG units


def cells(svg: str) -> dict[tuple[str, int], tuple[str, str]]:
    """Every cell of a screenshot as (row y, column) → (what is drawn, its colours and style):
    the same screen split into runs differently compares equal."""
    styles = dict(re.findall(r"\.terminal-\d+-(r\d+) \{ ([^}]*) \}", svg))
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for fill, x, y, width in re.findall(r'<rect fill="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', svg):
        for col in range(round(float(x) / CELL), round((float(x) + float(width)) / CELL)):
            out[("bg", y, col)] = fill
    for cls, x, y, text in re.findall(r'<text class="terminal-\d+-(r\d+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>',
                                      svg):
        for i, char in enumerate(html.unescape(text)):
            out[("fg", y, round(float(x) / CELL) + i)] = (char, styles.get(cls, ""))
    return out


@pytest.mark.parametrize("size", [(80, 3), (40, 3)], ids=["fits", "cut"])
async def test_the_key_line_draws_what_textual_footer_draws(size):
    textual_line, textual_shot = await footer_of(Footer, size)
    line, shot = await footer_of(KeyLine, size)
    assert "Alpha" in textual_line and "123 digits" in textual_line and "Hidden" not in textual_line
    assert line == textual_line
    assert cells(shot) == cells(textual_shot)  # every cell's colours and style


class CountingFooter(Footer):
    recomposed = 0

    async def recompose(self) -> None:
        CountingFooter.recomposed += 1
        await super().recompose()


async def test_textual_footer_still_remounts_its_keys_when_they_stay_the_same():
    app = Keys(CountingFooter)
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        before = CountingFooter.recomposed
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        assert CountingFooter.recomposed - before >= 3


def footer_line(app) -> str:
    return screen_lines(app)[-1]


async def test_the_footer_follows_each_view_and_the_cell_editor_with_a_repaint_not_a_layout():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        line = app.query_one(KeyLine)
        asked: list[bool] = []
        refresh = line.refresh

        def spy(*regions, **options):
            asked.append(options.get("layout", False))
            return refresh(*regions, **options)

        line.refresh = spy
        assert footer_line(app).startswith(" ⏎ Edit  l Label") and footer_line(app).rstrip().endswith("▏^p palette")
        await pilot.press("enter")  # the cell editor: Commit and Cancel only
        await pilot.pause()
        assert "⏎ Commit  esc Cancel" in footer_line(app) and "Label" not in footer_line(app)
        assert asked and not any(asked)
        await pilot.press("escape", "2")
        await pilot.pause()
        assert "space Run/stop" in footer_line(app) and "⏎ Edit" not in footer_line(app)
        asked.clear()
        app.screen.refresh_bindings()  # the same keys: nothing to repaint
        await pilot.pause()
        assert asked == []


async def test_a_click_presses_the_key_and_a_disabled_key_does_nothing():
    app = Keys(KeyLine)
    Keys.rung = 0
    async with app.run_test(size=(70, 3)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        await pilot.click(offset=(line.index("Alpha"), 2))
        await pilot.click(offset=(line.index("⏎"), 2))
        await pilot.pause()
        assert Keys.rung == 2
        await pilot.click(offset=(line.index("Disabled"), 2))
        await pilot.pause()
        assert Keys.rung == 2 and app.is_running
