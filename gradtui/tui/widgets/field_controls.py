"""The config form's one text field and one choice, which move from field to field
(``config_pane.py``), and how a config's values read in the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.widgets import Input

from gradtui.config import Config, ConfigField, config_by_name
from gradtui.tui.keys import show_keys_in_app_language
from gradtui.tui.widgets.choice import Choice

__all__ = [
    "FieldChoice",
    "FieldInput",
    "choice_options",
    "flatten",
    "form_text",
    "is_choice",
    "text_of",
]

Changed = Callable[[str, Any], None]
"""Called with the field's name and the control's new value, as the value changes."""


def text_of(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def form_text(field: ConfigField, value: Any) -> str:
    """How a value reads in the form ("true"/"false" for a yes/no)."""
    if field.type is bool:
        return "true" if value else "false"
    return text_of(value)


def is_choice(field: ConfigField) -> bool:
    """Whether a field is edited by a choice: a yes/no, or one text out of a list."""
    return field.type is bool or bool(field.choices and field.type is str)


def choice_options(field: ConfigField) -> list[tuple[str, str]]:
    """A choice field's (label, form text) pairs: "on"/"off" for a yes/no."""
    if field.type is bool:
        return [("on", "true"), ("off", "false")]
    return [(choice, choice) for choice in field.choices or ()]


def flatten(config: Config) -> dict[str, Any]:
    """The config's values by dotted field name (``network.depth``)."""
    return config_by_name(config)


class FieldInput(Input):
    """The form's text field: enter applies the form, and the footer says so (the field
    takes every printable key, so the footer is where the learner reads what still works).
    ``field`` is the dotted name of the field it edits now."""

    BINDINGS = [
        Binding(
            "enter",
            "submit",
            "Apply",
            tooltip="Apply the configuration (enter in a field does too)",
        )
    ]

    def __init__(self, value: str = "", *, changed: Changed | None = None, **kwargs) -> None:
        super().__init__(value, **kwargs)
        self.field = ""
        self._changed = changed
        self.cursor_blink = False

    def on_mount(self) -> None:
        show_keys_in_app_language(self)

    def show_field(self, text: str) -> None:
        """Edit a field whose form text is ``text``."""
        self.value = text
        self.cursor_position = len(text)

    def watch_value(self, value: str) -> None:
        # At once, not by a message: the control may move to another field before a
        # message would arrive, and the value belongs to the field it was typed in.
        if self._changed is not None:
            self._changed(self.field, value)


class FieldChoice(Choice):
    """The form's choice: its options are the field's (``show_field``); its value is the
    field's form text ("true"/"false" for a yes/no, shown as on/off)."""

    def __init__(self, *, changed: Changed | None = None) -> None:
        super().__init__([("", "")], "")
        self.field = ""
        self._changed = changed

    def show_field(self, options: list[tuple[str, str]], value: str) -> None:
        """Choose among ``options`` (label, value), ``value`` chosen."""
        self._options = list(options)
        self.value = value
        self.refresh()

    def watch_value(self, value: Any) -> None:
        super().watch_value(value)
        if self._changed is not None:
            self._changed(self.field, value)
