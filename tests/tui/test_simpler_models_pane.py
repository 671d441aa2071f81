"""The "Prefer simpler models" pane alone in an App: engine numbers on screen, keys, NO_COLOR, sizes."""

from __future__ import annotations

import pytest
from view_harness import text_of, view_app

from engine.numfmt import precise
from engine.polyfit import LAMBDA_FROM_ZERO, MAX_DEGREE, compare
from tui.views.simpler_models import (DEFAULT_DEGREE, DEFAULT_LAMBDA, HELD_OUT_MARKER, PLAIN_LEGEND,
                                        RIDGE_LEGEND, TRAIN_MARKER, SimplerModelsPane, SimplerModelsPlot,
                                        error_text, lambda_text)


def simpler_app(**options):
    return view_app(SimplerModelsPane, "simpler", "simpler_models.tcss", **options)()


def numbers(app) -> list[str]:
    return text_of(app, "#simpler-numbers").splitlines()


def expected_numbers(degree: int, lam: float, seed: int) -> list[list[str]]:
    """The two legend lines, word by word, from the engine."""
    result = compare(degree, lam, seed)
    return [[PLAIN_LEGEND, "λ", "=", "0", "train", precise(result.plain.train_error, 2),
             "held-out", precise(result.plain.held_out_error, 2), TRAIN_MARKER, "train"],
            [RIDGE_LEGEND, "λ", "=", lambda_text(lam), "train", precise(result.ridge.train_error, 2),
             "held-out", precise(result.ridge.held_out_error, 2), HELD_OUT_MARKER, "held-out"]]


async def test_opens_on_the_wiggly_fit_and_the_regularized_one():
    app = simpler_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#simpler-title") == "Prefer simpler models · degree 9 · λ = 0.01 · noise seed 0"
        assert [line.split() for line in numbers(app)] == expected_numbers(DEFAULT_DEGREE, DEFAULT_LAMBDA, 0)
        assert numbers(app)[0].split()[5:8] == ["0.021", "held-out", "2.3"]  # the wiggly fit: bad on new points
        assert numbers(app)[1].split()[5:8] == ["0.028", "held-out", "0.072"]  # regularized: 30× better there
        assert app.query_one(SimplerModelsPlot).size.height >= 15


async def test_keys_change_degree_lambda_and_seed():
    app = simpler_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(SimplerModelsPane)
        await pilot.press("plus")
        assert (pane.degree, pane.result.plain.degree) == (10, 10)
        await pilot.press("minus", "minus", "minus")
        assert pane.degree == 7
        await pilot.press("right_square_bracket")
        assert pane.lam == 0.1 and pane.result.ridge.lam == 0.1
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert pane.lam == 1e-4
        assert [line.split() for line in numbers(app)] == expected_numbers(7, 1e-4, 0)
        await pilot.press("0")
        assert pane.lam == 0 and "λ = 0 (no regularization)" in text_of(app, "#simpler-title")
        plain, ridge = (line.split()[4:8] for line in numbers(app))
        assert plain == ridge  # λ = 0: the two fits are one
        await pilot.press("right_square_bracket")
        assert pane.lam == LAMBDA_FROM_ZERO
        await pilot.press("n")
        assert pane.seed == 1 and pane.result.points.y_train[0] != compare(7, 0, 0).points.y_train[0]
        await pilot.press("ctrl+r")
        assert (pane.degree, pane.lam, pane.seed) == (DEFAULT_DEGREE, DEFAULT_LAMBDA, 0)


async def test_degree_stays_within_its_range():
    app = simpler_app(degree=1)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(SimplerModelsPane)
        await pilot.press("minus", "minus", "minus")
        assert pane.degree == 0 and "degree 0" in text_of(app, "#simpler-title")
        for _ in range(MAX_DEGREE + 3):
            await pilot.press("plus")
        assert pane.degree == MAX_DEGREE


@pytest.mark.parametrize("size", [(64, 20), (80, 24)])
async def test_numbers_and_legend_fit_without_cutting(size, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = simpler_app(lam=1e-4)  # the longest λ text
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.no_color
        width = app.query_one("#simpler-numbers").content_size.width
        for line in numbers(app):
            assert len(line) <= width and "…" not in line
        assert numbers(app)[1].rstrip().endswith(f"{HELD_OUT_MARKER} held-out")
        assert "<svg" in app.export_screenshot()  # renders through the monochrome filter without error


def test_an_interpolating_fit_shows_zero_training_error():
    assert compare(12, 0.0, 0).plain.train_error < 1e-20
    assert [error_text(x) for x in (8e-27, 0.0213, 2.34, 1.1e5)] == ["0", "0.021", "2.3", "1.1e5"]


def test_lambda_text_reads_as_typed():
    assert [lambda_text(v) for v in (0, 0.01, 1e-4, 1e-8, 100.0, 1e5)] == ["0", "0.01", "1e−4", "1e−8", "100", "1e5"]


def test_palette_commands():
    titles = [title for title, _, _ in SimplerModelsPane().palette_commands()]
    assert titles == ["Simpler models: start again", "Simpler models: no regularization"]


# --- snapshots (look at them: tests/tui/__snapshots__/test_simpler_models_pane/) ----------


def test_snapshot_default_80x24(snap_compare):
    assert snap_compare(simpler_app(), terminal_size=(80, 24))


def test_snapshot_no_color_degree_12_64x20(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(simpler_app(), terminal_size=(64, 20), press=["plus", "plus", "plus"])
