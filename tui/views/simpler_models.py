"""The "Prefer simpler models" pane (lecture, "Regularization: Prefer Simpler Models", three slides
and their figure): "Regularization pushes against fitting the data with too much flexibility."

A few noisy points from a simple function (engine.polyfit: y = sin(2.5x) + noise, 12 to fit and 20
held out), one polynomial of the chosen degree fitted twice — by least squares (λ = 0, the wiggly
one) and with L2 regularization λ Σ c_k² — and each fit's training and held-out error. Keys change
the degree, λ (× 10, ÷ 10, 0) and the noise seed; every number comes from the engine.

Nothing depends on colour: training points "●", held-out points "○", the λ = 0 fit a dotted "•"
line and the regularized fit a solid "▄" (half-block) line, named in the legend under the plot.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.binding import Binding

from textual.widgets import Static
from textual_plotext import PlotextPlot

from engine.numfmt import MINUS, plain, precise
from engine.polyfit import MAX_DEGREE, Comparison, compare, scaled_lambda
from engine.ticks import round_ticks, tick
from tui.widgets.scale_sweep import in_axis_order
from tui.views.base import View

DEFAULT_DEGREE, DEFAULT_LAMBDA, DEFAULT_SEED = 9, 0.01, 0
TRAIN_MARKER, HELD_OUT_MARKER = "●", "○"
PLAIN_MARKER, RIDGE_MARKER = "•", "hd"  # "hd" draws with half blocks ▀ ▄
PLAIN_LEGEND, RIDGE_LEGEND = "•••", "▄▄▄"
Y_MARGIN = 0.6  # the y axis shows the data ± this: a fit that shoots off leaves the picture


def lambda_text(lam: float) -> str:
    """λ as the keys step it: 0, 0.01, 100, 1e−5, 1e5."""
    if lam == 0:
        return "0"
    if 1e-3 <= lam < 1e4:
        return plain(lam)
    mantissa, exponent = f"{lam:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def error_text(x: float) -> str:
    """An error with two significant digits; below 1e−9 (a fit through every point) just 0."""
    return "0" if x < 1e-9 else precise(x, 2)


def legend_lines(result: Comparison) -> Text:
    """Two lines: each fit's marker, λ, training and held-out error, and the points' markers."""
    rows = ((PLAIN_LEGEND, "λ = 0", result.plain, f"{TRAIN_MARKER} train"),
            (RIDGE_LEGEND, f"λ = {lambda_text(result.ridge.lam)}", result.ridge, f"{HELD_OUT_MARKER} held-out"))
    text = Text(no_wrap=True, overflow="ellipsis")
    for k, (marker, name, fit, points) in enumerate(rows):
        text.append(f"{marker} {name:<10}", style="bold" if k else "")
        text.append(f" train {error_text(fit.train_error):<6} held-out {error_text(fit.held_out_error):<6}"
                    f"   {points}" + ("\n" if k == 0 else ""))
    return text


class SimplerModelsPlot(PlotextPlot):
    """The points and both fits of a Comparison (call :meth:`show`)."""

    def show(self, result: Comparison) -> None:
        points = result.points
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        y = np.concatenate([points.y_train, points.y_test])
        low, high = float(y.min()) - Y_MARGIN, float(y.max()) + Y_MARGIN
        x = result.curve_x.tolist()
        plt.plot(x, np.clip(result.plain.curve, low - 1, high + 1).tolist(), marker=PLAIN_MARKER)
        plt.plot(x, np.clip(result.ridge.curve, low - 1, high + 1).tolist(), marker=RIDGE_MARKER)
        plt.scatter(points.x_test.tolist(), points.y_test.tolist(), marker=HELD_OUT_MARKER)
        plt.scatter(points.x_train.tolist(), points.y_train.tolist(), marker=TRAIN_MARKER)
        plt.ylim(low, high)
        plt.xlim(-1, 1)
        yticks = round_ticks(low, high)
        plt.yticks(yticks, [tick(t) for t in yticks])
        plt.xticks([-1, 0, 1], ["−1", "0", "1"])
        in_axis_order(plt.monitor)
        self.refresh()


DEGREE_KEYS = Binding.Group("degree", compact=True)  # the footer shows "+- degree  ][ λ": it fits 80
LAMBDA_KEYS = Binding.Group("λ", compact=True)


class SimplerModelsPane(View):
    """The pane; ``degree``, ``lam`` and ``seed`` set where it starts (the keys change them)."""

    TITLE = "Simpler models"

    can_focus = True

    BINDINGS = [
        Binding("plus,equals_sign", "degree(1)", "Degree +1", key_display="+", group=DEGREE_KEYS),
        Binding("minus", "degree(-1)", "Degree −1", key_display="-", group=DEGREE_KEYS),
        Binding("right_square_bracket", "lam(10)", "λ × 10", key_display="]", group=LAMBDA_KEYS),
        Binding("left_square_bracket", "lam(0.1)", "λ ÷ 10", key_display="[", group=LAMBDA_KEYS),
        Binding("0", "lam(0)", "λ = 0", show=False),
        Binding("n", "seed", "New noise"),
        Binding("ctrl+r", "reset", "Start again", show=False,
                tooltip=f"Degree {DEFAULT_DEGREE}, λ = {DEFAULT_LAMBDA}, seed {DEFAULT_SEED}"),
    ]

    def __init__(self, degree: int = DEFAULT_DEGREE, lam: float = DEFAULT_LAMBDA, seed: int = DEFAULT_SEED,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.degree, self.lam, self.seed = degree, lam, seed
        self.result: Comparison | None = None

    def compose(self):
        yield Static("", id="simpler-title")
        yield SimplerModelsPlot(id="simpler-plot")
        yield Static("", id="simpler-numbers")

    def on_mount(self) -> None:
        self.recompute()

    def focus_default(self) -> None:
        self.focus()

    def recompute(self) -> None:
        """Fit again with the current degree, λ and seed (a few milliseconds) and redraw."""
        self.result = compare(self.degree, self.lam, self.seed)
        no_reg = " (no regularization)" if self.lam == 0 else ""
        title = (f"Prefer simpler models · degree {self.degree} · λ = {lambda_text(self.lam)}{no_reg} · "
                 f"noise seed {self.seed}")
        self.query_one("#simpler-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        self.query_one(SimplerModelsPlot).show(self.result)
        self.query_one("#simpler-numbers", Static).update(legend_lines(self.result))

    def action_degree(self, step: int) -> None:
        self.degree = min(MAX_DEGREE, max(0, self.degree + step))
        self.recompute()

    def action_lam(self, factor: float) -> None:
        self.lam = 0.0 if factor == 0 else scaled_lambda(self.lam, factor)
        self.recompute()

    def action_seed(self) -> None:
        self.seed += 1
        self.recompute()

    def action_reset(self) -> None:
        self.degree, self.lam, self.seed = DEFAULT_DEGREE, DEFAULT_LAMBDA, DEFAULT_SEED
        self.recompute()

    def show_stage(self, state, hidden, forward: bool) -> None:
        """Lecture mode: the build's settings (the rest stays as the class left it)."""
        changes = {k: v for k, v in state.get("set", {}).items() if getattr(self, k) != v}
        if changes:
            for name, value in changes.items():
                setattr(self, name, value)
            self.recompute()

    def palette_commands(self):
        yield ("Simpler models: start again", f"degree {DEFAULT_DEGREE}, λ = {DEFAULT_LAMBDA}, seed {DEFAULT_SEED} "
               "(ctrl+r)", self.action_reset)
        yield ("Simpler models: no regularization", "λ = 0: the regularized fit becomes the wiggly one (0)",
               lambda: self.action_lam(0))
