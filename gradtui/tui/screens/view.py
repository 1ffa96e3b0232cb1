"""What the views (theory, history, compare, through time) share: their layout's padding and
headings, the app's language and the theme's regime colours."""

from __future__ import annotations

from rich.style import Style
from textual.screen import Screen

from gradtui.explain.regime import Regime
from gradtui.tui.keys import show_keys_in_app_language
from gradtui.tui.themes import regime_palette
from gradtui.tui.widgets.lines import app_lang

__all__ = ["ViewScreen"]


class ViewScreen(Screen[None]):
    """A full-screen view over the main screen; escape goes back."""

    DEFAULT_CSS = """
    ViewScreen > VerticalScroll {
        padding: 0 1;
    }
    ViewScreen .heading {
        text-style: bold;
        color: $accent;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        # Before the footer is first drawn, so that it is not drawn twice.
        show_keys_in_app_language(self)

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    def palette(self) -> dict[Regime, Style]:
        """The regime colours of the theme in use now."""
        return regime_palette(self.app.get_css_variables())
