"""What gradtui remembers between runs: the theme and the last applied config.

Stored in ``$XDG_CONFIG_HOME/gradtui/settings.toml`` (``~/.config/gradtui`` by default),
written atomically. A broken settings file is reported and ignored, never fatal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradtui.config import (
    Config,
    ConfigError,
    config_from_dict,
    config_to_dict,
    load_toml_file,
    write_atomically,
)
from gradtui.text import MESSAGE_LIMIT, printable


def config_home() -> Path:
    """gradtui's folder in the user's config directory."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "gradtui"


@dataclass
class Settings:
    theme: str | None = None
    lang: str | None = None
    last_config: Config | None = None
    problem: str | None = None
    """Why the file could not be read, if it could not."""


def load_settings() -> Settings:
    path = config_home() / "settings.toml"
    if not (path.exists() or path.is_symlink()):
        return Settings()
    try:
        _text, data = load_toml_file(path)
    except ConfigError as error:
        # Whatever is wrong with the file (not a regular file, too large or too deep, not
        # TOML), the app starts with the defaults and says why in one line.
        return Settings(problem=printable(f"{error}; using the defaults", MESSAGE_LIMIT))
    theme = data.get("theme") if isinstance(data.get("theme"), str) else None
    lang = data.get("lang") if data.get("lang") in ("en", "zh") else None
    last = None
    if isinstance(data.get("last_config"), dict):
        try:
            last = config_from_dict(data["last_config"], source=str(path))
        except ConfigError as error:
            return Settings(
                theme=theme,
                lang=lang,
                problem=printable(f"{error}; starting from the lesson instead", MESSAGE_LIMIT),
            )
    return Settings(theme=theme, lang=lang, last_config=last)


def save_settings(theme: str | None, config: Config | None, lang: str | None = None) -> str | None:
    """Write the settings atomically; return a problem message instead of raising."""
    folder = config_home()
    data: dict[str, Any] = {}
    if theme:
        data["theme"] = theme
    if lang:
        data["lang"] = lang
    if config is not None:
        data["last_config"] = config_to_dict(config)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # write_atomically, not a temporary file of our own: a write stopped by a signal
        # removes its temporary, and one left by a killed process goes at the next save.
        import tomli_w  # only when writing: start-up reads TOML, never writes it

        write_atomically(folder / "settings.toml", tomli_w.dumps(data).encode("utf-8"))
    except OSError as error:
        return f"could not remember settings in {folder}: {error.strerror or error}"
    return None
