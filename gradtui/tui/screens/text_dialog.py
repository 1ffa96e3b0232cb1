"""A dialog that shows a long text to read and scroll (the whole lesson, the glossary)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from gradtui.tui.keys import show_keys_in_app_language
from gradtui.tui.widgets.lines import app_lang

__all__ = ["TextDialog"]


class TextDialog(ModalScreen[None]):
    """Its text in a bordered scroll box; ↑/↓ scroll it (the box has the focus). Each
    dialog declares the keys that close it (escape, and the key that opened it)."""

    DEFAULT_CSS = """
    TextDialog {
        align: center middle;
    }
    TextDialog > VerticalScroll {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    TextDialog .hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        show_keys_in_app_language(self)

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
