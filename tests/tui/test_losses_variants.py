"""Weight scaling, the loss variants (Q1–Q3, log base, Δ), regularization and the jiggle."""

from __future__ import annotations

import numpy as np

from losses_helpers import make_app, message, row, shown
from tui.views.losses import LossesView
from tui.widgets.derivation_pane import DerivationPane
from tui.widgets.loss_summary import FactsLine, TotalsLine
from tui.widgets.reg_panel import RegPanel
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.status_bar import StatusBar


def svm_row(app) -> list[str]:
    return row(shown(app.query_one(ScoreGrid)), "L_i SVM").split()[2:]


def softmax_row(app) -> list[str]:
    return row(shown(app.query_one(ScoreGrid)), "L_i softmax").split()[2:]


async def test_single_preset_doubling_w_kills_svm_loss_but_not_softmax():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        assert svm_row(app) == ["0.50"]
        soft1 = view.report.softmax_mean
        await pilot.press("plus")
        assert svm_row(app) == ["0.00"]
        assert "W × 2" in shown(app.query_one(StatusBar))
        assert "W and b × 2: SVM 0.50 → 0.00, softmax 0.65 → 0.38" in message(app)
        assert row(shown(app.query_one(ScoreGrid)), "car").split()[1] == "▸5.00"  # scaled scores shown
        soft2 = view.report.softmax_mean
        await pilot.press("plus")
        assert svm_row(app) == ["0.00"] and view.report.softmax_mean < soft2 < soft1
        await pilot.press("minus", "minus", "minus")
        assert "W × 0.5" in shown(app.query_one(StatusBar))
        await pilot.press("equals_sign")
        assert svm_row(app) == ["0.50"]
        np.testing.assert_array_equal(view.scene.scores, [[1.3, 2.5, 2.0]])  # base table kept exactly


async def test_scaling_stops_at_its_limit_with_a_message():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        view.apply(view.scene.replace(scale=2.0**20), "W × 2^20")
        await pilot.press("plus")
        assert view.scene.scale == 2.0**20
        assert message(app) == "✗ W × 2^20 is the largest scale; nothing changed"
        view.apply(view.scene.replace(scale=2.0**-20), "W × 2^−20")
        await pilot.press("minus")  # the same words the other way
        assert view.scene.scale == 2.0**-20
        assert message(app) == "✗ W × 2^−20 is the smallest scale; nothing changed"


async def test_q1_include_true_class_adds_delta_to_every_example():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        assert svm_row(app) == ["3.90", "1.00", "13.90"]
        assert "[x] j = y" in shown(app.query_one(StatusBar))
        assert "SVM 3.00" in shown(app.query_one(FactsLine))  # Q5: C·Δ
        await pilot.press("i")
        assert svm_row(app) == ["2.90", "0.00", "12.90"]


async def test_q2_mean_over_classes_divides_by_c_minus_1():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert svm_row(app) == ["1.45", "0.00", "6.45"]
        assert "[x] mean" in shown(app.query_one(StatusBar))


async def test_q3_squared_hinge():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert svm_row(app) == ["8.41", "0.00", "83.25"]  # 2.9², 6.3² + 6.6²
        assert "hinge²" in shown(app.query_one(ScoreGrid))


async def test_log_base_cycles_and_base_10_gives_the_slides_089():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert softmax_row(app)[0] == "2.94"  # log₂
        await pilot.press("b")
        assert softmax_row(app)[0] == "0.89"
        assert "L_i = −log₁₀(0.13) = 0.89" in shown(app.query_one(DerivationPane))
        facts = shown(app.query_one(FactsLine))
        assert "the slide's 0.89 for the cat image is base 10" in facts
        await pilot.press("b")
        assert softmax_row(app)[0] == "2.04" and "slide's 0.89" not in shown(app.query_one(FactsLine))


async def test_margin_is_editable_and_checked():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("m", *"2", "enter")
        assert view.scene.margin == 2 and svm_row(app) == ["3.90", "0.00", "14.90"]
        assert "Δ = 2" in shown(app.query_one(StatusBar))
        await pilot.press("m", "backspace", *"x", "enter")
        assert "margin Δ 'x' is not a number" in message(app) and view.scene.margin == 2
        await pilot.press(*["backspace"] * 3, *"-5e7", "enter")
        assert "margin Δ '−5e7' is too large" in message(app) and "'-" not in message(app)
        await pilot.press(*["backspace"] * 4, *"-0.5", "enter")
        assert "margin Δ = −0.5" in message(app) and view.scene.margin == -0.5


async def test_reset_settings_keeps_the_table():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("plus", "i", "a", "s", "b", "R")
        assert (view.scene.scale, view.scene.include_true, view.scene.squared, view.scene.log_base) \
            == (1.0, False, False, "e")
        assert svm_row(app) == ["2.90", "0.00", "12.90"]


async def test_regularization_total_is_data_plus_lambda_r_of_kw():
    app = make_app("single")
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(LossesView)
        await pilot.press("L", *"0.1", "enter")
        assert view.scene.lam == 0.1
        reg = shown(app.query_one(RegPanel))
        assert "SVM 0.50+0.10=0.60" in reg  # λ·ΣW² = 0.1 · 1
        await pilot.press("plus")  # k = 2: data loss 0, λR(2W) = 0.1 · 4
        assert "SVM 0.00+0.40=0.40" in shown(app.query_one(RegPanel))
        assert "total: SVM 0.40" in shown(app.query_one(TotalsLine))
        await pilot.press("r")  # L1: λ·k·Σ|W| = 0.2
        assert view.scene.reg_kind == "l1" and "+0.20=" in shown(app.query_one(RegPanel))
        await pilot.press("r", "B", *"2", "enter")  # elastic: λ(βk²ΣW² + kΣ|W|) = 0.1(8 + 2)
        assert "+1.00=" in shown(app.query_one(RegPanel))
        await pilot.press("w", *"4", "enter", "W", *"3", "enter")  # 0.1(2·4·4 + 2·3)
        assert "+3.80=" in shown(app.query_one(RegPanel))
        await pilot.press("L", "backspace", *"-1", "enter")
        assert "λ '−1' must be ≥ 0" in message(app) and view.scene.lam == 0.1  # the screen's minus sign


async def test_narrow_screen_switches_between_derivation_and_regularization():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        deriv, reg = app.query_one("#derivation-pane"), app.query_one("#reg-pane")
        assert deriv.display and reg.region.area == 0
        await pilot.press("d")
        assert reg.region.area > 0 and deriv.region.area == 0
    app = make_app()
    async with app.run_test(size=(120, 40)):
        assert app.query_one("#derivation-pane").region.area > 0
        assert app.query_one("#reg-pane").region.area > 0


async def test_jiggle_svm_stays_zero_while_softmax_moves_and_j_undoes_it():
    app = make_app("svm-vs-softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        base = view.scene.scores.copy()
        await pilot.press("j")  # class 0 of example a: 10 → 10.1
        assert view.scene.scores[0, 0] == 10.1
        text = message(app)
        assert "SVM L_i 0 → 0 (unchanged: every margin holds)" in text
        assert "softmax L_i 9.18e−4 → 8.30e−4 (changed)" in text
        await pilot.press("j")
        np.testing.assert_array_equal(view.scene.scores, base)
        assert "back to 10.00" in message(app)
        await pilot.press("right", "down", "j")  # example b [10, 9, 9]: class 1 → 9.1 breaks the margin
        assert "SVM L_i 0 → 0.100 (changed: a margin is violated)" in message(app)
        await pilot.press("j")
        np.testing.assert_array_equal(view.scene.scores, base)


async def test_jiggle_shows_enough_digits_to_see_a_small_softmax_change():
    app = make_app("svm-vs-softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "j")  # example a [10, −2, 3]: class 1 −2 → −1.9 moves L_i by 6e−7
        text = message(app)
        assert "softmax L_i 9.1761e−4 → 9.1825e−4 (changed)" in text, text
        assert "SVM L_i 0 → 0 (unchanged: every margin holds)" in text


async def test_jiggle_is_exact_under_scaling():
    app = make_app("svm-vs-softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(LossesView)
        base = view.scene.scores.copy()
        await pilot.press("plus", "j", "j")
        np.testing.assert_array_equal(view.scene.scores, base)


async def test_totals_line_tells_lambda_zero_from_r_zero():
    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        totals = app.query_one(TotalsLine)
        assert "(λ = 0: no regularization)" in shown(totals)
        await pilot.press("L", *"0.1", "enter")
        assert "total: SVM 0.60" in shown(totals)
        await pilot.press("w", *"0", "enter")  # λ > 0, but R(kW) = k²ΣW² = 0
        text = shown(totals)
        assert "λ = 0" not in text and "λR(kW) = 0: ΣW² = 0" in text
        await pilot.press("r")  # L1: Σ|W| = 1 at scale 1, so R is back
        assert "+λR(kW) 0.10 → total: SVM 0.60" in shown(totals)


def y_labels(plot) -> list[tuple[int, str]]:
    """(row, label) of each y tick the sweep plot draws."""
    lines = plot.render().plain.splitlines()
    return [(n, line.split("┤")[0].strip()) for n, line in enumerate(lines) if "┤" in line]


async def test_huge_lambda_keeps_the_totals_on_one_line_and_the_sweep_ticks_round():
    from tui.widgets.scale_sweep import ScaleSweepPlot

    app = make_app("single")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", *"1000000", "enter", "w", *"1000000", "enter", "plus", "plus", "d")
        await pilot.pause(0.4)  # the plot redraws a moment after the change
        totals = app.query_one(TotalsLine)
        text = shown(totals)
        assert "1.60e13" in text and "\n" not in text and len(text) <= 78
        assert totals.region.height == 1
        assert "+1.60e13=1.60e13" in shown(app.query_one(RegPanel))
        ticks = y_labels(app.query_one(ScaleSweepPlot))
        assert len(ticks) >= 2, ticks
        rows = [n for n, _ in ticks]
        assert len({b - a for a, b in zip(rows, rows[1:])}) == 1, ticks  # evenly spaced rows
        labels = [label for _, label in reversed(ticks)]  # bottom up
        assert labels[0] == "0" and all(len(label) <= 5 for label in labels), labels
        values = [float(label.replace("−", "-")) for label in labels]
        step = values[1]
        assert values == [i * step for i in range(len(values))], labels  # even steps from 0
        assert float(f"{step:.2g}") == step, labels  # a round step: 1, 2, 2.5, 5 × 10ⁿ


def test_sweep_y_axis_ticks_land_on_rows():
    from tui.widgets.scale_sweep import y_axis

    for top in (0.37, 1.0, 2.5, 13.2, 69.0, 1.6e14):
        for rows in (3, 4, 6, 11, 20):
            limit, ticks = y_axis(top, rows)
            assert limit >= top and ticks[0] == 0 and len(ticks) >= 2
            for t in ticks:  # each tick sits exactly on a row of the plot
                position = t / limit * (rows - 1)
                assert abs(position - round(position)) < 1e-9, (top, rows, ticks, limit)
