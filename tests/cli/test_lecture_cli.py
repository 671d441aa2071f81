"""`loss-tui lecture` on the command line: --list, a custom script, and what is refused before the
app starts (one line on stderr, exit 2)."""

from __future__ import annotations

import pytest

from tui.cli import main

SCRIPT = """
[[step]]
title = "Our table"
view = "losses"
preset = "lecture"
question = "What is L?"
hide = ["svm-mean"]

  [[step.build]]
  answer = "5.27"
  show = ["svm-mean"]

[[step]]
title = "Bigger W"
set = { scale = 2 }
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_prints_the_built_in_lectures_steps(capsys):
    code, out, err = run(capsys, "lecture", "--list")
    lines = out.splitlines()
    assert code == 0 and err == "" and len(lines) == 27
    assert lines[3] == "  4. Multiclass SVM loss  (4 builds)"
    assert lines[-1].startswith(" 27. Random search: how often does it improve?")


def test_a_custom_script_lists_its_own_steps(capsys, tmp_path):
    course = tmp_path / "course.toml"
    course.write_text(SCRIPT, encoding="utf-8")
    code, out, _ = run(capsys, "lecture", str(course), "--list")
    assert code == 0 and out.splitlines() == ["  1. Our table  (2 builds)", "  2. Bigger W"]


@pytest.mark.parametrize("edit, message", [
    (("scale = 2", "scale = 'big'"), "course.toml: step 2 ('Bigger W'): set.scale = 'big' is not a number"),
    (('view = "losses"', 'view = "slides"'), "course.toml: step 1 ('Our table'): view = 'slides' is not one of"),
    (("[[step.build]]", "[[step.buildd]]"), "course.toml: step 1 ('Our table'): unknown field 'buildd'; the fields are title"),
    (('title = "Bigger W"', 'title = "Bigger W'), "course.toml"),  # not TOML at all
])
def test_a_broken_script_is_refused_in_one_line_before_the_app_starts(capsys, tmp_path, edit, message):
    course = tmp_path / "course.toml"
    course.write_text(SCRIPT.replace(*edit), encoding="utf-8")
    code, out, err = run(capsys, "lecture", str(course))
    assert code == 2 and out == ""
    assert err.startswith("loss-tui lecture: ") and message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("argv, message", [
    (["--step", "28"], "--step 28 is outside 1 … 27"),
    (["--step", "0"], "--step 0 is outside 1 … 27"),
    (["/nonexistent/course.toml"], "/nonexistent/course.toml"),
])
def test_bad_arguments_are_refused_in_one_line(capsys, argv, message):
    code, out, err = run(capsys, "lecture", *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1, err
