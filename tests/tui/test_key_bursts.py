"""Keys that arrive in one burst (a fast typist, tmux send-keys, a slow SSH link delivering a
backlog) act in the order typed: none is lost or applied to the wrong cell."""

from __future__ import annotations

from key_bursts import burst, settle
from losses_helpers import make_app, message
from tui.views.losses import LossesView


async def test_move_then_edit_in_one_burst_edits_the_cell_moved_to():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "down", "enter", "6", "enter")
        await settle(pilot)
        assert view.scene.scores[0, 1] == 6  # cat image / car, not cat image / cat
        assert view.scene.scores[0, 0] == 3.2 and not view.editing


async def test_a_prompt_key_then_its_value_in_one_burst_commits_the_value():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "m", "3", "enter")  # margin Δ = 3
        await settle(pilot)
        assert view.scene.margin == 3 and not view.editing


async def test_an_edit_then_a_view_key_in_one_burst_keeps_the_edit_and_switches():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "enter", "2", "enter", "2")  # type 2 into the cell, then show view 2
        await settle(pilot)
        assert view.scene.scores[0, 0] == 2
        assert app.current_view.id == "classifier"


async def test_cancel_then_move_in_one_burst():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "enter", "7", "escape", "down", "l")  # typed 7, thought better, relabel below
        await settle(pilot)
        assert view.scene.scores[0, 0] == 3.2 and not view.editing
        assert view.cursor == (0, 1) and view.scene.labels[0] == 1


async def test_bad_value_keeps_the_box_and_the_keys_typed_after_it():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "enter", "x", "enter", "backspace", "5", "enter", "right")
        await settle(pilot)
        assert view.scene.scores[0, 0] == 5 and view.cursor == (1, 0) and not view.editing


async def test_a_long_burst_of_edits_prompts_and_moves():
    """What tmux send-keys delivered in one go: every key acted on, in order."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "down", "enter", "6", "enter", "w", "0", "enter", "right", "l")
        await settle(pilot)
        s = view.scene
        assert s.scores[0, 1] == 6 and s.w_sq == 0  # the cell, then ΣW² = 0
        assert view.cursor == (1, 1) and s.labels == (0, 1, 2)  # moved right before l: car image
        assert "car already is the correct class of car image" in message(app)


async def test_a_second_burst_arriving_mid_edit_does_not_overtake_the_first():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.query_one(LossesView)
        burst(app, "enter", "4")
        await pilot.pause()  # the first burst is being handled when the second arrives
        burst(app, "enter", "m", "2", "enter", "down")
        await settle(pilot)
        assert view.scene.scores[0, 0] == 4 and view.scene.margin == 2
        assert view.cursor == (0, 1) and not view.editing
