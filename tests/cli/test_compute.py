"""``loss-tui compute``: outputs on the lecture's tables and every bad-input case."""

import json
import subprocess
import sys

import pytest

from tui.cli import main

LECTURE_SCORES = "--scores=3.2,5.1,-1.7;1.3,4.9,2.0;2.2,2.5,-3.1"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shape_and_lecture_numbers(capsys):
    code, out, err = run(capsys, "compute", "--preset", "lecture", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["classes", "labels", "scores", "scale", "svm", "softmax", "reg"]
    assert data["reg"] == {"kind": "l2", "lam": 0.0, "loss": 0.0, "svm_total": data["svm"]["mean"],
                           "softmax_total": data["softmax"]["mean"]}
    assert data["classes"] == ["cat", "car", "frog"] and data["labels"] == [0, 1, 2]
    assert data["scale"] == 1.0
    assert list(data["svm"]) == ["terms", "per_example", "mean"]
    assert list(data["softmax"]) == ["probs", "per_example", "mean", "log_base"]
    assert data["svm"]["per_example"] == pytest.approx([2.9, 0.0, 12.9])
    assert data["svm"]["mean"] == pytest.approx(15.8 / 3)
    assert data["svm"]["terms"][0] == pytest.approx([0.0, 2.9, 0.0])
    assert [round(p, 2) for p in data["softmax"]["probs"][0]] == [0.13, 0.87, 0.0]
    assert round(data["softmax"]["per_example"][0], 2) == 2.04
    assert data["softmax"]["log_base"] == "e"


def test_scores_option_equals_preset(capsys):
    _, preset, _ = run(capsys, "compute", "--preset", "lecture", "--json")
    code, typed, _ = run(capsys, "compute", LECTURE_SCORES, "--classes", "cat,car,frog",
                         "--labels", "cat,car,frog", "--json")
    assert code == 0
    assert json.loads(typed) == json.loads(preset)
    _, by_index, _ = run(capsys, "compute", LECTURE_SCORES, "--classes", "cat,car,frog",
                         "--labels", "0,1,2", "--json")
    assert json.loads(by_index)["svm"] == json.loads(preset)["svm"]


def test_scale_two_on_single(capsys):
    code, out, _ = run(capsys, "compute", "--preset", "single", "--scale", "2", "--json")
    data = json.loads(out)
    assert data["scores"] == [pytest.approx([2.6, 5.0, 4.0])]
    assert data["svm"]["mean"] == 0.0 and data["scale"] == 2.0
    _, out1, _ = run(capsys, "compute", "--preset", "single", "--json")
    assert json.loads(out1)["svm"]["mean"] == pytest.approx(0.5)
    assert data["softmax"]["mean"] < json.loads(out1)["softmax"]["mean"]


def test_text_output_never_rounds_a_probability_beside_a_loss_to_one(capsys):
    _, out, _ = run(capsys, "compute", "--preset", "lecture", "--scale", "2")
    assert "0.9962*" in out and "L_i = −ln(0.9962) = 0.0038" in out
    _, out, _ = run(capsys, "compute", "--preset", "svm-vs-softmax")
    assert "0.9991*" in out and "1−3.4e−48*" in out and "1.00*" not in out
    assert "9.2e−4" in out  # the loss beside it is not a bare 0.00 either


def test_variants(capsys):
    base = ["compute", "--preset", "lecture", "--json"]
    q1 = json.loads(run(capsys, *base, "--include-true")[1])["svm"]["per_example"]
    q2 = json.loads(run(capsys, *base, "--mean-over-classes")[1])["svm"]["per_example"]
    q3 = json.loads(run(capsys, *base, "--squared")[1])["svm"]["per_example"]
    m = json.loads(run(capsys, *base, "--margin", "2")[1])["svm"]["per_example"]
    b10 = json.loads(run(capsys, *base, "--log-base", "10")[1])["softmax"]
    assert q1 == pytest.approx([3.9, 1.0, 13.9])
    assert q2 == pytest.approx([1.45, 0.0, 6.45])
    assert q3 == pytest.approx([2.9**2, 0, 6.3**2 + 6.6**2])
    assert m == pytest.approx([3.9, 0.0, 14.9])
    assert round(b10["per_example"][0], 2) == 0.89 and b10["log_base"] == "10"


def test_init_preset_answers_q5(capsys):
    data = json.loads(run(capsys, "compute", "--preset", "init", "--json")[1])
    assert data["svm"]["mean"] == 2.0
    assert data["softmax"]["mean"] == pytest.approx(1.0986122886681098)


def test_rich_tables_and_derivations(capsys):
    code, out, err = run(capsys, "compute", "--preset", "lecture")
    assert code == 0 and err == ""
    assert "SVM loss L = mean of L_i = 5.27" in out
    assert "L_i = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)" in out
    assert "= max(0, 2.9) + max(0, −3.9)" in out
    assert "= 2.9 + 0" in out
    assert "L_i = max(0, 2.2 − (−3.1) + 1) + max(0, 2.5 − (−3.1) + 1)" in out
    assert "= 6.3 + 6.6" in out and "= 12.9" in out
    assert "L_i = −ln(0.13) = 2.04" in out
    for token in ("24.5", "164.0", "0.18", "2.90", "12.90"):
        assert token in out


def test_base_10_says_so(capsys):
    out = run(capsys, "compute", "--preset", "lecture", "--log-base", "10")[1]
    assert "L_i = −log₁₀(0.13) = 0.89" in out
    assert "natural log gives 2.04" in out


def test_overflowing_exp_is_reported(capsys):
    code, out, _ = run(capsys, "compute", "--scores=1000,0", "--labels", "0")
    assert code == 0 and "overflow" in out and "nan" not in out


@pytest.mark.parametrize("argv, message", [
    ([LECTURE_SCORES.replace("5.1", "abc"), "--labels", "0,1,2"], "score 'abc' is not a number"),
    (["--scores=1,2;3", "--labels", "0,0"], "ragged scores"),
    (["--scores=1;2", "--labels", "0,0"], "need at least 2 classes"),
    (["--scores=1,2", "--labels", "2"], "label '2' is out of range 0..1"),
    (["--scores=1,2", "--classes", "a,b", "--labels", "c"], "unknown label 'c'"),
    (["--scores=1,nan", "--labels", "0"], "'nan' is not a finite number"),
    (["--scores=1,inf", "--labels", "0"], "'inf' is not a finite number"),
    (["--preset", "nope"], "unknown preset 'nope'"),
    (["--preset", "lecture", LECTURE_SCORES], "--preset and --scores conflict"),
    (["--preset", "lecture", "--labels", "0"], "go with --scores"),
    (["--scores=1,2", "--labels", "0,1"], "2 labels for 1 examples"),
    (["--scores=1,2"], "needs --labels"),
    (["--scores=1,2", "--classes", "a,b,c", "--labels", "0"], "--classes names 3 classes"),
    (["--preset", "lecture", "--scale", "0"], "--scale '0' must be greater than 0"),
    (["--preset", "lecture", "--margin", "x"], "--margin 'x' is not a number"),
    (["--preset", "lecture", "--log-base", "3"], "invalid choice: '3'"),
    ([], "give a table"),
])
def test_bad_input_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "compute", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("loss-tui compute: ")
    assert message in err


def test_help_lists_subcommands_and_minus_form(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for sub in ("compute", "search", "fetch"):
        assert sub in out
    with pytest.raises(SystemExit):
        main(["compute", "--help"])
    assert "--scores=-1.7" in capsys.readouterr().out


def test_console_script_end_to_end():
    """The installed entry point (python -m tui) with a real process: no traceback, exit 2."""
    bad = subprocess.run([sys.executable, "-m", "tui", "compute", "--scores=1,x", "--labels", "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    good = subprocess.run([sys.executable, "-m", "tui", "compute", "--preset", "single", "--json"],
                          capture_output=True, text=True)
    assert good.returncode == 0 and json.loads(good.stdout)["svm"]["mean"] == pytest.approx(0.5)


def test_app_refuses_bad_preset_before_starting(capsys):
    code, out, err = run(capsys, "--preset", "nope")
    assert code == 2 and out == "" and "unknown preset 'nope'" in err


def saved_table(tmp_path, **settings):
    from engine.presets import load_preset, save_table

    return str(save_table(load_preset("lecture").replace(**settings), tmp_path / "t.toml"))


def test_table_file_settings_apply(capsys, tmp_path):
    path = saved_table(tmp_path, scale=2.0, margin=0.5, squared=True, include_true=True,
                       mean_over_classes=True, log_base="10", lam=0.3)
    code, out, err = run(capsys, "compute", "--preset", path, "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["scale"] == 2.0 and data["scores"][0] == pytest.approx([6.4, 10.2, -3.4])
    # cat image at scale 2: terms (0.5², 4.3², 0) over 3 classes incl. j = y, margin 0.5, squared
    assert data["svm"]["per_example"][0] == pytest.approx((0.5**2 + 4.3**2) / 3)
    assert data["softmax"]["log_base"] == "10"
    assert data["reg"]["lam"] == 0.3 and data["reg"]["loss"] == pytest.approx(0.3 * 2.0**2)
    assert data["reg"]["svm_total"] == pytest.approx(data["svm"]["mean"] + 1.2)


def test_options_override_table_file_settings(capsys, tmp_path):
    path = saved_table(tmp_path, scale=2.0, margin=0.5, squared=True, include_true=True,
                       mean_over_classes=True, log_base="10", lam=0.3)
    _, plain, _ = run(capsys, "compute", "--preset", "lecture", "--json")
    code, out, _ = run(capsys, "compute", "--preset", path, "--scale", "1", "--margin", "1", "--no-squared",
                       "--no-include-true", "--no-mean-over-classes", "--log-base", "e", "--reg", "0",
                       "--json")
    assert code == 0 and json.loads(out) == json.loads(plain)
    data = json.loads(run(capsys, "compute", "--preset", path, "--scale", "1", "--json")[1])
    assert data["scale"] == 1.0 and data["svm"]["per_example"][0] == pytest.approx((0.5**2 + 2.4**2) / 3)


def test_table_file_settings_in_the_tables(capsys, tmp_path):
    out = run(capsys, "compute", "--preset", saved_table(tmp_path, scale=2.0, squared=True, lam=0.3))[1]
    assert "Scores s = f(x, W) (W × 2)" in out and "SVM terms max(0, s_j − s_y + 1) squared" in out
    assert "Regularization λR(W) = 1.20 (L2, λ = 0.3); total: SVM 103.35, softmax 6.35" in out


def test_help_says_options_override_file_settings(capsys):
    with pytest.raises(SystemExit):
        main(["compute", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "[settings] (scale, margin, variants, log base, regularization) apply; options given on " \
           "the command line override them" in help_text
    assert "--squared, --no-squared" in help_text


@pytest.mark.parametrize("argv, message", [
    (["--scores", "-1.7,2,3", "--labels", "0"],
     "loss-tui compute: argument --scores: expected one argument "
     "(a value starting with '-' needs the '=' form: --scores=-1.7,2,3)"),
    (["--preset", "lecture", "--margin", "-5e-1"],
     "loss-tui compute: argument --margin: expected one argument "
     "(a value starting with '-' needs the '=' form: --margin=-5e-1)"),
    (["--scores", "1,2"], "loss-tui compute: --scores needs --labels (the correct class of each example)"),
    (["--preset", "lecture", "--reg", "1e300"], "loss-tui compute: --reg '1e300' is too large (limit ±1e+06)"),
    (["--preset", "lecture", "--reg", "-1"], "loss-tui compute: --reg '-1' must be ≥ 0"),
    (["--preset", "lecture", "--scale", "1e300"], "loss-tui compute: --scale '1e300' is outside 2^−20 … 2^20"),
    (["--preset", "lecture", "--scale", "1e-300"], "loss-tui compute: --scale '1e-300' is outside 2^−20 … 2^20"),
])
def test_exact_usage_errors(capsys, argv, message):
    code, out, err = run(capsys, "compute", *argv)
    assert (code, out, err) == (2, "", message + "\n")


def test_largest_scale_prints_scientific_not_walls_of_digits(capsys):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = run(capsys, "compute", "--preset", "lecture", "--scale", "1048576", "--squared")
    assert code == 0 and err == ""
    assert "Scores s = f(x, W) (W × 2^20)" in out
    assert "│ cat          │        0* │      0.00 │    3.09e13 │" in out  # one format a column
    assert "│ SVM loss L_i │   3.97e12 │      0.00 │    6.54e13 │" in out
    assert "SVM loss L = mean of L_i = 2.31e13" in out
    assert "Softmax loss L = mean of L_i = 2621440.00" in out


def test_lecture_exp_and_probabilities_as_the_slide(capsys):
    out = run(capsys, "compute", "--preset", "lecture")[1]
    assert "│ cat   │     24.5* │      3.67 │       9.03 │" in out
    assert "│ car   │     164.0 │    134.3* │       12.2 │" in out
    assert "│ frog  │      0.18 │      7.39 │      0.05* │" in out
    assert "│ frog                │    9.7e−4 │      0.05 │    0.0021* │" in out
    frog = out[out.index("frog image (correct class frog)"):].splitlines()
    assert frog[5:10] == ["  class     score         exp    prob",
                          "  cat       2.20        9.03    0.42",
                          "  car       2.50        12.2    0.57",
                          "  frog     −3.10        0.05  0.0021 ◀ y",
                          "  L_i = −ln(0.0021) = 6.16"]


def test_exp_column_goes_scientific_as_a_whole(capsys):
    out = run(capsys, "compute", "--scores=20,0,-20;1,2,3", "--labels", "0,2")[1]
    assert "│ class 0 │       4.85e8* │          2.72 │" in out
    assert "│ class 1 │        1.00e0 │          7.39 │" in out
    assert "│ class 2 │       2.06e−9 │         20.1* │" in out
    assert "│ class 1             │        2.1e−9 │          0.24 │" in out
    assert "  class 0     20.00      4.85e8  1−2.1e−9 ◀ y" in out  # not 1.00 beside a loss of 2.1e−9
    assert "  class 2    −20.00     2.06e−9   4.2e−18" in out


def test_underflowing_probability_shows_its_log(capsys):
    out = run(capsys, "compute", "--scores=1000,0", "--labels", "1")[1]
    assert "L_i = −ln(e^−1000.0) = 1000.00" in out and "overflow" in out
