"""Open a config in the browser: paste its TOML text, or pick a shipped lesson.

In serve mode the app reads no path of the server, so ``o`` asks for the text itself.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from gradtui.explain import ui
from gradtui.tui.keys import show_keys_in

__all__ = ["PasteConfig"]

OPEN = "open"
LESSONS = "lessons"


class PasteConfig(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ``("open", text)``, ``("lessons", "")`` or None (escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "open", "Open the pasted config"),
    ]
    DEFAULT_CSS = """
    PasteConfig {
        align: center middle;
    }
    PasteConfig > Vertical {
        width: 90;
        max-width: 100%;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PasteConfig TextArea {
        height: 1fr;
    }
    PasteConfig Horizontal {
        height: auto;
    }
    PasteConfig .hint {
        color: $text-muted;
    }
    """

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self._lang = lang
        show_keys_in(self, lang)

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical():
            yield Label(
                ui("Open a config: paste its TOML text here (files of the server stay shut)", lang),
                markup=False,
            )
            area = TextArea(soft_wrap=True, tab_behavior="indent", id="pasted")
            area.cursor_blink = False
            yield area
            with Horizontal():
                yield Button(ui("Open", lang), id="open", variant="primary")
                yield Button(ui("Shipped lessons…", lang), id="lessons")
                yield Button(ui("Cancel", lang), id="cancel")
            hint = ui("ctrl+o opens what is pasted · escape cancels", lang)
            yield Label(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        self.dismiss((OPEN, self.query_one(TextArea).text))

    @on(Button.Pressed, "#lessons")
    def _lessons(self) -> None:
        self.dismiss((LESSONS, ""))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
