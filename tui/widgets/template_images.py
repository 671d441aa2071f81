"""The class templates of a linear classifier as small colour images (half-block cells).

Each column of W (without the bias row) is one class's template: a 32×32×3 image, as in the
course's weight visualisations. For display each template is min–max stretched to 0..255 on
its own, optionally averaged down to fewer pixels (e.g. 16×16), and drawn with the upper half block
"▀": foreground = the upper pixel, background = the lower one, so one cell shows two pixels
and a 32×32 template takes 32 columns × 16 rows.

The widget picks the largest size (32 down to 8 pixels, averaging blocks) that fits all templates in its area,
each labelled with its class name.
"""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

SIDE = 32  # CIFAR-10 images: 32×32×3, flattened row-major (row, column, channel)
MIN_SIZE = 8
UPPER_HALF = "▀"
PLAIN = Style()  # every Segment needs a Style: NO_COLOR's monochrome filter reads style.color


def template_images(W: np.ndarray, side: int = SIDE) -> np.ndarray:
    """(D, C) weights incl. a last bias row → (C, side, side, 3) uint8, each stretched to 0..255.

    Row-major (row, column, channel) flattening, as the dataset loader flattens images.
    A constant template (e.g. all zeros) becomes mid-grey rather than dividing by zero.
    """
    W = np.asarray(W, dtype=np.float64)
    pixels = side * side * 3
    if W.ndim != 2 or W.shape[0] - 1 != pixels:
        raise ValueError(f"expected {pixels} weights + a bias row per class, got shape {W.shape}")
    images = W[:-1].reshape(side, side, 3, W.shape[1]).transpose(3, 0, 1, 2)
    lo = images.min(axis=(1, 2, 3), keepdims=True)
    hi = images.max(axis=(1, 2, 3), keepdims=True)
    span = hi - lo
    scaled = np.where(span > 0, (images - lo) / np.where(span > 0, span, 1.0), 0.5)
    return np.round(scaled * 255).astype(np.uint8)


def downsample(images: np.ndarray, size: int) -> np.ndarray:
    """(C, S, S, 3) → (C, size, size, 3), each output pixel the mean of its block of input pixels
    (blocks of ⌈S/size⌉ or ⌊S/size⌋ pixels when size does not divide S)."""
    side = images.shape[1]
    if not 1 <= size <= side:
        raise ValueError(f"cannot shrink {side} pixels to {size}")
    edges = np.round(np.linspace(0, side, size + 1)).astype(int)
    data = images.astype(np.float64)
    rows = np.add.reduceat(data, edges[:-1], axis=1) / np.diff(edges)[None, :, None, None]
    cells = np.add.reduceat(rows, edges[:-1], axis=2) / np.diff(edges)[None, None, :, None]
    return np.round(cells).astype(np.uint8)


def grid_layout(count: int, width: int, height: int) -> tuple[int, int, int]:
    """(pixel size, templates per row, gap) of the largest tiling of ``count`` labelled
    templates that fits width × height cells (even sizes from 32 down to 8, one blank
    column between templates); the smallest size if nothing fits."""
    gap = 1
    for size in range(SIDE, MIN_SIZE - 1, -2):
        per_row = (width + gap) // (size + gap)
        if per_row < 1:
            continue
        rows = -(-count // per_row)
        if rows * (size // 2 + 1) <= height:  # half-block rows + the label
            return size, per_row, gap
    return MIN_SIZE, max(1, (width + gap) // (MIN_SIZE + gap)), gap


def fit_label(label: str, width: int) -> str:
    """The class name centred in ``width`` cells, cut with "…" when too long."""
    if len(label) > width:
        label = label[:width - 1] + "…"
    return label.center(width)


def _cell(top, bottom) -> Segment:
    return Segment(UPPER_HALF, Style(color=Color.from_rgb(*map(int, top)),
                                     bgcolor=Color.from_rgb(*map(int, bottom))))


def render_grid(images: np.ndarray, labels, width: int, height: int) -> list[list[Segment]]:
    """Lines of segments: the templates tiled in rows, each with its label under it."""
    size, per_row, gap = grid_layout(len(images), width, height)
    small = images if size == images.shape[1] else downsample(images, size)
    lines: list[list[Segment]] = []
    for start in range(0, len(small), per_row):
        group = range(start, min(start + per_row, len(small)))
        for y in range(0, size, 2):
            line: list[Segment] = []
            for n, c in enumerate(group):
                if n and gap:
                    line.append(Segment(" " * gap, PLAIN))
                line += [_cell(small[c, y, x], small[c, y + 1, x]) for x in range(size)]
            lines.append(line)
        label_line: list[Segment] = []
        for n, c in enumerate(group):
            if n and gap:
                label_line.append(Segment(" " * gap, PLAIN))
            label_line.append(Segment(fit_label(str(labels[c]), size), PLAIN))
        lines.append(label_line)
    return lines


class TemplateImages(Widget):
    """Shows the templates of ``W`` (call :meth:`show`), tiled to fit; empty until then."""

    DEFAULT_CSS = """
    TemplateImages { height: 1fr; width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.images: np.ndarray | None = None
        self.labels: tuple[str, ...] = ()
        self._lines: list[Strip] = []
        self._key: tuple | None = None

    def show(self, W: np.ndarray, labels) -> None:
        self.images = template_images(W)
        self.labels = tuple(labels)
        self._key = None
        self.refresh()

    def clear(self) -> None:
        self.images, self.labels, self._key, self._lines = None, (), None, []
        self.refresh()

    @property
    def layout_info(self) -> tuple[int, int, int] | None:
        """(pixel size, per row, gap) used at the current size, or None when empty."""
        if self.images is None:
            return None
        return grid_layout(len(self.images), self.size.width, self.size.height)

    def _build(self) -> None:
        key = (self.size.width, self.size.height, id(self.images))
        if key == self._key:
            return
        self._key = key
        if self.images is None:
            self._lines = []
            return
        self._lines = [Strip(segs).crop(0, self.size.width)
                       for segs in render_grid(self.images, self.labels, self.size.width, self.size.height)]

    def render_line(self, y: int) -> Strip:
        self._build()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, PLAIN)
