"""gradtui in a real terminal: tmux at 80×24, a full pass by keyboard, then quit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"
)

# A tmux server of this test's own (its own socket, no user configuration), so that no other
# session or attached client on the machine can resize the window or share its server.
SOCKET = f"gradtui-test-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, "-f", os.devnull, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    ).stdout


def wait_for(session: str, *texts: str, timeout: float = 30.0) -> str:
    """The pane once every one of `texts` is on it: a frame is painted in parts, so the first
    text can appear before the rest of the same screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    size = tmux("display-message", "-p", "-t", session, "#{pane_width}x#{pane_height}").strip()
    missing = [text for text in texts if text not in screen]
    raise AssertionError(f"{missing!r} did not appear; the {size} screen was:\n{screen}")


def test_a_full_pass_in_a_real_terminal(tmp_path):
    session = "gradtui"
    env = {
        "XDG_CONFIG_HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    command = " ".join(
        [f"{key}={value!r}" for key, value in env.items()]
        + [sys.executable, "-m", "gradtui", "--lesson", "vanishing-sigmoid"]
    )
    # Started outside the repository, so that it runs the installed gradtui, as a learner's
    # would, not the source tree beside the tests.
    start = ("-c", str(tmp_path))
    tmux("new-session", "-d", "-s", session, *start, "-x", "80", "-y", "24", command)
    try:
        tmux("set-option", "-t", session, "window-size", "manual")
        wait_for(session, "Step")  # the footer names the step key
        for _ in range(21):  # ten layers forward, the loss, ten back
            tmux("send-keys", "-t", session, "Space")
            time.sleep(0.05)
        screen = wait_for(
            session,
            "backward ← 1 · loss 0.5124",  # the status line
            "3.64×10⁻⁴",  # layer 1's value
            "1/1,130",  # the log and detail: what is left of the gradient
        )
        row_1 = next(line for line in screen.splitlines() if "▶ 1 a" in line)
        assert re.search(r"▽ +3\.64×10⁻⁴▏", row_1), row_1  # layer 1's bar: vanishing
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            listed = subprocess.run(
                ["tmux", "-L", SOCKET, "list-sessions"], capture_output=True, text=True
            ).stdout
            if session not in listed:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("gradtui did not quit on q")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True, check=False)
