"""The classifier's plane: decision regions, zero-score lines with their normals, the points.

One terminal cell per sample. Nothing relies on colour alone: each class has a point glyph
(● ▲ ■) and a region texture (· blank ░); each zero-score line carries its class digit
and an arrow pointing where that class's score grows; the selected point is reversed.

The mouse, as in the CS231n web demo: pressing on a point selects it and a drag carries it;
pressing on the empty plane brings the selected point there (and a drag goes on from there).
A cell stands for its centre (``engine.plane.cell_point``, the inverse of ``plane.to_cell``
that draws the points), so a point lands in the very cell clicked. The plot only reports
(``PointPicked``, ``PointDragged``, ``DragEnded``); the view changes the scene: the first move
of a drag is one undoable change and the later ones replace it, so ctrl+z takes back the drag.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from engine import plane
from engine.classifier import ClassifierScene

POINT_GLYPHS = ("●", "▲", "■")
REGION_TEXTURES = ("·", " ", "░")
CLASS_COLOURS = ("#ff5f5f", "#5fd75f", "#5f87ff")  # red, green, blue as in the web demo
REGION_BACKGROUNDS = ("#3a1c1c", "#1c3a1c", "#1c243f")
MOVE_STEP, FINE_STEP = 0.05, 0.01
# Texture colours are explicit mid tones (not dim, which Textual fakes by blending) so that a
# 16-colour terminal maps them to red, green and blue rather than to brown or grey.
TEXTURE_COLOURS = ("#af5f5f", "#5faf5f", "#5f5fd7")
REGION_STYLES = tuple(Style(color=fg, bgcolor=bg) for fg, bg in zip(TEXTURE_COLOURS, REGION_BACKGROUNDS))
LINE_STYLES = tuple(Style(color=fg, bold=True) for fg in CLASS_COLOURS)
POINT_STYLES = LINE_STYLES
SELECTED = Style(reverse=True)


def _runs_to_text(grid) -> Text:
    """Rows of (glyph, style) cells as Text, one span per run of equal style.

    Runs matter over SSH: a style change costs an escape sequence, so a region drawn as a
    few long runs sends a fraction of the bytes of one styled cell at a time.
    """
    text = Text(no_wrap=True, overflow="crop")
    for r, row in enumerate(grid):
        run, style = [], None
        for glyph, cell_style in row:
            if cell_style != style and run:
                text.append("".join(run), style)
                run = []
            run.append(glyph)
            style = cell_style
        if run:
            text.append("".join(run), style)
        if r < len(grid) - 1:
            text.append("\n")
    return text


class PlanePlot(Widget, can_focus=True):
    """Draws a ClassifierScene; with focus, the arrow keys move the selected point."""

    HELP_TITLE = "Plane (focused)"
    BINDINGS = [
        Binding("up", "move(0, 1)", "Move point up", show=False),
        Binding("down", "move(0, -1)", "Move point down", show=False),
        Binding("left", "move(-1, 0)", "Move point left", show=False),
        Binding("right", "move(1, 0)", "Move point right", show=False),
        Binding("shift+up", "move(0, 1, 1)", "Fine move", show=False),
        Binding("shift+down", "move(0, -1, 1)", "Fine move", show=False),
        Binding("shift+left", "move(-1, 0, 1)", "Fine move", show=False),
        Binding("shift+right", "move(1, 0, 1)", "Fine move", show=False),
    ]
    HELP_BINDINGS = [
        Binding("arrows", "", f"Move the selected point by {MOVE_STEP}"),
        Binding("shift+arrows", "", f"Move it by {FINE_STEP}"),
    ]

    # both repaint only the cells that changed (_repaint_changed): a step moves the zero-score lines
    # a little, so most of the plane stays as it is and costs nothing over SSH
    scene: reactive[ClassifierScene | None] = reactive(None, always_update=True, repaint=False)
    selected: reactive[int] = reactive(0, repaint=False)
    _drawn: tuple | None = None  # (scene, selected, size, grid) of what is on screen

    class MovePoint(Message):
        """Ask the view to move the selected point by (dx, dy) in data units."""

        def __init__(self, dx: float, dy: float) -> None:
            super().__init__()
            self.dx, self.dy = dx, dy

    class PointPicked(Message):
        """The mouse went down on point ``index``: select it (a drag may follow)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class PointDragged(Message):
        """Put point ``index`` at (x, y); ``first``: the drag's first move (the undoable one)."""

        def __init__(self, index: int, x: float, y: float, first: bool) -> None:
            super().__init__()
            self.index, self.x, self.y, self.first = index, x, y, first

    class DragEnded(Message):
        """The mouse came up: point ``index`` was ``moved`` (or only picked)."""

        def __init__(self, index: int, moved: bool) -> None:
            super().__init__()
            self.index, self.moved = index, moved

    ALLOW_SELECT = False  # a drag moves a point; it must not select text
    _drag: int | None = None  # the point under the mouse button
    _drag_cell: tuple[int, int] = (0, 0)
    _dragged = False

    def on_mount(self) -> None:
        self.border_title = "plane [−1, 1]²  ●0 ▲1 ■2"
        self.border_subtitle = "fill ·0 ␣1 ░2"

    def on_focus(self) -> None:
        self.border_subtitle = f"arrows move point {self.selected + 1}"

    def on_blur(self) -> None:
        self.border_subtitle = "fill ·0 ␣1 ░2"

    def watch_selected(self, index: int) -> None:
        if self.has_focus:
            self.border_subtitle = f"arrows move point {index + 1}"
        self._repaint_changed()

    def watch_scene(self) -> None:
        self._repaint_changed()

    def _repaint_changed(self) -> None:
        """Repaint, row by row, up to the last cell that changed: Textual writes a repainted row
        from the widget's left edge to the region's end, so the rest of the row costs nothing."""
        before = self._drawn
        if before is None or not self.is_mounted or self.size != before[2]:
            self.refresh()
            return
        grid = self._grid()
        if len(grid) != len(before[3]):
            self.refresh()
            return
        regions = []
        for y, (old, new) in enumerate(zip(before[3], grid)):
            changed = [x for x, (a, b) in enumerate(zip(old, new)) if a != b]
            if changed:
                regions.append(Region(changed[0], y, changed[-1] - changed[0] + 1, 1))
        if regions:
            self.refresh(*regions)

    def action_move(self, sx: int, sy: int, fine: int = 0) -> None:
        step = FINE_STEP if fine else MOVE_STEP
        self.post_message(self.MovePoint(sx * step, sy * step))

    # --- the mouse
    def cell_at(self, event: events.MouseEvent) -> tuple[int, int]:
        """The (row, col) of the cell under the mouse, clamped to the plot (a drag may leave it)."""
        offset = event.get_content_offset_capture(self)
        return min(max(offset.y, 0), self.size.height - 1), min(max(offset.x, 0), self.size.width - 1)

    def point_at(self, row: int, col: int) -> int | None:
        """The point drawn in cell (row, col), if any (the last drawn of those sharing it)."""
        scene, cols, rows = self.scene, self.size.width, self.size.height
        cells = [plane.to_cell(x, y, scene.viewport, cols, rows) for x, y in scene.points]
        hits = [i for i, cell in enumerate(cells) if cell == (row, col)]
        return hits[-1] if hits else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.scene is None or event.button != 1 or event.get_content_offset(self) is None:
            return
        cell = self.cell_at(event)
        picked = self.point_at(*cell)
        self._drag, self._drag_cell, self._dragged = (self.selected if picked is None else picked), cell, False
        self.capture_mouse()
        if picked is None:
            self._move_to(cell)
        else:
            self.post_message(self.PointPicked(picked))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is not None and self.cell_at(event) != self._drag_cell:
            self._move_to(self.cell_at(event))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._end_drag()

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        self._end_drag()  # the capture ended some other way: a drag never outlives it

    def _move_to(self, cell: tuple[int, int]) -> None:
        scene = self.scene
        x, y = plane.cell_point(*cell, scene.viewport, self.size.width, self.size.height)
        self.post_message(self.PointDragged(self._drag, x, y, first=not self._dragged))
        self._drag_cell, self._dragged = cell, True

    def _end_drag(self) -> None:
        if self._drag is not None:
            index, self._drag = self._drag, None
            self.release_mouse()
            self.post_message(self.DragEnded(index, self._dragged))

    def render(self) -> Text:
        return _runs_to_text(self._grid())

    def _grid(self) -> list[list[tuple[str, Style]]]:
        """Rows of (glyph, style) cells for the scene at this size, kept until either changes."""
        scene, selected, size = self.scene, self.selected, self.size
        drawn = self._drawn
        if drawn is not None and drawn[0] is scene and drawn[1] == selected and drawn[2] == size:
            return drawn[3]
        cols, rows = size.width, size.height
        grid = []
        if scene is not None and cols >= 4 and rows >= 3:
            winner = plane.regions(scene.W, scene.b, scene.viewport, cols, rows)
            grid = [[(REGION_TEXTURES[c], REGION_STYLES[c]) for c in row] for row in winner.tolist()]
            self._draw_lines(grid, scene, cols, rows)
            self._draw_points(grid, scene, cols, rows)
        self._drawn = (scene, selected, size, grid)
        return grid

    def _draw_lines(self, grid, scene: ClassifierScene, cols: int, rows: int) -> None:
        vp = scene.viewport
        masks = plane.line_cells(scene.W, scene.b, vp, cols, rows)
        for j, mask in enumerate(masks):
            colour = LINE_STYLES[j]
            glyph = plane.line_glyph(scene.W[j], vp, cols, rows)
            for r, c in zip(*mask.nonzero()):
                grid[r][c] = (glyph, grid[r][c][1] + colour)
            cells = plane.arrow_cell(scene.W[j], scene.b[j], vp, cols, rows, j)
            if cells:
                r, c, ar, ac = cells
                grid[r][c] = (str(j), grid[r][c][1] + colour)
                if (ar, ac) != (r, c):
                    grid[ar][ac] = (plane.normal_arrow(scene.W[j], vp, cols, rows), grid[ar][ac][1] + colour)

    def _draw_points(self, grid, scene: ClassifierScene, cols: int, rows: int) -> None:
        for i, ((x, y), label) in enumerate(zip(scene.points, scene.labels)):
            r, c = plane.to_cell(x, y, scene.viewport, cols, rows)
            style = POINT_STYLES[label] + SELECTED if i == self.selected else POINT_STYLES[label]
            grid[r][c] = (POINT_GLYPHS[label], grid[r][c][1] + style)
