"""The help screen: every key, generated from the app's one declaration of its bindings."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.explain import ui
from gradtui.tui.draw.wrap import wrapping
from gradtui.tui.keys import key_name
from gradtui.tui.screens.text_dialog import TextDialog

__all__ = ["HelpScreen", "bindings_table"]


def bindings_table(
    bindings: list[Binding], key_display: Callable[[Binding], str], lang: str = "en"
) -> Table:
    """A two-column table (keys, what they do) of ``bindings``, same descriptions grouped;
    Chinese descriptions wrap between characters (Rich would cut a long run with "…")."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    grouped: dict[str, list[str]] = {}
    for binding in bindings:
        description = binding.tooltip or binding.description
        if not description:
            continue
        keys = [key_name(key_display(bound), lang) for bound in Binding.make_bindings([binding])]
        grouped.setdefault(description, []).extend(keys)
    for description, keys in grouped.items():
        table.add_row(" / ".join(dict.fromkeys(keys)), wrapping(Text(description)))
    return table


class HelpScreen(TextDialog):
    """All keys, what they do, and how to leave a text field."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]
    DEFAULT_CSS = """
    HelpScreen > VerticalScroll {
        width: 80;
    }
    """

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self._keys = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            lang = self.lang
            yield Static(Text(ui("gradtui keys", lang), style="bold"), markup=False)
            table = bindings_table(self._keys, self.app.get_key_display, lang)
            yield Static(table, markup=False)
            yield Static(
                "\n"
                + ui(
                    "Keys work in every pane; while you type in a field, letters go to the "
                    "field: press escape (or tab away) to leave it. ctrl+p opens the command "
                    "palette. Press escape to close this help.",
                    lang,
                ),
                markup=False,
            )
