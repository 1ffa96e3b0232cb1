"""The settings file: written whole or not at all, with no temporary file left beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from gradtui.config import Config
from gradtui.tui.settings import config_home, load_settings, save_settings


def test_settings_are_written_whole_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert save_settings("gradtui-light", Config(), "zh") is None
    assert sorted(os.listdir(config_home())) == ["settings.toml"]
    settings = load_settings()
    assert (settings.theme, settings.lang) == ("gradtui-light", "zh")
    assert settings.last_config == Config()


def test_a_temporary_left_by_a_killed_write_goes_at_the_next_save(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    # A process stopped by SIGKILL in the middle of its write leaves its temporary behind.
    writer = textwrap.dedent(
        """
        import os, signal, sys
        import gradtui.config.files as files

        def killed(stream):
            stream.write(b"theme = ")
            stream.flush()
            os.kill(os.getpid(), signal.SIGKILL)

        files.write_atomically(sys.argv[1], killed)
        """
    )
    folder = config_home()
    folder.mkdir(parents=True)
    result = subprocess.run([sys.executable, "-c", writer, str(folder / "settings.toml")])
    assert result.returncode == -signal.SIGKILL
    assert len(os.listdir(folder)) == 1 and "settings.toml" not in os.listdir(folder)
    assert save_settings("gradtui-dark", None) is None
    assert os.listdir(folder) == ["settings.toml"]
    assert load_settings().theme == "gradtui-dark"


def test_a_folder_that_cannot_be_written_is_a_message_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    problem = save_settings("gradtui-dark", None)
    assert problem is not None and problem.startswith("could not remember settings in ")
