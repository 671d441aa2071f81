"""The real thing in a browser: ``loss-tui serve`` with a token, Debian's chromium driven by
playwright, the frog's L_i after ``+``, and a 403 without the token.

The terminal's text is read from xterm.js's own buffer (what the canvas draws): textual.js keeps its
terminal in a closure, so an init script catches the object when textual.js sets its ``fitAddon``
property (textual-serve 1.1.3) and the test reads ``terminal.buffer.active`` lines from it.
A click on a score cell moves the cursor there (the mouse reaches the app through xterm.js).
One browser session, one server: the whole test takes a few seconds. The screenshot goes to
build/artifacts/serve.png. Waiting polls until a deadline; nothing here asserts on time.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                       "(.ci/run installs it with apt-get install chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="the playwright package is not installed "
                       "(pip install -e '.[test]')"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts"
TOKEN = "browser-test-token"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
    window.__textualOwner = this;  // textual.js's terminal object: .terminal is xterm.js
  },
});
"""
READ_SCREEN = """() => {
  const owner = window.__textualOwner;
  const terminal = owner && owner.terminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


CELL_GEOMETRY = """() => {
  const terminal = window.__textualOwner.terminal;
  const box = terminal.element.querySelector(".xterm-screen").getBoundingClientRect();
  return [box.left, box.top, box.width / terminal.cols, box.height / terminal.rows];
}"""


def click_cell(page, column: int, line: int) -> None:
    """Click the middle of the terminal cell (column, line), as a user's mouse would."""
    left, top, width, height = page.evaluate(CELL_GEOMETRY)
    page.mouse.click(left + (column + 0.5) * width, top + (line + 0.5) * height)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def server():
    port = free_port()
    command = [sys.executable, "-m", "tui", "serve", "--port", str(port), "--token", TOKEN]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        printed = process.stdout.readline() + process.stdout.readline()
        assert f"open: {url}/?token={TOKEN}" in printed, printed
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_screen(page, text: str, deadline_s: float = 30.0) -> str:
    screen = None
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        screen = page.evaluate(READ_SCREEN)
        if screen and text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.mark.long
def test_served_app_in_chromium(server, tmp_path):
    assert status_of(f"{server}/") == 403
    assert status_of(f"{server}/?token=wrong-token-1") == 403
    assert status_of(f"{server}/ws") == 403

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800})
        try:
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.add_init_script(CATCH_TERMINAL)
            page.goto(f"{server}/?token={TOKEN}")
            # The Losses view, with its own keys in the footer before any click
            screen = wait_for_screen(page, "L_i SVM")
            screen = wait_for_screen(page, "⏎ Edit")
            assert "W × 1" in screen and "12.90" in screen
            page.keyboard.press("+")
            screen = wait_for_screen(page, "W × 2")
            svm_row = next(line for line in screen.splitlines() if "L_i SVM" in line)
            assert svm_row.split()[-3:] == ["4.80", "0.00", "23.80"], svm_row
            page.screenshot(path=str(ARTIFACTS / "serve.png"))
            # the mouse: a click on the car image's score of frog moves the cursor there
            lines = screen.splitlines()
            header = next(y for y, line in enumerate(lines) if "car image" in line)
            frog = next(y for y in range(header, len(lines)) if lines[y].lstrip(" ›").startswith("frog"))
            click_cell(page, lines[header].index("car image") + 4, frog)
            screen = wait_for_screen(page, "cursor on car image / frog")
            assert "› frog" in screen and "˅ car image" in screen
        finally:
            browser.close()
    assert requested and all(url.startswith(server) for url in requested), requested  # no font host
