"""Colour themes from data files (``themes/*.toml``) into Textual's theme system.

A theme file holds ``textual.theme.Theme``'s fields at the top level and the gradient regime
colours in ``[variables]``. gradtui's own themes ship in the package; a learner's own go in
``$XDG_CONFIG_HOME/gradtui/themes/``. A file that cannot be read or is not a theme gives a
message naming the file and the problem, and is skipped: gradtui never fails to start over
a theme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from gradtui.config import ConfigError, load_toml_file
from gradtui.explain.regime import Regime
from gradtui.text import MESSAGE_LIMIT, printable, shown
from gradtui.tui.settings import config_home

__all__ = [
    "GRADIENT_VARIABLE_DEFAULTS",
    "load_theme_file",
    "load_themes",
    "regime_palette",
    "theme_dirs",
]

GRADIENT_VARIABLE_DEFAULTS: dict[str, str] = {
    Regime.VANISHING.variable: "#5B8DEF",
    Regime.HEALTHY.variable: "#5FBF77",
    Regime.EXPLODING.variable: "#F0A35E",
    Regime.OVERFLOW.variable: "#E8434F",
    Regime.PENDING.variable: "#5C6370",
}
"""Regime colours for a theme that does not set them (Textual's own themes)."""

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")
_VARIABLE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_ALLOWED = {"name", "dark", "luminosity_spread", "text_alpha", "variables", *_COLOUR_FIELDS}


def regime_palette(variables: Mapping[str, str]) -> dict[Regime, Style]:
    """Each regime's style from a theme's variables (``App.get_css_variables()``, or
    ``GRADIENT_VARIABLE_DEFAULTS`` outside the app)."""
    return {regime: Style(color=variables.get(regime.variable) or None) for regime in Regime}


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message names the file, in one printable line."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, MESSAGE_LIMIT))


def _shipped_dir() -> Path:
    """The shipped themes: ``gradtui/themes/`` when installed, the top-level ``themes/``
    folder in a source checkout (where the package maps it from)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "themes"
    if (installed / "gradtui-dark.toml").is_file():
        return installed
    return package.parent / "themes"


def theme_dirs() -> list[Path]:
    """Where themes are read from: the shipped ones, then the learner's own."""
    return [_shipped_dir(), config_home() / "themes"]


def _colour(value: Any, key: str, path: Path) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f'{path}: {key} must be a colour in quotes, like "#4EA1D3"')
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            f'{path}: {key} = {shown(value)} is not a colour; use "#RRGGBB" or a name like "red"'
        ) from None
    return value


def load_theme_file(path: Path) -> Theme:
    """One theme from ``path``; raises ThemeFileError with a message for a person."""
    try:
        _text, data = load_toml_file(path)
    except ConfigError as error:
        # Not a regular file, too large, not UTF-8, not TOML, nested too deep: all said by
        # the one reader of gradtui's files, naming the file.
        raise ThemeFileError(str(error)) from None
    unknown = sorted(set(data) - _ALLOWED)
    if unknown:
        raise ThemeFileError(
            f"{path}: unknown key {shown(unknown[0])}; a theme has " + ", ".join(sorted(_ALLOWED))
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(f'{path}: needs a name, like name = "my-theme"')
    if not _NAME.fullmatch(name.strip()):
        raise ThemeFileError(
            f"{path}: name {shown(name)} must be letters, digits, spaces, '-', '_' or '.' "
            '(at most 64), like name = "my-theme"'
        )
    if "primary" not in data:
        raise ThemeFileError(f'{path}: needs a primary colour, like primary = "#4EA1D3"')
    fields: dict[str, Any] = {
        key: _colour(data[key], key, path) for key in _COLOUR_FIELDS if key in data
    }
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{path}: dark must be true or false")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError(f'{path}: [variables] must be a table of name = "colour"')
    checked = dict(GRADIENT_VARIABLE_DEFAULTS)
    for key, value in variables.items():
        if key.startswith("gradient-"):
            if key not in GRADIENT_VARIABLE_DEFAULTS:
                raise ThemeFileError(
                    f"{path}: unknown variable {shown(key)}; the regime colours are "
                    + ", ".join(GRADIENT_VARIABLE_DEFAULTS)
                )
            checked[key] = _colour(value, f"variables.{key}", path)
        elif not _VARIABLE.fullmatch(key):
            raise ThemeFileError(
                f"{path}: variable name {shown(key)} must be lower-case letters, digits and '-'"
            )
        elif isinstance(value, str) and len(value) <= 100 and value.isprintable():
            # Textual reads a variable's value as CSS: a line of text, not a document.
            checked[key] = value
        else:
            raise ThemeFileError(
                f"{path}: variables.{key} must be one line of text in quotes (at most 100 "
                "characters)"
            )
    extra = {key: data[key] for key in ("luminosity_spread", "text_alpha") if key in data}
    for key, value in extra.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            # NaN fails the range test too; Textual mixes colours with these fractions.
            raise ThemeFileError(f"{path}: {key} must be a number from 0 to 1")
    return Theme(name=name.strip(), dark=dark, variables=checked, **fields, **extra)


def load_themes(dirs: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every readable theme in ``dirs`` (later ones override earlier ones of the same name),
    and a message for each file that could not be used."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in theme_dirs() if dirs is None else dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as error:
                problems.append(f"Theme skipped: {error}")
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
