"""``loss-tui landscape``: the summary and character map, JSON with the grid, and bad arguments."""

import json

import numpy as np
import pytest

from engine import losses
from engine.datasets import load_dataset
from engine.heatmap import RAMP
from engine.search import candidate_weights
from tui.cli import main

SMALL = ("--train-size", "300")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(capsys, *argv):
    code = main(["landscape", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_grid_and_the_lectures_loss_at_w(capsys):
    code, out, err = run(capsys, "--json", "--grid", "7", "--span", "3", "--seed", "2", *SMALL)
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["grid"] == 7 and result["span"] == 3 and result["train_rows"] == 300
    assert result["a"] == pytest.approx([-3, -2, -1, 0, 1, 2, 3]) and result["b"] == result["a"]
    grid = np.array(result["losses"])
    assert grid.shape == (7, 7) and result["centre"] == grid[3, 3]
    assert result["min"]["loss"] == grid.min() and result["max"]["loss"] == grid.max()
    row, column = np.unravel_index(grid.argmin(), grid.shape)
    assert (result["min"]["a"], result["min"]["b"]) == pytest.approx((result["a"][column], result["b"][row]))
    data = load_dataset("shapes", train_size=300, test_size=1)
    W = candidate_weights(2, 0, 10, 3073).astype(np.float64)
    lecture = losses.svm_per_example(data.X_train.astype(np.float64) @ W.T, data.y_train).mean()
    assert result["centre"] == pytest.approx(lecture, rel=1e-5)
    assert len(result["line"]["a"]) == len(result["line"]["losses"]) > 7


def test_one_example_with_softmax(capsys):
    code, out, err = run(capsys, "--json", "--loss", "softmax", "--example", "4", "--grid", "5", *SMALL)
    result = json.loads(out)
    assert code == 0 and result["example"] == 4 and result["loss"] == "softmax"
    assert min(min(row) for row in result["losses"]) >= 0  # −log p ≥ 0


def test_text_summary_and_heat_map(capsys):
    code, out, err = run(capsys, *SMALL)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "SVM data loss over 300 training images of shapes, around W = 0.0001·randn (seed 0)"
    assert lines[1].endswith("a, b from −2.0 to 2.0, 41 × 41 grid")
    assert lines[2].startswith("L(W) = ") and lines[3].startswith("2-D slice L(W + a·W₁ + b·W₂): min ")
    rows = [line.split("│")[1] for line in lines if line.count("│") == 2]
    assert len(rows) == 21 and {len(row) for row in rows} == {41}
    assert rows[10][20] in "Wo" and "o" in "".join(rows)
    assert set("".join(rows)) <= set(RAMP + "Wo")
    assert RAMP[-1] in "".join(rows) and RAMP[0] in "".join(rows)  # the scale spans low to high
    assert lines[6].strip().startswith("2.0 │") and lines[26].strip().startswith("−2.0 │")
    assert lines[-1].startswith("1,843 losses in ")


@pytest.mark.parametrize("argv, message", [
    (["--grid", "1"], "loss-tui landscape: --grid must be from 2 to 301 points a side, got 1"),
    (["--span", "0"], "loss-tui landscape: --span must be a number > 0 and ≤ 1e+06, got 0"),
    (["--span", "inf"], "loss-tui landscape: --span must be a number > 0 and ≤ 1e+06, got inf"),
    (["--loss", "hinge"], "loss-tui landscape: unknown loss 'hinge' (choose svm, softmax)"),
    (["--example", "300", *SMALL], "loss-tui landscape: --example 300 is not one of the 300 training rows"),
    (["--seed", "-1"], "loss-tui landscape: --seed -1 must be ≥ 0"),
    (["--train-size", "0"], "loss-tui landscape: --train-size must be at least 1, got 0"),
    (["--dataset", "mnist"], "loss-tui landscape: unknown dataset 'mnist'"),
    (["--grid", "many"], "loss-tui landscape: argument --grid: invalid int value: 'many'"),
])
def test_bad_arguments_get_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
