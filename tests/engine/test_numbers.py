"""One number parser with named limits, and names that are text (never terminal commands)."""

import pytest

from engine import numbers
from engine.classifier import ClassifierError, parse_param
from engine.names import printable, quoted
from engine.numbers import (MAX_ABS_PARAM, MAX_ABS_SCORE, NumberError, check_number, nonnegative,
                            parse_number, parse_scale)
from engine.presets import load_preset
from engine.scene import SceneError, check_name
from engine.scene import parse_number as scene_parse_number


@pytest.mark.parametrize("text, value", [("3.2", 3.2), (" −1.7 ", -1.7), ("1e6", 1e6), ("-0", 0.0)])
def test_parse_number_reads_typed_numbers(text, value):
    assert parse_number(text, "score") == value


@pytest.mark.parametrize("text, kwargs, message", [
    ("", {}, "score is empty: type a number"),
    ("abc", {}, "score 'abc' is not a number"),
    ("nan", {}, "score 'nan' is not a finite number"),
    ("-inf", {}, "score '-inf' is not a finite number"),
    ("1e7", {}, "score '1e7' is too large (limit ±1e+06)"),
    ("5000", {"limit": MAX_ABS_PARAM}, "score '5000' is too large (limit ±1000)"),
    ("−1", {"low": 0}, "score '−1' must be ≥ 0"),
    ("3", {"high": 2}, "score '3' must be ≤ 2"),
    ("x" * 100, {}, "score '" + "x" * 39 + "…' is not a number"),  # long input is cut in the message
    ("\x1b[2J", {}, r"score '\x1b[2J' is not a number"),  # and never echoed raw
])
def test_parse_number_says_why_not(text, kwargs, message):
    with pytest.raises(NumberError) as info:
        parse_number(text, "score", **kwargs)
    assert str(info.value) == message


def test_the_named_limits_are_the_ones_the_engine_checks():
    assert MAX_ABS_SCORE == 1e6 and numbers.MIN_SCALE == 2.0**-20 and numbers.MAX_SCALE == 2.0**20
    assert nonnegative("0.5", "λ") == 0.5
    with pytest.raises(NumberError, match="λ '1e300' is too large"):
        nonnegative("1e300", "λ")


@pytest.mark.parametrize("text, message", [("0", "must be greater than 0"), ("-2", "must be greater than 0"),
                                           ("1e300", "is outside 2^−20 … 2^20"),
                                           ("1e-300", "is outside 2^−20 … 2^20")])
def test_parse_scale(text, message):
    assert parse_scale("2") == 2.0
    with pytest.raises(NumberError) as info:
        parse_scale(text, "--scale")
    assert str(info.value) == f"--scale {text!r} {message}"


@pytest.mark.parametrize("value, message", [(True, "x True is not a number"), ("1", "x '1' is not a number"),
                                            (float("nan"), "x nan is not a finite number"),
                                            (10**400, "x 10+… is too large")])
def test_check_number_refuses_bools_strings_and_huge_integers(value, message):
    assert check_number(3, "x") == 3.0
    with pytest.raises(NumberError, match=message):
        check_number(value, "x")


def test_the_old_names_still_raise_scene_errors_for_the_views():
    with pytest.raises(SceneError, match="margin Δ 'x' is not a number"):
        scene_parse_number("x", "margin Δ")
    with pytest.raises(ClassifierError, match=r"W\[1,1\] '2000' is too large \(limit ±1000\)"):
        parse_param("2000", "W[1,1]")
    assert parse_param("−0.5", "b") == -0.5


@pytest.mark.parametrize("name, message", [
    ("a\x1b[2J", r"class name 'a\x1b[2J' contains the control character U+001B; names are plain text"),
    ("\x1b]0;PWNED\x07", r"contains the control character U+001B"),
    ("tab\there", r"contains the control character U+0009"),
    ("csi\x9b", r"contains the control character U+009B"),
    ("del\x7f", r"contains the control character U+007F"),
    ("x" * 65, "is 65 characters long; at most 64"),
    ("   ", "class name cannot be empty"),
])
def test_check_name_refuses_what_is_not_plain_text(name, message):
    assert check_name("jet ✈", "class name") == "jet ✈"
    with pytest.raises(SceneError) as info:
        check_name(name, "class name")
    assert message in str(info.value) and "\x1b" not in str(info.value)


def test_a_rename_or_a_title_cannot_smuggle_in_a_control_character():
    scene = load_preset("lecture")
    with pytest.raises(SceneError, match="contains the control character U\\+001B"):
        scene.rename_class(0, "cat\x1b[2J")
    with pytest.raises(SceneError, match="title .* contains the control character U\\+0007"):
        scene.replace(title="t\x07")
    with pytest.raises(SceneError, match="example name .* contains the control character U\\+009B"):
        scene.add_example("x\x9b")


def test_printable_and_quoted_escape_controls():
    assert printable("a\x1bb\x9bc\x7f") == "a\\x1bb\\x9bc\\x7f"
    assert quoted("a\x1b") == "'a\\x1b'" and len(quoted("y" * 500)) == 42


@pytest.mark.parametrize("text, value", [("1000", 1000), (" 1,000 ", 1000), ("1_000", 1000), ("1", 1),
                                         ("1e3", 1000)])
def test_whole_numbers_read_as_people_type_them(text, value):
    assert numbers.parse_whole(text, "attempts", 1, numbers.MAX_ATTEMPTS) == value


@pytest.mark.parametrize("text, message", [
    ("", "attempts is empty: type a number"),
    ("abc", "attempts 'abc' is not a whole number"),
    ("2.5", "attempts '2.5' is not a whole number"),
    ("0", "attempts '0' must be from 1 to 1,000,000"),
    ("-3", "attempts '-3' must be from 1 to 1,000,000"),
    ("1000001", "attempts '1000001' must be from 1 to 1,000,000"),
    ("inf", "attempts 'inf' is not a whole number"),
])
def test_bad_whole_numbers_say_why(text, message):
    with pytest.raises(NumberError) as caught:
        numbers.parse_whole(text, "attempts", 1, numbers.MAX_ATTEMPTS)
    assert str(caught.value) == message
