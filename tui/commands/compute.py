"""``loss-tui compute``: the losses of a score table, as rich tables or JSON (for scripts, grading)."""

from __future__ import annotations

import argparse
import json
import math

import numpy as np

from engine import losses
from engine.derivation import softmax_derivation, svm_derivation
from engine.numfmt import (exp_column, fine, plain, number_column, probability,
                          scale_factor)
from engine.presets import load_preset, load_table, preset_names
from engine.regularization import LABELS as REG_LABELS
from engine.names import printable
from engine.numbers import NumberError, nonnegative, parse_number, parse_scale
from engine.scene import Scene, SceneError, evaluate
from tui.commands import UsageError

PROG = "loss-tui compute"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "compute", help="losses of a score table (rich tables or --json)",
        description="Compute SVM and softmax losses of a score table, as on the slides.",
        epilog="Scores: one ';'-group per example, its scores in class order (one column of the "
               "slide's table). A value starting with a minus sign needs the '=' form: "
               "--scores=-1.7,2,3;... Example: loss-tui compute "
               "--scores='3.2,5.1,-1.7;1.3,4.9,2.0;2.2,2.5,-3.1' --labels cat,car,frog "
               "--classes cat,car,frog. A preset or table file's [settings] (scale, margin, "
               "variants, log base, regularization) apply; options given on the command line override them.",
    )
    src = p.add_argument_group("table (one of --preset or --scores)")
    src.add_argument("--preset", metavar="NAME|FILE",
                     help=f"a preset ({', '.join(preset_names())}) or a saved table file")
    src.add_argument("--scores", metavar="S", help="'s,s,s;s,s,s;…' one group per example")
    src.add_argument("--labels", metavar="L", help="correct class of each example: indices or names")
    src.add_argument("--classes", metavar="NAMES", help="class names, comma-separated")
    opts = p.add_argument_group("variants (each overrides the table file's [settings])")
    opts.add_argument("--scale", metavar="K", help="multiply W and b (every score) by K (default 1)")
    opts.add_argument("--margin", metavar="D", help="SVM margin Δ (default 1)")
    flag = argparse.BooleanOptionalAction
    opts.add_argument("--include-true", action=flag, help="sum over all classes incl. j = y (Q1)")
    opts.add_argument("--mean-over-classes", action=flag, help="mean instead of sum over classes (Q2)")
    opts.add_argument("--squared", action=flag, help="squared hinge (Q3)")
    opts.add_argument("--log-base", choices=("e", "2", "10"), help="softmax log base (default e)")
    opts.add_argument("--reg", metavar="λ", help="regularization strength λ ≥ 0 (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(run=run)


def _fail(message: str):
    raise UsageError(f"{PROG}: {message}")


def _split(text: str, what: str) -> list[str]:
    items = [t.strip() for t in text.split(",")]
    if any(not t for t in items):
        _fail(f"empty entry in {what} {text!r}")
    return items


def parse_scores(text: str) -> list[list[float]]:
    """'3.2,5.1,-1.7;1.3,…' → rows of floats, one per example; errors name the token."""
    rows = []
    for i, group in enumerate(text.strip().strip(";").split(";")):
        try:
            rows.append([parse_number(token, "score") for token in group.split(",")])
        except NumberError as exc:
            _fail(f"example {i + 1} ({group.strip()!r}): {exc}")
    first = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != first:
            _fail(f"ragged scores: example 1 has {first} scores but example {i + 1} has "
                  f"{len(row)} ({text.split(';')[i].strip()!r})")
    if first < 2:
        _fail(f"need at least 2 classes, got {first} score per example")
    return rows


def parse_labels(text: str, classes: list[str], named: bool) -> list[int]:
    labels = []
    for token in _split(text, "--labels"):
        if named and token in classes:
            labels.append(classes.index(token))
            continue
        try:
            index = int(token)
        except ValueError:
            hint = f"one of {', '.join(classes)}" if named else "give --classes to use names"
            _fail(f"unknown label {token!r} ({hint})")
        if not 0 <= index < len(classes):
            _fail(f"label {token!r} is out of range 0..{len(classes) - 1}")
        labels.append(index)
    return labels


def _number(parse, text: str, option: str) -> float:
    try:
        return parse(text, option)
    except NumberError as exc:
        _fail(str(exc))


def overrides(args) -> dict:
    """The Scene settings given on the command line; the others keep the file's (or defaults)."""
    given = {}
    if args.scale is not None:
        given["scale"] = _number(parse_scale, args.scale, "--scale")
    if args.margin is not None:
        given["margin"] = _number(parse_number, args.margin, "--margin")
    if args.reg is not None:
        given["lam"] = _number(nonnegative, args.reg, "--reg")
    for name in ("include_true", "mean_over_classes", "squared", "log_base"):
        if getattr(args, name) is not None:
            given[name] = getattr(args, name)
    return given


def scene_from_args(args) -> Scene:
    """Build the Scene the options describe, or fail with one clear line."""
    if args.preset and args.scores:
        _fail("--preset and --scores conflict: give one table")
    if args.preset and (args.labels or args.classes):
        _fail("--labels/--classes go with --scores, not with --preset")
    if not args.preset and not args.scores:
        _fail("give a table: --preset NAME or --scores '…' --labels …")
    settings = overrides(args)
    try:
        if args.preset:
            if args.preset in preset_names():
                base = load_preset(args.preset)
            elif "/" in args.preset or args.preset.endswith(".toml"):
                base = load_table(args.preset)
            else:
                _fail(f"unknown preset {args.preset!r}; choose one of {', '.join(preset_names())}")
            return base.replace(**settings)
        rows = parse_scores(args.scores)
        C = len(rows[0])
        classes = _split(args.classes, "--classes") if args.classes else [f"class {j}" for j in range(C)]
        if len(classes) != C:
            _fail(f"--classes names {len(classes)} classes but each example has {C} scores")
        if not args.labels:
            _fail("--scores needs --labels (the correct class of each example)")
        labels = parse_labels(args.labels, classes, named=bool(args.classes))
        if len(labels) != len(rows):
            _fail(f"{len(labels)} labels for {len(rows)} examples")
        return Scene(classes=tuple(classes), scores=rows, labels=tuple(labels), **settings)
    except SceneError as exc:
        _fail(str(exc))


def report_json(scene: Scene) -> dict:
    r = evaluate(scene)
    return {
        "classes": list(scene.classes), "labels": list(scene.labels),
        "scores": r.scores.tolist(), "scale": scene.scale,
        "svm": {"terms": r.svm_terms.tolist(), "per_example": r.svm_per_example.tolist(),
                "mean": r.svm_mean},
        "softmax": {"probs": r.probs.tolist(), "per_example": r.softmax_per_example.tolist(),
                    "mean": r.softmax_mean, "log_base": scene.log_base},
        "reg": {"kind": scene.reg_kind, "lam": scene.lam, "loss": r.reg,
                "svm_total": r.svm_total, "softmax_total": r.softmax_total},
    }


def shown(name: str) -> str:
    """A class or example name as rich markup: its own text, never markup or a terminal command.

    Scenes refuse control characters in names already; escaping them here is the last resort.
    """
    from rich.markup import escape

    return escape(printable(name))


def print_tables(scene: Scene) -> None:
    from rich.console import Console
    from rich.table import Table

    r = evaluate(scene)
    console = Console(highlight=False)
    N = scene.num_examples
    classes, examples = [shown(c) for c in scene.classes], [shown(e) for e in scene.examples]
    cols = [f"{e}\n(y = {classes[y]})" for e, y in zip(examples, scene.labels)]

    def table(title: str, columns: list[list[str]], footer: str = ""):
        """columns[i][j]: the text of class j for example i, one format per column; with a
        footer label, columns[i][-1] is the footer cell."""
        t = Table(title=title, title_justify="left", show_footer=bool(footer))
        t.add_column("class", footer=footer)
        for i, c in enumerate(cols):
            t.add_column(c, justify="right", footer=columns[i][-1] if footer else "")
        for j, name in enumerate(classes):
            row = []
            for i in range(N):
                text = columns[i][j]
                if scene.labels[i] == j:
                    text = f"[bold underline]{text}[/]*"
                row.append(text)
            t.add_row(name, *row)
        console.print(t)

    def numbers(values: np.ndarray, footer: np.ndarray | None = None) -> list[list[str]]:
        return [number_column([*values[i], *([] if footer is None else [footer[i]])]) for i in range(N)]

    def total(x: float) -> str:
        return number_column([x])[0]

    def loss_value(x: float) -> str:
        return fine(x) if 0 < x < 0.005 else total(x)  # 9.2e−4, never a bare 0.00 that is not 0

    scale = f" (W × {scale_factor(scene.scale)})" if scene.scale != 1 else ""
    table(f"Scores s = f(x, W){scale}   * marks the correct class", numbers(r.scores))
    table(f"SVM terms max(0, s_j − s_y + {scene.margin:g})" + (" squared" if scene.squared else ""),
          numbers(r.svm_terms, r.svm_per_example), "SVM loss L_i")
    console.print(f"SVM loss L = mean of L_i = {total(r.svm_mean)}")
    table("exp(s)", [exp_column(r.exp[i]) for i in range(N)])
    table("softmax probabilities",
          [[*(probability(*cell) for cell in zip(r.probs[i], r.log_probs[i], r.prob_rest[i])),
            loss_value(r.softmax_per_example[i])] for i in range(N)],
          f"softmax L_i (log {scene.log_base})")
    console.print(f"Softmax loss L = mean of L_i = {total(r.softmax_mean)}"
                  + ("" if scene.log_base == "e" else
                     f"  (log base {scene.log_base}; natural log gives "
                     f"{total(float(losses.softmax_per_example(r.scores, scene.labels).mean()))})"))
    if scene.lam:
        console.print(f"Regularization λR(W) = {total(r.reg)} ({REG_LABELS[scene.reg_kind]}, "
                      f"λ = {plain(scene.lam)}); total: SVM {total(r.svm_total)}, "
                      f"softmax {total(r.softmax_total)}")
    for i, name in enumerate(examples):
        console.print(f"\n[bold]{name}[/] (correct class {classes[scene.labels[i]]})")
        for line in svm_derivation(scene, r, i):
            console.print("  " + printable(line), markup=False)
        for line in softmax_derivation(scene, r, i):
            console.print("  " + printable(line), markup=False)


def run(args) -> int:
    scene = scene_from_args(args)
    if args.json:
        print(json.dumps(report_json(scene)))
    else:
        print_tables(scene)
    return 0
