"""The loss landscape pane (lecture, "Optimization" and "Strategy #1: A first very bad idea
solution: Random search"; drawn as in the CS231n notes, "Visualizing the loss function"): the
surface L(W) that random search samples blindly, seen along random directions.

Around a W (the lecture's 0.0001·randn, or one given with :meth:`LossLandscapePane.use_weights`,
e.g. a search's best): the 2-D slice L(W + a·W₁ + b·W₂) as a heat map (engine.landscape: random
directions with W's row lengths, a, b ∈ [−span, span]) and the 1-D slice L(W + a·W₁) as a line,
for the SVM or softmax loss, the full data loss or one example's L_i (the piecewise-linear bowl).
W itself is marked "W" at a = b = 0, the grid's lowest point "o".

Everything is computed in a thread worker that loads the data (once) and polls for cancellation
between blocks of candidates; progress shows in the numbers box, the last picture stays up meanwhile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from engine.landscape import DEFAULT_GRID, DEFAULT_SPAN, MAX_SPAN, Landscape, landscape
from engine.numfmt import precise, short
from engine.ticks import round_ticks, tick
from tui.widgets.heat_map import HeatMap
from tui.widgets.scale_sweep import in_axis_order
from tui.views.base import View

PROGRESS_PER_S = 10
TEST_SIZE = 1  # the landscape uses training rows only; shapes generates what it is asked for
LINE_MARKER = "braille"


def describe(loss: str, example: int | None, rows: int | None, data_name: str) -> str:
    """"SVM data loss · 2,000 shapes images" or "softmax L_3 alone (row 3 of shapes)"."""
    name = "SVM" if loss == "svm" else "softmax"
    if example is not None:
        return f"{name} L_{example} alone (row {example} of {data_name})"
    return f"{name} data loss · {rows:,} {data_name} images" if rows else f"{name} data loss · {data_name}"


def numbers_text(result: Landscape) -> Text:
    """L(W) and the grid's minimum with where it is, for the box under the line plot."""
    low, a, b = result.minimum()
    return Text(f"L(W) = {precise(result.centre)}\nmin {precise(low)} (o) at\na {short(a)}, b {short(b)}",
                no_wrap=True, overflow="ellipsis")


@dataclass(frozen=True)
class Request:
    """What one computation slices: the pane's settings when it was asked for."""

    number: int
    dataset: object  # a spec string or a Dataset
    train_size: int
    weights: np.ndarray | None
    loss: str
    example: int | None
    seed: int
    span: float
    grid: int


class LandscapeLine(PlotextPlot):
    """The 1-D slice L(W + a·W₁), with a = 0 (W itself) marked by a vertical line."""

    def show(self, result: Landscape | None) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("L(W + a·W₁)")
        if result is not None:
            plt.plot(result.line_coords.tolist(), result.line.tolist(), marker=LINE_MARKER)
            plt.vline(0.0)
            plt.xlabel("a")
            plt.xticks([-result.span, 0, result.span], [short(-result.span), "0", short(result.span)])
            yticks = round_ticks(float(result.line.min()), float(result.line.max()))
            plt.yticks(yticks, [tick(t) for t in yticks])
            in_axis_order(plt.monitor)
        self.refresh()


class LossLandscapePane(View):
    """The landscape pane. ``dataset`` is a spec ("shapes", "cifar10", "npz:PATH") or a loaded
    engine Dataset; its first ``train_size`` training rows are used."""

    TITLE = "Loss landscape"

    can_focus = True

    BINDINGS = [
        Binding("l", "toggle_loss", "Loss", tooltip="SVM / softmax"),
        Binding("e", "toggle_example", "Example", tooltip="All data / one example"),
        Binding("left_square_bracket", "example(-1)", "Previous example", key_display="[", show=False),
        Binding("right_square_bracket", "example(1)", "Next example", key_display="]", show=False),
        Binding("n", "new_directions", "Directions", tooltip="New random directions"),
        Binding("b", "search_best", "Centre on the last search's best W (Search view, 3)", show=False),
        Binding("minus", "zoom(0.5)", "Zoom in (span ÷ 2)", key_display="-", show=False),
        Binding("plus,equals_sign", "zoom(2)", "Zoom out (span × 2)", key_display="+", show=False),
    ]

    class Progressed(Message):
        """Request ``request`` has evaluated done of total points; queued ones merge."""

        def __init__(self, request: int, done: int, total: int) -> None:
            super().__init__()
            self.request, self.done, self.total = request, done, total

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, LossLandscapePane.Progressed) and message.request == self.request

    class Computed(Message):
        """Request ``request`` ended: its Landscape, or an error line."""

        def __init__(self, request: int, result: Landscape | None, error: str | None = None) -> None:
            super().__init__()
            self.request, self.result, self.error = request, result, error

    def __init__(self, dataset="shapes", *, train_size: int = 2000, weights: np.ndarray | None = None,
                 loss: str = "svm", example: int | None = None, seed: int = 0,
                 span: float = DEFAULT_SPAN, grid: int = DEFAULT_GRID, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dataset, self.train_size = dataset, train_size
        self.weights, self.weights_label = weights, "W = 0.0001·randn" if weights is None else "W given"
        self.loss, self.example, self.seed, self.span, self.grid = loss, example, seed, span, grid
        self.example_index = example or 0
        self.result: Landscape | None = None
        self.computing = False
        self._request = 0
        self._data: tuple | None = None  # ((dataset key, train size), Dataset) of the last load

    def compose(self):
        yield Static("", id="landscape-title")
        with Horizontal(id="landscape-body"):
            yield HeatMap(id="landscape-map")
            with Vertical(id="landscape-side"):
                yield LandscapeLine(id="landscape-line")
                yield Static("", id="landscape-numbers")

    def on_mount(self) -> None:
        self.compute()

    def focus_default(self) -> None:
        self.focus()

    # ---------------------------------------------------------------- public
    @property
    def data(self):
        """The Dataset the last computation loaded (None before the first load)."""
        return None if self._data is None else self._data[1]

    def use_weights(self, weights: np.ndarray, label: str = "W given") -> None:
        """Centre the slices on WEIGHTS (C, D) — from a search Summary, pass ``best_W.T``."""
        self.weights, self.weights_label = np.asarray(weights), label
        self.compute()

    def use_dataset(self, dataset, train_size: int | None = None) -> None:
        """Slice the loss of another dataset (spec or Dataset); recomputes."""
        self.dataset, self.result = dataset, None
        self.train_size = train_size or self.train_size
        self.compute()

    def show_stage(self, state, hidden, forward: bool) -> None:
        """Lecture mode: the build's settings (the rest stays as the class left it)."""
        changes = dict(state.get("set", {}))
        if "example" in changes:  # −1: the full data loss; else one example's L_i
            changes["example"] = None if changes["example"] < 0 else changes["example"]
            self.example_index = changes["example"] or self.example_index
        changes = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if changes:
            for name, value in changes.items():
                setattr(self, name, value)
            self.compute()

    def palette_commands(self):
        yield ("Landscape: SVM / softmax", "switch the sliced loss (l)", self.action_toggle_loss)
        yield ("Landscape: all data / one example", "the data loss or one L_i (e)", self.action_toggle_example)
        yield ("Landscape: new directions", "draw W₁, W₂ again with the next seed (n)", self.action_new_directions)
        yield ("Landscape: around the search's best W", "centre on the best W of the Search view's last run (b)",
               self.action_search_best)

    # ---------------------------------------------------------------- keys
    def action_toggle_loss(self) -> None:
        self.loss = "softmax" if self.loss == "svm" else "svm"
        self.compute()

    def action_toggle_example(self) -> None:
        self.example = None if self.example is not None else self.example_index
        self.compute()

    def action_example(self, step: int) -> None:
        rows = self._rows()
        self.example_index = (self.example_index + step) % rows if rows else max(0, self.example_index + step)
        self.example = self.example_index
        self.compute()

    def action_new_directions(self) -> None:
        self.seed += 1
        self.compute()

    def action_search_best(self) -> None:
        """Centre on the best W of the Search view's last run, on its data, train size and loss."""
        from tui.views.search import SearchView
        from tui.views.search_settings import STRATEGY_TITLES

        views = self.app.query(SearchView)
        results = views.first().results if views else None
        if results is None or results.summary is None:
            self.query_one("#landscape-numbers", Static).update(
                Text("no search yet: run one in\nthe Search view (3), then\nb centres on its best W"))
            return
        s = results.settings
        self.dataset = results.data if results.data is not None else s.dataset
        self.train_size, self.loss, self.result = s.train_size, s.loss, None
        self.use_weights(results.summary.best_W.T, f"best W of {STRATEGY_TITLES[s.strategy]}")

    def action_zoom(self, factor: float) -> None:
        self.span = float(min(MAX_SPAN, max(1e-3, self.span * factor)))
        self.compute()

    # ---------------------------------------------------------------- computing
    def _rows(self) -> int | None:
        """Training rows in use, once known."""
        if self.result is not None and self.result.example is None:
            return self.result.rows
        data = self.data
        if data is None and not isinstance(self.dataset, str):
            data = self.dataset
        return None if data is None else min(len(data.y_train), self.train_size)

    def _data_name(self) -> str:
        return self.dataset if isinstance(self.dataset, str) else self.dataset.name

    def title_text(self) -> str:
        return (f"{describe(self.loss, self.example, self._rows(), self._data_name())} · "
                f"{self.weights_label} · ±{short(self.span)}·|W| · seed {self.seed}")

    def compute(self) -> None:
        """Start computing the current settings (a running computation is cancelled)."""
        self._request += 1
        self.computing = True
        self.query_one("#landscape-title", Static).update(Text(self.title_text(), no_wrap=True,
                                                               overflow="ellipsis"))
        self.query_one("#landscape-numbers", Static).update(Text("computing…"))
        request = Request(self._request, self.dataset, self.train_size, self.weights, self.loss,
                          self.example, self.seed, self.span, self.grid)
        self._compute(request)

    @work(thread=True, exclusive=True, group="landscape", exit_on_error=False)
    def _compute(self, request: Request) -> None:
        worker = get_current_worker()
        last_post = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last_post
            now = time.monotonic()
            if now - last_post >= 1.0 / PROGRESS_PER_S or done == total:
                last_post = now
                self.post_message(self.Progressed(request.number, done, total))

        try:
            data = self._load(request.dataset, request.train_size)
            X, y = data.X_train[:request.train_size], data.y_train[:request.train_size]
            if worker.is_cancelled:
                return
            W = request.weights
            if W is None:
                from engine.search import candidate_weights

                W = candidate_weights(0, 0, data.num_classes, data.num_features)
            example = None if request.example is None else request.example % len(y)
            result = landscape(X, y, W, request.loss, seed=request.seed, grid=request.grid, span=request.span,
                               example=example, progress=progress, should_stop=lambda: worker.is_cancelled)
        except Exception as exc:  # a dataset or engine error: one line in the pane, never a crash
            self.post_message(self.Computed(request.number, None, f"✗ {exc or type(exc).__name__}"))
            return
        if result is not None and not worker.is_cancelled:
            self.post_message(self.Computed(request.number, result))

    def _load(self, dataset, train_size: int):
        """The Dataset, kept for the next request (shapes: only the rows needed are generated)."""
        key = (dataset if isinstance(dataset, str) else id(dataset), train_size)
        if self._data is not None and self._data[0] == key:
            return self._data[1]
        if isinstance(dataset, str):
            from engine.datasets import load_dataset

            shapes = dataset == "shapes"
            data = load_dataset(dataset, train_size=train_size if shapes else None,
                                test_size=TEST_SIZE if shapes else None)
        else:
            data = dataset
        self._data = (key, data)  # one assignment: a pair the UI thread reads whole
        return data

    def on_loss_landscape_pane_progressed(self, message: Progressed) -> None:
        if message.request == self._request:
            share = message.done / max(1, message.total)
            bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
            self.query_one("#landscape-numbers", Static).update(Text(f"computing…\n{bar} {share:.0%}"))

    def on_loss_landscape_pane_computed(self, message: Computed) -> None:
        if message.request != self._request:
            return  # a later request is on its way
        self.computing = False
        numbers = self.query_one("#landscape-numbers", Static)
        if message.result is None:
            numbers.update(Text(message.error or "stopped"))
            return
        result = self.result = message.result
        self.example = result.example
        self.example_index = result.example if result.example is not None else self.example_index
        self.query_one("#landscape-title", Static).update(Text(self.title_text(), no_wrap=True,
                                                               overflow="ellipsis"))
        j_low, i_low = divmod(int(result.grid.argmin()), result.grid.shape[1])
        marks = {(j_low, i_low): "o"}
        centre = np.flatnonzero(result.coords == 0)
        if len(centre):
            marks[(int(centre[0]), int(centre[0]))] = "W"
        self.query_one(HeatMap).show(result.grid, result.coords, marks)
        self.query_one(LandscapeLine).show(result)
        numbers.update(numbers_text(result))
