"""The share dialog (S): the applied network's share code, large enough to copy onto a
board, what it holds, and a field to open a code someone read out (a class in a browser
has no command line for ``gradtui --code``)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from gradtui.config import ConfigError
from gradtui.explain import ui
from gradtui.share import Shared, ShareError, read_code
from gradtui.tui.keys import show_keys_in_app_language
from gradtui.tui.widgets.lines import Wrapped, app_lang

__all__ = ["ShareScreen"]


class ShareScreen(ModalScreen[Shared | None]):
    """Dismisses with the network of a code typed in it (enter), or None (escape)."""

    BINDINGS = [Binding("escape", "cancel", "Close", tooltip="Close the share code")]
    DEFAULT_CSS = """
    ShareScreen {
        align: center middle;
    }
    ShareScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ShareScreen #code {
        text-style: bold;
        margin: 1 0;
        content-align: center middle;
        width: 100%;
    }
    ShareScreen .hint {
        color: $text-muted;
    }
    ShareScreen #problem {
        color: $error;
    }
    """

    def __init__(self, code: str, holds: str, note: str = "") -> None:
        """``code``: the applied network's; ``holds``: what it holds, in words; ``note``:
        what it does not (a lesson file's texts), or ""."""
        super().__init__()
        self._code = code
        self._holds = holds
        self._note = note
        show_keys_in_app_language(self)

    @property
    def lang(self) -> str:
        return app_lang(self.app)

    def compose(self) -> ComposeResult:
        lang = self.lang
        count = len(self._code.replace("-", ""))
        with Vertical():
            yield Label(ui("Share code of the applied network", lang), markup=False)
            yield Static(Text(self._code), id="code", markup=False)
            said = ui("{count} characters: {holds}", lang).format(count=count, holds=self._holds)
            yield Wrapped(Text(said), markup=False)
            if self._note:
                yield Wrapped(Text(self._note), classes="hint", markup=False)
            yield Static(
                Text(
                    ui(
                        "Open it with gradtui --code {code}, or in the app: S, then type it below.",
                        lang,
                    ).format(code=self._code)
                ),
                classes="hint",
                markup=False,
            )
            yield Label(ui("Open a code (case and hyphens do not matter):", lang), markup=False)
            field = Input(placeholder="XXXX-XXXX")
            field.cursor_blink = False
            yield field
            yield Static("", id="problem", markup=False)
            yield Label(
                ui("enter opens the code · escape closes", lang), classes="hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _open(self, event: Input.Submitted) -> None:
        """Open the typed code; a bad one is said here, and nothing is lost."""
        problem = self.query_one("#problem", Static)
        try:
            shared = read_code(event.value)
        except ShareError as error:
            problem.update(Text(error.message_in(self.lang)))
            return
        except ConfigError as error:
            problem.update(Text(error.message_in(self.lang)))
            return
        self.dismiss(shared)

    def action_cancel(self) -> None:
        self.dismiss(None)
