"""Key descriptions in the learner's language: the footer, the help screen and the command
palette read them from each screen's bindings, declared once in English."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

from gradtui.explain import ui

__all__ = ["in_language", "show_keys_in"]


def in_language(binding: Binding, lang: str) -> Binding:
    """``binding`` with its description and tooltip in ``lang``."""
    if lang == "en":
        return binding
    return dataclasses.replace(
        binding, description=ui(binding.description, lang), tooltip=ui(binding.tooltip, lang)
    )


def show_keys_in(node: DOMNode, lang: str) -> None:
    """Describe ``node``'s keys in ``lang`` (from its class's English declaration)."""
    declared = type(node)._merged_bindings
    if declared is None:
        return
    node._bindings.key_to_bindings = {
        key: [in_language(binding, lang) for binding in bindings]
        for key, bindings in declared.key_to_bindings.items()
    }
    node.refresh_bindings()
