"""The score table in the lecture's orientation: classes as rows, examples as columns.

Each example is a group of three sub-columns — its score, the SVM hinge term
max(0, s_j − s_y + Δ) and the softmax probability — with the two per-example losses in
the rows underneath. The widget only lays out what ``engine.scene.evaluate`` returned.

Marking never relies on colour: the correct class carries ``▸``, an excluded j = y hinge
term is ``·``, the cursor row/column carry ``›``/``˅`` and the cursor cell is reversed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from engine.hidden import NOTHING_HIDDEN, Hidden
from engine.numfmt import fine, fixed, probability
from engine.wording import clip
from engine.scene import Report, Scene
from tui.widgets.score_grid_mouse import ScoreGridMouse


def prob_text(report: Report, i: int, j: int) -> str:
    """p_ij as the grid shows it: never a bare 0.00 or 1.00 next to a non-zero loss."""
    return probability(report.probs[i, j], report.log_probs[i, j], report.prob_rest[i, j])

CORRECT = "▸"
EXCLUDED = "·"
HIDDEN = "?"  # a number the lecture has not revealed yet
GAP = "  "  # between example groups
HEADER_ROWS = 2  # example names, then sub-column names
LABEL_HEAD = "class"  # the label column's sub-header
LOSS_ROWS = 2  # L_i SVM, L_i softmax


def hinge_header(scene: Scene) -> str:
    return "hinge²" if scene.squared else "hinge"


@dataclass(frozen=True, eq=False)
class GridData:
    """What the grid shows: the scene (names, labels, settings), its evaluated report, and which
    numbers lecture mode hides for now (shown as ?)."""

    scene: Scene
    report: Report
    hidden: Hidden = NOTHING_HIDDEN
    hinges: bool = True  # False: no hinge sub-columns (a lecture slide that needs every example)


@dataclass(frozen=True)
class Geometry:
    """Column widths for the current data; x offsets are derived from them."""

    label: int
    score: int
    hinge: int
    prob: int

    @property
    def group(self) -> int:
        """An example's width: score, hinge (when shown: hinge > 0) and p, a space between."""
        return self.score + 1 + (self.hinge + 1 if self.hinge else 0) + self.prob

    def group_x(self, col: int) -> int:
        return self.label + 1 + col * (self.group + len(GAP))


class ScoreGrid(ScoreGridMouse, Widget, can_focus=True):
    """Scores with hinge terms, probabilities and per-example losses; a cell cursor (clicks and the
    wheel: tui/widgets/score_grid_mouse.py)."""

    HELP_TITLE = "Score table"
    HELP_BINDINGS = [  # longer words for the ? screen than the footer has room for
        Binding("up,down,left,right", "noop", "Move the cursor over score cells", key_display="arrows"),
        Binding("enter", "noop", "Edit the score under the cursor (Enter commits, Esc cancels)"),
        Binding("l", "noop", "Make the row under the cursor the correct class of its column"),
        Binding("plus,minus,equals_sign", "noop", "Multiply W and b by 2 / by ½ / reset to × 1",
                key_display="+ - ="),
        Binding("j", "noop", "Jiggle the score by +0.1 and compare both losses; j again undoes"),
    ]
    BINDINGS = [  # priority, like the Losses view's keys: a burst of keys keeps its order
        Binding("up", "move(-1, 0)", "Up", show=False, priority=True),
        Binding("down", "move(1, 0)", "Down", show=False, priority=True),
        Binding("left", "move(0, -1)", "Left", show=False, priority=True),
        Binding("right", "move(0, 1)", "Right", show=False, priority=True),
    ]
    COMPONENT_CLASSES = {
        "score-grid--header", "score-grid--cursor", "score-grid--correct",
        "score-grid--violation", "score-grid--loss", "score-grid--dim",
    }

    # both repaint only the lines that changed (_repaint_changed), not the whole grid
    data: reactive[GridData | None] = reactive(None, always_update=True, repaint=False)
    cursor: reactive[tuple[int, int]] = reactive((0, 0), repaint=False)  # (class row, example column)

    class CursorMoved(Message):
        """The cursor now sits on class ``row`` of example ``col``."""

        def __init__(self, row: int, col: int) -> None:
            super().__init__()
            self.row, self.col = row, col

    # --- state
    def validate_cursor(self, cursor: tuple[int, int]) -> tuple[int, int]:
        if self.data is None:
            return cursor
        row = min(max(cursor[0], 0), self.data.scene.num_classes - 1)
        col = min(max(cursor[1], 0), self.data.scene.num_examples - 1)
        return row, col

    def watch_data(self, old: GridData | None, new: GridData | None) -> None:
        self._cached_geometry = None
        size = None if new is None else (self.geometry(), new.scene.num_classes, new.scene.num_examples)
        if size != self._grid_shape:  # re-layout only when the grid changes size: an edit is just a repaint
            self._grid_shape = size
            self.refresh(layout=True)
        self.cursor = self.validate_cursor(self.cursor)
        self._repaint_changed()

    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        self._repaint_changed()
        self.post_message(self.CursorMoved(*cursor))

    def action_move(self, drow: int, dcol: int) -> None:
        row, col = self.cursor
        self.cursor = (row + drow, col + dcol)

    def action_noop(self) -> None:
        """Only there so the help screen can list the arrow keys."""

    # --- geometry
    _cached_geometry: Geometry | None = None
    _grid_shape: tuple | None = None

    def geometry(self) -> Geometry:
        """Column widths, cached per ``data`` (render, layout and the editor all ask)."""
        if self._cached_geometry is None:
            self._cached_geometry = self._measure()
        return self._cached_geometry

    def _measure(self) -> Geometry:
        scene, report = self.data.scene, self.data.report
        names = [clip(c) for c in scene.classes]
        scores = [fixed(v) for v in report.scores.ravel()]
        hinges = [fixed(v) for v in (*report.svm_terms.ravel(), *report.svm_per_example)]
        losses = [fine(v) for v in report.softmax_per_example]  # 9.2e−4, never a bare 0.00 that is not 0
        # below 0.005 or within 0.005 of 1 a p keeps its small part: 0.0021, 9.7e−4, 0.9962
        odd = (report.probs < 0.005) | (report.prob_rest < 0.005)
        probs = [(1 if scene.labels[i] == j else 0) + len(prob_text(report, i, j)) for i, j in zip(*odd.nonzero())]
        return Geometry(
            # the L_i row names reach into the blank score cells of the first example beside them
            label=max(len(LABEL_HEAD) + 2, *(len(n) + 2 for n in names)),
            score=max(5, *(len(s) + 1 for s in scores)),
            hinge=max(len(hinge_header(scene)), *(len(h) for h in hinges)) if self.data.hinges else 0,
            prob=max(5, *(len(v) for v in losses), *probs),
        )

    _first_col = 0  # leftmost example column on screen

    def columns(self) -> range:
        """The example columns that fit beside the class names, always including the cursor's:
        the grid pages sideways itself so the class names never scroll away."""
        geo = self.geometry()
        n = self.data.scene.num_examples
        width = self.size.width or 10_000
        fit = max(1, (width - geo.label - 1 + len(GAP)) // (geo.group + len(GAP)))
        col, first = self.cursor[1], min(self._first_col, n - 1)
        first = col if col < first else col - fit + 1 if col >= first + fit else first
        self._first_col = first = max(0, min(first, n - fit))
        return range(first, min(n, first + fit))

    _first_row = 0  # topmost class row on screen

    def class_rows(self) -> range:
        """The class rows that fit between the headers and the two L_i rows, always including the
        cursor's: the grid pages up and down itself, so the headers and both per-example losses
        stay on screen however many classes there are (a short terminal, the cifar10 preset)."""
        n = self.data.scene.num_classes
        height = self.size.height or 10_000  # before the first layout: everything
        fit = max(1, height - HEADER_ROWS - LOSS_ROWS)
        row, first = self.cursor[0], min(self._first_row, n - 1)
        first = row if row < first else row - fit + 1 if row >= first + fit else first
        self._first_row = first = max(0, min(first, n - fit))
        return range(first, min(n, first + fit))

    def cell_region(self, row: int, col: int) -> Region:
        """Where the score cell (class row, example col) is drawn, in widget coordinates."""
        geo = self.geometry()
        return Region(geo.group_x(col - self.columns().start), HEADER_ROWS + row - self.class_rows().start,
                      geo.score, 1)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.data is None:
            return 1
        return self.geometry().group_x(self.data.scene.num_examples) - len(GAP)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 if self.data is None else HEADER_ROWS + self.data.scene.num_classes + LOSS_ROWS

    # --- drawing: rows of (text, style) pieces, drawn as Strips (the Line API) because going
    # through a Rich Text costs ~4× more per frame for a 10 × 10 table; render() is for reading.
    def rows(self) -> list[list[tuple[str, Style | None]]]:
        scene, r, hidden = self.data.scene, self.data.report, self.data.hidden
        geo = self.geometry()
        header, cursor_style, correct, violation, loss, dim = self._part_styles()
        crow, ccol = self.cursor
        cols = self.columns()
        last = cols[-1]
        gap = (GAP, None)
        left, right = cols.start, scene.num_examples - 1 - last  # columns off screen

        names = [((f"‹ {left} more" if left else "").ljust(geo.label + 1), dim)]
        shown_rows = self.class_rows()
        above, below = shown_rows.start, scene.num_classes - shown_rows.stop  # rows off screen
        head = LABEL_HEAD + "".join((f" ↑{above}" if above else "", f" ↓{below}" if below else ""))
        if len(head) > geo.label + 1:  # no room for the counts: the arrows still say which way
            head = LABEL_HEAD + " " + "↑" * bool(above) + "↓" * bool(below)
        subs = [(head.ljust(geo.label + 1), header)]
        hinge_name = hinge_header(scene)
        for i in cols:
            name = scene.examples[i]
            mark = "˅ " if i == ccol else ""
            names.append(((mark + name)[: geo.group].center(geo.group), header))
            hinge_head = f"{hinge_name:>{geo.hinge}} " if geo.hinge else ""
            subs.append((f"{'score':>{geo.score}} {hinge_head}{'p':>{geo.prob}}", header))
            if i < last:
                names.append(gap)
                subs.append(gap)
        if right:
            names.append((f"  {right} more ›", dim))
        lines = [names, subs]

        for j in shown_rows:
            cls = scene.classes[j]
            line = [(("› " if j == crow else "  ") + clip(cls).ljust(geo.label - 1), header)]
            for i in cols:
                is_y = scene.labels[i] == j
                score = (CORRECT if is_y else " ") + fixed(r.scores[i, j])
                cell_style = correct if is_y else None
                if (j, i) == (crow, ccol):
                    cell_style = cursor_style + correct if is_y else cursor_style
                line.append((f"{score:>{geo.score}} ", cell_style))
                if not geo.hinge:
                    pass
                elif is_y and not scene.include_true:
                    line.append((f"{EXCLUDED:>{geo.hinge}}", dim))
                elif hidden.svm(i):
                    line.append((f"{HIDDEN:>{geo.hinge}}", dim))
                else:
                    term = r.svm_terms[i, j]
                    line.append((f"{fixed(term):>{geo.hinge}}", violation if term > 0 else dim))
                prob = (CORRECT if is_y else "") + (HIDDEN if hidden.prob(i) else prob_text(r, i, j))
                line.append((f"{' ' if geo.hinge else ''}{prob:>{geo.prob}}", correct if is_y else None))
                if i < last:
                    line.append(gap)
            lines.append(line)

        # each loss row's name runs on into the blank cells left of its first value; L_i SVM sits
        # under the hinge terms it sums (under the scores when the hinge columns are left out)
        svm_at = geo.score + 1 if geo.hinge else 0  # where the L_i SVM column starts in a group
        svm_width = geo.hinge or geo.score
        soft_at = geo.group - geo.prob
        svm = [("  L_i SVM".ljust(geo.label + 1 + svm_at), header)]
        soft = [("  L_i softmax".ljust(geo.label + 1 + soft_at), header)]
        for i in cols:
            if i != cols.start:
                svm.append((" " * svm_at, None))
                soft.append((" " * soft_at, None))
            svm_i = HIDDEN if hidden.svm(i) else fixed(r.svm_per_example[i])
            soft_i = HIDDEN if hidden.softmax(i) else fine(r.softmax_per_example[i])
            svm.append((f"{svm_i:>{svm_width}}", loss))
            svm.append((" " * (geo.group - svm_at - svm_width), None))
            soft.append((f"{soft_i:>{geo.prob}}", loss))
            if i < last:
                svm.append(gap)
                soft.append(gap)
        return [*lines, svm, soft]

    _part_style_cache: tuple | None = None  # ((focus, theme), component styles)

    def _part_styles(self) -> tuple[Style, ...]:
        """The six component styles, kept while focus and theme stand: Textual recomputes each one
        through every ancestor after any refresh (~0.3 ms a frame)."""
        key = (self.has_focus, self.app.theme)
        if self._part_style_cache is None or self._part_style_cache[0] != key:
            names = ("header", "cursor", "correct", "violation", "loss", "dim")
            self._part_style_cache = (key, tuple(self.get_component_rich_style(f"score-grid--{name}") for name in names))
        return self._part_style_cache[1]

    def render(self) -> Text:
        """The grid as Rich Text (tests and screenshots read this)."""
        if self.data is None:
            return Text("")
        return Text("\n", no_wrap=True).join(
            Text.assemble(*((text, style or "") for text, style in row)) for row in self.rows())

    _drawn: tuple | None = None  # (key, rows, strips): reused until data, cursor, focus or size change

    def _key(self) -> tuple:
        return (id(self.data), self.cursor, self._first_col, self._first_row, self.has_focus, self.size,
                self.app.theme)

    def _draw(self) -> tuple:
        base = self.rich_style
        rows = self.rows()  # may move the row/column window, so the key is taken after it
        width = self.size.width
        strips = [_strip(row, base, width) for row in rows]
        self._drawn = (self._key(), rows, strips)
        return self._drawn

    def _repaint_changed(self) -> None:
        """Repaint only the lines whose pieces changed: a cursor move repaints 2–3 lines, not 7+
        (each line is ~400 bytes over SSH), a change that leaves the numbers as they were none."""
        before = self._drawn
        if self.data is None or before is None or not self.size or not self.is_mounted:
            self.refresh()
            return
        _, rows, _ = self._draw()
        if len(rows) != len(before[1]):
            self.refresh()
            return
        width = self.size.width
        changed = [Region(0, y, width, 1) for y, (old, new) in enumerate(zip(before[1], rows)) if old != new]
        if changed:
            self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        if self.data is None:
            return Strip.blank(self.size.width, self.rich_style)
        if self._drawn is None or self._drawn[0] != self._key():
            self._draw()
        strips = self._drawn[2]
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)


def _strip(row: list[tuple[str, Style | None]], base: Style, width: int) -> Strip:
    """One line of pieces on ``base``, exactly ``width`` cells (one Strip: each costs ~10 µs).
    Neighbours of one style become one segment: each segment costs ~25 bytes of escape codes."""
    segments: list[Segment] = []
    for text, style in row:
        style = base + style if style else base
        if segments and segments[-1].style == style:
            segments[-1] = Segment(segments[-1].text + text, style)
        else:
            segments.append(Segment(text, style))
    length = sum(cell_len(text) for text, _ in row)
    if length > width:
        return Strip(segments).crop_extend(0, width, base)
    if length < width:
        segments.append(Segment(" " * (width - length), base))
    return Strip(segments, width)
