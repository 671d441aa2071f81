"""Every bad table and scene file of the corpus (tests/bad_files.py) is refused by the loaders in
one line that names the file and the field, without hanging, reading forever or recursing."""

import pytest

from engine.classifier import ClassifierError
from engine.classifier_file import load_scene
from engine.presets import load_table
from engine.scene import SceneError
from engine.tomlfile import structure_problem


def refusal(load, path, error, no_hang) -> str:
    with no_hang(), pytest.raises(error) as info:
        load(path)
    return str(info.value)


def test_a_bad_table_file_is_refused_in_one_line_naming_file_and_field(bad_table, no_hang):
    path, expected = bad_table
    message = refusal(load_table, path, SceneError, no_hang)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


def test_a_bad_scene_file_is_refused_in_one_line_naming_file_and_field(bad_scene, no_hang):
    path, expected = bad_scene
    message = refusal(load_scene, path, ClassifierError, no_hang)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


@pytest.mark.parametrize("text", [
    'a = "[[[" # [[[\nb = [[1]]',           # brackets in strings and comments do not nest
    "a = '[[['\nb = [[1]]",
    'a = """x\\"""[[["""\nb = [[1]]',        # an escaped quote does not end a multi-line string
    "a = '''[[[ ''' \nb = [[1]]",
    'a = """x""""\nb = [[1]]',               # a quote just inside the closing delimiter
])
def test_the_nesting_scan_skips_strings_and_comments(text):
    assert structure_problem(text) is None


@pytest.mark.parametrize("text", ['a = [[[1]]]', 'a = """x""""\nb = [[[1]]]', "a = '''x'''\nb = {c = {d = {e = 1}}}"])
def test_the_nesting_scan_sees_brackets_after_strings(text):
    assert structure_problem(text).startswith("brackets nest deeper than 2 levels")


def test_an_unterminated_string_full_of_quotes_is_scanned_in_linear_time():
    text = 'title = """' + 'a\\"' * 80_000  # a regex with backtracking took minutes on this
    assert structure_problem(text) is None


def test_the_largest_table_a_save_writes_loads(tmp_path):
    """50 × 50 scores and 64-character names in 4-byte UTF-8 stay within the size and value caps."""
    import numpy as np

    from engine.presets import save_table
    from engine.scene import Scene

    rng = np.random.default_rng(0)
    big = Scene(classes=tuple("𝔠" * 60 + f"{i:04d}" for i in range(50)),
                examples=tuple("𝔢" * 60 + f"{i:04d}" for i in range(50)),
                scores=rng.uniform(-1e6, 1e6, (50, 50)) / 3, labels=tuple(range(50)), title="𝔱" * 200)
    back = load_table(save_table(big, tmp_path / "big.toml"))
    assert back.same_as(big)
