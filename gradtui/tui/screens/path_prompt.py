"""A small dialog asking for a file path (open or save a config)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from gradtui.explain import ui
from gradtui.tui.widgets.lines import app_lang

__all__ = ["PathPrompt"]


class PathPrompt(ModalScreen[str | None]):
    """Ask for a path; dismiss with it (enter) or with None (escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PathPrompt {
        align: center middle;
    }
    PathPrompt > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, markup=False)
            field = Input(self._value, placeholder="path/to/config.toml")
            field.cursor_blink = False
            yield field
            hint = ui("enter to confirm, escape to cancel", app_lang(self.app))
            yield Label(hint, classes="hint", markup=False)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
