"""``loss-tui compute``: the losses of a score table, as rich tables or JSON (for scripts, grading)."""

from __future__ import annotations

import json

from engine import losses
from engine.derivation import softmax_derivation, svm_derivation
from engine.numfmt import fixed
from engine.presets import load_preset, load_table, preset_names
from engine.scene import Scene, SceneError, evaluate, parse_number
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
               "--classes cat,car,frog",
    )
    src = p.add_argument_group("table (one of --preset or --scores)")
    src.add_argument("--preset", metavar="NAME|FILE",
                     help=f"a preset ({', '.join(preset_names())}) or a saved table file")
    src.add_argument("--scores", metavar="S", help="'s,s,s;s,s,s;…' one group per example")
    src.add_argument("--labels", metavar="L", help="correct class of each example: indices or names")
    src.add_argument("--classes", metavar="NAMES", help="class names, comma-separated")
    opts = p.add_argument_group("variants")
    opts.add_argument("--scale", metavar="K", default="1", help="multiply W and b (every score) by K")
    opts.add_argument("--margin", metavar="D", default="1", help="SVM margin Δ (default 1)")
    opts.add_argument("--include-true", action="store_true", help="sum over all classes incl. j = y (Q1)")
    opts.add_argument("--mean-over-classes", action="store_true", help="mean instead of sum over classes (Q2)")
    opts.add_argument("--squared", action="store_true", help="squared hinge (Q3)")
    opts.add_argument("--log-base", choices=("e", "2", "10"), default="e", help="softmax log base")
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
        except SceneError as exc:
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


def _number(text: str, option: str, positive: bool = False) -> float:
    try:
        value = parse_number(text, option)
    except SceneError as exc:
        _fail(str(exc))
    if positive and value <= 0:
        _fail(f"{option} {text!r} must be greater than 0")
    return value


def scene_from_args(args) -> Scene:
    """Build the Scene the options describe, or fail with one clear line."""
    if args.preset and args.scores:
        _fail("--preset and --scores conflict: give one table")
    if args.preset and (args.labels or args.classes):
        _fail("--labels/--classes go with --scores, not with --preset")
    if not args.preset and not args.scores:
        _fail("give a table: --preset NAME or --scores '…' --labels …")
    settings = dict(scale=_number(args.scale, "--scale", positive=True),
                    margin=_number(args.margin, "--margin"),
                    include_true=args.include_true, mean_over_classes=args.mean_over_classes,
                    squared=args.squared, log_base=args.log_base)
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
    }


def print_tables(scene: Scene) -> None:
    from rich.console import Console
    from rich.table import Table

    r = evaluate(scene)
    console = Console(highlight=False)
    cols = [f"{e}\n(y = {scene.classes[y]})" for e, y in zip(scene.examples, scene.labels)]

    def table(title: str, cells, footer: tuple[str, list[float]] | None = None, mark=True):
        t = Table(title=title, title_justify="left", show_footer=footer is not None)
        t.add_column("class", footer=footer[0] if footer else "")
        for i, c in enumerate(cols):
            t.add_column(c, justify="right", footer=fixed(footer[1][i]) if footer else "")
        for j, name in enumerate(scene.classes):
            row = []
            for i in range(scene.num_examples):
                text = cells(i, j)
                if mark and scene.labels[i] == j:
                    text = f"[bold underline]{text}[/]*"
                row.append(text)
            t.add_row(name, *row)
        console.print(t)

    scale = f" (W × {scene.scale:g})" if scene.scale != 1 else ""
    table(f"Scores s = f(x, W){scale}   * marks the correct class", lambda i, j: fixed(r.scores[i, j]))
    table(f"SVM terms max(0, s_j − s_y + {scene.margin:g})" + (" squared" if scene.squared else ""),
          lambda i, j: fixed(r.svm_terms[i, j]), ("SVM loss L_i", r.svm_per_example))
    console.print(f"SVM loss L = mean of L_i = {fixed(r.svm_mean)}")
    table("exp(s)", lambda i, j: "overflow" if r.exp_overflow[i, j] else f"{r.exp[i, j]:.4g}")
    table("softmax probabilities", lambda i, j: fixed(r.probs[i, j]),
          (f"softmax L_i (log {scene.log_base})", r.softmax_per_example))
    console.print(f"Softmax loss L = mean of L_i = {fixed(r.softmax_mean)}"
                  + ("" if scene.log_base == "e" else
                     f"  (log base {scene.log_base}; natural log gives "
                     f"{fixed(float(losses.softmax_per_example(r.scores, scene.labels).mean()))})"))
    for i, name in enumerate(scene.examples):
        console.print(f"\n[bold]{name}[/] (correct class {scene.classes[scene.labels[i]]})")
        for line in svm_derivation(r.scores[i], scene.labels[i], scene.margin, scene.include_true,
                                   scene.mean_over_classes, scene.squared):
            console.print("  " + line)
        for line in softmax_derivation(r.scores[i], scene.labels[i], scene.classes, scene.log_base):
            console.print("  " + line)


def run(args) -> int:
    scene = scene_from_args(args)
    if args.json:
        print(json.dumps(report_json(scene)))
    else:
        print_tables(scene)
    return 0
