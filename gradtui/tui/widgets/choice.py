"""A choice from a short list, in one widget: the config form has a dozen of them.

Textual's ``Select`` is six widgets (its list is built even while closed); a dozen of them
took about 250 ms to mount here, longer than the rest of the screen. ``Choice`` draws
"value ▼" itself and builds its list only when it opens, as a small menu screen under it.

Only enter (or a click) opens the list; in the list ↑/↓ move, enter picks, escape closes it
and changes nothing. Unlike ``Select``, space, ↑ and ↓ do not open it: on gradtui's main
screen space steps the network, and a learner who tabbed onto a choice (or just picked a
value) must not find that space now opens a list instead; ↑/↓ scroll the form it sits in.
A choice takes no typing, so it leaves every key but enter to what contains it, and the
footer names that one key ("⏎ Choose")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList

from gradtui.tui.keys import show_keys_in_app_language

__all__ = ["Choice", "ChoiceMenu"]


class ChoiceMenu(ModalScreen[int | None]):
    """The open list of a ``Choice``, drawn just below it (or above it, near the bottom of
    the screen); dismissed with the index chosen."""

    DEFAULT_CSS = """
    ChoiceMenu {
        background: transparent;
        align: left top;
    }
    ChoiceMenu > OptionList {
        height: auto;
        max-height: 12;
        border: tall $border;
        background: $surface;
        padding: 0;
        constrain: none inside;
    }
    ChoiceMenu > OptionList > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS = [Binding("escape", "close", "Close the list", show=False)]

    def __init__(self, labels: Sequence[str], current: int, under: Region) -> None:
        super().__init__()
        self._labels = list(labels)
        self._current = current
        self._under = under

    def compose(self) -> ComposeResult:
        menu = OptionList(*self._labels, markup=False)
        menu.highlighted = self._current
        # Below the choice, or above it when there is no room below.
        rows = min(len(self._labels), 10) + 2  # max-height 12, the border included
        top = self._under.bottom
        if top + rows > self.app.size.height and self._under.y >= rows:
            top = self._under.y - rows
        menu.styles.offset = (self._under.x, top)
        scrollbar = 2 if len(self._labels) > 10 else 0
        menu.styles.width = max(self._under.width, max(map(len, self._labels)) + 4) + scrollbar
        yield menu

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the list
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class Choice(Widget, can_focus=True):
    """One value out of ``options`` (label, value) pairs, shown as "label ▼"."""

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        padding: 0;
        color: $foreground;
        background: $surface;
        pointer: pointer;
    }
    Choice:focus {
        background-tint: $foreground 5%;
        text-style: bold;
    }
    """

    BINDINGS = [Binding("enter", "open", "Choose")]
    """Shown in the footer while the choice has focus: the one key it takes."""

    value: reactive[Any] = reactive(None, init=False)
    """The value chosen (shown at once); setting it to one that is not an option raises
    ValueError."""

    class Changed(Message):
        """The value changed (by the learner or by code)."""

        def __init__(self, choice: Choice, value: Any) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, Any]],
        value: Any,
        *,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self._options = list(options)
        self.set_reactive(Choice.value, self._checked(value))

    def on_mount(self) -> None:
        show_keys_in_app_language(self)

    def _checked(self, value: Any) -> Any:
        if all(value != option for _, option in self._options):
            choices = ", ".join(label for label, _ in self._options)
            raise ValueError(f"{value!r} is not one of the choices ({choices})")
        return value

    def validate_value(self, value: Any) -> Any:
        return self._checked(value)

    def watch_value(self, value: Any) -> None:
        self.post_message(self.Changed(self, value))

    @property
    def label(self) -> str:
        return next(label for label, option in self._options if option == self.value)

    def render(self) -> Text:
        width = max(self.content_region.width, 3)
        label = self.label
        if len(label) <= width - 2:
            shown = label.ljust(width - 2) + " ▼"
        elif len(label) == width - 1:
            shown = label + "▼"  # kaiming_normal fits, without the space
        else:
            shown = label[: width - 2] + "…▼"
        return Text(shown, no_wrap=True, end="")

    def action_open(self) -> None:
        labels = [label for label, _ in self._options]
        current = next(i for i, (_, option) in enumerate(self._options) if option == self.value)

        def chosen(index: int | None) -> None:
            if index is not None:
                self.value = self._options[index][1]
            # Focus stays on the choice: tab goes on to the next field, space still steps.
            self.focus()

        self.app.push_screen(ChoiceMenu(labels, current, self.region), chosen)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()
