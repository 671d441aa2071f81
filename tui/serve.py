"""``loss-tui serve``: the app in every student's browser tab, through textual-serve.

textual-serve runs one app process per browser tab and relays its terminal over a websocket. A
classroom needs more around it, added here:

- an access token off loopback (query ``?token=`` once, then a cookie; 403 for page and websocket);
- a cap on concurrent sessions (a "class is full" page) and an end to sessions idle too long;
- per session: its own scratch folder (the app's ``--sandbox`` and its working folder), BLAS
  capped at K threads (30 searches must not each take every core), and no way out to the web;
- a page that asks no web-font host and focuses the terminal once the app has drawn, so the
  footer shows the view's keys before the first click (tui/serve_page.py).

Built on textual-serve's public pieces: ``Server`` (its index and download handlers, static files,
page template) and ``AppService``. ``handle_websocket`` is replaced because textual-serve spawns
one fixed command, while each session here needs its own folder; it follows the package's
1.1.3 relay. tests/serve/test_server.py pins that version: re-read this file when it changes.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import shlex
import shutil
import signal
import socket
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import WSCloseCode, WSMsgType, web
import aiohttp_jinja2
import jinja2
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serve_page import FORBIDDEN, class_full, write_page_template

log = logging.getLogger("loss-tui.serve")

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
COOKIE = "loss_tui_token"
MAX_COLUMNS, MAX_ROWS = 500, 200
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# The app offers no download in a sandbox; this makes sure nothing urllib-based gets out either.
NO_NETWORK_ENV = {name: "http://127.0.0.1:9" for name in ("http_proxy", "https_proxy",
                                                         "HTTP_PROXY", "HTTPS_PROXY")}
def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def hand_out_urls(host: str, port: int, token: str | None) -> list[str]:
    """The links to give students: the bound address, or this machine's addresses for 0.0.0.0/::."""
    hosts = [host]
    if host in ("0.0.0.0", "::", ""):
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)
            hosts = sorted({info[4][0] for info in infos if not is_loopback(info[4][0])}) \
                or [socket.gethostname()]
        except OSError:
            hosts = [socket.gethostname()]
    query = f"/?token={token}" if token else "/"
    return [f"http://{f'[{h}]' if ':' in h else h}:{port}{query}" for h in hosts]


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_sessions: int = 40
    idle_minutes: float = 30.0
    threads_per_session: int = 1
    app_args: list[str] = field(default_factory=list)
    sandbox: bool = True


@dataclass
class Session:
    folder: Path
    command: str
    last_input: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        self.last_input = time.monotonic()


def terminal_size(width: int, height: int) -> tuple[int, int]:
    """A browser's size in cells, within what a screen can show (a forged 10⁶ × 10⁶ would make
    the app build a frame of that size)."""
    return min(max(width, 10), MAX_COLUMNS), min(max(height, 5), MAX_ROWS)


def session_command(folder: Path, options: ServeOptions) -> str:
    """The shell command textual-serve runs for one session (exec: the app keeps the shell's PID)."""
    env = {name: str(options.threads_per_session) for name in BLAS_THREAD_VARS}
    argv = [sys.executable, "-m", "tui", *options.app_args]
    if options.sandbox:
        env.update(NO_NETWORK_ENV)
        argv += ["--sandbox", "--scratch", str(folder)]
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    return f"cd {shlex.quote(str(folder))} && exec env {assignments} {shlex.join(argv)}"


class ClassroomServer(Server):
    """textual-serve's Server with the token, the session cap, idle ends and per-session folders."""

    def __init__(self, options: ServeOptions, root: Path | None = None) -> None:
        self.root = root or Path(tempfile.mkdtemp(prefix="loss-tui-serve-"))
        super().__init__("loss-tui", host=options.host, port=options.port, title="loss-tui",
                         templates_path=write_page_template(self.root / "page"))
        self.options = options
        self.token = options.token
        self.sessions: dict[str, Session] = {}
        self._sockets: set[web.WebSocketResponse] = set()

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.options.max_sessions

    def authorised(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        offered = request.query.get("token") or request.cookies.get(COOKIE, "")
        return hmac.compare_digest(offered.encode(), self.token.encode())

    @web.middleware
    async def guard(self, request: web.Request, handler):
        """403 without the token (page, websocket, static files, downloads alike)."""
        if not self.authorised(request):
            return web.Response(status=403, text=FORBIDDEN, content_type="text/html")
        response = await handler(request)
        if self.token and request.path == "/" and "token" in request.query:
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    def make_app(self) -> web.Application:
        """The aiohttp app: textual-serve's routes (same names: its index page builds URLs from
        them) behind the token guard."""
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        app.on_cleanup.append(self.on_cleanup)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full:
            return web.Response(status=503, text=class_full(self.options.max_sessions),
                                content_type="text/html")
        # The page's script and websocket URLs are built from public_url, synchronously in the
        # handler below: use the address this student reached (0.0.0.0 means nothing to a browser).
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One session: a scratch folder, the app process, the relay, then everything removed."""
        if self.full:
            raise web.HTTPServiceUnavailable(text="the class is full")
        session = self.open_session()
        websocket = web.WebSocketResponse(heartbeat=15)
        self._sockets.add(websocket)
        width, height = terminal_size(to_int(request.query.get("width", "80"), 80),
                                      to_int(request.query.get("height", "24"), 24))
        try:
            await websocket.prepare(request)
            service = AppService(session.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            idle_watch = asyncio.create_task(self.end_when_idle(session, websocket))
            try:
                await self.relay(websocket, service, session)
            finally:
                idle_watch.cancel()
                await self.stop_app(service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one session's failure must not stop the class
            log.exception(error)
        finally:
            self._sockets.discard(websocket)
            self.close_session(session)
        return websocket

    async def relay(self, websocket: web.WebSocketResponse, service: AppService, session: Session) -> None:
        """Browser → app, as textual-serve relays it; malformed messages are ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *data = message.json()
                if kind == "stdin":
                    session.touch()
                    await service.send_bytes(str(data[0]).encode("utf-8"))
                elif kind == "resize":
                    session.touch()
                    await service.set_terminal_size(*terminal_size(int(data[0]["width"]),
                                                                   int(data[0]["height"])))
                elif kind == "ping":
                    await websocket.send_json(["pong", data[0]])
                elif kind == "blur":
                    await service.blur()
                elif kind == "focus":
                    session.touch()
                    await service.focus()
            except (ValueError, TypeError, KeyError, IndexError):
                continue

    async def stop_app(self, service: AppService, grace_s: float = 5.0) -> None:
        """Ask the app to quit (textual-serve's stop), then make sure its process is gone: the
        relay may end first, and a process that outlives its session holds a student's memory."""
        await service.stop()
        process = service._process  # no public handle in textual-serve 1.1.3 (pinned in the tests)
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), grace_s)
        except asyncio.TimeoutError:
            log.warning("an app did not quit within %g s: killed", grace_s)
            process.kill()
            await process.wait()

    async def end_when_idle(self, session: Session, websocket: web.WebSocketResponse) -> None:
        limit = self.options.idle_minutes * 60
        while not websocket.closed:
            left = session.last_input + limit - time.monotonic()
            if left <= 0:
                log.info("session %s: idle for %g min, ended", session.folder.name,
                         self.options.idle_minutes)
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"idle")
                return
            await asyncio.sleep(left)

    def open_session(self) -> Session:
        folder = self.root / "sessions" / f"session-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        session = Session(folder, session_command(folder, self.options))
        self.sessions[folder.name] = session
        log.info("session %s started (%d of at most %d)", folder.name, len(self.sessions),
                 self.options.max_sessions)
        return session

    def close_session(self, session: Session) -> None:
        if self.sessions.pop(session.folder.name, None) is not None:
            shutil.rmtree(session.folder, ignore_errors=True)
            log.info("session %s ended (%d left)", session.folder.name, len(self.sessions))

    def banner(self) -> str:
        o = self.options
        sandbox = " (sandboxed: its own scratch folder, no downloads)" if o.sandbox else " (NOT sandboxed)"
        return "\n".join([
            "loss-tui serve: each browser tab gets its own session" + sandbox,
            *(f"  open: {url}" for url in hand_out_urls(o.host, o.port, self.token)),
            f"  at most {o.max_sessions} sessions; a session idle for {o.idle_minutes:g} min ends; "
            f"{o.threads_per_session} BLAS thread(s) each",
            "  Ctrl+C stops the server"])

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session and give their apps a moment to quit before the folders go."""
        for websocket in list(self._sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
        for _ in range(100):
            if not self.sessions:
                break
            await asyncio.sleep(0.1)

    async def on_cleanup(self, app: web.Application) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def serve(self, debug: bool = False) -> None:
        """Listen, print the links once listening, run until Ctrl+C or SIGTERM, end every session."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=10)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.options.host, self.options.port).start()
            print(self.banner(), flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()


def new_token() -> str:
    return secrets.token_urlsafe(16)
