"""The Classifier view under the mouse, as in the CS231n web demo; every key still works alone.

- Pressing on a point on the plane selects it; dragging carries it; pressing on the empty plane
  brings the selected point there. A whole drag is one undo step (ctrl+z or u): its first move
  is applied, the later ones replace it (``Document.replace``), so the history holds the scene
  from before the drag.
- A click in the point table selects that point; in the parameter table, that parameter (a
  click on the selected one types its value, as Enter does).

Each says what it did on the message line, as the keys do.
"""

from __future__ import annotations

from engine.numfmt import fixed, short
from tui.widgets.parameter_table import ParameterTable
from tui.widgets.plane_plot import PlanePlot
from tui.widgets.point_table import PointTable


class ClassifierMouse:
    """Mixed into ClassifierView (before DocumentView)."""

    def _select(self, index: int) -> None:
        self.selected = index
        self.query_one(PointTable).move_cursor(row=index)

    def on_plane_plot_point_picked(self, message: PlanePlot.PointPicked) -> None:
        if message.index < self.scene.num_points:
            self._select(message.index)
            self.say(f"point {message.index + 1} selected: drag it, or click the plane where it should go")

    def on_plane_plot_point_dragged(self, message: PlanePlot.PointDragged) -> None:
        i = message.index
        if i >= self.scene.num_points:
            return
        self._select(i)
        x0, y0 = self.scene.points[i]

        def said() -> str:
            x, y = self.scene.points[i]
            return f"point {i + 1} at ({fixed(x)}, {fixed(y)})"

        self.apply(lambda s: s.move_point(i, message.x - x0, message.y - y0), said, undoable=message.first)

    def on_plane_plot_drag_ended(self, message: PlanePlot.DragEnded) -> None:
        i = message.index
        if message.moved and i < self.scene.num_points:
            x, y = self.scene.points[i]
            self.say(f"point {i + 1} moved to ({fixed(x)}, {fixed(y)}); u or ctrl+z takes the move back")

    def on_point_table_point_clicked(self, message: PointTable.PointClicked) -> None:
        self.say(f"point {message.index + 1} selected: drag it on the plane, or click the plane where it "
                 "should go")

    def on_parameter_table_parameter_clicked(self, message: ParameterTable.ParameterClicked) -> None:
        name, row, col = message.name, message.row, message.col
        label = f"W[{row},{col}]" if name == "W" else f"b[{row}]"
        value = self.scene.W[row, col] if name == "W" else self.scene.b[row]
        self.say(f"{label} = {short(value, 4)} selected: + / − nudge it; click it again (or Enter) to type it")
