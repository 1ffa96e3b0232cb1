"""Starting the app, the cyclic garbage collector waits for the first frame (cli.main pauses
it, the app turns it back on); a command that starts no app keeps it running throughout."""

import os
import subprocess
import sys

from gradtui import cli


def test_the_collector_waits_for_the_first_frame_and_runs_after_it(tmp_path):
    code = (
        "import asyncio, gc\n"
        "import gradtui.tui\n"
        "def headless(config, **options):\n"
        "    from gradtui.tui.app import GradtuiApp\n"
        "    print('before the app', gc.isenabled())\n"
        "    app = GradtuiApp(config, **options)\n"
        "    async def first_frames():\n"
        "        async with app.run_test(size=(80, 24)) as pilot:\n"
        "            await pilot.pause()\n"
        "            await pilot.pause(0.2)\n"
        "            print('after the first frame', gc.isenabled())\n"
        "    asyncio.run(first_frames())\n"
        "    return 0\n"
        "gradtui.tui.run_app = headless\n"
        "from gradtui.cli import main\n"
        "main([])\n"
        "print('after main', gc.isenabled())\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "before the app False",
        "after the first frame True",
        "after main True",
    ]


def test_a_command_without_an_app_keeps_the_collector_running(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "command_lessons", lambda argv: seen.append(cli.gc.isenabled()) or 0)
    assert cli.main(["lessons"]) == 0
    assert seen == [True]
    assert "compare" not in cli.HEADLESS_COMMANDS


def test_an_app_that_does_not_start_turns_the_collector_back_on():
    assert cli.main(["--set", "network.depth=nonsense"]) == 2
    assert cli.gc.isenabled()
