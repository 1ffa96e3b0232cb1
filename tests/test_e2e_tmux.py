"""gradtui in a real terminal: tmux at 80×24, a full pass by keyboard, then quit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"
)


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=True, timeout=20
    ).stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")


def test_a_full_pass_in_a_real_terminal(tmp_path):
    session = f"gradtui-{uuid.uuid4().hex[:8]}"
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
        wait_for(session, "Step")  # the footer names the step key
        for _ in range(21):  # ten layers forward, the loss, ten back
            tmux("send-keys", "-t", session, "Space")
            time.sleep(0.05)
        screen = wait_for(session, "backward ← 1 · loss")
        assert "loss 0.5124" in screen  # the status line
        assert "▽ 3.64×10⁻⁴" in screen  # layer 1's bar: vanishing, with its value
        assert "1/1,130" in screen  # the log and detail: what is left of the gradient
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            sessions = subprocess.run(
                ["tmux", "list-sessions"], capture_output=True, text=True, check=False
            ).stdout
            if session not in sessions:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("gradtui did not quit on q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
