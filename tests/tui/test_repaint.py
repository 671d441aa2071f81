"""Keys repaint only what changed, and what they leave on screen is what a full repaint draws.

The panes keep their own strips and repaint line by line (tui/widgets/live_text.py, score_grid.py,
plane_plot.py): these tests compare, after every key, the screen with the one Textual draws once
every widget is repainted from scratch, and each text pane's strips with Textual's own rendering
of its text.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.visual import Visual, visualize
from textual.widget import Widget

from losses_helpers import make_app, screen_lines
from tui.views.classifier import ClassifierView
from tui.views.losses import LossesView
from tui.widgets.live_text import LiveText
from tui.widgets.reg_panel import RegPanel
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.status_bar import StatusBar

KEYS = ["plus", "minus", "plus", "equals_sign", "down", "right", "right", "up", "left", "enter", "6", "enter",
        "ctrl+z", "j", "j", "b", "s", "i", "a", "L", "0", ".", "5", "enter", "r", "d", "plus", "d", "n", "x",
        "enter", "ctrl+z", "ctrl+y", "c", "escape", "e"]


async def full_repaint(app, pilot) -> list[str]:
    """The screen after every widget is repainted from scratch."""
    for widget in app.screen.query(Widget):
        widget.refresh()
    await pilot.pause()
    return screen_lines(app)


def runs(strips) -> list[list[tuple[str, str]]]:
    """Per line, (text, style) runs with neighbours of one style joined (they draw the same cells)."""
    lines = []
    for strip in strips:
        line: list[tuple[str, str]] = []
        for segment in strip:
            if not segment.text:
                continue
            if line and line[-1][1] == str(segment.style):
                line[-1] = (line[-1][0] + segment.text, line[-1][1])
            else:
                line.append((segment.text, str(segment.style)))
        lines.append(line)
    return lines


def drawn(pane: LiveText) -> list[list[tuple[str, str]]]:
    """What the pane draws: its own strips."""
    return runs(pane.render_line(y) for y in range(pane.size.height))


def textual_draws(pane: LiveText) -> list[list[tuple[str, str]]]:
    """What Textual's own rendering of the pane's text draws."""
    strips = Visual.to_strips(pane, visualize(pane, pane.render()), pane.size.width, None, pane.visual_style)
    return runs(strips[:pane.size.height])


# at 120×40 both detail panes are up: the keys that change what only a wide screen shows
WIDE_KEYS = ["plus", "minus", "down", "right", "enter", "6", "enter", "ctrl+z", "j", "b", "s", "L", "0", ".",
             "5", "enter", "r", "plus", "ctrl+y", "c", "escape"]


@pytest.mark.long
@pytest.mark.parametrize("size, keys", [((80, 24), KEYS), ((120, 40), WIDE_KEYS)], ids=["80x24", "120x40"])
async def test_every_losses_key_leaves_what_a_full_repaint_draws(size, keys):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)  # the sweep plot follows 0.15 s later
            assert screen_lines(app) == await full_repaint(app, pilot), key


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_text_panes_draw_what_textual_draws_for_their_text(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        for key in ["plus", "b", "right", "L", "0", ".", "5", "enter", "enter", "x", "enter", "escape", "d"]:
            await pilot.press(key)
            await pilot.pause(0.05)
            for pane in app.query(LiveText):
                if pane.region.area and pane.size.width:
                    assert drawn(pane) == textual_draws(pane), (key, type(pane).__name__)


async def test_a_cursor_move_repaints_two_grid_lines_and_an_unchanged_table_none():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        grid = app.query_one(ScoreGrid)
        painted: list[tuple[Region, ...]] = []
        refresh = grid.refresh

        def spy(*regions, **options):
            painted.append(regions)
            return refresh(*regions, **options)

        grid.refresh = spy
        await pilot.press("down")
        assert [[region.y for region in regions] for regions in painted] == [[2, 3]]  # old and new cursor row
        painted.clear()
        await pilot.press("equals_sign")  # already × 1: the numbers stay
        assert painted == []
        painted.clear()
        await pilot.press("plus")  # every number: the class rows and both L_i rows, not the headers
        assert sorted(region.y for regions in painted for region in regions) == [2, 3, 4, 5, 6]


async def test_a_scale_change_repaints_the_status_bar_line_that_says_it():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        bar = app.query_one(StatusBar)
        painted = []
        refresh = bar.refresh
        bar.refresh = lambda *regions, **options: painted.append(regions) or refresh(*regions, **options)
        await pilot.press("plus")
        assert [[region.y for region in regions] for regions in painted] == [[0]]  # "W × 2"; the toggles stay
        assert "W × 2" in screen_lines(app)[0]


async def test_a_narrow_screen_feeds_the_hidden_pane_when_it_appears():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        reg = app.query_one(RegPanel)
        await pilot.press("plus", "plus")  # k = 4 while the regularization pane is hidden
        await pilot.press("d")
        await pilot.pause()
        assert "k=4" in "\n".join(screen_lines(app))
        assert drawn(reg) == textual_draws(reg)
        await pilot.press("minus", "d", "d")  # changed while shown, hidden, shown again
        await pilot.pause()
        assert "k=2" in "\n".join(screen_lines(app))
        assert screen_lines(app) == await full_repaint(app, pilot)


async def test_widening_the_screen_shows_both_panes_with_current_numbers():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("plus")
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.3)
        text = "\n".join(screen_lines(app))
        assert "k=2" in text and "scores of W × 2" in text
        assert app.query_one(LossesView).scene.scale == 2


@pytest.mark.long
async def test_classifier_steps_and_runs_leave_what_a_full_repaint_draws():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause(0.3)
        view = app.query_one(ClassifierView)
        for keys in (["s"], ["s", "s"], ["n", "m", "up", "up", "tab"], ["t"], ["r"]):
            await pilot.press(*keys)
            await pilot.pause(0.1)
            assert screen_lines(app) == await full_repaint(app, pilot), keys
        await pilot.press("space")
        await pilot.pause(1.2)  # a dozen steps, one redraw of the plane and tables
        await pilot.press("space")
        await pilot.pause(0.1)
        assert not view.running and view.steps > 5
        assert screen_lines(app) == await full_repaint(app, pilot)
