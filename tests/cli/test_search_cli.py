"""``loss-tui search``: lecture lines, JSON lines, Ctrl+C, and every bad-argument case."""

import json
import os
import re
import signal
import subprocess
import sys

import pytest

from tui.cli import main

SMALL = ("--train-size", "300", "--test-size", "100")
LINE = re.compile(r"in attempt (\d+) the loss was (\d+\.\d{6}), best (\d+\.\d{6})$")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(capsys, *argv):
    code = main(["search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lecture_lines_then_summary(capsys):
    code, out, err = run(capsys, "--dataset", "shapes", "--strategy", "random", "--loss", "svm",
                         "--attempts", "12", "--seed", "0", *SMALL)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 14
    best = float("inf")
    for i, line in enumerate(lines[:12]):
        attempt, loss, shown_best = LINE.match(line).groups()
        best = min(best, float(loss))
        assert int(attempt) == i and float(shown_best) == pytest.approx(best, abs=1e-6)
    assert re.fullmatch(rf"best loss {best:f} \(attempt \d+\) after 12 attempts, [\d.]+ candidates/s",
                        lines[12])
    assert re.fullmatch(r"test accuracy of the best W: \d+\.\d\d%", lines[13])


def test_jsonl_shapes(capsys):
    code, out, err = run(capsys, "--jsonl", "--attempts", "5", "--strategy", "local", *SMALL)
    assert code == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 6
    for i, row in enumerate(rows[:5]):
        assert list(row) == ["attempt", "loss", "best", "improved", "elapsed_s"]
        assert row["attempt"] == i and isinstance(row["improved"], bool) and row["elapsed_s"] >= 0
    assert rows[0]["improved"] and rows[0]["best"] == rows[0]["loss"]
    summary = rows[-1]
    assert list(summary) == ["summary", "best", "test_accuracy", "attempts", "candidates_per_s", "cancelled"]
    assert summary["summary"] is True and summary["attempts"] == 5 and summary["cancelled"] is False
    assert summary["best"] == min(r["loss"] for r in rows[:5])
    assert 0 <= summary["test_accuracy"] <= 1 and summary["candidates_per_s"] > 0


def test_same_seed_same_output(capsys):
    args = ("--jsonl", "--attempts", "4", "--strategy", "sgd", "--loss", "softmax", "--seed", "2", *SMALL)
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    strip = [{k: v for k, v in json.loads(l).items() if k not in ("elapsed_s", "candidates_per_s")}
             for l in first.splitlines()]
    assert strip == [{k: v for k, v in json.loads(l).items() if k not in ("elapsed_s", "candidates_per_s")}
                     for l in second.splitlines()]


def test_npz_dataset(capsys, tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    np.savez(tmp_path / "d.npz", X_train=rng.random((40, 8)), y_train=np.arange(40) % 4,
             X_test=rng.random((10, 8)), y_test=np.arange(10) % 4)
    code, out, _ = run(capsys, "--dataset", f"npz:{tmp_path / 'd.npz'}", "--attempts", "3", "--jsonl")
    assert code == 0 and json.loads(out.splitlines()[-1])["attempts"] == 3


@pytest.mark.parametrize("argv, message", [
    (("--dataset", "mnist"), "loss-tui search: unknown dataset 'mnist' (choose shapes, cifar10, cifar10:PATH or npz:PATH)"),
    (("--strategy", "anneal"), "loss-tui search: unknown strategy 'anneal' (choose random, local, sgd)"),
    (("--loss", "hinge"), "loss-tui search: unknown loss 'hinge' (choose svm, softmax)"),
    (("--attempts", "0"), "loss-tui search: attempts must be at least 1, got '0'"),
    (("--attempts", "many"), "loss-tui search: argument --attempts: invalid int value: 'many'"),
    (("--step", "-1"), "loss-tui search: step must be a finite number > 0, got '-1.0'"),
    (("--batch-size", "0"), "loss-tui search: batch_size must be at least 1, got '0'"),
    (("--train-size", "0"), "loss-tui search: train size must be at least 1, got '0'"),
    (("--dataset", "npz:/no/such.npz"), "loss-tui search: no such file '/no/such.npz'"),
    (("--dataset", "cifar10"), "loss-tui search: CIFAR-10 is not downloaded yet: run 'loss-tui fetch "
                               "cifar10' or give its folder as 'cifar10:PATH'"),
    (("--bogus",), "loss-tui: unrecognized arguments: --bogus"),  # reported by the top-level parser
])
def test_bad_arguments(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err == message + "\n"


def test_bad_file_contents_exit_2(capsys, tmp_path):
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run(capsys, "--dataset", f"npz:{tmp_path / 'bad.npz'}")
    assert code == 2 and out == "" and err.startswith("loss-tui search: truncated or damaged .npz file")
    assert len(err.splitlines()) == 1


def test_ctrl_c_stops_and_prints_the_summary(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "tui", "search", "--jsonl", "--attempts", "10000000",
                             *SMALL], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = proc.stdout.readline()
    assert json.loads(first)["attempt"] == 0
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    rows = [json.loads(first)] + [json.loads(line) for line in rest.splitlines()]
    summary = rows[-1]
    assert proc.returncode == 130 and err == ""
    assert summary["summary"] is True and summary["cancelled"] is True
    assert summary["attempts"] == len(rows) - 1 >= 1
    assert summary["best"] == min(r["loss"] for r in rows[:-1])
    assert summary["test_accuracy"] is not None
