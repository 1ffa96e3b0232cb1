"""textual-serve's web server, with the guards a class needs.

textual-serve starts one app process per websocket and nothing more: any web page may open
one (no Origin check), as many as it likes, for as long as it likes, and a process whose tab
closed, or whose server stopped, may keep running. Here:

- a websocket is accepted only from the page's own origin (its ``Origin`` names the
  ``Host`` the page came from); any other is refused with 403 before a process starts;
- at most ``max_sessions`` apps run; the next browser is told the class is full;
- a session without input for ``idle_timeout`` seconds ends, and says so;
- each app runs in its own process group, so that ending it (its tab closed, the server
  stopping) ends whatever it started too: SIGTERM, then SIGKILL after a short grace;
- each app is told it is served (``GRADTUI_SERVED=1``, so it delivers files to the browser
  and reads no server path) and gets a private, throwaway config folder, removed when the
  session ends, so nothing a web user does reaches the server user's settings;
- the page loads nothing from elsewhere (an offline classroom): its template and styles are
  gradtui's, the terminal's script and font are the ones textual-serve installs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shlex
import shutil
import signal
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from gradtui.tui.served import SERVED_ENV

__all__ = ["SERVED_ENV", "GradtuiServer", "Session", "same_origin"]

log = logging.getLogger("gradtui.serve")

HERE = Path(__file__).resolve().parent
# The terminal's script must speak the protocol of the textual-serve that runs the server,
# so it is served from that package rather than copied (a copy would drift).
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

GRACE = 1.0
"""Seconds an app has to quit on SIGTERM before its process group is killed."""
MAX_COLUMNS, MAX_ROWS = 500, 200
"""A browser asks for its terminal's size; a huge one would make the app render (and send)
megabytes per frame, so sizes are clamped to a very large screen."""
MAX_MESSAGE = 1 << 20
"""Bytes in one websocket message: a paste of a config is a few KB."""

# What the page is allowed to load: only this server (the script, its styles, the font);
# xterm.js writes <style> elements, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def same_origin(request: web.Request) -> bool:
    """Whether the request's ``Origin`` is the page's own: same host and port as the
    ``Host`` it was sent to. A browser always sends ``Origin`` with a websocket; a page of
    another site cannot forge it. No ``Origin`` at all is refused too."""
    origin = request.headers.get("Origin", "")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return parts.netloc.lower() == request.host.lower()


def _clamped(value: object, default: int, highest: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, 1), highest)


def _notice(text: str) -> bytes:
    """``text`` as terminal output that stands alone after an app has gone: back to the
    normal screen, mouse reporting off, cursor shown, screen cleared."""
    reset = "\x1b[?1049l\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?25h\x1b[2J\x1b[H"
    return (reset + "\r\n  " + text.replace("\n", "\r\n  ") + "\r\n").encode("utf-8")


FULL = (
    "gradtui: this server is full ({limit} sessions are running).\n"
    "Try again when someone has closed their tab, or ask your teacher."
)
IDLE = (
    "gradtui: this session ended after {minutes} without input.\n"
    "Reload the page to start a new one."
)
STOPPED = "gradtui: the server stopped. Reload the page when it is back."


def _signal_group(pid: int, signum: int) -> None:
    """Send ``signum`` to the process group led by ``pid`` (each app leads its own)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


class Session(AppService):
    """One app process: started in a session of its own, with its own config folder."""

    def __init__(self, argv: Sequence[str], *, grace: float = GRACE, **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = list(argv)
        self.grace = grace
        self.config_dir = Path(tempfile.mkdtemp(prefix="gradtui-session-"))
        self.last_input = asyncio.get_running_loop().time()
        self._ending = False
        self._ended = asyncio.Event()
        # An app that quits closes its browser's websocket; one ended by the server leaves
        # that to the server, which has a last word to say first (idle, stopped).
        self._close_browser = self.remote_close
        self.remote_close = self._app_quit

    async def _app_quit(self) -> None:
        if not self._ending:
            await self._close_browser()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The task that relays the app's output; it ends when the app's output does."""
        return self._task

    def touch(self) -> None:
        self.last_input = asyncio.get_running_loop().time()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[SERVED_ENV] = "1"
        # Settings and themes are read from and written to here: this session's only.
        environment["XDG_CONFIG_HOME"] = str(self.config_dir)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        # No shell between the server and the app (its pid is the app's), and a session of
        # its own: killing its process group ends whatever the app started as well.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        # textual-serve's stop asks the app to quit and waits for as long as it takes; an
        # app busy training never answers.
        await self.end()

    async def end(self) -> None:
        """End the app and everything it started, and remove its config folder. Safe to
        call more than once, from more than one place at a time."""
        if self._ending:
            await self._ended.wait()
            return
        self._ending = True
        try:
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            process = self._process
            if process is not None:
                _signal_group(process.pid, signal.SIGTERM)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), self.grace)
                # Also for an app that quit in time: anything it started may still run.
                _signal_group(process.pid, signal.SIGKILL)
                await process.wait()
            if self._task is not None:
                await self._task
        finally:
            shutil.rmtree(self.config_dir, ignore_errors=True)
            self._ended.set()

    def kill_now(self) -> None:
        """The last resort when no event loop is left to end the app properly."""
        if self._process is not None and self._process.returncode is None:
            _signal_group(self._process.pid, signal.SIGKILL)
        shutil.rmtree(self.config_dir, ignore_errors=True)


class GradtuiServer(Server):
    """textual-serve's ``Server`` with the guards above."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        max_sessions: int = 40,
        idle_timeout: float = 30 * 60,
        grace: float = GRACE,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            host=host,
            port=port,
            title="gradtui",
            statics_path=HERE / "static",
            templates_path=HERE / "templates",
        )
        self.argv = list(argv)
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self.grace = grace
        self.sessions: dict[Session, web.WebSocketResponse | None] = {}
        """Every running session, with its websocket once it is open."""

    # ------------------------------------------------------------------ the aiohttp app
    async def make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", TEXTUAL_SERVE_STATIC, name="static"),
                web.static("/gradtui", self.statics_path, name="gradtui_static"),
            ]
        )
        app.on_response_prepare.append(self._secure_headers)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def _make_app(self) -> web.Application:
        return await self.make_app()

    @staticmethod
    async def _secure_headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"

    def run(self) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP (a closed terminal), then end every app."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.request_exit)
        try:
            web.run_app(
                self.make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=None,
                shutdown_timeout=2 * self.grace + 1,
            )
        finally:
            for session in list(self.sessions):
                session.kill_now()

    async def on_startup(self, app: web.Application) -> None:
        log.info("serving %s", self.command)

    async def on_shutdown(self, app: web.Application) -> None:
        """Before aiohttp waits for the handlers: end every app and tell its browser."""
        running = list(self.sessions.items())
        await asyncio.gather(*(self._end(session, socket, STOPPED) for session, socket in running))

    # ------------------------------------------------------------------ the page
    async def handle_index(self, request: web.Request) -> web.Response:
        if len(self.sessions) >= self.max_sessions:
            return aiohttp_jinja2.render_template(
                "full.html", request, {"limit": self.max_sessions}, status=503
            )
        context = {
            "font_size": _clamped(request.query.get("fontsize"), 16, 48),
            "title": self.title,
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    # ------------------------------------------------------------------ a session
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request):
            log.warning(
                "refused a websocket from origin %r (page host %r)",
                request.headers.get("Origin"),
                request.host,
            )
            raise web.HTTPForbidden(text="gradtui: connections come only from gradtui's page\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if len(self.sessions) >= self.max_sessions:
            await websocket.prepare(request)
            await websocket.send_bytes(_notice(FULL.format(limit=self.max_sessions)))
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"full")
            return websocket
        width = _clamped(request.query.get("width"), 80, MAX_COLUMNS)
        height = _clamped(request.query.get("height"), 24, MAX_ROWS)
        session = Session(
            self.argv,
            grace=self.grace,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        # Counted before the first await, so that simultaneous connections cannot overshoot.
        self.sessions[session] = None
        waiting: set[asyncio.Task[Any]] = set()
        try:
            await websocket.prepare(request)
            self.sessions[session] = websocket
            await session.start(width, height)
            assert session.task is not None
            reader = asyncio.create_task(self._relay_input(websocket, session))
            idle = asyncio.create_task(self._idle(session))
            waiting = {reader, idle}
            done, _ = await asyncio.wait(
                {reader, idle, session.task}, return_when=asyncio.FIRST_COMPLETED
            )
            if idle in done:
                await self._end(session, websocket, IDLE.format(minutes=self._minutes()))
        finally:
            for task in waiting:
                task.cancel()
            # Shielded: a cancelled handler (the server stopping) still ends its app.
            await asyncio.shield(self._end(session, websocket))
        return websocket

    async def _end(
        self, session: Session, websocket: web.WebSocketResponse | None, notice: str = ""
    ) -> None:
        await session.end()
        self.sessions.pop(session, None)
        if websocket is not None and not websocket.closed:
            if notice:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await websocket.send_bytes(_notice(notice))
            await websocket.close()

    async def _idle(self, session: Session) -> None:
        """Return once ``session`` has had no input for ``idle_timeout`` seconds."""
        loop = asyncio.get_running_loop()
        while (left := session.last_input + self.idle_timeout - loop.time()) > 0:
            await asyncio.sleep(left)

    def _minutes(self) -> str:
        minutes = self.idle_timeout / 60
        if minutes >= 1 and minutes == int(minutes):
            return f"{int(minutes)} minute{'s' if minutes != 1 else ''}"
        return f"{self.idle_timeout:g} seconds"

    async def _relay_input(self, websocket: web.WebSocketResponse, session: Session) -> None:
        """The browser's keys, clicks and size to the app. A message that does not follow
        the protocol is dropped (textual-serve's own loop asserts, and ends the session)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                session.touch()
                await session.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                session.touch()
                await session.set_terminal_size(
                    _clamped(data.get("width"), 80, MAX_COLUMNS),
                    _clamped(data.get("height"), 24, MAX_ROWS),
                )
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:64]])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()
