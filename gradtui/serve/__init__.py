"""``gradtui serve``: the app in a web browser, one app process per browser tab.

The web server is textual-serve's, wrapped with what a class needs (see ``server.py``):
websockets only from the page's own origin, a cap on the sessions, an end to idle ones, and
every app process ended with its tab and with the server. What a web user can do inside a
session is limited by the app itself in serve mode (``gradtui.tui.served``).
"""

from __future__ import annotations

import ipaddress
import sys

__all__ = [
    "DEFAULT_IDLE_TIMEOUT",
    "DEFAULT_MAX_SESSIONS",
    "IDLE_TIMEOUT_RANGE",
    "MAX_SESSIONS_RANGE",
    "is_loopback",
    "serve",
]

DEFAULT_MAX_SESSIONS = 40
"""A session is one app process of about 64 MB that idles at 0% CPU; 30 sessions were
measured to run well on a 2-core, 24 GiB machine. 40 leaves room for a class of 30 and its
teacher, with reloaded tabs, at about 2.6 GB: a tenth of the memory. The two cores, not the
memory, are the limit when many learners train at once."""

MAX_SESSIONS_RANGE = (1, 200)
"""200 sessions are about 13 GB: more than that is a mistake on a machine like this one."""

DEFAULT_IDLE_TIMEOUT = 30 * 60
"""Seconds without a key press, a click or a resize before a session ends: a lesson's
pause, not a tab forgotten overnight."""

IDLE_TIMEOUT_RANGE = (10, 24 * 60 * 60)


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine: ``localhost``, any of
    127.0.0.0/8, and ::1 (also written ``[::1]`` or as an IPv4-mapped address)."""
    name = host.strip().lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        # Any other name may resolve to any address: warn rather than guess.
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def serve(
    host: str,
    port: int,
    app_args: list[str],
    *,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
) -> int:
    """Serve ``gradtui <app_args>`` at http://host:port until interrupted."""
    try:
        # textual-serve is optional (the `serve` extra).
        import textual_serve.server  # noqa: F401

        from gradtui.serve.server import GradtuiServer
    except ImportError:
        print(
            "gradtui: serving needs textual-serve; install it with: pip install 'gradtui[serve]'",
            file=sys.stderr,
        )
        return 2
    if not is_loopback(host):
        print(
            f"gradtui: warning: binding {host} makes gradtui reachable from other machines; "
            "anyone who can reach this port gets a session (of the app only: no files, no "
            "shell). Use 127.0.0.1 and an SSH tunnel to keep it on this machine.",
            file=sys.stderr,
        )
    server = GradtuiServer(
        [sys.executable, "-m", "gradtui", *app_args],
        host=host,
        port=port,
        max_sessions=max_sessions,
        idle_timeout=idle_timeout,
    )
    shown = f"[{host}]" if ":" in host else host
    print(
        f"gradtui: open http://{shown}:{port} in a browser (at most {max_sessions} sessions, "
        f"idle ones end after {_duration(idle_timeout)}; ctrl+c stops)",
        file=sys.stderr,
    )
    try:
        server.run()
    except OSError as error:
        print(f"gradtui: cannot serve on {host}:{port}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0


def _duration(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} s"
