"""Lecture scripts: the built-in one follows the lecture, every build folds into a Stage that says
exactly what is shown, and a broken script is refused with one line naming the step and field."""

from __future__ import annotations

import pytest

from engine.lecture import (HIDE_TOKEN, ScriptError, builtin_script, load_script, script_from_dict,
                            stage_cursor, stage_scene)
from engine.scene import evaluate

LECTURE_ORDER = [  # the lecture's own order (issue 13), as words each step title contains
    "Recall", "TODO", "3 training examples", "Multiclass SVM loss", "full training loss", "Q1", "Q2",
    "Q3", "Q4", "Q5", "bug", "An example", "eliminate the loss", "Wait a minute", "Regularization",
    "expressing preferences", "simpler models", "fixed magnitude", "Softmax classifier",
    "Softmax: min and max", "Softmax at initialization", "Softmax vs. SVM", "Jiggle", "web demo",
    "Recap", "random search", "how often"]


@pytest.fixture(scope="module")
def script():
    return builtin_script()


def test_the_built_in_script_follows_the_lecture(script):
    titles = script.step_titles
    assert len(titles) == len(LECTURE_ORDER)
    for title, words in zip(titles, LECTURE_ORDER):
        assert words.lower() in title.lower(), (title, words)
    assert len(script.stages) == sum(1 + len(step.get("build", ())) for step in script.steps)


def test_every_line_fits_the_bar_at_80_columns(script):
    for stage in script.stages:
        for line in (stage.title, *stage.lines, *(part for a in stage.answers for part in a.split("\n"))):
            assert len(line) <= 76, line


def stage_of(script, title_words: str, build: int):
    return next(s for s in script.stages if title_words in s.title and s.build == build)


def test_the_3x3_table_reveals_one_example_at_a_time(script):
    first = stage_of(script, "Multiclass SVM loss", 0)
    assert all(first.hidden.svm(i) for i in range(3)) and first.question
    revealed = [[not stage_of(script, "Multiclass SVM loss", b).hidden.svm(i) for i in range(3)]
                for b in range(4)]
    assert revealed == [[False] * 3, [True, False, False], [True, True, False], [True, True, True]]
    losses = evaluate(stage_scene(first.state())).svm_per_example
    assert [round(x, 2) for x in losses] == [2.9, 0.0, 12.9]
    mean = stage_of(script, "full training loss", 0)
    assert mean.hidden.svm_mean(3) and not stage_of(script, "full training loss", 1).hidden.svm_mean(3)


def test_answers_that_are_actions_change_the_live_state(script):
    single = stage_of(script, "eliminate the loss", 0)
    doubled = stage_of(script, "eliminate the loss", 1)
    assert evaluate(stage_scene(single.state())).svm_mean == pytest.approx(0.5)
    assert stage_scene(doubled.state()).scale == 2 and evaluate(stage_scene(doubled.state())).svm_mean == 0
    q1 = stage_of(script, "Q1", 1)
    assert stage_scene(q1.state()).include_true and not stage_scene(stage_of(script, "Q2", 0).state()).include_true
    base10 = stage_of(script, "Softmax classifier", 4)
    assert round(evaluate(stage_scene(base10.state())).softmax_per_example[0], 2) == 0.89
    assert stage_of(script, "Jiggle", 1).state()["action"] == "jiggle"
    assert stage_of(script, "Jiggle", 0).state()["action"] is None  # an action belongs to its build
    assert stage_of(script, "random search", 1).state()["action"] == "run"


def test_the_poll_answer_stays_hidden_until_its_build(script):
    for stage in script.stages:
        if stage.view == "search":
            revealed = "poll" not in stage.hidden
            assert revealed == (stage.title.startswith("Random search: how often") and stage.build == 1)


def test_cursor_names_are_looked_up_in_the_table(script):
    frog = stage_of(script, "Multiclass SVM loss", 3)
    assert stage_cursor(frog.state(), stage_scene(frog.state())) == (2, 2)


MINIMAL = {"step": [{"title": "One", "view": "losses", "preset": "single", "question": "Loss?",
                     "hide": ["svm"], "build": [{"answer": "0.5", "show": ["svm"]}]}]}


def test_a_custom_script_from_a_file(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text('title = "Mine"\n[[step]]\ntitle = "One"\nview = "losses"\npreset = "single"\n'
                    'question = "Loss?"\nhide = ["svm"]\n  [[step.build]]\n  answer = "0.5"\n  show = ["svm"]\n',
                    encoding="utf-8")
    script = load_script(path)
    assert script.title == "Mine" and len(script.stages) == 2
    assert script.stages[0].hidden.svm(0) and not script.stages[1].hidden.svm(0)
    assert script.stages[1].answers == ("0.5",)


def broken(**changes) -> dict:
    step = {**MINIMAL["step"][0], **changes}
    return {"step": [step]}


@pytest.mark.parametrize("data, message", [
    ({"step": []}, "step has 0 entries"),
    ({"steps": []}, "unknown key 'steps'"),
    (broken(view="slides"), "step 1 ('One'): view = 'slides' is not one of"),
    (broken(hide=["svn"]), "step 1 ('One'): hide: unknown name 'svn'"),
    (broken(set={"scale": "big"}), "step 1 ('One'): set.scale = 'big' is not a number"),
    (broken(set={"colour": 1}), "unknown setting 'colour'"),
    (broken(preset="nope"), "preset = 'nope' is not one of"),
    (broken(cursor=["dog image", "cat"]), "step 1 ('One'), build 1: cursor example 'dog image' is not one of example"),
    (broken(text=["a", "b", "c", "d"]), "text has 4 entries"),
    (broken(build=[{"answer": 5}]), "build 1: answer = 5 is not a string"),
    (broken(build=[{"action": "run"}]), "action 'run' does not apply to the losses view"),
    (broken(title=7), "title = 7 is not a string"),
    ({"step": [{"title": "No view"}]}, "the first step needs a view"),
    (broken(view="search", preset="single"), "preset only applies to the losses view"),
    (broken(question="\x1b[2J?"), "control character"),
])
def test_a_broken_script_is_refused_in_one_line(data, message):
    with pytest.raises(ScriptError) as error:
        script_from_dict(data, "course.toml")
    text = str(error.value)
    assert message in text and "\n" not in text and text.startswith("course.toml: ")


def test_show_all_reveals_everything_hidden_so_far():
    data = {"step": [{"title": "A", "view": "losses", "preset": "lecture", "hide": ["svm", "softmax", "facts"]},
                     {"title": "B", "show": ["all"], "hide": ["poll"]}]}
    stages = script_from_dict(data).stages
    assert stages[0].hidden.names == {"svm", "softmax", "facts"}
    assert stages[1].hidden.names == {"poll"}


def test_hide_names_are_the_documented_ones():
    for name in ("svm", "svm:2", "svm-mean", "softmax:0", "softmax-exp", "q4-svm", "q5-softmax", "poll",
                 "preference", "facts"):
        assert HIDE_TOKEN.fullmatch(name)
    assert not HIDE_TOKEN.fullmatch("svm:x") and not HIDE_TOKEN.fullmatch("all")
