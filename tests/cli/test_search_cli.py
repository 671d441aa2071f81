"""``loss-tui search``: lecture lines, JSON lines and object, live output, Ctrl+C, bad arguments."""

import json
import os
import re
import signal
import subprocess
import sys

import numpy as np
import pytest

from engine.search import DEFAULT_WIDTH
from tui.cli import main

SMALL = ("--train-size", "300", "--test-size", "100")
LINE = re.compile(r"in attempt (\d+) the loss was (\d+\.\d{6}), best (\d+\.\d{6})$")
SGD_LINE = re.compile(r"in step (\d+) the minibatch loss was (\d+\.\d{6}), best (\d+\.\d{6})$")
ACCURACY_LINE = re.compile(r"test accuracy of the best W: (0\.\d{4}|1\.0000) \((\d+\.\d\d)%\)")
CONFIG_KEYS = ["strategy", "loss", "seed", "attempts", "reg", "step", "batch_size", "width"]
DATASET_KEYS = ["spec", "name", "description", "source", "train_size", "test_size", "classes", "features",
                "mean_subtract"]
SUMMARY_KEYS = ["best", "best_attempt", "test_accuracy", "attempts", "candidates_per_s", "elapsed_s",
                "cancelled", "config", "dataset"]


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
    assert re.fullmatch(rf"best loss {best:f} \(attempt \d+\) after 12 attempts, [\d.]+ attempts/s",
                        lines[12])
    fraction, percent = ACCURACY_LINE.fullmatch(lines[13]).groups()
    assert float(percent) == pytest.approx(100 * float(fraction), abs=0.005)


def test_text_ends_with_the_slides_accuracy_of_the_same_run(capsys):
    args = ("--attempts", "6", "--seed", "3", "--train-size", "400", "--test-size", "250")
    _, text, _ = run(capsys, *args)
    _, as_json, _ = run(capsys, *args, "--json")
    accuracy = json.loads(as_json)["test_accuracy"]
    assert text.splitlines()[-1] == f"test accuracy of the best W: {accuracy:.4f} ({100 * accuracy:.2f}%)"
    assert round(accuracy * 250) == pytest.approx(accuracy * 250)  # a count of the 250 test images


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
    assert list(summary) == ["summary", *SUMMARY_KEYS]
    assert summary["summary"] is True and summary["attempts"] == 5 and summary["cancelled"] is False
    assert summary["best"] == min(r["loss"] for r in rows[:5])
    assert rows[summary["best_attempt"]]["loss"] == summary["best"]
    assert 0 <= summary["test_accuracy"] <= 1 and summary["candidates_per_s"] > 0


def test_jsonl_summary_carries_the_configuration(capsys, tmp_path):
    code, out, err = run(capsys, "--jsonl", "--attempts", "4", "--strategy", "random", "--loss", "softmax",
                         "--seed", "5", "--reg=2.5", "--width", "3", "--mean-subtract", *SMALL)
    assert code == 0 and err == ""
    summary = json.loads(out.splitlines()[-1])
    assert list(summary["config"]) == CONFIG_KEYS and list(summary["dataset"]) == DATASET_KEYS
    assert summary["config"] == {"strategy": "random", "loss": "softmax", "seed": 5, "attempts": 4,
                                 "reg": 2.5, "step": None, "batch_size": None, "width": 3}
    dataset = summary["dataset"]
    assert dataset["spec"] == "shapes" and dataset["name"] == "shapes"
    assert (dataset["train_size"], dataset["test_size"], dataset["features"]) == (300, 100, 3073)
    assert dataset["mean_subtract"] is True and len(dataset["classes"]) == 10
    assert dataset["description"] == ("shapes (generated with seed 5): 300 training and 100 test images, "
                                      "10 classes, 3,072 features and the bias, mean image subtracted")


@pytest.mark.parametrize("strategy, step, batch_size, width", [
    ("local", 1e-5, None, DEFAULT_WIDTH), ("sgd", 1e-7, 50, None)])
def test_json_is_one_object_at_the_end(capsys, tmp_path, strategy, step, batch_size, width):
    rng = np.random.default_rng(0)
    path = tmp_path / "d.npz"
    np.savez(path, X_train=rng.random((60, 8)), y_train=rng.integers(0, 3, 60),
                              X_test=rng.random((20, 8)), y_test=rng.integers(0, 3, 20))
    extra = ("--batch-size", "50") if strategy == "sgd" else ()
    code, out, err = run(capsys, "--json", "--attempts", "7", "--strategy", strategy,
                         "--dataset", f"npz:{path}", *extra)
    assert code == 0 and err == "" and len(out.splitlines()) == 1
    summary = json.loads(out)
    assert list(summary) == SUMMARY_KEYS and summary["attempts"] == 7 and summary["cancelled"] is False
    config = summary["config"]
    assert (config["strategy"], config["step"], config["batch_size"], config["width"]) == (
        strategy, step, batch_size, width)
    assert summary["dataset"]["spec"] == summary["dataset"]["name"] == f"npz:{path}"
    assert summary["dataset"]["description"] == (f"npz:{path}: 60 training and 20 test images, 3 classes, "
                                                 "8 features and the bias, raw pixel values")


def test_json_and_jsonl_exclude_each_other(capsys):
    code, out, err = run(capsys, "--json", "--jsonl")
    assert code == 2 and out == ""
    assert err == "loss-tui search: argument --jsonl: not allowed with argument --json\n"


def test_sgd_says_step_and_minibatch_loss(capsys):
    code, out, err = run(capsys, "--strategy", "sgd", "--attempts", "3", *SMALL)
    lines = out.splitlines()
    assert code == 0 and err == "" and "attempt" not in out
    assert [int(SGD_LINE.match(line).group(1)) for line in lines[:3]] == [0, 1, 2]
    assert re.fullmatch(r"best minibatch loss \d+\.\d{6} \(step \d\) after 3 steps, [\d.]+ steps/s", lines[3])
    assert ACCURACY_LINE.fullmatch(lines[4])
    _, out, _ = run(capsys, "--strategy", "sgd", "--attempts", "2", "--jsonl", *SMALL)
    rows = [json.loads(line) for line in out.splitlines()]
    assert list(rows[0]) == ["step", "minibatch_loss", "best", "improved", "elapsed_s"]
    assert rows[-1]["config"]["strategy"] == "sgd"


class FlushRecorder:
    """A stdout that is not a terminal and remembers, for every write, whether it was flushed
    before the next write (what a reader at the other end of a pipe would have seen)."""

    def __init__(self):
        self.writes, self.flushed = [], []

    def isatty(self):
        return False

    def write(self, text):
        self.writes.append(text)
        self.flushed.append(False)

    def flush(self):
        if self.flushed:
            self.flushed[-1] = True


@pytest.mark.parametrize("mode", ["--jsonl", "--text", "--json"])
def test_every_line_is_flushed_as_it_is_written(monkeypatch, mode):
    out = FlushRecorder()
    monkeypatch.setattr(sys, "stdout", out)
    argv = ["search", "--attempts", "5", *SMALL] + ([mode] if mode != "--text" else [])
    assert main(argv) == 0
    assert all(out.flushed) and len(out.writes) == {"--jsonl": 6, "--text": 6, "--json": 1}[mode]
    assert all(text.endswith("\n") for text in out.writes)


def test_same_seed_same_output(capsys):
    args = ("--jsonl", "--attempts", "4", "--strategy", "sgd", "--loss", "softmax", "--seed", "2", *SMALL)
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    strip = [{k: v for k, v in json.loads(l).items() if k not in ("elapsed_s", "candidates_per_s")}
             for l in first.splitlines()]
    assert strip == [{k: v for k, v in json.loads(l).items() if k not in ("elapsed_s", "candidates_per_s")}
                     for l in second.splitlines()]


def test_npz_dataset(capsys, tmp_path):
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
    (("--width", "0"), "loss-tui search: width must be at least 1, got '0'"),
    (("--width", "100000"), "loss-tui search: width must be at most 4096, got '100000'"),
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
    assert re.fullmatch(r"in step 2 the minibatch loss was \d\.\d{6}e\+\d\d, best \d+\.\d{6}", lines[2]), lines[2]
    assert max(len(line) for line in lines) < 100


def test_diverging_search_jsonl_stays_valid_json(capsys):
    code, out, err = run(capsys, "--strategy", "sgd", "--reg", "1e6", "--step", "1e6", "--attempts", "30",
                         "--jsonl", *SMALL)
    assert code == 0 and err == ""
    rows = [json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} is not JSON")) for line in out.splitlines()]
    assert rows[-1]["summary"] is True


def test_help_states_the_engines_default_width(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    assert f"per matrix product (default {DEFAULT_WIDTH})" in " ".join(capsys.readouterr().out.split())
