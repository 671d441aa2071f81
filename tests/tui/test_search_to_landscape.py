"""The landscape view (6) centred on the Search view's (3) last best W with ``b``: on the search's
data, train size and loss, L(W) at the centre is the search's best loss; without a search, it says so."""

from __future__ import annotations

import pytest

from search_helpers import open_search, private_cache, wait_for  # noqa: F401
from test_loss_landscape_pane import settle
from view_harness import text_of
from tui.app import LossApp
from tui.views.search_settings import SearchSettings


async def test_b_centres_the_landscape_on_the_last_search_best_w():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_search(pilot, SearchSettings(loss="softmax", train_size=200, attempts=20, seed=3))
        await pilot.press("r")
        await wait_for(pilot, lambda: not view.running)
        summary = view.summary
        await pilot.press("6")
        pane = await settle(pilot)
        await pilot.press("b")
        pane = await settle(pilot)
        assert pane.loss == "softmax" and pane.train_size == 200 and pane.data is view.results.data
        assert pane.weights.shape == summary.best_W.T.shape == (10, 3073)
        assert pane.result.centre == pytest.approx(summary.best, rel=1e-4)  # the same W, the same loss
        assert "best W of random search" in pane.title_text()


async def test_b_without_a_search_says_how_to_get_one():
    app = LossApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        pane = await settle(pilot)
        before = pane.weights
        await pilot.press("b")
        await pilot.pause()
        assert pane.weights is before
        assert text_of(app, "#landscape-numbers").startswith("no search yet: run one in\nthe Search view (3)")
