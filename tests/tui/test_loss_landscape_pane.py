"""The loss landscape pane alone in an App: worker, keys, marks, NO_COLOR, sizes and snapshots.

The pane slices a tiny shapes set (200 training images), so each computation takes a fraction of
a second; ``settle`` only bounds how long we wait, it asserts nothing about time.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from view_harness import text_of, view_app

from engine import losses
from engine.heatmap import RAMP
from engine.numfmt import precise
from engine.search import candidate_weights
from tui.widgets.heat_map import HeatMap
from tui.views.landscape import LandscapeLine, LossLandscapePane

ROWS = 200


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def landscape_app(**options):
    """The pane alone (on ROWS training images) with a Footer, as a view would host it."""
    return view_app(LossLandscapePane, "landscape", "loss_landscape.tcss", **{"train_size": ROWS, **options})()


async def settle(pilot, limit_s: float = 30.0) -> LossLandscapePane:
    """Let the pane's worker finish (bounded, so a bug fails instead of hanging)."""
    pane = pilot.app.query_one(LossLandscapePane)
    deadline = time.monotonic() + limit_s
    await pilot.pause()
    while pane.computing:
        if time.monotonic() > deadline:
            raise AssertionError("the landscape never finished")
        await pilot.pause(0.02)
    await pilot.pause()
    return pane


def map_lines(app) -> list[str]:
    heat_map = app.query_one(HeatMap)
    return [heat_map.render_line(y).text for y in range(heat_map.size.height)]


def lecture_loss(data, W, loss="svm"):
    per_example = losses.svm_per_example if loss == "svm" else losses.softmax_per_example
    return per_example(data.X_train.astype(np.float64) @ W.T.astype(np.float64), data.y_train).mean()


async def test_opens_on_the_svm_data_loss_around_a_random_w():
    app = landscape_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await settle(pilot)
        result = pane.result
        assert result.grid.shape == (41, 41) and result.loss == "svm" and result.example is None
        assert result.rows == ROWS
        data = pane.data
        W = candidate_weights(0, 0, 10, 3073)
        assert result.centre == pytest.approx(lecture_loss(data, W), rel=1e-5)
        assert text_of(app, "#landscape-title").startswith("SVM data loss · 200 shapes images · W = 0.0001·randn")
        low, a, b = result.minimum()
        assert text_of(app, "#landscape-numbers") == (f"L(W) = {precise(result.centre)}\nmin {precise(low)} (o) at\n"
                                                      f"a {a:.1f}, b {b:.1f}".replace("-", "−"))
        lines = map_lines(app)
        assert len(lines) == 22  # 21 rows of two grid rows each + the a axis, all of 23 − the title
        assert lines[0].lstrip().startswith("2.0 ▀") and lines[20].lstrip().startswith("−2.0 ▀")
        assert lines[21].split() == ["b↑", "−2.0", "0.0", "2.0", "a→"]
        assert "W" in lines[10] and sum(line.count("o") for line in lines[:21]) == 1
        assert precise(result.grid.max()) in lines[0] and precise(low) in lines[20]
        plot = app.query_one(LandscapeLine)
        assert plot.size.width >= 16 and plot.size.height >= 10


async def test_keys_switch_loss_example_directions_and_zoom():
    app = landscape_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await settle(pilot)
        first = pane.result
        await pilot.press("l")
        pane = await settle(pilot)
        assert pane.result.loss == "softmax" and pane.result.centre < first.centre
        assert text_of(app, "#landscape-title").startswith("softmax data loss")
        await pilot.press("e")
        await settle(pilot)
        assert pane.result.example == 0 and pane.result.rows == 1
        assert text_of(app, "#landscape-title").startswith("softmax L_0 alone (row 0 of shapes)")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert pane.result.example == 1
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert pane.result.example == ROWS - 1  # wraps around
        await pilot.press("e", "l")
        await settle(pilot)
        assert pane.result.example is None and pane.result.loss == "svm"
        np.testing.assert_array_equal(pane.result.grid, first.grid)  # same settings, same numbers
        await pilot.press("n")
        await settle(pilot)
        assert pane.result.seed == 1 and not np.allclose(pane.result.grid, first.grid)
        assert pane.result.centre == first.centre  # new directions, same W
        await pilot.press("minus")
        await settle(pilot)
        assert pane.result.span == 1.0 and "±1.0·|W|" in text_of(app, "#landscape-title")
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert pane.result.span == 4.0


async def test_quick_keys_show_only_the_last_request():
    app = landscape_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await settle(pilot)
        await pilot.press("l", "l", "l")  # each cancels the one before
        await settle(pilot)
        assert pane.loss == "softmax" and pane.result.loss == "softmax"
        stale = LossLandscapePane.Computed(0, None, "✗ stale")
        pane.post_message(stale)
        await pilot.pause()
        assert pane.result.loss == "softmax" and "stale" not in text_of(app, "#landscape-numbers")


async def test_use_weights_recentres_on_a_given_w():
    app = landscape_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await settle(pilot)
        W = 3 * candidate_weights(5, 0, 10, 3073)
        pane.use_weights(W, "W = search best")
        await settle(pilot)
        assert pane.result.centre == pytest.approx(lecture_loss(pane.data, W), rel=1e-5)
        assert "W = search best" in text_of(app, "#landscape-title")
        pane.use_weights(W.T, "W the wrong way round")
        await settle(pilot)
        assert text_of(app, "#landscape-numbers").startswith("✗ W must be (C, 3073)")
        assert pane.result.centre == pytest.approx(lecture_loss(pane.data, W), rel=1e-5)  # kept


async def test_a_dataset_that_cannot_load_is_one_line_in_the_pane():
    app = landscape_app(dataset="npz:/no/such.npz")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await settle(pilot)
        assert pane.result is None
        assert text_of(app, "#landscape-numbers").startswith("✗ no such file")


async def test_no_color_draws_the_character_ramp(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = landscape_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        lines = map_lines(app)
        cells = "".join(line[5:46] for line in lines[:21])
        assert set(cells) <= set(RAMP + "Wo") and RAMP[-1] in cells and RAMP[1] in cells
        assert lines[0].rstrip().endswith(RAMP[-1] * 2 + " " + precise(app.query_one(LossLandscapePane).result.grid.max()))
        assert "<svg" in app.export_screenshot()  # the whole screen renders through the monochrome filter


@pytest.mark.parametrize("size", [(64, 20), (40, 12)])
async def test_smaller_terminals_sample_an_odd_grid(size):
    app = landscape_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        heat_map = app.query_one(HeatMap)
        side = heat_map.map_side(heat_map.size.width, heat_map.size.height)
        assert side % 2 == 1 and side < 41
        assert "W" in "".join(map_lines(app))  # the middle (W itself) is still on screen


def test_palette_commands_name_the_keys():
    titles = [title for title, _, _ in LossLandscapePane().palette_commands()]
    assert titles == ["Landscape: SVM / softmax", "Landscape: all data / one example", "Landscape: new directions",
                      "Landscape: around the search's best W"]


# --- snapshots (look at them: tests/tui/__snapshots__/test_loss_landscape_pane/) ----------


def test_snapshot_svm_data_loss_80x24(snap_compare):
    assert snap_compare(landscape_app(), terminal_size=(80, 24), run_before=settle)


def test_snapshot_one_example_no_color_80x24(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def one_example(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(landscape_app(), terminal_size=(80, 24), run_before=one_example)
