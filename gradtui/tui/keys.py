"""Key descriptions in the learner's language: the footer, the help screen and the command
palette read them from each screen's bindings, declared once in English."""

from __future__ import annotations

import dataclasses
from weakref import WeakKeyDictionary

from textual.binding import Binding
from textual.dom import DOMNode

from gradtui.explain import ui

__all__ = [
    "APP_BINDINGS",
    "CYCLE_THEME",
    "HELP",
    "QUIT",
    "SCREENSHOT",
    "in_language",
    "on_app",
    "show_keys_in",
    "show_keys_in_app_language",
]

HELP = Binding("question_mark", "help", "Help", id="help", tooltip="Show every key")
QUIT = Binding("q", "quit", "Quit", id="quit", tooltip="Quit (ctrl+q too)")
SCREENSHOT = Binding(
    "ctrl+s",
    "screenshot",
    "SVG",
    id="screenshot",
    show=False,
    tooltip="Save the screen as an SVG picture (for a slide)",
)
CYCLE_THEME = Binding(
    "ctrl+t",
    "cycle_theme",
    "Theme",
    id="cycle_theme",
    show=False,
    tooltip="Switch to the next colour theme",
)
APP_BINDINGS = [HELP, QUIT, SCREENSHOT, CYCLE_THEME]
"""The keys that work on every screen (the app's): help, quit, a picture, the theme."""


def on_app(binding: Binding) -> Binding:
    """An app-wide ``binding`` as a screen lists it among its own keys: a screen's footer
    shows its own keys before the app's, so the main screen lists help and quit where its
    footer and help put them, and the action still runs on the app."""
    return dataclasses.replace(binding, action=f"app.{binding.action}")


_ENGLISH: WeakKeyDictionary[DOMNode, dict[str, list[Binding]]] = WeakKeyDictionary()
"""Each node's bindings as it first had them, in English."""


def key_name(shown: str, lang: str) -> str:
    """A key as the footer and the help name it: the space bar is 空格 in Chinese, as every
    Chinese sentence names it ("按空格键"), not Textual's "space"."""
    return "空格" if shown == "space" and lang == "zh" else shown


def in_language(binding: Binding, lang: str) -> Binding:
    """``binding`` with its description and tooltip in ``lang``."""
    if lang == "en":
        return binding
    shown = {"key_display": key_name("space", lang)} if binding.key == "space" else {}
    return dataclasses.replace(
        binding,
        description=ui(binding.description, lang),
        tooltip=ui(binding.tooltip, lang),
        **shown,
    )


def show_keys_in(node: DOMNode, lang: str) -> None:
    """Describe ``node``'s keys in ``lang``, from their English as the node first had them
    (its class's declaration and what Textual added, such as ctrl+p for the palette).

    Textual has no public way to change a binding's description once it is made: this
    replaces the lists in the node's own bindings map (``_bindings``), keeping every key.
    ``test_keys_views_and_the_form_speak_chinese`` and the palette's test watch it."""
    bindings = node._bindings.key_to_bindings
    if node not in _ENGLISH:
        _ENGLISH[node] = {key: list(keys) for key, keys in bindings.items()}
    english = _ENGLISH[node]
    shown = {key: [in_language(binding, lang) for binding in keys] for key, keys in english.items()}
    if shown == bindings:
        return  # already in this language: no footer to rebuild
    node._bindings.key_to_bindings = shown
    if node.is_attached:
        node.refresh_bindings()


def show_keys_in_app_language(node: DOMNode) -> None:
    """``show_keys_in`` the running app's language; English if no app is running yet."""
    try:
        app = node.app
    except RuntimeError:  # Textual's NoActiveAppError: built outside a running app
        return
    show_keys_in(node, getattr(app, "lang", "en"))
