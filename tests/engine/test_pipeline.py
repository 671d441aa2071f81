"""The rotating pipeline: exact losses, independent of where a candidate enters, streamed in order."""

import itertools
import math

import numpy as np
import pytest

from engine import losses
from engine.batched_loss import ROW_CHUNK, mean_of_chunks, stacked_data_losses
from engine.pipeline import FIRST_RATE, Pipeline, Ramp

C, D = 4, 40
ROWS = 2 * ROW_CHUNK + 100  # three row chunks, the last one short
PER_EXAMPLE = {"svm": losses.svm_per_example, "softmax": losses.softmax_per_example}


@pytest.fixture(scope="module")
def rows():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((ROWS, D)).astype(np.float32)
    X[:, -1] = 1.0  # the bias trick
    return X, rng.integers(0, C, ROWS)


def weights(count, seed=2, scale=0.3):
    return (np.random.default_rng(seed).standard_normal((count, C, D)) * scale).astype(np.float32)


def direct_loss(X, y, W, loss):
    """The lecture's L = (1/N) Σ_i L_i(W x_i) evaluated in float64, one candidate at a time."""
    scores = X.astype(np.float64) @ W.astype(np.float64).T
    return PER_EXAMPLE[loss](scores, y).mean()


def run_through(pipeline, candidates, entries):
    """Admit candidate k at step entries[k]; step until all are out. {tag: loss} and results per step."""
    out, per_step, step = {}, [], 0
    while len(out) < len(candidates):
        for k in np.flatnonzero(np.asarray(entries) == step):
            pipeline.admit(int(k), candidates[k])
        finished = pipeline.step()
        per_step.append([tag for tag, _, _ in finished])
        out.update({tag: loss for tag, loss, _ in finished})
        step += 1
    return out, per_step


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_pipeline_losses_are_the_lecture_formula(rows, loss):
    X, y = rows
    candidates = weights(7)
    candidates[3] *= 200  # large scores: softmax must not overflow
    got, _ = run_through(Pipeline(X, y, loss, C, width=5), candidates, [0, 0, 1, 2, 2, 3, 5])
    want = [direct_loss(X, y, W, loss) for W in candidates]
    assert [got[k] for k in range(7)] == pytest.approx(want, rel=1e-6)
    stacked = stacked_data_losses(X, y, candidates, loss)
    assert stacked == pytest.approx(want, rel=1e-6)


def test_loss_does_not_depend_on_the_entry_chunk(rows):
    """Alone in the pipeline, a candidate meets the same products whatever chunk it enters at; its
    chunk sums are added exactly, so the loss is bit-for-bit the same."""
    X, y = rows
    W = weights(1)[0]
    seen = set()
    for entry in range(3):
        pipeline = Pipeline(X, y, "svm", C, width=1)
        for _ in range(entry):
            pipeline.step()  # an empty pipeline still rotates
        assert pipeline.chunk == entry
        got, _ = run_through(pipeline, [W], [0])
        seen.add(got[0])
    assert len(seen) == 1


def test_exact_sum_of_chunks_in_any_order():
    sums = np.array([1e16, 1.0, -1e16, 3.0, 2.0 ** -30, 7.5])
    orders = {mean_of_chunks(sums[list(order)], 4) for order in itertools.permutations(range(6))}
    assert orders == {(1.0 + 3.0 + 2.0 ** -30 + 7.5) / 4}  # a float sum in some orders gives 10.5 or 12


def test_widths_agree_to_float32_rounding(rows):
    X, y = rows
    candidates = weights(12)
    narrow, _ = run_through(Pipeline(X, y, "softmax", C, width=1), candidates, [3 * k for k in range(12)])
    wide, _ = run_through(Pipeline(X, y, "softmax", C, width=12), candidates, [0] * 6 + [1] * 6)
    assert [wide[k] for k in range(12)] == pytest.approx([narrow[k] for k in range(12)], rel=1e-6)


def test_each_candidate_leaves_after_one_lap_in_entry_order(rows):
    X, y = rows
    pipeline = Pipeline(X, y, "svm", C, width=6)
    assert pipeline.lap == 3
    _, per_step = run_through(pipeline, weights(9), [0, 0, 1, 2, 2, 2, 3, 4, 5])
    # entered at step s, out after the product of step s + 2; same-step entries in entry order
    assert per_step == [[], [], [0, 1], [2], [3, 4, 5], [6], [7], [8]]
    assert pipeline.active == 0 and pipeline.products == 8


def test_a_finished_candidate_brings_back_its_W_and_penalty(rows):
    X, y = rows
    pipeline = Pipeline(X, y, "svm", C, width=2)
    W = weights(2)
    pipeline.admit("a", W[0], penalty=0.25)
    pipeline.admit("b", W[1])
    out = [pipeline.step() for _ in range(3)][-1]
    assert [tag for tag, _, _ in out] == ["a", "b"]
    assert out[0][1] == pytest.approx(direct_loss(X, y, W[0], "svm") + 0.25, rel=1e-6)
    assert np.array_equal(out[0][2], W[0]) and np.array_equal(out[1][2], W[1])


def test_drop_and_full(rows):
    X, y = rows
    pipeline = Pipeline(X, y, "svm", C, width=3)
    W = weights(3)
    for k in range(3):
        pipeline.admit(k, W[k])
    with pytest.raises(ValueError, match="the pipeline is full"):
        pipeline.admit(3, W[0])
    pipeline.step()
    pipeline.drop(lambda tag: tag != 0)
    assert pipeline.active == 2 and pipeline.free == 1
    out = pipeline.step() + pipeline.step()
    assert [tag for tag, _, _ in out] == [1, 2]
    assert out[0][1] == pytest.approx(direct_loss(X, y, W[1], "svm"), rel=1e-6)


def test_ramp_one_at_once_then_every_other_step_then_the_even_flow():
    ramp = Ramp(lap=4, width=10)  # 10 in flight, each 4 steps: 2.5 entries per step
    assert FIRST_RATE == 0.5
    got = [ramp.allowance(free=100) for _ in range(12)]
    assert got == [1, 0, 1, 0] + [3, 2] * 4
    assert [ramp.allowance(free=1) for _ in range(3)] == [1, 1, 1]  # capped by the free slots
    ramp.restart()
    assert [ramp.allowance(free=100) for _ in range(5)] == [1, 0, 1, 0, 3]  # the first lap again


def test_ramp_saves_no_burst_while_the_pipeline_is_full():
    ramp = Ramp(lap=100, width=100)
    assert [ramp.allowance(free=0) for _ in range(10)] == [0] * 10
    assert [ramp.allowance(free=5) for _ in range(4)] == [1, 1, 0, 1]
    narrow = Ramp(lap=4, width=1)  # a quarter of an entry per step, even on the first lap
    assert [narrow.allowance(free=1) for _ in range(9)] == [1, 0, 0, 0, 1, 0, 0, 0, 1]


@pytest.mark.parametrize("width", [1, 5, 64])
def test_ramp_fills_the_pipeline_and_streams_evenly(rows, width):
    """Driven like a search: the first loss after one lap, then never more than an even flow's
    results per product, and a full pipeline by the end of the second lap."""
    X, y = rows
    pipeline = Pipeline(X, y, "svm", C, width=width)
    ramp, W = Ramp(pipeline.lap, pipeline.width), weights(1)[0]
    out_per_step, widths = [], []
    for step in range(40):
        for _ in range(ramp.allowance(pipeline.free)):
            pipeline.admit(step, W)
        widths.append(pipeline.active)
        out_per_step.append(len(pipeline.step()))
    first = next(i for i, n in enumerate(out_per_step) if n)
    assert first == pipeline.lap - 1 and widths[0] == 1
    assert max(out_per_step) <= math.ceil(width / pipeline.lap)
    assert widths[2 * pipeline.lap] >= width - math.ceil(width / pipeline.lap) and max(widths) == width
