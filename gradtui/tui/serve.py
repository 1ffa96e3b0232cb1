"""``gradtui serve``: the same app in a web browser, through textual-serve."""

from __future__ import annotations

import shlex
import sys

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(host: str, port: int, app_args: list[str]) -> int:
    """Serve ``gradtui <app_args>`` at http://host:port until interrupted."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "gradtui: serving needs textual-serve; install it with: pip install 'gradtui[serve]'",
            file=sys.stderr,
        )
        return 2
    if host not in LOOPBACK:
        print(
            f"gradtui: warning: binding {host} makes gradtui reachable from other machines; "
            "anyone who can reach this port gets a shell-like session. Use 127.0.0.1 to "
            "keep it on this machine.",
            file=sys.stderr,
        )
    command = shlex.join([sys.executable, "-m", "gradtui", *app_args])
    print(f"gradtui: open http://{host}:{port} in a browser (ctrl+c stops)", file=sys.stderr)
    Server(command, host=host, port=port, title="gradtui").serve()
    return 0
