"""The footer: Textual's, showing only the keys that fit whole.

Textual's footer cuts the key at the right edge mid-word ("H H" for "H History" at 80
columns) and lets the keys run under the palette's key docked on the right. This one hides
the keys that would be cut, with every key after them: the keys come in the order of
importance the screen declares, and the help screen (?) and the palette list them all.
(gradtui's keys have no binding groups, which Textual's footer shows nested in a box.)
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.widget import Widget
from textual.widgets import Footer

__all__ = ["FittingFooter"]

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


class FittingFooter(Footer):
    """A footer that shows the screen's keys from the first, as many as fit whole."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._fitted_to = 0
        """The width the keys were last fitted to (0 before the footer is laid out)."""

    def compose(self) -> Iterable[Widget]:
        widgets = list(super().compose())
        room = self._fitted_to = self.size.width
        if not room:
            return widgets  # not laid out yet: the first resize fits them
        # The keys are Textual's FooterKey, which it does not export: known by what they show.
        keys = [widget for widget in widgets if hasattr(widget, "key_display")]
        room -= sum(key_width(key, self.compact) for key in keys if key.has_class(PALETTE_CLASS))
        fits = True
        for key in keys:
            if key.has_class(PALETTE_CLASS):
                continue
            room -= key_width(key, self.compact)
            # A key that does not fit hides every key after it, so that the footer shows
            # the first ones. Its compact margin may fall past the edge or under the
            # palette's key: it is blank.
            fits = fits and room >= (-1 if self.compact else 0)
            key.display = fits
        return widgets

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to and self.is_attached:
            self.call_after_refresh(self.recompose)
