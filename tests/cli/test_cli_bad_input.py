"""``loss-tui compute --preset FILE`` on every bad file of the corpus: one line on stderr, exit 2;
names never reach the terminal as commands; output errors are one line, not a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

LOSS_TUI = Path(sys.executable).parent / "loss-tui"


def test_compute_refuses_every_bad_table_in_one_line(bad_table, capsys, no_hang):
    path, expected = bad_table
    with no_hang():
        code = main(["compute", "--preset", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"loss-tui compute: {path}: ") and expected in err and err.count("\n") == 1


@pytest.mark.parametrize("case", ["deep-arrays", "deep-inline-tables", "symlink-to-dev-zero", "fifo",
                                  "50-MB-of-rows", "50-MB-title", "squared-no", "class-clears-screen"])
def test_a_real_process_refuses_hostile_files_without_a_traceback(case, tmp_path):
    from bad_files import TABLE_CASES

    build, expected = next((b, e) for name, b, e in TABLE_CASES if name == case)
    path = build(tmp_path)
    done = subprocess.run([str(LOSS_TUI), "compute", "--preset", str(path)], capture_output=True,
                          text=True, timeout=30)  # a guard against hanging, not a speed test
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and expected in done.stderr and "Traceback" not in done.stderr


def test_names_are_printed_as_text_never_as_markup(capsys):
    code = main(["compute", "--scores=1,2;2,1", "--classes", "[/],[bold]b", "--labels", "0,1"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "[/]" in out and "[bold]b" in out  # printed as typed (rich would have failed on "[/]")


def test_the_last_resort_escapes_control_characters():
    from tui.commands.compute import shown

    assert shown("a\x1b[2Jb\x9b") == "a\\x1b[2Jb\\x9b"
    assert shown("[bold]x") == "\\[bold]x"


@pytest.mark.parametrize("argv", [
    ["compute", "--scores=1,2", "--classes", "a\x1b[2J,b", "--labels", "0"],
    ["compute", "--scores=1,2", "--classes", "a\x1b]0;PWNED\x07,b", "--labels", "0"],
    ["compute", "--preset", "no\x1b[2Jsuch.toml"],
])
def test_control_characters_in_arguments_are_refused_and_escaped(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "\x1b" not in err and "\\x1b" in err


def test_json_keeps_names_escaped_by_json(capsys):
    code = main(["compute", "--scores=1,2", "--classes", 'a "quoted" ✈,b', "--labels", "0", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["classes"] == ['a "quoted" ✈', "b"]


class FailingStream:
    """A stdout whose writes fail like a full disk."""

    def write(self, text):
        raise OSError(28, "No space left on device")

    def flush(self):
        pass

    def isatty(self):
        return False


@pytest.mark.parametrize("argv", [["compute", "--preset", "lecture", "--json"],
                                  ["compute", "--preset", "lecture"],
                                  ["search", "--train-size", "50", "--test-size", "10", "--attempts", "3"]])
def test_a_full_disk_on_stdout_is_one_line(argv, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "stdout", FailingStream())
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1 and err == f"loss-tui {argv[0]}: cannot write the output (No space left on device)\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_compute_json_into_dev_full_in_a_real_process():
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(LOSS_TUI), "compute", "--preset", "lecture", "--json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr == "loss-tui compute: cannot write the output (No space left on device)\n"


@pytest.mark.parametrize("argv", [["compute", "--preset", "cifar10"],
                                  ["search", "--train-size", "50", "--test-size", "10", "--attempts", "2000"]])
def test_a_closed_pipe_is_one_line(argv, tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    reader, writer = os.pipe()
    proc = subprocess.Popen([str(LOSS_TUI), *argv], stdout=writer, stderr=subprocess.PIPE, text=True, env=env)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        pipe.read(10)  # like `| head -c 10`: read a little, then close
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141
    assert err == f"loss-tui {argv[0]}: stopped: the output was closed (broken pipe)\n"
