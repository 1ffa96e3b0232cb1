"""Every `gradtui …` example that the README or a `--help` prints runs as printed.

The README's command lines (its ``sh`` blocks and its inline code) and the examples in each
``--help`` are collected from the texts themselves, so a new example is tested without a
test being written for it. Headless commands run for real in a temporary folder; those that
open the app open it headless (a Pilot steps once), and ``serve`` is asked for its
arguments instead of listening on a port.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from gradtui import cli

README = Path(__file__).parent.parent / "README.md"
# Not "watch": `gradtui watch FILE` opens a live screen that waits for the training run
# (its headless --format form is tested in tests/test_watch_file.py).
SUBCOMMANDS = ("", "run", "init", "lessons", "exercises", "compare", "serve", "share")

PLACEHOLDERS = {"ID": "vanishing-sigmoid", "N": "3", "A": "relu-he", "B": "vanishing-sigmoid"}
"""What the README's placeholders stand for when its examples run."""


def _command(text: str) -> list[str] | None:
    """``text`` as the words of a gradtui command (placeholders filled), or None when it is
    not one (prose such as "gradtui is …", or an elided "gradtui run ...")."""
    words = shlex.split(text.split(" #")[0], comments=False)
    if not words or words[0] != "gradtui" or "..." in words:
        return None
    first = words[1] if len(words) > 1 else "--"
    if not (first.startswith("-") or first in SUBCOMMANDS or first.endswith(".toml")):
        return None
    return [PLACEHOLDERS.get(word, word) for word in words]


def readme_commands() -> list[list[str]]:
    """The command lines of the README's ``sh`` blocks, then its inline `gradtui …` code."""
    text = README.read_text(encoding="utf-8")
    found: list[list[str]] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = _command(line.strip())
            if command:
                found.append(command)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    # Inline code may run over a line break: "`gradtui compare batchnorm-rescue\n  …:plain`".
    for span in re.findall(r"`(gradtui [^`]+)`", re.sub(r"\n\s*", " ", prose)):
        command = _command(span)
        if command:
            found.append(command)
    unique: list[list[str]] = []
    for command in found:
        if command not in unique:
            unique.append(command)
    return unique


def help_text(subcommand: str) -> str:
    out = io.StringIO()
    argv = [subcommand, "--help"] if subcommand else ["--help"]
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_code:
        cli.main(argv)
    assert exit_code.value.code == 0
    return out.getvalue()


def help_commands() -> list[list[str]]:
    """The examples each ``--help`` prints: whole ``gradtui …`` command lines (after
    "example:"), and an option's "e.g. --set network.depth=20", run with that subcommand."""
    found: list[list[str]] = []
    for subcommand in SUBCOMMANDS:
        text = " ".join(help_text(subcommand).split())
        for line in re.findall(r"example: (gradtui [^()]+?)(?: example:|$)", text):
            command = _command(line)
            assert command, line
            found.append(command)
        for option in re.findall(r"e\.g\. (--[\w-]+ \S+?)[),]?(?: |$)", text):
            base = ["gradtui", subcommand] if subcommand else ["gradtui"]
            if subcommand == "run" or not subcommand:
                base += ["--lesson", "vanishing-sigmoid"]
            found.append(base + option.split())
    return found


def _examples() -> list[list[str]]:
    return readme_commands() + help_commands()


def section_blocks(title: str) -> list[tuple[str, str]]:
    """(language, code) of each code block of the README's section ``## title``, in order."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```(\w+)\n(.*?)```", text[start:end], flags=re.S)


def make_own_weights() -> None:
    """The weights file of the README's "Your own weights", made by that section's own
    steps, as printed: its export, then its NumPy."""
    for language, code in section_blocks("Your own weights"):
        if language == "sh":
            for line in code.splitlines():
                command = _command(line.strip())
                if command and "--export" in command:
                    assert cli.main(command[1:]) == 0
        elif language == "python" and "torch" not in code:
            exec(compile(code, "README.md", "exec"), {})


@pytest.fixture
def workspace(tmp_path, monkeypatch, request):
    """A folder with the README's my.toml in it (``gradtui init > my.toml``), settings of
    its own that remember a network, and the app and the server replaced by headless
    stand-ins."""
    import gradtui.serve
    import gradtui.tui

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    with open("my.toml", "w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
        assert cli.main(["init"]) == 0
    # A network applied before, for `gradtui --resume` to reopen.
    from gradtui.config import load_config
    from gradtui.tui.settings import save_settings

    assert save_settings(None, load_config("my.toml")) is None
    # The commands that step your own weights find the file the README made before them.
    callspec = getattr(request.node, "callspec", None)
    if callspec and "init.path=mine.npz" in callspec.params.get("command", ()):
        make_own_weights()
    opened: list[dict] = []

    def run_app(config, **kwargs):
        from gradtui.tui.app import GradtuiApp

        app = GradtuiApp(config, **kwargs)

        async def step_once() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("space")

        asyncio.run(step_once())
        opened.append(kwargs)
        return 0

    monkeypatch.setattr(gradtui.tui, "run_app", run_app)
    monkeypatch.setattr(gradtui.serve, "serve", lambda host, port, args, **limits: 0)
    return opened


def test_the_readme_and_the_help_have_examples_to_run():
    commands = [" ".join(command) for command in _examples()]
    assert "gradtui" in commands and "gradtui lessons" in commands
    assert "gradtui compare batchnorm-rescue batchnorm-rescue:plain" in commands
    assert any("--set network.depth=20" in command for command in commands)
    assert len(commands) >= 20


@pytest.mark.parametrize("command", _examples(), ids=" ".join)
def test_every_example_runs_as_printed(command, workspace, capsys):
    words = command[1:]
    redirect = words.index(">") if ">" in words else None
    if redirect is not None:
        target, words = words[redirect + 1], words[:redirect]
        with open(target, "w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
            code = cli.main(words)
    else:
        code = cli.main(words)
    assert code == 0, capsys.readouterr().err


def test_the_own_weights_recipe_runs_in_order_and_says_what_it_shows(workspace, capsys):
    """The section's blocks in order: export, NumPy, the commands; then its PyTorch model
    (where PyTorch is installed) with the settings the text gives."""
    import importlib.util

    tables = []
    for language, code in section_blocks("Your own weights"):
        if language == "python":
            if "torch" in code and importlib.util.find_spec("torch") is None:
                continue
            exec(compile(code, "README.md", "exec"), {})
            continue
        for line in code.splitlines():
            command = _command(line.strip())
            if command:
                assert cli.main(command[1:]) == 0, capsys.readouterr().err
                if command[1] == "run":  # a table: one row of words per layer
                    rows = [row.split() for row in capsys.readouterr().out.splitlines()]
                    tables.append([row for row in rows if row and row[0].isdigit()])
    exported, mine, eye = tables
    assert exported[4][6] == "0.513" and mine[4][6] == "2.27"  # layer 5's factor
    assert exported[4][-2] == "0.125" and mine[4][-2] == "0.25"  # and its saturated share
    assert {row[6] for row in eye} == {"2"}, eye
    text = README.read_text(encoding="utf-8")
    settings = re.search(r"then run with `(--set [^`]+)`", re.sub(r"\n\s*", " ", text))[1]
    if importlib.util.find_spec("torch") is not None:
        assert cli.main(["run", *settings.split()]) == 0, capsys.readouterr().err
