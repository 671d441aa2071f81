"""W (3×2, row j = class j, as in the web demo) and b, each value with its gradient below it.

Every number fits 7 characters (two decimals, fewer for large ones, then 1.23e5), so a cell is
"∂ " plus the gradient right-aligned under its value, and two blanks part the columns even when
a large λ makes the gradients hundreds (they used to run together: ∂232.11∂−731.12).

The cursor moves over the parameter cells only; + / − nudge the selected one, Enter or e
asks the view to open the editor (so does a click on the selected cell: Textual's DataTable).
The table posts messages; the view owns the scene.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from engine.classifier import ClassifierReport, ClassifierScene
from engine.numfmt import fit_width, fixed, precise
from tui.widgets.plane_plot import CLASS_COLOURS, POINT_GLYPHS

COARSE, FINE = 0.1, 0.01
PARAM_COLUMNS = (("W", 0), ("W", 1), ("b", 0))  # (name, col) of table columns 1..3
NUMBER_WIDTH = 7
CELL_WIDTH = NUMBER_WIDTH + 2  # "∂ " before the gradient


def number(x: float) -> str:
    """x in the table's NUMBER_WIDTH characters."""
    return fit_width(x, NUMBER_WIDTH)


class ParameterTable(DataTable):
    """One row per class: w_j0, w_j1, b_j, each shown as value over ∂L/∂value."""

    HELP_TITLE = "Parameter table (focused)"
    BINDINGS = [
        Binding("plus,equals_sign", f"nudge({COARSE})", f"+{COARSE}", show=False),
        Binding("minus", f"nudge({-COARSE})", f"−{COARSE}", show=False),
        Binding("shift+up", f"nudge({FINE})", f"+{FINE}", show=False),
        Binding("shift+down", f"nudge({-FINE})", f"−{FINE}", show=False),
        Binding("e", "edit", "Type a value", show=False),
    ]
    HELP_BINDINGS = [
        Binding("arrows", "", "Select a parameter"),
        Binding("+ / −", "", f"Nudge it by ±{COARSE}"),
        Binding("shift+↑ / shift+↓", "", f"Nudge it by ±{FINE}"),
        Binding("enter / e", "", "Type its value"),
    ]

    class Nudge(Message):
        def __init__(self, name: str, row: int, col: int, delta: float) -> None:
            super().__init__()
            self.name, self.row, self.col, self.delta = name, row, col, delta

    class EditRequested(Message):
        def __init__(self, name: str, row: int, col: int) -> None:
            super().__init__()
            self.name, self.row, self.col = name, row, col

    class ParameterClicked(Message):
        """A click selected a parameter (after the cursor moved there)."""

        def __init__(self, name: str, row: int, col: int) -> None:
            super().__init__()
            self.name, self.row, self.col = name, row, col

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=False, **kwargs)

    def on_mount(self) -> None:
        self.add_column("j", key="class")  # the class: row j of W
        for label in ("W[j,0]", "W[j,1]", "b[j]"):
            # Text: "[j,0]" is not markup; right-aligned over the numbers
            self.add_column(Text(label, justify="right"), key=label, width=CELL_WIDTH)
        self.move_cursor(row=0, column=1)

    @property
    def selected(self) -> tuple[str, int, int]:
        """(name, row, col) of the parameter under the cursor."""
        name, col = PARAM_COLUMNS[max(self.cursor_column, 1) - 1]
        return name, self.cursor_row, col

    def show(self, scene: ClassifierScene, report: ClassifierReport) -> None:
        """Show the scene's parameters and the report's gradients, keeping the cursor."""
        values = [[(scene.W[j, 0], report.dW[j, 0]), (scene.W[j, 1], report.dW[j, 1]),
                   (scene.b[j], report.db[j])] for j in range(len(scene.b))]
        if self.row_count != len(values):
            self.clear()
            for j, row in enumerate(values):
                label = Text(f"{POINT_GLYPHS[j]} {j}", style=CLASS_COLOURS[j])
                self.add_row(label, *(self._cell(v, g) for v, g in row), height=2, key=str(j))
            return
        for j, row in enumerate(values):
            for k, (v, g) in enumerate(row):
                cell = self._cell(v, g)
                if self.get_cell_at((j, k + 1)) != cell:  # an update repaints the whole table
                    self.update_cell_at((j, k + 1), cell)

    @staticmethod
    def _cell(value: float, grad: float) -> Text:
        return Text.assemble(f"{number(value):>{CELL_WIDTH}}\n",
                             (f"∂ {number(grad):>{NUMBER_WIDTH}}", "dim"))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        if event.coordinate.column == 0:  # the class label is not a parameter
            self.move_cursor(column=1)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit()

    def action_nudge(self, delta: float) -> None:
        self.post_message(self.Nudge(*self.selected, delta))

    def action_edit(self) -> None:
        self.post_message(self.EditRequested(*self.selected))

    def on_click(self, event: events.Click) -> None:
        # runs before DataTable's own click handler: report the cell once it has moved the cursor
        self.call_next(lambda: self.post_message(self.ParameterClicked(*self.selected)))
