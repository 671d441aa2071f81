"""The classroom server without a browser: token, session cap, idle end, per-session process."""

from __future__ import annotations

import asyncio
import os
from importlib.metadata import version
from pathlib import Path

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from tui.serve import ClassroomServer, ServeOptions, hand_out_urls, terminal_size

TOKEN = "class-token-123"


def test_textual_serve_is_the_version_tui_serve_follows():
    assert version("textual-serve") == "1.1.3", (
        "tui/serve.py replaces textual-serve 1.1.3's websocket handler and edits its page "
        "template: re-read both in the new version, then update this pin and pyproject.toml")


async def started(tmp_path: Path, **options) -> TestClient:
    server = ClassroomServer(ServeOptions(**options), root=tmp_path / "root")
    client = TestClient(TestServer(server.make_app()))
    await client.start_server()
    client.classroom = server
    return client


def app_pids(folder: Path) -> list[int]:
    """Processes whose command line names FOLDER (the session's app)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(folder) in (entry / "cmdline").read_bytes().decode():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


async def first_frame(ws) -> bytes:
    received = b""
    while len(received) < 1000:
        message = await ws.receive(timeout=30)
        assert message.type == WSMsgType.BINARY, message
        received += message.data
    return received


async def ended(condition, seconds: float = 20.0) -> bool:
    for _ in range(int(seconds * 10)):
        if condition():
            return True
        await asyncio.sleep(0.1)
    return condition()


async def test_without_the_token_every_route_is_403(tmp_path):
    client = await started(tmp_path, host="0.0.0.0", token=TOKEN)
    try:
        for path in ("/", "/ws", "/static/js/textual.js", "/download/abc", f"/?token={TOKEN}x"):
            response = await client.get(path)
            assert response.status == 403, path
            assert "needs its access token" in await response.text()
        response = await client.get(f"/?token={TOKEN}")
        assert response.status == 200
        assert response.cookies["loss_tui_token"].value == TOKEN
        assert (await client.get("/static/js/textual.js")).status == 200  # the cookie from now on
        assert not client.classroom.sessions
    finally:
        await client.close()


async def test_the_page_asks_no_font_host_and_points_at_the_address_used(tmp_path):
    client = await started(tmp_path)  # loopback without --token: no token needed
    try:
        response = await client.get("/", headers={"Host": "10.0.0.7:8000"})
        html = await response.text()
        assert response.status == 200
        assert "googleapis" not in html and "https://" not in html
        assert 'url("http://10.0.0.7:8000/static/fonts/RobotoMono-VariableFont_wght.ttf")' in html
        assert 'data-session-websocket-url="ws://10.0.0.7:8000/ws"' in html
        assert '.xterm-helper-textarea")?.focus()' in html
    finally:
        await client.close()


async def test_a_session_is_a_sandboxed_app_with_capped_blas_and_the_class_cap(tmp_path, monkeypatch):
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(name, "2")  # not what the server must set (tests/conftest.py sets 1)
    client = await started(tmp_path, max_sessions=1, threads_per_session=1, app_args=["--preset", "single"])
    try:
        ws = await client.ws_connect("/ws?width=100&height=30")
        assert b"__GANGLION__" not in await first_frame(ws)  # the app's frames, not its prelude
        (name, session), = client.classroom.sessions.items()
        pid, = app_pids(session.folder)
        environ = dict(item.split("=", 1) for item in
                       Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in item)
        assert {environ[v] for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")} == {"1"}
        assert environ["https_proxy"] == "http://127.0.0.1:9"
        assert Path(os.readlink(f"/proc/{pid}/cwd")) == session.folder
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        assert cmdline[-5:] == ["single", "--sandbox", "--scratch", str(session.folder), ""]

        full = await client.get("/")
        assert full.status == 503 and "The class is full" in await full.text()
        assert (await client.get("/ws")).status == 503
        assert len(client.classroom.sessions) == 1

        await ws.close()
        assert await ended(lambda: not client.classroom.sessions and not app_pids(session.folder))
        assert not session.folder.exists()
        assert (await client.get("/")).status == 200  # room again
    finally:
        await client.close()


async def test_an_idle_session_ends_and_its_app_exits(tmp_path):
    client = await started(tmp_path, idle_minutes=3 / 60)
    try:
        ws = await client.ws_connect("/ws")
        session, = client.classroom.sessions.values()
        for _ in range(5):  # typing for longer than the limit keeps it alive …
            await ws.send_json(["stdin", "+"])
            await asyncio.sleep(1.0)
        assert client.classroom.sessions and app_pids(session.folder)
        message = None
        while message is None or message.type == WSMsgType.BINARY:  # … silence ends it
            message = await ws.receive(timeout=10)
        assert message.type == WSMsgType.CLOSE and message.extra == "idle"
        assert await ended(lambda: not client.classroom.sessions and not app_pids(session.folder))
    finally:
        await client.close()


async def test_malformed_messages_are_ignored(tmp_path):
    client = await started(tmp_path)
    try:
        ws = await client.ws_connect("/ws")
        await first_frame(ws)
        for junk in ('"stdin"', "[]", '["resize", {"width": "x"}]', '["ping"]', "{", '["stdin", 5]'):
            await ws.send_str(junk)
        await ws.send_json(["ping", "still here"])
        while (message := await ws.receive(timeout=10)).type == WSMsgType.BINARY:
            pass
        assert message.json() == ["pong", "still here"]
        await ws.close()
        assert await ended(lambda: not client.classroom.sessions)
    finally:
        await client.close()


def test_terminal_sizes_stay_within_a_screen():
    assert terminal_size(120, 40) == (120, 40)
    assert terminal_size(10**6, 10**6) == (500, 200)
    assert terminal_size(-5, 0) == (10, 5)


def test_hand_out_urls():
    assert hand_out_urls("127.0.0.1", 8000, None) == ["http://127.0.0.1:8000/"]
    assert hand_out_urls("192.0.2.5", 80, "tok") == ["http://192.0.2.5:80/?token=tok"]
    assert hand_out_urls("::1", 8000, "tok") == ["http://[::1]:8000/?token=tok"]
    assert all(url.endswith(":8000/?token=tok") and "0.0.0.0" not in url
               for url in hand_out_urls("0.0.0.0", 8000, "tok"))


@pytest.fixture(autouse=True)
def _no_leftover_sessions(tmp_path):
    yield
    assert not app_pids(tmp_path / "root"), "a session's app outlived its test"
