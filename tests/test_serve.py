"""``gradtui serve`` as a browser, and as an attacker, would meet it.

The server runs in the test's event loop on a free port; a scripted websocket client
connects as textual-serve's page does. Most sessions run a stand-in app (a few lines of
Python speaking textual-serve's protocol) so each test takes a second or two; one test
runs the real app, and one the real ``gradtui serve`` command and its SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import WSMsgType, web

from gradtui.cli import main
from gradtui.serve import is_loopback
from gradtui.serve.server import GradtuiServer, Session

pytest.importorskip("textual_serve")

# A stand-in app: textual-serve's prelude, one frame that says who it is, then nothing.
# --stubborn ignores SIGTERM (as an app busy training may not answer); --child starts a
# process of its own, which must end with it.
STAND_IN = r"""
import os, signal, subprocess, sys, time
if "--stubborn" in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = 0
if "--child" in sys.argv:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]).pid
out = sys.stdout.buffer
out.write(b"__GANGLION__\n")
frame = (
    f"stand-in pid={os.getpid()} child={child} served={os.environ.get('GRADTUI_SERVED')} "
    f"config={os.environ.get('XDG_CONFIG_HOME')}"
).encode()
out.write(b"D" + len(frame).to_bytes(4, "big") + frame)
out.flush()
time.sleep(60)
"""


def stand_in(*flags: str) -> list[str]:
    return [sys.executable, "-c", STAND_IN, *flags]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a parent that never reaps is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def children_of(parent: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rpartition(")")[2].split()[1]) == parent and alive(int(entry.name)):
                    found.add(int(entry.name))
    return found


async def until(condition, within: float = 2.0) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def gone(*pids: int, within: float = 2.0) -> bool:
    return await until(lambda: not any(alive(pid) for pid in pids), within)


@contextlib.asynccontextmanager
async def serving(argv: list[str], **options):
    """A GradtuiServer on a free port of 127.0.0.1; yields it and its ``host:port``."""
    server = GradtuiServer(argv, **options)
    runner = web.AppRunner(await server.make_app(), shutdown_timeout=3)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host = f"127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield server, host
    finally:
        await runner.cleanup()


def connect(client: aiohttp.ClientSession, host: str, origin: str | None = None):
    """Open the app's websocket as the page served from ``host`` does."""
    return client.ws_connect(
        f"ws://{host}/ws?width=80&height=24",
        origin=origin or f"http://{host}",
        timeout=aiohttp.ClientWSTimeout(ws_close=5),
    )


async def first_frame(websocket) -> str:
    message = await websocket.receive(timeout=5)
    assert message.type == WSMsgType.BINARY, message
    return message.data.decode()


def pids_in(frame: str) -> tuple[int, int]:
    found = dict(re.findall(r"(pid|child)=(\d+)", frame))
    return int(found["pid"]), int(found.get("child", 0))


async def closing_notice(websocket) -> tuple[str, int | None]:
    """What the server writes to the terminal before it closes, and its close code."""
    text = ""
    while True:
        message = await websocket.receive(timeout=5)
        if message.type == WSMsgType.BINARY:
            text += message.data.decode()
        elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            return text, websocket.close_code


# ---------------------------------------------------------------------- origins


async def test_a_foreign_origin_is_refused_before_any_process_starts():
    async with serving(stand_in()) as (server, host), aiohttp.ClientSession() as client:
        before = children_of(os.getpid())
        for origin in (
            "http://evil.example",
            f"http://{host.split(':')[0]}:1",  # this host, another port: another origin
            "null",
            f"file://{host}",
        ):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with connect(client, host, origin=origin):
                    pass
            assert refused.value.status == 403
        # A client that sends no Origin at all is not a page of this server either.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with client.ws_connect(f"ws://{host}/ws", headers={"Origin": ""}):
                pass
        assert refused.value.status == 403
        assert server.sessions == {} and children_of(os.getpid()) == before


async def test_the_pages_own_origin_gets_the_real_app_and_its_first_frame():
    argv = [sys.executable, "-m", "gradtui", "--lesson", "vanishing-sigmoid"]
    async with serving(argv) as (server, host), aiohttp.ClientSession() as client:
        started = time.monotonic()
        async with connect(client, host) as websocket:
            await websocket.send_json(["resize", {"width": 100, "height": 30}])
            screen = b""
            while b"gradtui" not in screen:
                message = await websocket.receive(timeout=10)
                assert message.type == WSMsgType.BINARY, message
                screen += message.data
            assert time.monotonic() - started < 10
            (session,) = server.sessions
            assert alive(session.pid) and session.config_dir.is_dir()
        assert await gone(session.pid)
        assert await until(lambda: not session.config_dir.exists())


# ---------------------------------------------------------------------- how many, how long


async def test_the_session_past_the_cap_is_refused_with_a_message():
    async with (
        serving(stand_in(), max_sessions=2) as (server, host),
        aiohttp.ClientSession() as client,
    ):
        async with connect(client, host) as one, connect(client, host) as two:
            await first_frame(one)
            await first_frame(two)
            async with connect(client, host) as third:
                notice, code = await closing_notice(third)
            assert "server is full (2 sessions" in notice and code == 1013
            assert len(server.sessions) == 2
            async with client.get(f"http://{host}/") as page:
                assert page.status == 503 and "server is full" in await page.text()
        # Two tabs closed: room again.
        await asyncio.sleep(0.1)
        async with connect(client, host) as again:
            assert "stand-in" in await first_frame(again)


async def test_an_idle_session_ends_after_the_timeout_and_says_so():
    async with (
        serving(stand_in(), idle_timeout=0.6) as (server, host),
        aiohttp.ClientSession() as client,
    ):
        async with connect(client, host) as websocket:
            pid, _ = pids_in(await first_frame(websocket))
            # Input keeps it alive past the timeout...
            for _ in range(3):
                await asyncio.sleep(0.3)
                await websocket.send_json(["stdin", "j"])
            assert alive(pid)
            # ...and without input it ends.
            started = time.monotonic()
            notice, _ = await closing_notice(websocket)
            assert "ended after 0.6 seconds without input" in notice
            assert 0.4 < time.monotonic() - started < 3
        assert await gone(pid) and await until(lambda: server.sessions == {})


async def test_a_protocol_mistake_is_ignored_and_a_huge_screen_is_clamped(monkeypatch):
    sizes = []

    async def set_terminal_size(session, width, height):
        sizes.append((width, height))

    monkeypatch.setattr(Session, "set_terminal_size", set_terminal_size)
    async with (
        serving(stand_in()) as (server, host),
        aiohttp.ClientSession() as client,
        connect(client, host) as websocket,
    ):
        pid, _ = pids_in(await first_frame(websocket))
        for junk in ("not json", "{}", "[]", '["stdin", 5]', '["resize", [1]]'):
            await websocket.send_str(junk)
        await websocket.send_json(["resize", {"width": 10**9, "height": -4}])
        await websocket.send_json(["ping", "x"])
        assert (await websocket.receive_json(timeout=5)) == ["pong", "x"]
        assert sizes == [(500, 1)]  # a screen of 10⁹ columns would be rendered, and sent
        assert alive(pid) and len(server.sessions) == 1


# ---------------------------------------------------------------------- ending apps


async def test_closing_the_tab_ends_its_app_and_what_it_started_at_once():
    # The app ignores SIGTERM and has a child: the whole process group is killed anyway.
    async with (
        serving(stand_in("--stubborn", "--child"), grace=0.5) as (server, host),
        aiohttp.ClientSession() as client,
    ):
        async with connect(client, host) as websocket:
            frame = await first_frame(websocket)
            pid, child = pids_in(frame)
            assert "served=1" in frame and child and alive(child)
            (session,) = server.sessions
            config_dir = session.config_dir
            assert f"config={config_dir}" in frame
        assert await gone(pid, child, within=1.5)
        assert await until(lambda: not config_dir.exists())


async def test_stopping_the_server_ends_every_app():
    async with contextlib.AsyncExitStack() as stack:
        server, host = await stack.enter_async_context(serving(stand_in("--child")))
        client = await stack.enter_async_context(aiohttp.ClientSession())
        pids = []
        sockets = []
        for _ in range(3):
            websocket = await stack.enter_async_context(connect(client, host))
            pids.extend(pids_in(await first_frame(websocket)))
            sockets.append(websocket)
        assert all(alive(pid) for pid in pids)
        await stack.aclose()  # the server's shutdown, then the client's
    assert await gone(*pids) and server.sessions == {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_sigterm_to_gradtui_serve_ends_every_app():
    port = free_port()
    host = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gradtui", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as client:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with client.get(f"http://{host}/") as page:
                        assert page.status == 200
                        break
                await asyncio.sleep(0.1)
            async with connect(client, host) as websocket:
                await websocket.receive(timeout=10)  # the app is up
                (app,) = children_of(server.pid)
                server.send_signal(signal.SIGTERM)
                notice, _ = await closing_notice(websocket)
                assert "server stopped" in notice
        assert server.wait(timeout=10) == 0
        assert await gone(app)
    finally:
        server.kill()
        server.wait()


# ---------------------------------------------------------------------- the page


async def test_the_page_loads_nothing_from_elsewhere():
    async with serving(stand_in()) as (_, host), aiohttp.ClientSession() as client:
        async with client.get(f"http://{host}/") as page:
            html = await page.text()
            policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert not re.search(r"https?://|//[a-z]", html, re.IGNORECASE), "an external URL"
        linked = re.findall(r'(?:href|src)="([^"]+)"', html)
        assert {"/static/js/textual.js", "/gradtui/page.js", "/gradtui/page.css"} <= set(linked)
        for path in linked:
            async with client.get(f"http://{host}{path}") as asset:
                assert asset.status == 200, path
                if path.endswith(".css"):
                    css = await asset.text()
                    for reference in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                        assert reference.startswith(("/", "data:")), reference
                        if reference.startswith("/"):
                            async with client.get(f"http://{host}{reference}") as font:
                                assert font.status == 200, reference
                    assert "@import" not in css


# ---------------------------------------------------------------------- the command


def test_loopback_is_all_of_127_slash_8_and_ipv6_loopback():
    for host in ("127.0.0.1", "127.0.0.2", "127.255.255.254", "localhost", "::1", "[::1]"):
        assert is_loopback(host), host
    assert is_loopback("::ffff:127.0.0.1")
    for host in ("0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.com", "128.0.0.1"):
        assert not is_loopback(host), host


def run_cli(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_serve_passes_the_app_its_arguments_and_warns_beyond_loopback(capsys, monkeypatch):
    served = []

    def run(server):
        served.append(server)

    monkeypatch.setattr(GradtuiServer, "run", run)
    code, err = run_cli(capsys, "serve", "--lesson", "relu-he", "--host", "127.0.0.2")
    assert code == 0 and "warning" not in err and "http://127.0.0.2:8000" in err
    server = served[-1]
    assert server.argv[-3:] == ["gradtui", "--lesson", "relu-he"]
    assert server.max_sessions == 40 and server.idle_timeout == 1800
    assert "at most 40 sessions" in err and "after 30 minutes" in err
    code, err = run_cli(
        capsys, "serve", "--host", "0.0.0.0", "--max-sessions", "3", "--idle-timeout", "90"
    )
    assert code == 0 and "warning: binding 0.0.0.0" in err
    assert served[-1].max_sessions == 3 and served[-1].idle_timeout == 90


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--max-sessions", "0"], "--max-sessions must be between 1 and 200"),
        (["--max-sessions", "100000"], "--max-sessions must be between 1 and 200"),
        (["--idle-timeout", "1"], "--idle-timeout must be between 10 and 86400 seconds"),
        (["--idle-timeout", "nan"], "--idle-timeout must be between 10 and 86400 seconds"),
        (["--port", "70000"], "--port must be between 1 and 65535"),
        (["--lesson", "no-such-lesson"], "no lesson named 'no-such-lesson'"),
        (["--set", "data.name=file", "--set", "data.path=x.npz"], "does not read data files"),
    ],
)
def test_serve_refuses_bad_arguments_before_serving(capsys, monkeypatch, arguments, message):
    monkeypatch.setattr(GradtuiServer, "run", lambda server: pytest.fail("served"))
    code, err = run_cli(capsys, "serve", *arguments)
    assert code == 2 and message in err and err.count("\n") == 1


# ---------------------------------------------------------------------- the app, served


@pytest.fixture
def served_app(tmp_path, monkeypatch):
    """The app as the server starts it: GRADTUI_SERVED=1, in a folder of its own; files it
    delivers are captured instead of reaching a browser. Yields (make_app, delivered)."""
    from textual.app import App

    from gradtui.lessons import load_lesson_file
    from gradtui.tui.app import GradtuiApp

    monkeypatch.setenv("GRADTUI_SERVED", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    delivered: list[tuple[str, str | bytes]] = []

    def deliver_text(app, stream, *, save_filename=None, **options):
        delivered.append((save_filename, stream.read()))
        return "key"

    def deliver_binary(app, stream, *, save_filename=None, **options):
        delivered.append((save_filename, stream.read()))
        return "key"

    monkeypatch.setattr(App, "deliver_text", deliver_text)
    monkeypatch.setattr(App, "deliver_binary", deliver_binary)

    def make(lesson="vanishing-sigmoid"):
        chosen = load_lesson_file(lesson)
        app = GradtuiApp(chosen.config, title=chosen.title, lesson=chosen)
        app.messages = []
        notify = app.notify
        app.notify = lambda message, **options: (
            app.messages.append(message),
            notify(message, **options),
        )
        return app

    yield make, delivered


def written_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


async def test_served_saving_delivers_to_the_browser_and_writes_nothing(served_app, tmp_path):
    from gradtui.config import loads_config

    make, delivered = served_app
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(app.screen_stack) == 1, "no path was asked for"
    names = [name for name, _ in delivered]
    assert names == [
        "gradtui.toml",
        "gradtui-vanishing-sigmoid.md",
        "gradtui-vanishing-sigmoid.svg",
    ]
    assert loads_config(delivered[0][1]) == app.config
    assert delivered[1][1].startswith("# ") and "<svg" in delivered[2][1]
    assert written_under(tmp_path) == []


async def test_served_open_takes_pasted_text_or_a_shipped_lesson_and_no_path(served_app):
    from textual.widgets import Button, Input, TextArea

    from gradtui.config import dumps_config
    from gradtui.lessons import load_lesson
    from gradtui.tui.screens.lesson_picker import LessonPicker
    from gradtui.tui.screens.paste_config import PasteConfig

    make, _ = served_app
    app = make()
    wanted = load_lesson("relu-he")
    async with app.run_test(size=(120, 40)) as pilot:
        kept = app.config
        for pasted, problem in (
            ("/etc/passwd", "pasted config"),
            ("[network]\ndepth = = 3\n", "line 2"),
            ("[data]\nname = 'file'\npath = '/etc/data.npz'\n", "cannot read files of the server"),
            ("[/]", "pasted config"),
        ):
            await pilot.press("o")
            assert isinstance(app.screen, PasteConfig) and not app.screen.query(Input)
            app.screen.query_one(TextArea).text = pasted
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert app.config == kept, (pasted, app.messages)
            assert any(problem in m for m in app.messages), (pasted, app.messages)
            assert "root:" not in " ".join(app.messages)
        # The form and the lessons reach the network the same way, and are refused too.
        reads_a_file = dataclasses.replace(
            kept, data=dataclasses.replace(kept.data, name="file", path="/etc/data.npz")
        )
        assert not app.main._use(reads_a_file, "the form") and app.config == kept
        await pilot.press("o")
        app.screen.query_one(TextArea).text = dumps_config(wanted)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.config == wanted and app.stepper.config == wanted
        # A lesson: only from the shipped list, never a path.
        await pilot.press("o")
        app.screen.query_one("#lessons", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        app.screen.query_one(Input).value = "/etc/passwd.toml"
        await pilot.press("enter")
        await pilot.pause()
        assert app.config == wanted and any("shipped" in m for m in app.messages)
        await pilot.press("L", *"constant", "enter")
        await pilot.pause()
        assert app.lesson.id == "exploding-constant-5"


async def test_served_settings_are_neither_read_nor_written(served_app, tmp_path):
    from gradtui.tui.settings import save_settings

    make, _ = served_app
    save_settings("gradtui-light", None)  # a server user's settings, in this config home
    settings = tmp_path / "config-home" / "gradtui" / "settings.toml"
    before = settings.read_bytes()
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme != "gradtui-light"
        await pilot.press("ctrl+t")  # a theme chosen, a config opened: both remembered, unserved
        await pilot.press("o")
        app.screen.query_one("TextArea").text = "[network]\ndepth = 3\n"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.config.network.depth == 3
    assert settings.read_bytes() == before
    assert written_under(tmp_path) == [settings]
