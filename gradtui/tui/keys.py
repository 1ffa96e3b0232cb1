"""Key descriptions in the learner's language: the footer, the help screen and the command
palette read them from each screen's bindings, declared once in English."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

from gradtui.explain import ui

__all__ = ["in_language", "show_keys_in", "show_keys_in_app_language"]


def in_language(binding: Binding, lang: str) -> Binding:
    """``binding`` with its description and tooltip in ``lang``."""
    if lang == "en":
        return binding
    return dataclasses.replace(
        binding, description=ui(binding.description, lang), tooltip=ui(binding.tooltip, lang)
    )


def show_keys_in(node: DOMNode, lang: str) -> None:
    """Describe ``node``'s keys in ``lang`` (from its class's English declaration).

    Textual has no public way to change a binding's description after the class is made:
    this replaces the node's own copy of its class's bindings (``_bindings``, copied from
    ``_merged_bindings``). ``test_keys_views_and_the_form_speak_chinese`` watches it."""
    declared = type(node)._merged_bindings
    if declared is None:
        return
    shown = {
        key: [in_language(binding, lang) for binding in bindings]
        for key, bindings in declared.key_to_bindings.items()
    }
    if shown == node._bindings.key_to_bindings:
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
