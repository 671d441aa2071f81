"""One row per data point: x0, x1, its class y, the scores s0 s1 s2 and its loss L_i.

A ✓/✗ column says whether the highest score is the point's own class. Moving the cursor
selects the point; Enter hands the point to the plane so the arrow keys move it. A click moves
the cursor (Textual's DataTable) and also says so (``PointClicked``), as a click on the row
under the cursor is Enter.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from engine.classifier import ClassifierReport, ClassifierScene
from tui.widgets.parameter_table import NUMBER_WIDTH, number
from tui.widgets.plane_plot import CLASS_COLOURS, POINT_GLYPHS

# Fixed widths: a number never gets cut ("122." for 122.47) when it outgrows its first width,
# and the columns do not jump while steps run. number() fits every number in NUMBER_WIDTH.
COLUMNS = (("#", 2), ("x0", NUMBER_WIDTH), ("x1", NUMBER_WIDTH), ("y", 2), ("s0", NUMBER_WIDTH),
           ("s1", NUMBER_WIDTH), ("s2", NUMBER_WIDTH), ("L", NUMBER_WIDTH), ("ok", 2))


class PointTable(DataTable):
    HELP_TITLE = "Point table (focused)"
    HELP_BINDINGS = [
        Binding("↑ / ↓", "", "Select a point"),
        Binding("enter", "", "Move it with the arrow keys (on the plane)"),
    ]

    class PointSelected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class GrabPoint(Message):
        """Enter on a row: the user wants to move this point."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class PointClicked(Message):
        """A click selected point ``index`` (after the cursor moved there)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        for name, width in COLUMNS:
            self.add_column(Text(name, justify="right" if width == NUMBER_WIDTH else "left"),
                            key=name, width=width)

    def show(self, scene: ClassifierScene, report: ClassifierReport, selected: int) -> None:
        rows = [self._row(i, scene, report) for i in range(scene.num_points)]
        if self.row_count != len(rows):
            self.clear()
            for i, row in enumerate(rows):
                self.add_row(*row, key=str(i))
        else:
            for i, row in enumerate(rows):
                for k, cell in enumerate(row):
                    if self.get_cell_at((i, k)) != cell:  # an update repaints the whole table
                        self.update_cell_at((i, k), cell)
        if self.cursor_row != selected:
            self.move_cursor(row=selected)

    @staticmethod
    def _row(i: int, scene: ClassifierScene, report: ClassifierReport) -> list:
        y = scene.labels[i]
        x0, x1 = scene.points[i]
        ok = Text("✓") if report.correct[i] else Text("✗", style="bold")
        return [Text(str(i + 1), justify="right"), Text(number(x0), justify="right"),
                Text(number(x1), justify="right"), Text(f"{POINT_GLYPHS[y]}{y}", style=CLASS_COLOURS[y]),
                *(Text(number(s), justify="right") for s in report.scores[i]),
                Text(number(report.per_point[i]), justify="right"), ok]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.PointSelected(event.cursor_row))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.GrabPoint(event.cursor_row))

    def on_click(self, event: events.Click) -> None:
        # runs before DataTable's own click handler: report the row once it has moved the cursor
        self.call_next(lambda: self.post_message(self.PointClicked(self.cursor_row)))
