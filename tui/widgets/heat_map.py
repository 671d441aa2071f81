"""A square grid of values as a heat map: half-block cells, numbered axes, a colour-scale legend.

Colour: each cell is "▀" with the upper grid row as foreground and the lower as background, so a
41-point side takes 41 columns × 21 rows (two grid rows per terminal row) and looks square.
The scale runs dark violet (low) → yellow (high), in SCALE_LEVELS steps.
NO_COLOR (``app.no_color``): one ramp character per cell (" .:-=+*#%@", engine.heatmap), every
other grid row, and the legend shows the ramp. Marks (e.g. W and the minimum) are drawn as their
letters either way. A smaller widget samples the nearest grid points (an odd count, so a grid's
middle point stays visible).

Every Segment carries a Style: under NO_COLOR Textual's monochrome filter fails on a None style.
"""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from engine.heatmap import RAMP, levels, odd_at_most, sample_indices
from engine.numfmt import precise, short

UPPER_HALF = "▀"
SCALE_LEVELS = 24
SCALE_STOPS = np.array([(48, 18, 59), (70, 60, 150), (50, 110, 190), (30, 160, 170),
                        (60, 190, 110), (170, 210, 50), (250, 230, 40)], dtype=np.float64)
PLAIN = Style()
AXIS = Style(color="#9e9e9e")  # muted, not dim (Textual fakes dim by blending)
LEGEND_GAP, BAR_WIDTH = 1, 2


def scale_colours(count: int = SCALE_LEVELS) -> list[Color]:
    """count colours interpolated along SCALE_STOPS, low to high."""
    t = np.linspace(0, len(SCALE_STOPS) - 1, count)
    low = np.floor(t).astype(int).clip(0, len(SCALE_STOPS) - 2)
    frac = (t - low)[:, None]
    rgb = SCALE_STOPS[low] * (1 - frac) + SCALE_STOPS[low + 1] * frac
    return [Color.from_rgb(*map(int, np.round(c))) for c in rgb]


COLOURS = scale_colours()


def mark_style(level: int) -> Style:
    """A mark's letter in black on bright cells, white on dark ones, bold."""
    colour = COLOURS[level]
    r, g, b = colour.triplet
    ink = "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"
    return Style(color=ink, bgcolor=colour, bold=True)


class HeatMap(Widget):
    """Shows grid[j, i] at (coords[i], coords[j]), j upwards; call :meth:`show`."""

    DEFAULT_CSS = """
    HeatMap { width: auto; height: 1fr; }
    """

    def __init__(self, x_name: str = "a", y_name: str = "b", **kwargs) -> None:
        super().__init__(**kwargs)
        self.x_name, self.y_name = x_name, y_name
        self.grid: np.ndarray | None = None
        self.coords: np.ndarray | None = None
        self.marks: dict[tuple[int, int], str] = {}
        self._lines: list[Strip] = []
        self._key: tuple | None = None

    def show(self, grid: np.ndarray, coords: np.ndarray, marks: dict[tuple[int, int], str] | None = None) -> None:
        """Draw GRID (rows = coords as y, columns = coords as x); marks maps (j, i) to a letter."""
        self.grid, self.coords, self.marks = grid, coords, dict(marks or {})
        self._key = None
        self.refresh(layout=True)

    @property
    def no_color(self) -> bool:
        return bool(getattr(self.app, "no_color", False))

    # ---------------------------------------------------------------- sizes
    def _gutter(self) -> int:
        labels = [self._tick(self.coords[0]), self._tick(self.coords[-1]), f"{self.y_name}↑"]
        return max(len(t) for t in labels) + 1

    def _legend_width(self) -> int:
        low, high = float(self.grid.min()), float(self.grid.max())
        return LEGEND_GAP + BAR_WIDTH + 1 + max(len(precise(low)), len(precise(high)))

    def get_content_width(self, container, viewport) -> int:
        if self.grid is None:
            return 0
        return self._gutter() + self.grid.shape[1] + self._legend_width()

    def map_side(self, width: int, height: int) -> int:
        """Grid points shown a side at this size (columns; also pixel rows in colour)."""
        n = self.grid.shape[1]
        room = width - self._gutter() - self._legend_width()
        tall = 2 * (height - 1)  # pixel rows (colour) or, sampled every other, character rows
        return odd_at_most(max(1, min(room, tall)), n)

    @staticmethod
    def _tick(x: float) -> str:
        return short(x, 2)

    # ---------------------------------------------------------------- drawing
    def _build(self) -> None:
        width, height = self.size.width, self.size.height
        key = (width, height, id(self.grid), self.no_color)
        if key == self._key:
            return
        self._key = key
        if self.grid is None or width <= 0 or height <= 1:
            self._lines = []
            return
        side = self.map_side(width, height)
        cols = sample_indices(self.grid.shape[1], side)
        if self.no_color:
            rows = sample_indices(self.grid.shape[0], (side + 1) // 2)[::-1]
            pairs = [(j, j) for j in rows]
        else:
            rows = sample_indices(self.grid.shape[0], side)[::-1]
            pairs = [(rows[k], rows[k + 1] if k + 1 < len(rows) else None) for k in range(0, len(rows), 2)]
        low, high = float(self.grid.min()), float(self.grid.max())
        count = len(RAMP) if self.no_color else SCALE_LEVELS
        level = levels(self.grid, low, high, count)
        gutter = self._gutter()
        marks = self._placed_marks(rows, cols, 1 if self.no_color else 2)
        lines = []
        for r, (top, bottom) in enumerate(pairs):
            label = self._row_label(r, len(pairs), top, bottom)
            segments = [Segment(label.rjust(gutter - 1) + " ", AXIS)]
            segments += [self._cell(level, top, bottom, i, marks.get((r, c)))
                         for c, i in enumerate(cols)]
            segments += self._legend_row(r, len(pairs), low, high)
            lines.append(Strip(segments).adjust_cell_length(width, PLAIN))
        lines.append(Strip(self._axis_row(cols, gutter)).adjust_cell_length(width, PLAIN))
        self._lines = lines

    def _row_label(self, r: int, rows: int, top: int, bottom: int | None) -> str:
        """b at the top, middle and bottom rows (the value of the row's upper grid point)."""
        if r == 0 or r == rows - 1 or r == rows // 2:
            j = top if r != rows - 1 or bottom is None else bottom
            return self._tick(self.coords[j])
        return ""

    def _placed_marks(self, rows: np.ndarray, cols: np.ndarray, per_cell: int) -> dict[tuple[int, int], str]:
        """Each mark at the screen cell (row, column) of the nearest grid point shown; the
        first mark wins a shared cell."""
        placed: dict[tuple[int, int], str] = {}
        for (j, i), letter in self.marks.items():
            cell = (int(np.abs(rows - j).argmin()) // per_cell, int(np.abs(cols - i).argmin()))
            placed.setdefault(cell, letter)
        return placed

    def _cell(self, level: np.ndarray, top: int, bottom: int | None, i: int, mark: str | None) -> Segment:
        if self.no_color:
            return Segment(mark or RAMP[level[top, i]], Style(bold=True) if mark else PLAIN)
        if mark:
            return Segment(mark, mark_style(level[top, i]))
        lower = COLOURS[level[bottom, i]] if bottom is not None else None
        return Segment(UPPER_HALF, Style(color=COLOURS[level[top, i]], bgcolor=lower))

    def _legend_row(self, r: int, rows: int, low: float, high: float) -> list[Segment]:
        """The scale beside the map: high at the top, low at the bottom, its values at the ends."""
        count = len(RAMP) if self.no_color else SCALE_LEVELS
        fraction = 1 - (r + 0.5) / rows
        k = min(count - 1, int(fraction * count))
        label = precise(high) if r == 0 else precise(low) if r == rows - 1 else ""
        if self.no_color:
            bar = Segment(RAMP[k] * BAR_WIDTH, PLAIN)
        else:
            upper = min(count - 1, int((1 - (r + 0.25) / rows) * count))
            lower = min(count - 1, int((1 - (r + 0.75) / rows) * count))
            bar = Segment(UPPER_HALF * BAR_WIDTH, Style(color=COLOURS[upper], bgcolor=COLOURS[lower]))
        return [Segment(" " * LEGEND_GAP, PLAIN), bar, Segment(" " + label, AXIS)]

    def _axis_row(self, cols: np.ndarray, gutter: int) -> list[Segment]:
        """x values under the first, middle and last columns, then the axis name."""
        side = len(cols)
        line = [" "] * side
        for position in (0, side // 2, side - 1):
            text = self._tick(self.coords[cols[position]])
            start = min(max(0, position - len(text) // 2), side - len(text))
            if position == side - 1:
                start = side - len(text)
            line[start:start + len(text)] = list(text)
        name = f"{self.y_name}↑".rjust(gutter - 1) + " "
        return [Segment(name, AXIS), Segment("".join(line)[:side], AXIS), Segment(f" {self.x_name}→", AXIS)]

    def render_line(self, y: int) -> Strip:
        self._build()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, PLAIN)
