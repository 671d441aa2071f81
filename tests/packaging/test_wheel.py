"""What a pip user gets: the wheel built from this checkout, installed into a fresh venv and run
from a folder outside the checkout. Slow (it builds and installs), so `make test` leaves it out
and `make wheel-test` (called by .ci/run) runs it: `pytest -m wheel tests/packaging`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal"))
from tmux_terminal import needs_tmux, terminal  # noqa: E402,F401  (terminal is a fixture)

pytestmark = pytest.mark.wheel
ROOT = Path(__file__).resolve().parents[2]
RUNTIME_FILES = ("assets/presets/*.toml", "assets/lectures/*.toml", "tui/styles/*.tcss")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, the built wheel): pip wheel from the checkout, pip install into a new venv."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"),
                    str(ROOT)], check=True, cwd=work)
    wheel = next((work / "dist").glob("loss_tui-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    subprocess.run([str(work / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], check=True, cwd=work)
    return work / "venv" / "bin", wheel


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "loss-tui"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60)


def test_the_wheel_holds_every_file_the_app_reads_at_run_time(installed):
    _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = [path.relative_to(ROOT).as_posix() for pattern in RUNTIME_FILES for path in ROOT.glob(pattern)]
    assert any(name.startswith("assets/presets/") for name in wanted)
    assert [name for name in wanted if name not in names] == []


def test_version_and_compute_work_from_another_folder(installed, tmp_path):
    bin_dir, _ = installed
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert run(bin_dir, "--version", cwd=tmp_path).stdout.strip() == f"loss-tui {version}"
    result = run(bin_dir, "compute", "--preset", "lecture", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert round(json.loads(result.stdout)["svm"]["mean"], 2) == 5.27
    single = run(bin_dir, "compute", "--preset", "single", "--json", cwd=tmp_path)
    assert json.loads(single.stdout)["svm"]["per_example"] == pytest.approx([0.5])


@needs_tmux
def test_the_installed_app_starts_at_80x24_and_quits(installed, terminal, tmp_path):
    bin_dir, _ = installed
    term = terminal(f"cd {tmp_path} && {bin_dir / 'loss-tui'}")
    screen = term.wait_for("12.90")
    assert "12.90" in screen and "Traceback" not in screen, screen
    term.keys("q")
    assert term.wait_exit(), term.screen()
