"""The Search view's parts that need no running app: settings and typed numbers, one run's
results (the polls' answers), the counters' rows per strategy and their fit to a short screen, the
log's words, the chart's thinning, the class templates, the worker hand-over."""

from __future__ import annotations

import numpy as np
import pytest

from engine.numbers import NumberError
from engine.poll import harmonic
from engine.search import Progress, Summary
from engine.ticks import integer_ticks
from tui.views.search_bridge import Channel
from tui.views.search_results import KEEP_WINDOW, SearchResults
from tui.views.search_settings import SearchSettings, missing_cifar_text
from tui.widgets.search_chart import sticky_limits, thin
from tui.widgets.search_counters import WIDTH, Counts, render_counts
from tui.widgets.search_log import log_line
from tui.widgets.template_images import downsample, fit_label, grid_layout, render_grid, template_images


def progress(attempt: int, loss: float, best: float, improved: bool) -> Progress:
    return Progress(attempt, loss, best, improved, elapsed_s=0.1 * (attempt + 1), candidates_per_s=10.0)


def run_of(losses, settings=SearchSettings(attempts=4)) -> SearchResults:
    """Results holding attempts with these losses, as the engine reports them."""
    results, best = SearchResults(settings), np.inf
    items = []
    for k, loss in enumerate(losses):
        items.append(progress(k, loss, min(best, loss), loss < best))
        best = min(best, loss)
    results.add(items)
    return results


# ---------------------------------------------------------------- the log's words
def test_log_line_is_the_lectures_print_and_sgd_says_step_and_minibatch():
    assert log_line("random", 0, 9.401632, 9.401632) == "in attempt 0 the loss was 9.401632, best 9.401632"
    assert log_line("local", 4, 8.85737, 8.85737, improved=True).endswith("best 8.857370  ◀ new best")
    assert log_line("sgd", 487, 2.5, 2.25) == "in step 487 the minibatch loss was 2.500000, best 2.250000"


# ---------------------------------------------------------------- settings
@pytest.mark.parametrize("field, text, value", [("attempts", " 1,000 ", 1000), ("attempts", "1_000", 1000),
                                                ("seed", "0", 0), ("seed", "4294967295", 2**32 - 1)])
def test_typed_numbers_read_as_people_type_them(field, text, value):
    assert getattr(SearchSettings().typed(field, text), field) == value


@pytest.mark.parametrize("field, text, reason", [("attempts", "abc", "not a whole number"),
                                                 ("attempts", "0", "from 1 to 1,000,000"),
                                                 ("attempts", "", "empty"), ("attempts", "2.5", "whole number"),
                                                 ("seed", "-1", "from 0 to 4,294,967,295")])
def test_bad_typed_numbers_say_why(field, text, reason):
    with pytest.raises(NumberError, match=reason):
        SearchSettings().typed(field, text)


def test_choices_cycle_and_wrap():
    s = SearchSettings()
    assert [s.cycled("strategy").strategy, s.cycled("strategy").cycled("strategy").strategy] == ["local", "sgd"]
    assert s.cycled("strategy").cycled("strategy").cycled("strategy").strategy == "random"
    assert s.cycled("loss").loss == "softmax"
    assert s.cycled("train_size").train_size == 10_000
    assert SearchSettings(train_size=50_000).test_size == 10_000  # the lecture's split sizes
    assert s.cycled("dataset").dataset == "cifar10"
    assert s.cycled("dataset", ("shapes",)).dataset == "shapes"  # cifar10 not here: shapes stays
    assert SearchSettings(dataset="cifar10").cycled("dataset", ("shapes",)).dataset == "shapes"


def test_the_fetch_command_is_offered_only_where_the_network_is_allowed():
    assert "loss-tui fetch cifar10" in missing_cifar_text(allows_network=True)
    assert "fetch" not in missing_cifar_text(allows_network=False)


def test_loss_kinds_say_which_runs_share_an_axis():
    random = SearchSettings()
    assert random.loss_kind == SearchSettings(strategy="local", seed=5, attempts=9).loss_kind
    assert random.loss_kind != SearchSettings(strategy="sgd").loss_kind  # minibatch losses
    assert random.loss_kind != SearchSettings(loss="softmax").loss_kind
    assert random.loss_kind != SearchSettings(train_size=10_000).loss_kind  # another data set


# ---------------------------------------------------------------- one run's results
def test_results_keep_every_attempt_and_the_best_so_far():
    results = run_of([3.0, 4.0, 2.0, 2.5])
    losses, best = results.series()
    assert losses.tolist() == [3.0, 4.0, 2.0, 2.5] and best.tolist() == [3.0, 3.0, 2.0, 2.0]
    assert results.improvements == 2 and results.done == 4 and results.best_loss() == 2.0
    assert results.rate() == 10.0 and results.chance() is None


def test_results_grow_beyond_the_planned_attempts():
    results = run_of([5.0 - k for k in range(10)], SearchSettings(attempts=3))
    assert results.done == 10 and results.series()[1].tolist() == [5.0 - k for k in range(10)]


def test_local_search_keep_share_counts_perturbations_not_w0():
    results = run_of([5.0, 4.0, 4.5, 4.6, 3.0], SearchSettings(strategy="local", attempts=5))
    assert results.kept() == (2, 4)  # attempts 1 and 4 kept; attempt 0 is W_0, not a perturbation
    assert results.keep_share() == 0.5
    assert results.kept(window=2) == (1, 2)  # the last two attempts: 4.6 (no), 3.0 (kept)
    assert SearchResults(SearchSettings()).keep_share() is None


def test_finish_keeps_the_summary_and_what_it_was_measured_on():
    class Data:
        classes = ("a", "b", "c", "d")
        X_test = np.zeros((40, 3))

    results = run_of([3.0, 2.0])
    empty = Summary(np.inf, np.nan, 0, 0.0, np.zeros((3, 4)), True)
    assert not results.finish(empty) and results.summary is None  # stopped before any attempt
    summary = Summary(2.0, 0.3, 2, 10.0, np.zeros((3, 4)), False, best_attempt=1, elapsed_s=0.2)
    assert results.finish(summary, Data())
    assert results.summary is summary and results.test_images == 40 and results.chance() == 0.25


def test_runs_are_comparable_only_with_the_same_loss_on_the_same_data():
    results = run_of([3.0])
    assert results.comparable(SearchSettings(strategy="local"))
    assert not results.comparable(SearchSettings(strategy="sgd"))
    assert not results.comparable(SearchSettings(loss="softmax"))
    assert not SearchResults(SearchSettings()).comparable(SearchSettings())  # nothing to compare


# ---------------------------------------------------------------- counters and polls
def test_random_poll_puts_seen_beside_expected():
    text = render_counts(Counts(done=1000, total=1000, improvements=7)).plain
    assert "seen       7" in text and "expected   7.49 ± 2.4" in text
    assert "attempts   1,000/1,000" in text
    assert "How often should" in text and "H_1000" in text and "1/1000" in text


def test_poll_answer_can_wait_for_the_class_to_guess():
    hidden = render_counts(Counts(done=50, total=50, improvements=4, reveal=False)).plain
    assert "expected   ?" in hidden and "p reveals" in hidden and f"{harmonic(50):.2f}" not in hidden
    assert "H_" not in hidden
    local = render_counts(Counts(strategy="local", done=50, kept=(7, 49), reveal=False)).plain
    assert "kept       ?" in local and "7 of 49" not in local and "%" not in local


def test_local_search_asks_how_often_a_perturbation_is_kept():
    text = render_counts(Counts(strategy="local", done=300, total=300, improvements=96, kept=(95, 299),
                                recent_share=0.26)).plain
    assert "How often is a" in text and "perturbation kept?" in text
    assert "kept       95 of 299" in text and "share      31.8%" in text
    assert f"last {KEEP_WINDOW}   26.0%" in text
    assert "random search improve" not in text and "expected" not in text and "H_" not in text


def test_sgd_asks_nothing_and_names_steps_and_minibatches():
    text = render_counts(Counts(strategy="sgd", done=30, total=300, best=0.6, rate=23.0)).plain
    assert "POLL" not in text and "expected" not in text
    assert "steps      30/300" in text and "steps/s    23.0" in text and "best batch 0.600000" in text
    assert "minibatch" in text


def test_before_a_run_the_poll_expects_h_n_of_the_planned_attempts():
    """So the lecture's reveal shows the answer even where no run was made (lecture --step N)."""
    text = render_counts(Counts(done=0, total=1000)).plain
    assert "seen       —" in text and "expected   7.49 ± 2.4" in text and "H_1000" in text
    assert "attempts   0/1,000" in text
    assert "expected   —" in render_counts(Counts(done=0, total=0)).plain


@pytest.mark.parametrize("strategy", ["random", "local", "sgd"])
@pytest.mark.parametrize("reveal", [True, False])
def test_no_counter_line_is_wider_than_the_panel(strategy, reveal):
    """A wider line wraps, and a wrapped panel is repainted whole on every frame of a run."""
    for done in (0, 1, 999_999, 1_000_000):
        counts = Counts(strategy=strategy, done=done, total=1_000_000, improvements=done // 7, rate=123_456.0,
                        elapsed_s=99_999.9, best=123.456789, test_accuracy=0.1555, chance=0.1,
                        kept=(done // 3, max(0, done - 1)), recent_share=0.123, reveal=reveal)
        wide = [line for line in render_counts(counts).plain.split("\n") if len(line) > WIDTH]
        assert wide == [], (done, wide)


@pytest.mark.parametrize("strategy", ["random", "local", "sgd"])
def test_counters_fit_a_short_screen_keeping_question_and_answer(strategy):
    counts = Counts(strategy=strategy, done=1000, total=1000, improvements=8, rate=150.0, elapsed_s=6.0,
                    best=8.84, test_accuracy=0.133, chance=0.1, kept=(8, 999), recent_share=0.0)
    full = render_counts(counts).plain.split("\n")
    for height in (12, 9, 8):
        lines = render_counts(counts, height).plain.split("\n")
        assert len(lines) <= height, (height, lines)
        assert [line for line in full if line in lines] == lines  # rows drop, never reorder
        assert lines[0].startswith("steps" if strategy == "sgd" else "attempts")
        assert any(line.startswith("best") for line in lines) and any("test acc" in line for line in lines)
        if strategy == "random":
            assert "random search improve?" in lines and "expected   7.49 ± 2.4" in lines
        if strategy == "local":
            assert "perturbation kept?" in lines and "kept       8 of 999" in lines


# ---------------------------------------------------------------- chart
def test_chart_thins_points_but_keeps_the_last_and_ticks_are_whole_attempts():
    idx = thin(10_000, 40)
    assert idx[0] == 0 and idx[-1] == 9_999 and len(idx) <= 161
    assert thin(5, 40).tolist() == [0, 1, 2, 3, 4]
    assert integer_ticks(0, 999) == [0, 250, 500, 750, 999]
    assert integer_ticks(0, 19) == [0, 5, 10, 15, 19]
    assert integer_ticks(0, 49_999) == [0, 20_000, 40_000, 49_999]
    for last in range(1, 3000, 7):
        ticks = integer_ticks(0, last)
        assert ticks[0] == 0 and ticks[-1] == last and len(ticks) <= 5
        assert all(a < b for a, b in zip(ticks, ticks[1:]))


def test_points_already_drawn_stay_while_a_run_grows():
    """The thinning step follows the axis (the planned attempts), not the attempts so far."""
    early, later = thin(300, 40, span=1000), thin(600, 40, span=1000)
    assert set(early[:-1]) <= set(later)


def test_y_limits_hold_while_the_losses_stay_inside_and_widen_with_room_when_not():
    limits = sticky_limits(None, 8.0, 10.0)
    assert limits == (7.5, 10.5)
    assert sticky_limits(limits, 7.6, 10.4) is limits  # inside: the same axis
    lower = sticky_limits(limits, 7.0, 10.0)
    assert lower[1] == 10.5 and lower[0] < 7.0  # only the side that no longer fits moves
    assert sticky_limits(None, 5.0, 5.0) == (4.75, 5.25)  # one value: 5 % either side
    falling = 9.0 - 6.0 * np.linspace(0, 1, 1000)  # a loss falling all run long
    moves, limits = 0, None
    for n in range(1, 1001, 5):  # a redraw every 5 attempts
        new = sticky_limits(limits, float(falling[:n].min()), float(falling[:n].max()))
        moves += new != limits
        limits = new
    assert moves <= 20  # not on each of the 200 redraws


# ---------------------------------------------------------------- hand-over
def test_the_channel_hands_over_every_item_in_order_once():
    channel = Channel(1)
    for k in range(5):
        channel.push(k)
    assert channel.drain() == [0, 1, 2, 3, 4] and channel.drain() == []
    assert channel.elapsed() is None  # still loading
    channel.started = 100.0
    assert channel.elapsed(now=101.5) == 1.5


# ---------------------------------------------------------------- class templates
def test_templates_follow_the_loaders_row_major_image_order():
    """Column c of W is image c flattened (row, column, channel) plus a bias: it comes back whole."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(10, 32, 32, 3))
    images[:, 0, 0, :] = 0  # every image spans 0..255, so min–max stretching is the identity
    images[:, 0, 1, :] = 255
    W = np.vstack([images.reshape(10, -1).T * 0.001 - 0.1, np.full((1, 10), 7.0)])
    assert np.array_equal(template_images(W), images.astype(np.uint8))


def test_flat_template_is_grey_and_bad_shapes_are_refused():
    assert (template_images(np.zeros((3073, 2))) == 128).all()
    with pytest.raises(ValueError):
        template_images(np.zeros((3072, 10)))


def test_downsampling_averages_blocks():
    images = np.zeros((1, 32, 32, 3), dtype=np.uint8)
    images[0, :16, :16] = 200  # top-left quarter bright
    small = downsample(images, 2)
    assert small[0, :, :, 0].tolist() == [[200, 0], [0, 0]]
    assert downsample(images, 14).shape == (1, 14, 14, 3)


def test_layout_fits_ten_labelled_templates():
    assert grid_layout(10, 80, 19) == (14, 5, 1)  # 80×24: five 14-pixel templates per row
    assert grid_layout(10, 200, 60)[0] == 32  # room for full size
    for width, height in [(80, 19), (120, 35), (60, 12)]:
        size, per_row, gap = grid_layout(10, width, height)
        assert per_row * size + (per_row - 1) * gap <= width
        assert -(-10 // per_row) * (size // 2 + 1) <= height


def test_half_block_cells_take_upper_and_lower_pixels():
    images = np.zeros((1, 8, 8, 3), dtype=np.uint8)
    images[0, 0] = (255, 0, 0)  # top row red, second row black
    lines = render_grid(np.repeat(images, 1, axis=0), ["disc"], 8, 5)
    first = lines[0][0]
    assert first.text == "▀"
    assert first.style.color.triplet == (255, 0, 0) and first.style.bgcolor.triplet == (0, 0, 0)
    assert "".join(seg.text for seg in lines[-1]).strip() == "disc"
    assert fit_label("horizontal stripes", 14) == "horizontal st…"
