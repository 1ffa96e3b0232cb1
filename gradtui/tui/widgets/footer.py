"""The footer: Textual's, rebuilt only when what it shows changes, showing only the keys that
fit whole.

Textual's footer rebuilds all its keys (about 15 widgets here) each time the screen says
its bindings may have changed: at start-up that is three times for one set of keys (the
first focus, the screen's resume, and focus's later refresh), and again on every focus
move between two fields of the form, which show the same keys. ``KeysFooter`` compares the
keys it would show with the ones it shows and rebuilds only when they differ.

Textual's footer also cuts the key at the right edge mid-word ("H H" for "H History" at 80
columns) and lets the keys run under the palette's key docked on the right.
``FittingFooter`` hides the keys that would be cut, with every key after them: the keys
come in the order of importance the screen declares, and the help screen (?) and the
palette list them all. (gradtui's keys have no binding groups, which Textual's footer shows
nested in a box.) Where not all of them fit, a key of ``SPARED_FOR`` gives up its place
if that lets a more needed key show: at 80 columns in English "p Run" (stepping on its
own, which a class rarely needs first) makes room for "R Reset"; "f Field" stays, since
the lessons' steps name it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

__all__ = ["FittingFooter", "KeysFooter"]


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
            if not self.children:
                # The first keys: built now, so that the first frame shows them, rather
                # than after it (Textual's rebuild, queued above, then finds them built).
                self.call_next(self.recompose)

    def _up_to_date(self) -> bool:
        """Whether the keys shown are the ones a rebuild would show."""
        return bool(self.children) and self._keys_of(self.screen) == self._shown

    async def recompose(self) -> None:
        if self._up_to_date():
            return  # a second rebuild queued for the same keys: nothing would change
        await super().recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._keys_of(self.screen)
        self._queued = None
        yield from super().compose()


SPARED_FOR = {"run_pause": "reset"}
"""Where the keys do not all fit, the key of each action here gives up its place if that
lets the other action's key show: p (run on its own) for R (reset), which a learner needs
more; f (go to a field) stays, as the lessons' steps name it; the help screen (?) and the
palette list both."""

PALETTE_CLASS = "-command-palette"
"""The class Textual's footer gives the palette's key (docked on the right)."""


def key_width(key: Widget, compact: bool) -> int:
    """The cells ``key`` (one of the footer's keys) takes, by the rules of Textual's footer
    CSS. Compact: the key, a space and the description, then a cell of margin. Not compact:
    a cell of padding each side of the key and after the description, no margin. The
    palette's key adds its left border, and (not compact) a cell of padding."""
    key_cells = cell_len(key.key_display)  # type: ignore[attr-defined]
    description = key.description  # type: ignore[attr-defined]
    description_cells = cell_len(description) + 1 if description else 0
    width = key_cells + description_cells + (1 if compact else 2)
    if key.has_class(PALETTE_CLASS):
        width += 1 if compact else 2
    return width


class FittingFooter(KeysFooter):
    """A footer that shows the screen's keys from the first, as many as fit whole (only
    those are mounted)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._fitted_to = 0
        """The width the keys were last fitted to (0 before the footer is laid out)."""

    def _width(self) -> int:
        """The footer's width; before it is laid out, the terminal's (it spans the screen)."""
        return self.size.width or self.app.size.width

    def _up_to_date(self) -> bool:
        return super()._up_to_date() and self._fitted_to == self._width()

    def compose(self) -> Iterable[Widget]:
        widgets = list(super().compose())
        room = self._fitted_to = self._width()
        if not room:
            return widgets  # not laid out yet: the first resize fits them
        # The keys are Textual's FooterKey, which it does not export: known by what they show.
        keys = [widget for widget in widgets if hasattr(widget, "key_display")]
        room -= sum(key_width(key, self.compact) for key in keys if key.has_class(PALETTE_CLASS))
        keys = [key for key in keys if not key.has_class(PALETTE_CLASS)]
        shown = self._fitting(keys, room)
        for spare, wanted in SPARED_FOR.items():
            actions = [getattr(key, "action", None) for key in shown]
            if spare not in actions or wanted in actions:
                continue
            spared = [key for key in keys if getattr(key, "action", None) != spare]
            others = self._fitting(spared, room)
            if wanted in [getattr(key, "action", None) for key in others]:
                keys, shown = spared, others
        # The keys that do not fit are not mounted at all (a widget each, for nothing seen):
        # a wider footer composes again.
        return [
            widget
            for widget in widgets
            if widget in shown
            or not hasattr(widget, "key_display")
            or widget.has_class(PALETTE_CLASS)
        ]

    def _fitting(self, keys: list[Widget], room: int) -> list[Widget]:
        """The first of ``keys`` that fit whole in ``room`` cells: a key that does not fit
        hides every key after it, so that the footer shows the first ones. The last key's
        compact margin may fall past the edge or under the palette's key: it is blank."""
        shown = []
        for key in keys:
            room -= key_width(key, self.compact)
            if room < (-1 if self.compact else 0):
                break
            shown.append(key)
        return shown

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to and self.is_attached:
            self.call_after_refresh(self.recompose)
