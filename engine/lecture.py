"""A lecture script: the lecture as steps, each step as builds, read from TOML.

A *step* is one slide's point: a title, one to three lines of its text or question, and the view
the class looks at. A step's *builds* come one per PageDown, like presentation software: the first
shows the step (a question with its answer hidden), each further build reveals an answer and may
change the live view (``set`` W × 2, ``show`` a hidden number, run a search). File format::

    title = "Lecture 3: Loss functions and Optimization"

    [[step]]
    title = "Multiclass SVM loss"
    text = ["L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1)"]
    view = "losses"                      # losses, classifier, search, regularization,
    preset = "lecture"                   #   simpler-models, landscape
    hide = ["svm", "softmax", "facts"]   # what the class must not see yet
    cursor = ["cat image", "cat"]        # example, class (names or 0-based indices)

      [[step.build]]
      answer = "cat image: L_i = 2.9"
      show = ["svm:0"]

``show = ["all"]`` reveals everything hidden so far (then the build's own ``hide`` applies).
A step inherits the view and its state from the step before; every field changes only what it
names. ``stages(script)`` folds the builds into one ``Stage`` per PageDown, plain data that says
exactly what the screen shows — so going back one build restores that build's state exactly.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from engine.classifier import LOSS_KINDS
from engine.hidden import Hidden
from engine.names import MAX_TITLE_LENGTH
from engine.presets import SETTINGS_SCHEMA, TABLE_SCHEMA, load_preset, preset_names, scene_from_dict
from engine.scene import Scene, SceneError
from engine.schema import Choice, Either, Flag, Integer, List, Number, SchemaError, Table, Text, check
from engine.search import LOSSES, STRATEGIES
from engine.tomlfile import read_toml

VIEWS = ("losses", "classifier", "search", "regularization", "simpler-models", "landscape")
ACTIONS = ("jiggle", "run", "templates")
HIDE_TOKEN = re.compile(r"(svm|softmax)(:\d{1,2}|-mean)?|softmax-(exp|prob|loss)|facts|q[45]-(svm|softmax)"
                        r"|poll|preference")
HIDE_HELP = ("svm, svm:N, svm-mean, softmax, softmax:N, softmax-mean, softmax-exp, softmax-prob, "
             "softmax-loss, facts, q4-svm, q5-svm, q4-softmax, q5-softmax, poll, preference")
MAX_STEPS, MAX_BUILDS, MAX_LINES = 200, 12, 3
LINE = Text(MAX_TITLE_LENGTH)
TOKENS = List(Text(20, empty_ok=False), 20, entry="{where} entry {n}", kind="a list of names to hide or show")
VIEW_SETTINGS = {  # what ``set`` may change in each view
    "losses": Table(SETTINGS_SCHEMA.fields, noun="setting", prefix="set."),
    "classifier": Table({"loss": Choice(LOSS_KINDS), "lam": Number(0, 100)}, prefix="set."),
    "search": Table({"strategy": Choice(STRATEGIES), "loss": Choice(LOSSES),
                     "dataset": Choice(("shapes", "cifar10")),
                     "train_size": Integer(1, 50_000), "attempts": Integer(1, 1_000_000),
                     "seed": Integer(0, 2**31 - 1)}, prefix="set."),
    "regularization": Table({"beta": Number(0, 100)}, prefix="set."),
    "simpler-models": Table({"degree": Integer(0, 12), "lam": Number(0, 1e6), "seed": Integer(0, 2**31 - 1)},
                            prefix="set."),
    "landscape": Table({"loss": Choice(LOSSES), "example": Integer(-1, 49_999), "seed": Integer(0, 2**31 - 1)},
                       prefix="set."),
}
class _AnyTable:
    """A table checked later, field by field (each step against STEP_SCHEMA, naming the step)."""

    def check(self, value, where: str):
        if not isinstance(value, dict):
            raise SchemaError(f"{where} is not a table ([[step]])")
        return value


class _Lines:
    """A line of text, or a list of up to MAX_LINES lines."""

    def check(self, value, where: str):
        if isinstance(value, list):
            return List(LINE, MAX_LINES, entry=f"{where} line {{n}}", kind="a list of lines").check(value, where)
        return LINE.check(value, where)


PLACE = Either((Text(64, empty_ok=False), Integer(0, 49)), "a name or a 0-based index")
BUILD_FIELDS = {
    "answer": _Lines(),
    "set": _AnyTable(),  # checked against the step's view in _check_build
    "show": TOKENS, "hide": TOKENS,
    "cursor": List(PLACE, 2, 2, entry="cursor entry {n}", kind="[example, class]"),
    "preset": Choice(tuple(preset_names())),
    "table": Table(TABLE_SCHEMA.fields, TABLE_SCHEMA.required, kind="an inline table file"),
    "pane": Choice(("derivation", "regularization")),
    "derivation": Choice(("svm", "softmax", "both", "none")),
    "hinges": Flag(),  # false: the grid leaves out its hinge sub-columns (every example fits)
    "action": Choice(ACTIONS),
}
STEP_SCHEMA = Table({
    "title": Text(MAX_TITLE_LENGTH, empty_ok=False),
    "text": List(LINE, MAX_LINES, entry="text line {n}", kind="a list of up to 3 lines"),
    "question": LINE,
    "view": Choice(VIEWS),
    **{k: v for k, v in BUILD_FIELDS.items() if k != "answer"},
    "build": List(_AnyTable(), MAX_BUILDS, entry="build {n}", kind="a list of builds ([[step.build]])"),
}, required=("title",), noun="field")
SCRIPT_SCHEMA = Table({"title": Text(MAX_TITLE_LENGTH),
                       "step": List(_AnyTable(), MAX_STEPS, 1, entry="step {n}", kind="a list of [[step]]")},
                      required=("step",), noun="key")


class ScriptError(ValueError):
    """A script that cannot be presented; one line naming the file, the step and the field."""


@dataclass(frozen=True)
class Stage:
    """Everything the screen shows at one build, as data.

    ``views`` holds each view's accumulated state (a mapping: preset, table, settings, cursor,
    pane, derivation, action, …); ``hidden`` the names of numbers the class must not see yet.
    """

    step: int  # 0-based
    build: int  # 0-based within the step
    builds: int  # how many the step has
    title: str
    lines: tuple[str, ...]  # the step's text and question
    answers: tuple[str, ...]  # revealed so far (a multi-line answer is one string with newlines)
    view: str
    views: MappingProxyType
    hidden: Hidden
    question: bool = False  # the step asks something whose answer is still to come
    asks: bool = False  # the step has a question (its last line)

    def state(self, view: str | None = None) -> MappingProxyType:
        return self.views.get(view or self.view, MappingProxyType({}))


@dataclass(frozen=True)
class Script:
    title: str
    steps: tuple[dict, ...]  # checked steps, as in the file
    source: str = ""
    stages: tuple[Stage, ...] = field(default=(), repr=False)

    @property
    def step_titles(self) -> list[str]:
        return [step["title"] for step in self.steps]

    def first_stage_of(self, step: int) -> int:
        return next(k for k, stage in enumerate(self.stages) if stage.step == step)


def load_script(path: str | os.PathLike) -> Script:
    """Read and check a script file; ScriptError (one line) for anything wrong."""
    data = read_toml(path, ScriptError, "lecture script", max_depth=4)
    return script_from_dict(data, Path(path).name)


def builtin_script() -> Script:
    """The lecture's own script, shipped in the package."""
    with resources.as_file(resources.files("assets") / "lectures" / "lecture-3.toml") as path:
        return load_script(path)


def script_from_dict(data: dict, source: str = "script") -> Script:
    try:
        top = check(SCRIPT_SCHEMA, data)
    except SchemaError as exc:
        raise ScriptError(f"{source}: {exc}") from None
    steps, view = [], None
    for n, raw in enumerate(top["step"], 1):
        try:
            step = check(STEP_SCHEMA, raw)
            step["build"] = [Table(BUILD_FIELDS, prefix=f"build {k}: ", noun="field").check(b, f"build {k}")
                             for k, b in enumerate(step.get("build", ()), 1)]
            view = step.get("view", view)
            if view is None:
                raise SchemaError("the first step needs a view (losses, search, …)")
            for where, fields in [("", step), *((f"build {k}: ", b) for k, b in enumerate(step.get("build", ()), 1))]:
                _check_build(fields, view, where)
        except SchemaError as exc:
            title = raw.get("title") if isinstance(raw, dict) and isinstance(raw.get("title"), str) else ""
            name = f" ({title[:40]!r})" if title else ""
            raise ScriptError(f"{source}: step {n}{name}: {exc}") from None
        steps.append(step)
    script = Script(top.get("title", ""), tuple(steps), source)
    script = replace(script, stages=tuple(stages(script)))
    for stage in script.stages:  # every table a step shows can be built, every cursor found
        if stage.view == "losses":
            try:
                stage_cursor(stage.state(), stage_scene(stage.state()))
            except (SceneError, ValueError) as exc:
                title = stage.title[:40]
                raise ScriptError(f"{source}: step {stage.step + 1} ({title!r}), build {stage.build + 1}: "
                                  f"{exc}") from None
    return script


def stage_scene(state) -> Scene:
    """The score table a losses-view state shows: its preset or inline table, with its settings."""
    if "table" in state:
        scene = scene_from_dict(dict(state["table"]))
    else:
        scene = load_preset(state.get("preset", "lecture"))
    return scene.replace(**state.get("set", {}))


def stage_cursor(state, scene: Scene) -> tuple[int, int] | None:
    """(example, class) of the state's cursor, names looked up in the scene; None: leave it."""
    if "cursor" not in state:
        return None
    where = []
    for value, names, what in zip(state["cursor"], (scene.examples, scene.classes), ("example", "class")):
        if isinstance(value, int):
            if value >= len(names):
                raise ValueError(f"cursor {what} {value} is out of range (the table has {len(names)})")
            where.append(value)
        elif value in names:
            where.append(names.index(value))
        else:
            raise ValueError(f"cursor {what} {value!r} is not one of {', '.join(names)}")
    return where[0], where[1]


def _check_build(fields: dict, view: str, where: str) -> None:
    if "set" in fields:
        fields["set"] = VIEW_SETTINGS[view].check(fields["set"], f"{where}set")
    for key in ("hide", "show"):
        for token in fields.get(key, ()):
            if not HIDE_TOKEN.fullmatch(token) and not (key == "show" and token == "all"):
                raise SchemaError(f"{where}{key}: unknown name {token!r}; the names are {HIDE_HELP}")
    losses_only = ("preset", "table", "cursor", "pane", "derivation", "hinges")
    if view != "losses" and any(k in fields for k in losses_only):
        key = next(k for k in losses_only if k in fields)
        raise SchemaError(f"{where}{key} only applies to the losses view, not {view}")
    action = fields.get("action")
    allowed = {"losses": ("jiggle",), "search": ("run", "templates"), "classifier": ("run",)}.get(view, ())
    if action and action not in allowed:
        raise SchemaError(f"{where}action {action!r} does not apply to the {view} view")


def _fold(state: dict, fields: dict) -> dict:
    """The view state after one build's fields (a preset or table starts the table afresh; an
    action — jiggle, run, templates — belongs to its build only)."""
    state = dict(state)
    if "preset" in fields or "table" in fields:
        for key in ("preset", "table", "set", "cursor"):
            state.pop(key, None)
    for key in ("preset", "table", "cursor", "pane", "derivation", "hinges"):
        if key in fields:
            state[key] = fields[key]
    if "set" in fields:
        state["set"] = {**state.get("set", {}), **fields["set"]}
    state["action"] = fields.get("action")
    return state


def stages(script: Script) -> list[Stage]:
    """One Stage per PageDown over the whole script, in order."""
    out: list[Stage] = []
    views: dict[str, dict] = {}
    hidden: frozenset[str] = frozenset()
    view = None
    for s, step in enumerate(script.steps):
        view = step.get("view", view)
        lines = tuple(step.get("text", ())) + ((step["question"],) if "question" in step else ())
        builds = [step, *step.get("build", ())]
        answers: tuple[str, ...] = ()
        for b, fields in enumerate(builds):
            views = {name: {**state, "action": None} for name, state in views.items()}
            views[view] = _fold(views.get(view, {}), fields)
            shown = frozenset(fields.get("show", ()))
            hidden = frozenset() if "all" in shown else hidden - shown
            hidden |= frozenset(fields.get("hide", ()))
            if b > 0 and "answer" in fields:
                answer = fields["answer"]
                answers += (answer if isinstance(answer, str) else "\n".join(answer),)
            out.append(Stage(s, b, len(builds), step["title"], lines, answers, view,
                             MappingProxyType({k: MappingProxyType(v) for k, v in views.items()}),
                             Hidden(hidden), question="question" in step and b < len(builds) - 1,
                             asks="question" in step))
    return out
