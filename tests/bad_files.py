"""The corpus of bad table and classifier scene files (issue 11, items 2–5), built on demand.

Each case is (name, build, expected): build(folder) writes the file (or FIFO, symlink, folder)
and returns its path; expected is a fragment of the one-line refusal, which also names the
file. tests/conftest.py hands them to any test asking for the ``bad_table`` or ``bad_scene``
fixture: the engine's loaders, ``loss-tui compute --preset``, and the app's open dialog.
"""

from __future__ import annotations

import os
from pathlib import Path

GOOD_TABLE = 'title = "t"\nclasses = ["cat", "car"]\nexamples = ["x"]\nlabels = ["cat"]\nscores = [[1.5, 2]]\n'
GOOD_SCENE = ('loss = "svm"\nlam = 0.1\nstep_size = 0.1\nviewport = [-1.0, 1.0, -1.0, 1.0]\n'
              "W = [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]]\nb = [0.0, 0.5, -0.5]\n"
              "points = [[0.5, 0.4], [-0.4, 0.3]]\nlabels = [0, 1]\n")
FIFTY_MB = 50_000_000


def text(content: str, name: str = "bad.toml"):
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_text(content, encoding="utf-8")
        return path
    return build


def table(**changes: str):
    """GOOD_TABLE with top-level lines replaced (key=None drops it) or a [settings] section added."""
    lines = dict(line.split(" = ", 1) for line in GOOD_TABLE.splitlines())
    settings = changes.pop("settings_section", None)
    for key, value in changes.items():
        if value is None:
            lines.pop(key, None)
        else:
            lines[key] = value
    body = "".join(f"{k} = {v}\n" for k, v in lines.items())
    return text(body + (f"[settings]\n{settings}\n" if settings else ""))


def scene(**changes: str):
    lines = dict(line.split(" = ", 1) for line in GOOD_SCENE.splitlines())
    lines.update(changes)
    return text("".join(f"{k} = {v}\n" for k, v in lines.items()))


def fifo(folder: Path) -> Path:
    path = folder / "pipe.toml"
    os.mkfifo(path)
    return path


def zero_link(folder: Path) -> Path:
    path = folder / "zero.toml"
    path.symlink_to("/dev/zero")
    return path


def a_folder(folder: Path) -> Path:
    path = folder / "folder.toml"
    path.mkdir()
    return path


def big_scores(folder: Path) -> Path:
    """50 MB of score rows."""
    path = folder / "big.toml"
    row = "  [1.5, 2.5, -3.5],\n"
    with open(path, "w") as out:
        out.write('classes = ["a", "b", "c"]\nlabels = [0]\nscores = [\n')
        out.write(row * (FIFTY_MB // len(row)))
        out.write("]\n")
    return path


def big_title(folder: Path) -> Path:
    path = folder / "title.toml"
    path.write_text(GOOD_TABLE + 'title = "' + "x" * FIFTY_MB + '"\n')
    return path


def not_utf8(folder: Path) -> Path:
    path = folder / "latin1.toml"
    path.write_bytes(GOOD_TABLE.replace('"t"', '"caf\xe9"').encode("latin-1"))
    return path


DEEP_ARRAYS = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
DEEP_TABLES = "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n"
RESOURCE_CASES = [  # what reads endlessly, blocks or exhausts the parser: the same for both formats
    ("deep-arrays", text(DEEP_ARRAYS), "brackets nest deeper than 2 levels (line 1)"),
    ("deep-inline-tables", text(DEEP_TABLES), "brackets nest deeper than 2 levels (line 1)"),
    ("symlink-to-dev-zero", zero_link, "is a character device, not a"),
    ("fifo", fifo, "is a FIFO (named pipe), not a"),
    ("a-folder", a_folder, "is a folder, not a"),
    ("50-MB-of-rows", big_scores, "is larger than 262,144 bytes, too large for a"),
    ("50-MB-title", big_title, "is larger than 262,144 bytes, too large for a"),
    ("too-many-values", text("x = [" + "1, " * 20_000 + "]\n"), "more than 10,000 values, brackets and keys"),
    ("5000-digit-integer", text("x = 1" + "0" * 5000 + "\n"), "(a number has too many digits)"),
    ("not-utf8", not_utf8, "not UTF-8 text (byte"),
    ("not-toml", text("classes = [\n"), "not a valid"),
]

TABLE_CASES = RESOURCE_CASES + [
    # item 2: crashed compute and the app
    ("settings-5", table(settings="5"), "settings = 5 is not a table"),
    ("examples-5", table(examples="5"), "examples = 5 is not a list of example names"),
    ("margin-x", table(settings_section='margin = "x"'), "settings.margin = 'x' is not a number"),
    ("scale-big", table(settings_section='scale = "big"'), "settings.scale = 'big' is not a number"),
    ("lam-list", table(settings_section="lam = [1]"), "settings.lam = (a list) is not a number"),
    ("log-base-list", table(settings_section="log_base = [2]"),
     'settings.log_base = (a list) is not one of "e", "2", "10"'),
    # item 3: silently accepted
    ("squared-no", table(settings_section='squared = "no"'),
     "settings.squared = 'no' is not true or false (a TOML boolean, without quotes)"),
    ("scale-true", table(settings_section="scale = true"), "settings.scale = true is not a number"),
    ("title-table", table(title="{ text = 1 }"), "title = (a table) is not a string"),
    ("examples-table", table(examples="{ x = 1 }"), "examples = (a table) is not a list of example names"),
    # item 5: names that are terminal commands
    ("class-clears-screen", table(classes=r'["\u001b[2J", "car"]'),
     r"class 1 '\x1b[2J' contains the control character U+001B; names are plain text"),
    ("class-retitles-terminal", table(classes=r'["cat", "\u001b]0;PWNED\u0007"]'),
     r"class 2 '\x1b]0;PWNED\x07' contains the control character U+001B"),
    ("example-c1-csi", table(examples=r'["x\u009b2J"]'), r"example 1 'x\x9b2J' contains the control character U+009B"),
    ("title-del", table(title=r'"a\u007fb"'), r"title 'a\x7fb' contains the control character U+007F"),
    ("label-bell", table(labels=r'["cat\u0007"]'), r"label 1 'cat\x07' contains the control character U+0007"),
    # every other field of the schema
    ("long-title", table(title='"' + "x" * 300 + '"'), "is 300 characters long; at most 200"),
    ("unknown-key", table(colour='"red"'), "unknown key 'colour'; the keys are title, classes"),
    ("unknown-setting", table(settings_section="colour = 1"), "unknown setting 'colour' in [settings]"),
    ("settings-array-of-tables", text(GOOD_TABLE + "[[settings]]\nscale = 2\n"),
     "settings = (a list) is not a table"),
    ("classes-string", table(classes='"cat, car"'), "classes = 'cat, car' is not a list of class names"),
    ("class-number", table(classes='["cat", 2]'), "class 2 = 2 is not a string"),
    ("one-class", table(classes='["cat"]', scores="[[1]]"), "classes has 1 entries; it needs 2 … 50"),
    ("60-classes", table(classes="[" + ", ".join(f'"c{i}"' for i in range(60)) + "]"),
     "classes has 60 entries; it needs 2 … 50"),
    ("score-bool", table(scores="[[true, 2]]"), "score true in row 1 is not a number"),
    ("score-string", table(scores='[[1, "x"]]'), "score 'x' in row 1 is not a number"),
    ("score-nan", table(scores="[[nan, 2]]"), "score nan in row 1 is not a finite number"),
    ("score-too-large", table(scores="[[1e7, 2]]"), "score 1e+07 (cat, example 1) is too large"),
    ("score-400-digits", table(scores="[[1" + "0" * 400 + ", 2]]"), "score 1" + "0" * 38 + "… in row 1 is too large"),
    ("row-not-a-list", table(scores="[1, 2]"), "row 1 = 1 is not a list of scores"),
    ("row-too-short", table(scores="[[1]]"), "scores row 1 has 1 values for 2 classes"),
    ("label-bool", table(labels="[true]"), "label 1 = true is not a class name or index"),
    ("label-unknown", table(labels='["dog"]'), "label 'dog' is not one of the classes cat, car"),
    ("label-index-out-of-range", table(labels="[7]"), "label 7 is out of range 0..1"),
    ("missing-scores", table(scores=None), "missing 'scores'"),
    ("lam-inf", table(settings_section="lam = inf"), "settings.lam = inf is not a finite number"),
    ("lam-negative", table(settings_section="lam = -1"), "settings.lam = -1 is outside 0 … 1e+06"),
    ("scale-zero", table(settings_section="scale = 0"), "settings.scale = 0 is outside 2^−20 … 2^20"),
    ("log-base-number", table(settings_section="log_base = 2"), 'settings.log_base = 2 is not one of "e"'),
    ("reg-kind-unknown", table(settings_section='reg_kind = "l3"'), "settings.reg_kind = 'l3' is not one of"),
    ("title-date", table(title="1979-05-27"), "title = (a date) is not a string"),
]

SCENE_CASES = RESOURCE_CASES + [
    ("loss-number", scene(loss="1"), 'loss = 1 is not one of "svm", "ova", "structured", "softmax"'),
    ("lam-bool", scene(lam="true"), "lam = true is not a number"),
    ("lam-string", scene(lam='"0.1"'), "lam = '0.1' is not a number"),
    ("step-size-table", scene(step_size="{ x = 1 }"), "step_size = (a table) is not a number"),
    ("viewport-3", scene(viewport="[0, 1, 0]"), "viewport has 3 entries; it needs 4"),
    ("W-2-rows", scene(W="[[1, 2], [3, 4]]"), "W has 2 entries; it needs 3"),
    ("W-string", scene(W='[[1, 2], [3, "x"], [5, 6]]'), "W row 2[2] = 'x' is not a number"),
    ("W-too-large", scene(W="[[1, 2], [3, 4e9], [5, 6]]"), "W row 2[2] = 4000000000.0 is outside -1000 … 1000"),
    ("b-bool", scene(b="[0, false, 1]"), "b[2] = false is not a number"),
    ("points-table", scene(points="{ x = 1 }"), "points = (a table) is not a list of [x0, x1] points"),
    ("point-3-coordinates", scene(points="[[0.5, 0.4, 1], [0, 0]]"), "point 1 has 3 entries; it needs 2"),
    ("labels-bool", scene(labels="[0, true]"), "label 2 = true is not a whole number 0 … 2"),
    ("labels-out-of-range", scene(labels="[0, 3]"), "label 2 = 3 is outside 0 … 2"),
    ("labels-count", scene(labels="[0]"), "2 points but 1 labels"),
    ("unknown-key", scene(colour='"red"'), "unknown key 'colour'; the keys are loss, lam"),
]
