"""Search engine: losses against the lecture's formulas, determinism, streaming, stopping, strategies."""

import math

import numpy as np
import pytest

from engine import batched_loss, losses, pipeline
from engine.batched_loss import ROW_CHUNK, stacked_data_losses
from engine.datasets import Dataset, load_dataset
from engine.search import (DEFAULT_STEPS, INIT_SCALE, LOSSES, STRATEGIES, Progress, SearchConfig,
                           SearchConfigError, Summary, candidate_weights, perturbed_weights,
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


@pytest.fixture(scope="module")
def narrow(data):
    """The same images with every 12th pixel value and the bias (D = 257): the search's behaviour
    at a twelfth of the products' cost."""
    columns = np.r_[0:3072:12, 3072]
    return Dataset(name="shapes, every 12th feature", classes=data.classes,
                   X_train=np.ascontiguousarray(data.X_train[:, columns]), y_train=data.y_train,
                   X_test=np.ascontiguousarray(data.X_test[:, columns]), y_test=data.y_test, image_shape=None)


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


def test_first_attempt_is_the_lecture_init(data):
    W0 = candidate_weights(0, 0, 10, 3073)
    assert W0.shape == (10, 3073) and abs(W0.std() - INIT_SCALE) < 5e-6
    progress, _ = run(SearchConfig(attempts=1), data)
    assert progress[0].loss == pytest.approx(lecture_loss(data.X_train, data.y_train, W0, "svm"), rel=2e-5)
    # shapes' raw pixels are brighter than CIFAR's: the first SVM loss is ~10 rather than the lecture's 9.40
    assert 9 < progress[0].loss < 11


@pytest.mark.parametrize("strategy", ["random", "local"])
@pytest.mark.parametrize("loss", LOSSES)
def test_losses_agree_across_pipeline_widths(data, narrow, strategy, loss):
    """Other widths multiply in other float32 product shapes: the losses agree to float32 rounding,
    and so does the best attempt wherever the two best losses are further apart than that."""
    runs = []
    for width in (1, 5, SearchConfig().width):
        progress, summary = run(SearchConfig(strategy=strategy, loss=loss, attempts=40, width=width,
                                             reg=0.5, seed=7), data if strategy == "random" else narrow)
        assert [p.attempt for p in progress] == list(range(40))
        assert summary.attempts == 40 and not summary.cancelled
        runs.append((progress, summary))
    (reference, best), others = runs[0], runs[1:]
    for progress, summary in others:
        assert [p.loss for p in progress] == pytest.approx([p.loss for p in reference], rel=1e-6)
        assert summary.best == pytest.approx(best.best, rel=1e-6)
    first, second = sorted(p.loss for p in reference)[:2]
    if second - first > 2e-6 * first:
        assert {summary.best_attempt for _, summary in runs} == {best.best_attempt}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_seed_fixes_the_sequence(narrow, strategy):
    first, summary = run(SearchConfig(strategy=strategy, attempts=12, seed=3), narrow)
    again, summary_again = run(SearchConfig(strategy=strategy, attempts=12, seed=3), narrow)
    other, _ = run(SearchConfig(strategy=strategy, attempts=12, seed=4), narrow)
    assert [p.loss for p in first] == [p.loss for p in again]
    assert [p.loss for p in first] != [p.loss for p in other]
    assert np.array_equal(summary.best_W, summary_again.best_W)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_progress_and_summary_invariants(narrow, strategy):
    progress, summary = run(SearchConfig(strategy=strategy, attempts=30), narrow)
    assert [p.attempt for p in progress] == list(range(30))
    best = math.inf
    for p in progress:
        assert p.improved == (p.loss < best)
        best = min(best, p.loss)
        assert p.best == best and p.elapsed_s >= 0 and p.candidates_per_s > 0
    assert summary.best == best and summary.attempts == 30 and not summary.cancelled
    assert progress[summary.best_attempt].loss == best
    assert summary.best_W.shape == (257, 10)
    assert summary.test_accuracy == batched_loss.accuracy(narrow.X_test, narrow.y_test, summary.best_W)
    scores = narrow.X_test.astype(np.float64) @ summary.best_W
    assert summary.test_accuracy == pytest.approx(np.mean(scores.argmax(axis=1) == narrow.y_test), abs=0.01)


def test_best_W_reproduces_the_best_loss(data):
    _, summary = run(SearchConfig(strategy="random", attempts=20), data)
    loss = lecture_loss(data.X_train, data.y_train, summary.best_W.T, "svm")
    assert loss == pytest.approx(summary.best, rel=2e-5)


def test_local_search_perturbs_the_best(narrow):
    progress, summary = run(SearchConfig(strategy="local", attempts=60), narrow)
    assert progress[0].improved and sum(p.improved for p in progress) > 3
    assert summary.best < progress[0].loss
    random_progress, _ = run(SearchConfig(strategy="random", attempts=1), narrow)
    assert progress[0].loss == random_progress[0].loss  # both start from the lecture's W_0, alone in a product


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


class Products:
    """Counts the pipeline's products (and their widths) and the results its steps hand out."""

    def __init__(self, monkeypatch):
        self.widths, self.results = [], 0
        real_sums, real_step = pipeline.chunk_sums, pipeline.Pipeline.step

        def chunk_sums(stack, *args):
            self.widths.append(stack.shape[0])
            return real_sums(stack, *args)

        def step(pipe):
            finished = real_step(pipe)
            self.results += len(finished)
            return finished

        monkeypatch.setattr(pipeline, "chunk_sums", chunk_sums)
        monkeypatch.setattr(pipeline.Pipeline, "step", step)


@pytest.mark.parametrize("loss", LOSSES)
def test_random_search_streams_each_loss_as_soon_as_its_lap_ends(narrow, monkeypatch, loss):
    products = Products(monkeypatch)
    lap, width = 2, 16  # two row chunks
    seen = []
    for event in run_search(SearchConfig(attempts=300, width=width, loss=loss), narrow):
        seen.append(len(products.widths))
    assert seen[0] == lap  # the first loss after one lap, from a one-candidate product
    assert products.widths[:lap] == [1, 1]
    gaps = np.diff(seen[:-1])
    assert gaps.max() <= lap and np.all(gaps >= 0)
    # once full, every product serves (nearly) the whole width until the last lap drains it
    widths = products.widths
    full = width - math.ceil(width / lap)
    first_full = next(i for i, k in enumerate(widths) if k >= full)
    assert first_full < 6 * lap and min(widths[first_full:-lap]) >= full and max(widths) == width
    assert sum(widths) == 300 * lap  # every candidate met every chunk once, none twice


def test_local_search_is_the_sequential_algorithm(narrow):
    """Attempt i tries W_best(attempts < i) + step · randn, however many are in flight."""
    progress, summary = run(SearchConfig(strategy="local", attempts=30, step=3e-5, width=8), narrow)
    base, best = candidate_weights(0, 0, 10, narrow.num_features), math.inf
    for p in progress:
        W = base if p.attempt == 0 else perturbed_weights(base, 0, p.attempt, 3e-5)
        loss = lecture_loss(narrow.X_train, narrow.y_train, W, "svm")
        assert p.loss == pytest.approx(loss, rel=1e-6)
        assert p.improved == (loss < best)
        if loss < best:
            base, best = W, loss
    assert sum(p.improved for p in progress) >= 4
    assert np.array_equal(summary.best_W.T, base)


def test_stop_keeps_every_attempt_already_evaluated(narrow, monkeypatch):
    products = Products(monkeypatch)
    stop = {"at_product": None}
    seen = []

    def should_stop():
        return stop["at_product"] is not None

    for event in run_search(SearchConfig(attempts=500, width=16), narrow, should_stop):
        seen.append(event)
        if isinstance(event, Progress) and event.attempt == 20:
            stop["at_product"] = len(products.widths)  # asked in the middle of a step's results
    progress, summary = seen[:-1], seen[-1]
    assert len(products.widths) == stop["at_product"]  # no product after the stop
    assert len(progress) == products.results > 21  # the step's later results were still yielded
    assert [p.attempt for p in progress] == list(range(len(progress)))
    assert summary.cancelled and summary.attempts == len(progress)
    assert summary.best == min(p.loss for p in progress)


def test_stop_before_the_first_loss_keeps_nothing(narrow):
    polls = {"n": 0}

    def stop_on_second_poll():
        polls["n"] += 1
        return polls["n"] >= 2

    progress, summary = run(SearchConfig(attempts=50), narrow, stop_on_second_poll)
    assert polls["n"] == 2 and progress == []  # one product ran: half a lap, no loss yet
    assert summary.cancelled and summary.attempts == 0 and summary.best == math.inf
    assert math.isnan(summary.test_accuracy) and summary.best_W.shape == (257, 10)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_stop_is_polled_before_every_product_and_step(narrow, monkeypatch, strategy):
    products = Products(monkeypatch)
    polls = []
    seen = []

    def should_stop():
        polls.append(len(products.widths))
        return len(seen) >= 7

    for event in run_search(SearchConfig(strategy=strategy, attempts=100, width=4), narrow, should_stop):
        seen.append(event)
    summary = seen[-1]
    assert isinstance(summary, Summary) and summary.cancelled
    if strategy == "sgd":  # one minibatch step per poll: it stops at once
        assert summary.attempts == 7
    else:  # a poll before every product, the last one refused
        assert polls == list(range(len(products.widths) + 1))
        assert summary.attempts == products.results >= 7
    assert [e.attempt for e in seen[:-1]] == list(range(summary.attempts))


@pytest.mark.parametrize("field, value, message", [
    ("strategy", "anneal", "unknown strategy 'anneal' (choose random, local, sgd)"),
    ("loss", "hinge", "unknown loss 'hinge' (choose svm, softmax)"),
    ("attempts", 0, "attempts must be at least 1, got '0'"),
    ("width", 0, "width must be at least 1, got '0'"),
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
