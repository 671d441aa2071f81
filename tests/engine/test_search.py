"""Search engine: batched losses against the lecture's formulas, determinism, cancellation, strategies."""

import math

import numpy as np
import pytest

from engine import batched_loss, losses
from engine.batched_loss import ROW_CHUNK, stacked_data_losses
from engine.datasets import load_dataset
from engine.search import (DEFAULT_STEPS, INIT_SCALE, LOSSES, STRATEGIES, Progress, SearchConfig,
                           SearchConfigError, Summary, candidate_stack, candidate_weights,
                           run_search)

ROWS = ROW_CHUNK + 300  # two row chunks, the second partial


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    try:
        yield load_dataset("shapes", train_size=ROWS, test_size=200)
    finally:
        mp.undo()


def run(config, data, should_stop=lambda: False):
    events = list(run_search(config, data, should_stop))
    assert all(isinstance(e, Progress) for e in events[:-1]) and isinstance(events[-1], Summary)
    return events[:-1], events[-1]


def lecture_loss(X, y, W, loss):
    """The lecture's full-set loss in float64 for W (C, D): scores = W.dot(x) per example."""
    scores = X.astype(np.float64) @ W.T
    per_example = losses.svm_per_example if loss == "svm" else losses.softmax_per_example
    return per_example(scores, y).mean()


@pytest.mark.parametrize("loss", LOSSES)
def test_stacked_losses_match_the_lecture_formula(data, loss):
    stack = np.stack([candidate_weights(0, a, 10, 3073) for a in range(3)])
    stack[2] *= 300  # large scores: softmax must not overflow
    got = stacked_data_losses(data.X_train, data.y_train, stack.astype(np.float32), loss)
    want = [lecture_loss(data.X_train, data.y_train, W.astype(np.float32).astype(np.float64), loss)
            for W in stack]
    assert got == pytest.approx(want, rel=2e-5)


def test_candidate_stack_is_the_same_however_it_is_drawn():
    stack = candidate_stack(5, 3, 11, 10, 3073)  # split between threads
    assert stack.dtype == np.float32 and stack.shape == (11, 10, 3073)
    for k in range(11):
        assert np.array_equal(stack[k], candidate_weights(5, 3 + k, 10, 3073))
    assert not np.array_equal(stack[0], stack[1])


def test_first_attempt_is_the_lecture_init(data):
    W0 = candidate_weights(0, 0, 10, 3073)
    assert W0.shape == (10, 3073) and abs(W0.std() - INIT_SCALE) < 5e-6
    progress, _ = run(SearchConfig(attempts=1), data)
    assert progress[0].loss == pytest.approx(lecture_loss(data.X_train, data.y_train, W0, "svm"), rel=2e-5)
    # shapes' raw pixels are brighter than CIFAR's: the first SVM loss is ~10 rather than the lecture's 9.40
    assert 9 < progress[0].loss < 11


@pytest.mark.parametrize("strategy", ["random", "local"])
@pytest.mark.parametrize("loss", LOSSES)
def test_losses_do_not_depend_on_batching(data, strategy, loss):
    sequences = []
    for block in (1, 5, SearchConfig().block):
        progress, summary = run(SearchConfig(strategy=strategy, loss=loss, attempts=40, block=block,
                                             reg=0.5, seed=7), data)
        sequences.append([(p.attempt, p.loss, p.best, p.improved) for p in progress])
        assert summary.attempts == 40 and not summary.cancelled
    assert sequences[0] == sequences[1] == sequences[2]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_seed_fixes_the_sequence(data, strategy):
    first, summary = run(SearchConfig(strategy=strategy, attempts=12, seed=3), data)
    again, summary_again = run(SearchConfig(strategy=strategy, attempts=12, seed=3), data)
    other, _ = run(SearchConfig(strategy=strategy, attempts=12, seed=4), data)
    assert [p.loss for p in first] == [p.loss for p in again]
    assert [p.loss for p in first] != [p.loss for p in other]
    assert np.array_equal(summary.best_W, summary_again.best_W)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_progress_and_summary_invariants(data, strategy):
    progress, summary = run(SearchConfig(strategy=strategy, attempts=30), data)
    assert [p.attempt for p in progress] == list(range(30))
    best = math.inf
    for p in progress:
        assert p.improved == (p.loss < best)
        best = min(best, p.loss)
        assert p.best == best and p.elapsed_s >= 0 and p.candidates_per_s > 0
    assert summary.best == best and summary.attempts == 30 and not summary.cancelled
    assert progress[summary.best_attempt].loss == best
    assert summary.best_W.shape == (3073, 10)
    assert summary.test_accuracy == batched_loss.accuracy(data.X_test, data.y_test, summary.best_W)
    scores = data.X_test.astype(np.float64) @ summary.best_W
    assert summary.test_accuracy == pytest.approx(np.mean(scores.argmax(axis=1) == data.y_test), abs=0.01)


def test_best_W_reproduces_the_best_loss(data):
    _, summary = run(SearchConfig(strategy="random", attempts=20), data)
    loss = lecture_loss(data.X_train, data.y_train, summary.best_W.T, "svm")
    assert loss == pytest.approx(summary.best, rel=2e-5)


def test_local_search_perturbs_the_best(data):
    progress, summary = run(SearchConfig(strategy="local", attempts=60), data)
    assert progress[0].improved and sum(p.improved for p in progress) > 3
    assert summary.best < progress[0].loss
    random_progress, _ = run(SearchConfig(strategy="random", attempts=1), data)
    assert progress[0].loss == random_progress[0].loss  # both start from the lecture's W_0


@pytest.mark.parametrize("loss", LOSSES)
def test_sgd_descends(data, loss):
    progress, summary = run(SearchConfig(strategy="sgd", loss=loss, attempts=150, batch_size=100), data)
    first, last = np.mean([p.loss for p in progress[:20]]), np.mean([p.loss for p in progress[-20:]])
    assert last < 0.9 * first
    assert summary.test_accuracy > 0.15  # chance is 0.1


def test_regularization_adds_lambda_R(data):
    plain, _ = run(SearchConfig(attempts=3), data)
    lam = 1e4
    regular, _ = run(SearchConfig(attempts=3, reg=lam), data)
    for a, (p, q) in enumerate(zip(plain, regular)):
        W = candidate_weights(0, a, 10, 3073).astype(np.float32).astype(np.float64)
        assert q.loss - p.loss == pytest.approx(lam * np.sum(W[:, :-1] ** 2), rel=1e-9)


def test_stop_between_row_chunks(data):
    calls = {"n": 0}
    chunks = []
    real = batched_loss.CHUNK_SUMS["svm"]

    def counting(S, y):
        chunks.append(S.shape)
        return real(S, y)

    def stop_after_three_polls():
        calls["n"] += 1
        return calls["n"] > 3

    mp = pytest.MonkeyPatch()
    mp.setitem(batched_loss.CHUNK_SUMS, "svm", counting)
    try:
        progress, summary = run(SearchConfig(attempts=200, block=8), data, stop_after_three_polls)
    finally:
        mp.undo()
    # polls: block 1 chunk 1, chunk 2, 8 yields… the 4th poll already stops the run
    assert calls["n"] == 4
    assert len(chunks) == 2  # the stop came after both chunks of the first block
    assert len(progress) == 1 and summary.attempts == 1 and summary.cancelled
    assert summary.best == progress[0].loss and not math.isnan(summary.test_accuracy)


def test_stop_inside_a_product_discards_the_block(data):
    polls = {"n": 0}

    def stop_on_second_poll():
        polls["n"] += 1
        return polls["n"] >= 2

    progress, summary = run(SearchConfig(attempts=50), data, stop_on_second_poll)
    assert polls["n"] == 2 and progress == []
    assert summary.cancelled and summary.attempts == 0 and summary.best == math.inf
    assert math.isnan(summary.test_accuracy) and summary.best_W.shape == (3073, 10)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_stop_is_polled_before_every_attempt(data, strategy):
    seen = []
    for event in run_search(SearchConfig(strategy=strategy, attempts=100), data,
                            should_stop=lambda: len(seen) >= 7):
        seen.append(event)
    assert [e.attempt for e in seen[:-1]] == list(range(7))
    assert isinstance(seen[-1], Summary) and seen[-1].attempts == 7 and seen[-1].cancelled


@pytest.mark.parametrize("field, value, message", [
    ("strategy", "anneal", "unknown strategy 'anneal' (choose random, local, sgd)"),
    ("loss", "hinge", "unknown loss 'hinge' (choose svm, softmax)"),
    ("attempts", 0, "attempts must be at least 1, got '0'"),
    ("block", 0, "block must be at least 1, got '0'"),
    ("batch_size", -2, "batch_size must be at least 1, got '-2'"),
    ("reg", -1.0, "reg must be a finite number ≥ 0, got '-1.0'"),
    ("reg", float("nan"), "reg must be a finite number ≥ 0, got 'nan'"),
    ("step", 0.0, "step must be a finite number > 0, got '0.0'"),
])
def test_config_validation(field, value, message):
    with pytest.raises(SearchConfigError) as info:
        SearchConfig(**{field: value})
    assert str(info.value) == message


def test_default_steps():
    assert SearchConfig(strategy="local").resolved_step == DEFAULT_STEPS["local"] == 1e-5
    assert SearchConfig(strategy="sgd").resolved_step == 1e-7
    assert SearchConfig(strategy="sgd", step=0.5).resolved_step == 0.5
