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
    # read through the same text wrapper as readline: communicate() reads the raw pipe and
    # would lose what the wrapper had already buffered after the first line
    rest, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(timeout=60)
    rows = [json.loads(first)] + [json.loads(line) for line in rest.splitlines()]
    summary = rows[-1]
    assert proc.returncode == 130 and err == ""
    assert summary["summary"] is True and summary["cancelled"] is True
    assert summary["attempts"] == len(rows) - 1 >= 1
    assert summary["best"] == min(r["loss"] for r in rows[:-1])
    assert summary["test_accuracy"] is not None


@pytest.mark.parametrize("argv, message", [
    (("--seed", "-1"), "loss-tui search: --seed -1 must be ≥ 0 (numpy seeds are non-negative)"),
    (("--train-size", str(10**12)),
     "loss-tui search: --train-size 1000000000000 is too large for shapes (at most 1,000,000 images)"),
    (("--test-size", str(10**12)),
     "loss-tui search: --test-size 1000000000000 is too large for shapes (at most 1,000,000 images)"),
    (("--test-size", "0"), "loss-tui search: test size must be at least 1, got '0'"),
    (("--test-size", "-5"), "loss-tui search: test size must be at least 1, got '-5'"),
    (("--strategy", "sgd", "--batch-size", str(10**12)),
     "loss-tui search: --batch-size 1000000000000 is larger than the 50000 training images"),
    (("--strategy", "sgd", "--batch-size", "301", *SMALL),
     "loss-tui search: --batch-size 301 is larger than the 300 training images"),
    (("--batch-size", "-3"), "loss-tui search: batch_size must be at least 1, got '-3'"),
    (("--reg", "1e300"), "loss-tui search: --reg 1e+300 is absurdly large (limit 1e+06)"),
    (("--reg", "-1"), "loss-tui search: reg must be a finite number ≥ 0, got '-1.0'"),
    (("--reg", "nan"), "loss-tui search: reg must be a finite number ≥ 0, got 'nan'"),
    (("--step", "1e300"), "loss-tui search: --step 1e+300 is absurdly large (limit 1e+06)"),
    (("--step", "nan"), "loss-tui search: step must be a finite number > 0, got 'nan'"),
    (("--reg", "-1e5"), "loss-tui search: argument --reg: expected one argument "
                        "(a value starting with '-' needs the '=' form: --reg=-1e5)"),
])
def test_absurd_values_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err == message + "\n"


def test_huge_sizes_in_a_real_process_no_traceback(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for argv in (["--seed", "-1"], ["--train-size", str(10**12)], ["--strategy", "sgd", "--batch-size", str(10**12)]):
        proc = subprocess.run([sys.executable, "-m", "tui", "search", *argv], capture_output=True,
                              text=True, env=env, timeout=120)
        assert proc.returncode == 2 and proc.stdout == "", argv
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr, argv
        assert argv[-2] in proc.stderr and argv[-1] in proc.stderr


def test_sizes_beyond_available_memory(capsys, monkeypatch):
    from tui.commands import search

    monkeypatch.setattr(search, "_available_memory", lambda: 10_000_000)
    code, out, err = run(capsys, "--train-size", "100000", "--test-size", "1000")
    assert code == 2 and out == ""
    assert err == ("loss-tui search: --train-size 100000 needs about 1.6 GB of memory, "
                   "more than the 10.0 MB available\n")


def test_default_batch_shrinks_to_a_small_training_set(capsys):
    code, out, err = run(capsys, "--strategy", "sgd", "--train-size", "50", "--test-size", "20",
                         "--attempts", "2", "--jsonl")
    assert code == 0 and err == "" and json.loads(out.splitlines()[-1])["attempts"] == 2


@pytest.mark.parametrize("where", ["engine.datasets.load_dataset", "engine.search.run_search"])
def test_memory_error_is_one_line_exit_2(capsys, monkeypatch, where):
    import engine.datasets
    import engine.search

    def out_of_memory(*args, **kwargs):
        raise MemoryError("Unable to allocate 7.28 TiB for an array")

    if where.startswith("engine.search"):
        monkeypatch.setattr(engine.search, "run_search", out_of_memory)
        what = "the search"
    else:
        monkeypatch.setattr(engine.datasets, "load_dataset", out_of_memory)
        what = "shapes"
    code, out, err = run(capsys, "--attempts", "2", *SMALL)
    assert code == 2 and out == ""
    assert err == (f"loss-tui search: not enough memory {'for' if what == 'the search' else 'to load'} "
                   f"{what} (Unable to allocate 7.28 TiB for an array); "
                   "try a smaller --train-size, --test-size or --batch-size\n")


def test_diverging_search_prints_no_warnings_and_no_wall_of_digits(capsys):
    code, out, err = run(capsys, "--strategy", "sgd", "--reg", "1e6", "--step", "1e6", "--attempts", "4",
                         *SMALL)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert re.fullmatch(r"in attempt 2 the loss was \d\.\d{6}e\+\d\d, best \d+\.\d{6}", lines[2]), lines[2]
    assert max(len(line) for line in lines) < 100


def test_diverging_search_jsonl_stays_valid_json(capsys):
    code, out, err = run(capsys, "--strategy", "sgd", "--reg", "1e6", "--step", "1e6", "--attempts", "30",
                         "--jsonl", *SMALL)
    assert code == 0 and err == ""
    rows = [json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} is not JSON")) for line in out.splitlines()]
    assert rows[-1]["summary"] is True
