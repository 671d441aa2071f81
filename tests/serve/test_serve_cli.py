"""``loss-tui serve`` and ``loss-tui --sandbox`` arguments: safe defaults, one-line refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import build_app_parser, build_parser, main
from tui.commands.app import file_access_for, into_sandbox
from tui.commands.serve import options_from
from tui.file_access import FileAccessError


def serve_options(*argv: str):
    return options_from(build_parser().parse_args(["serve", *argv]))


@pytest.mark.parametrize("argv, message", [
    (["--host", "0.0.0.0", "--no-sandbox"], "--no-sandbox is refused on 0.0.0.0"),
    (["--token", "short"], "--token must be 8 or more of"),
    (["--token", "has space in it"], "--token must be 8 or more of"),
    (["--port", "0"], "--port 0 must be 1…65535"),
    (["--max-sessions", "0"], "--max-sessions 0 must be at least 1"),
    (["--idle-minutes", "0"], "--idle-minutes 0 must be more than 0"),
    (["--threads-per-session", "0"], "--threads-per-session 0 must be at least 1"),
    (["--preset", "nope"], "loss-tui: "),
    (["--preset", "single", "x.toml"], "give --preset or a FILE, not both"),
])
def test_bad_serve_arguments_get_one_line_and_exit_2(capsys, argv, message):
    assert main(["serve", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and captured.err.count("\n") == 1


def test_off_loopback_a_token_is_generated_on_loopback_none_is_needed():
    generated = serve_options("--host", "0.0.0.0")
    assert generated.token and len(generated.token) >= 20 and generated.sandbox
    assert serve_options("--host", "0.0.0.0").token != generated.token
    assert serve_options().token is None and serve_options().host == "127.0.0.1"
    assert serve_options("--token", "given-token").token == "given-token"
    assert serve_options("--no-sandbox").sandbox is False  # loopback: the teacher's own choice


def test_serve_hands_every_session_the_table_with_an_absolute_path(tmp_path, monkeypatch):
    table = Path(__file__).resolve().parents[2] / "assets" / "presets" / "single.toml"
    monkeypatch.chdir(table.parent)
    assert serve_options("single.toml").app_args == [str(table)]
    assert serve_options("--preset", "svm-vs-softmax").app_args == ["--preset", "svm-vs-softmax"]


def test_app_sandbox_flags(tmp_path):
    args = build_app_parser().parse_args(["--sandbox"])
    assert args.sandbox and args.scratch is None
    assert not file_access_for(False, None).is_sandboxed
    made = file_access_for(True, None)
    assert made.is_sandboxed and made.folder.is_dir() and made.folder.name.startswith("loss-tui-scratch-")
    made.folder.rmdir()
    implied = file_access_for(False, str(tmp_path / "class"))  # --scratch implies --sandbox
    assert implied.is_sandboxed and implied.folder == (tmp_path / "class").resolve()
    with pytest.raises(FileAccessError):
        implied.resolve_open("/etc/passwd")


def test_a_file_given_to_a_sandboxed_app_is_copied_in(tmp_path):
    original = tmp_path / "teacher" / "table.toml"
    original.parent.mkdir()
    original.write_text("scores = 1\n")
    access = file_access_for(True, str(tmp_path / "scratch"))
    copy = into_sandbox(str(original), access)
    assert copy == str((tmp_path / "scratch" / "table.toml").resolve())
    assert Path(copy).read_text() == "scores = 1\n"
    assert access.resolve_save("table.toml") == Path(copy)  # saves go to the copy
    assert into_sandbox(str(original), file_access_for(False, None)) == str(original)


def test_a_bad_scratch_folder_is_one_line(capsys, tmp_path):
    (tmp_path / "file").write_text("")
    assert main(["--scratch", str(tmp_path / "file" / "sub")]) == 2
    assert "cannot use" in capsys.readouterr().err
