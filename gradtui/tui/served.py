"""Serve mode: the app as ``gradtui serve`` runs it for a web user.

A web user is not the server's user: what they do stays in their session. So in serve mode
(``GRADTUI_SERVED=1``, set by the server for each app it starts):

- saving (a config, the screen as SVG, the transcript) delivers the file to the user's
  browser (``deliver``) and writes nothing on the server;
- opening reads only what gradtui ships (its lessons, from the list) and what the user
  pastes (a config's TOML text), never a path of the server;
- a data set or weights that read a file of the server (``data.name = "file"``,
  ``init.name = "file"``) are refused;
- the settings (theme, last config) are neither read nor written.
"""

from __future__ import annotations

import io
import os

from textual.app import App

from gradtui.config import DATASETS, INITIALIZERS, Config, ConfigError, loads_config
from gradtui.config.words import Said

__all__ = [
    "MAX_PASTE",
    "SERVED_ENV",
    "check_served_config",
    "config_from_paste",
    "deliver",
    "served",
]

SERVED_ENV = "GRADTUI_SERVED"
MAX_PASTE = 256 * 1024
"""Characters of a pasted config: a real one is a few KB."""
PASTED = "pasted config"

_MIME_TYPES = {".toml": "application/toml", ".md": "text/markdown", ".svg": "image/svg+xml"}


def served() -> bool:
    """Whether this app is served to a web browser by ``gradtui serve``."""
    return os.environ.get(SERVED_ENV) == "1"


def deliver(app: App, filename: str, data: str | bytes, said: str) -> str | None:
    """Send ``data`` to the user's browser as a download named ``filename`` (its last
    part only: a path of the server is no business of the browser's), and say so with
    ``said`` (in the learner's language, ``{name}`` the file's). Returns the delivery key,
    or None when the app has no driver to deliver through."""
    name = os.path.basename(filename) or "gradtui"
    mime_type = _MIME_TYPES.get(os.path.splitext(name)[1].lower())
    if isinstance(data, str):
        key = app.deliver_text(
            io.StringIO(data), save_filename=name, encoding="utf-8", mime_type=mime_type
        )
    else:
        key = app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime_type)
    app.notify(said.format(name=name), timeout=5, markup=False)
    return key


def check_served_config(config: Config) -> None:
    """Refuse, in serve mode, what would read a file of the server."""
    if served() and config.data.name == "file":
        raise ConfigError(
            "data.name",
            "file",
            Said("served_no_file", choices=", ".join(name for name in DATASETS if name != "file")),
        )
    if served() and config.init.name == "file":
        raise ConfigError(
            "init.name",
            "file",
            Said(
                "served_no_init_file",
                choices=", ".join(name for name in INITIALIZERS if name != "file"),
            ),
        )


def config_from_paste(text: str) -> Config:
    """The config whose TOML text the user pasted; ``ConfigError`` says what is wrong."""
    if not text.strip():
        raise ConfigError("", "", Said("paste_empty"), source=PASTED)
    if len(text) > MAX_PASTE:
        raise ConfigError(
            "",
            "",
            Said("paste_too_long", length=f"{len(text):,}", limit=f"{MAX_PASTE:,}"),
            source=PASTED,
        )
    try:
        config = loads_config(text, source=PASTED)
    except RecursionError:
        # tomllib recurses per level of nesting: a hostile paste nests thousands deep.
        raise ConfigError("", "", Said("paste_too_deep"), source=PASTED) from None
    check_served_config(config)
    return config
