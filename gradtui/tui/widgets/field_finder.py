"""Go to a field of the config form by typing part of its name (f).

The form has 39 fields; ``clip.grad_norm`` is fifteen tabs from the top. Here the learner
types part of a name ("grad") or of its help, in English or Chinese ("学习率"), sees the
fields that match, and enter edits the highlighted one: the main screen opens the form if
it is hidden and moves the form's control there. Tab completes the typed text to the
highlighted field's name; ↑/↓ choose; escape changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from gradtui.explain import ui
from gradtui.tui.draw.wrap import wrapping

__all__ = ["FieldEntry", "FieldFinder", "matches"]


@dataclass(frozen=True)
class FieldEntry:
    """A field as the finder lists it."""

    name: str
    help_en: str
    help_zh: str
    locked: bool = False

    def help(self, lang: str) -> str:
        return self.help_zh if lang == "zh" else self.help_en


def first_sentence(text: str) -> str:
    """Up to the first full stop (English or Chinese), the stop kept."""
    found = re.search(r"[.。](?=\s|$)|。", text)
    return text[: found.end()] if found else text


def matches(entries: list[FieldEntry], query: str) -> list[FieldEntry]:
    """The entries whose name or help (English or Chinese) holds every word of ``query``:
    names that start with it first, then names that hold it, then the rest, each group in
    the form's order."""
    words = query.lower().split()
    text = query.strip().lower()

    def rank(entry: FieldEntry) -> int:
        name = entry.name.lower()
        if not text:
            return 0
        if name.startswith(text) or name.partition(".")[2].startswith(text):
            return 0
        return 1 if text in name else 2

    found = [
        entry
        for entry in entries
        if all(word in f"{entry.name} {entry.help_en} {entry.help_zh}".lower() for word in words)
    ]
    return sorted(found, key=rank)


class FieldFinder(ModalScreen[str | None]):
    """Dismisses with the dotted name of the field chosen, or None (escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]
    DEFAULT_CSS = """
    FieldFinder {
        align: center middle;
    }
    FieldFinder > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    FieldFinder OptionList {
        height: auto;
        max-height: 12;
        border: none;
    }
    FieldFinder .hint {
        color: $text-muted;
    }
    """

    def __init__(self, entries: list[FieldEntry], lang: str = "en") -> None:
        super().__init__()
        self._entries = entries
        self._lang = lang
        self._shown: list[FieldEntry] = []

    def compose(self) -> ComposeResult:
        lang = self._lang
        with Vertical():
            yield Label(
                ui("Go to a field: type part of its name or of its help", lang), markup=False
            )
            field = Input(placeholder=ui("a field's name, for example grad", lang))
            field.cursor_blink = False
            yield field
            yield OptionList(*self._options(""), markup=False)
            yield Label(
                ui("↑/↓ choose · tab completes · enter edits · escape cancels", lang),
                classes="hint",
                markup=False,
            )

    def _options(self, query: str) -> list[Option]:
        self._shown = matches(self._entries, query)
        if not self._shown:
            return [Option(ui("No field matches; escape cancels", self._lang), disabled=True)]
        options = []
        for entry in self._shown:
            # Text, not markup: a help may hold "[" (ranges such as [0, 1]).
            prompt = Text(entry.name, "bold")
            if entry.locked:
                prompt.append(" " + ui("(locked)", self._lang))
            prompt.append("  " + first_sentence(entry.help(self._lang)), "dim")
            options.append(Option(wrapping(prompt), id=entry.name))
        return options

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0 if self._shown else None

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self._shown else None

    def _highlighted(self) -> FieldEntry | None:
        index = self.query_one(OptionList).highlighted
        if self._shown and index is not None and index < len(self._shown):
            return self._shown[index]
        return None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), len(self._shown) - 1)

    def action_complete(self) -> None:
        """The typed text becomes the highlighted field's name (the list narrows to it)."""
        entry = self._highlighted()
        if entry is not None:
            field = self.query_one(Input)
            field.value = entry.name
            field.cursor_position = len(entry.name)

    @on(Input.Submitted)
    def _submit(self) -> None:
        entry = self._highlighted()
        if entry is not None:
            self.dismiss(entry.name)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
