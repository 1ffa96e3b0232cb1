"""Textual's ``Footer``, rebuilt only when what it shows changes.

Textual's footer rebuilds all its keys (about 15 widgets here) each time the screen says
its bindings may have changed: at start-up that is three times for one set of keys (the
first focus, the screen's resume, and focus's later refresh), and again on every focus
move between two fields of the form, which show the same keys. ``KeysFooter`` compares the
keys it would show with the ones it shows and rebuilds only when they differ.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["KeysFooter"]


class KeysFooter(Footer):
    """A ``Footer`` that skips rebuilding when its keys, their words and their state are
    the ones already shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None
        """What the keys shown were built from (see ``_keys_of``); None before the first."""
        self._queued: tuple[object, ...] | None = None
        """What the rebuild already asked for will show, until it runs."""

    def _keys_of(self, screen: Screen[Any]) -> tuple[object, ...]:
        """Everything of the screen's active keys that the footer draws."""
        return tuple(
            (
                key,
                binding.action,
                binding.description,
                self.app.get_key_display(binding),
                binding.group,
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        keys = self._keys_of(screen)
        if keys == self._queued or (keys == self._shown and self.children):
            return
        super().bindings_changed(screen)
        # Textual's footer queues a rebuild only on these conditions (read in its source).
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._queued = keys

    def compose(self) -> ComposeResult:
        self._shown = self._keys_of(self.screen)
        self._queued = None
        yield from super().compose()
