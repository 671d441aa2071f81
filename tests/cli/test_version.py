"""loss-tui --version prints the installed package's version on stdout and exits 0."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_packages_and_goes_to_stdout(capsys):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    with pytest.raises(SystemExit) as ended:
        main(["--version"])
    assert ended.value.code in (0, None)
    out, err = capsys.readouterr()
    assert out == f"loss-tui {version}\n" and err == ""
