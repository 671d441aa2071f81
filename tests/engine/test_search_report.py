"""The search's words: the lecture's lines per strategy, the closing lines, the record of a run."""

import math

import numpy as np

from engine.datasets.dataset import Dataset
from engine.search import SearchConfig, Summary
from engine.search_report import (accuracy_line, dataset_description, progress_line, search_record,
                                  summary_lines)


def summary(cancelled=False, attempts=300, accuracy=0.1555):
    return Summary(best=8.857370123, test_accuracy=accuracy, attempts=attempts, candidates_per_s=52.94,
                   best_W=np.zeros((3, 2)), cancelled=cancelled, best_attempt=4, elapsed_s=5.7)


def test_the_lectures_line_and_sgds_honest_one():
    assert progress_line("random", 0, 9.401632, 9.401632) == "in attempt 0 the loss was 9.401632, best 9.401632"
    assert progress_line("local", 3, 9.0, 8.5) == "in attempt 3 the loss was 9.000000, best 8.500000"
    assert progress_line("sgd", 487, 2.25, 2.0) == "in step 487 the minibatch loss was 2.250000, best 2.000000"
    assert progress_line("sgd", 1, math.inf, 3e20) == "in step 1 the minibatch loss was inf, best 3.000000e+20"


def test_closing_lines_end_with_the_slides_accuracy():
    assert summary_lines(summary(), "random", 300) == [
        "best loss 8.857370 (attempt 4) after 300 attempts, 52.9 attempts/s",
        "test accuracy of the best W: 0.1555 (15.55%)"]
    assert summary_lines(summary(cancelled=True, attempts=1), "sgd", 2000) == [
        "stopped after 1 of 2,000 steps",
        "best minibatch loss 8.857370 (step 4) after 1 step, 52.9 steps/s",
        "test accuracy of the best W: 0.1555 (15.55%)"]
    assert summary_lines(summary(cancelled=True, attempts=0), "local", 10) == ["stopped after 0 of 10 attempts"]
    assert accuracy_line(1.0) == "test accuracy of the best W: 1.0000 (100.00%)"


def test_record_of_a_run():
    rng = np.random.default_rng(0)
    data = Dataset(name="npz:/d/x.npz", classes=("a", "b"), X_train=rng.random((5, 4), dtype=np.float32),
                   y_train=np.zeros(5, int), X_test=rng.random((2, 4), dtype=np.float32), y_test=np.zeros(2, int),
                   image_shape=None, mean_image=np.zeros(3, np.float32), source="/d/x.npz")
    assert dataset_description(data) == ("npz:/d/x.npz: 5 training and 2 test images, 2 classes, 3 features "
                                         "and the bias, mean image subtracted")
    record = search_record(SearchConfig(strategy="sgd", batch_size=3, step=0.5, seed=2), data, "npz:/d/x.npz")
    assert record["config"] == {"strategy": "sgd", "loss": "svm", "seed": 2, "attempts": 1000, "reg": 0.0,
                                "step": 0.5, "batch_size": 3, "width": None}
    assert record["dataset"]["mean_subtract"] is True and record["dataset"]["classes"] == ["a", "b"]
    assert search_record(SearchConfig(), data, "x")["config"]["step"] is None  # random search has no step
