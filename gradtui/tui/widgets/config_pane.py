"""The network configuration form, generated from ``gradtui.config.config_fields()``.

Every field of the config gets a control: a switch for a yes/no, a select for a choice, a
text input for numbers, text and lists (comma-separated). Edits are validated as they are
typed and a bad value is marked in place with the validation's message; nothing reaches the
network until the app applies the form, and an invalid form is never applied.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from gradtui.config import (
    Config,
    ConfigError,
    ConfigField,
    apply_overrides,
    config_fields,
    config_to_dict,
)

__all__ = ["ConfigPane"]

# The fields a learner changes most, shown first; the rest follow in the config's order.
FIRST = (
    "network.depth",
    "network.width",
    "network.activation",
    "network.activations",
    "init.name",
    "init.std",
    "init.value",
    "init.scale",
    "network.batch_norm",
    "network.residual",
    "loss",
    "optimizer.name",
    "optimizer.lr",
    "clip.grad_norm",
    "clip.grad_value",
    "seed",
    "data.name",
    "data.batch_size",
)


def _dom_id(name: str) -> str:
    return "field-" + name.replace(".", "--")


SHORT = {
    "network.activations": "per layer",
    "network.prelu_per_unit": "prelu per unit",
    "network.maxout_pieces": "maxout k",
    "optimizer.lr": "learning rate",
    "optimizer.name": "optimizer",
    "optimizer.weight_decay": "weight decay",
    "clip.grad_norm": "clip norm",
    "clip.grad_value": "clip value",
    "clip.weight": "clip weights",
    "data.name": "data",
    "data.batch_size": "batch size",
    "init.name": "init",
    "init.a": "init a",
}
"""Labels that fit the pane; the full name is in each field's tooltip and in TOML."""


def _short(name: str) -> str:
    """``network.depth`` → ``depth``, ``init.std`` → ``init std``."""
    if name in SHORT:
        return SHORT[name]
    section, _, key = name.rpartition(".")
    key = key.replace("_", " ")
    return key if section in ("", "network") else f"{section} {key}"


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _lookup(config: Config, name: str) -> Any:
    data: Any = config_to_dict(config)
    for part in name.split("."):
        data = data[part]
    return data


class ConfigPane(VerticalScroll):
    """Edit the config; ``overrides()`` gives the form as ``key=value`` strings."""

    DEFAULT_CSS = """
    ConfigPane {
        padding: 0 1;
    }
    ConfigPane .field {
        height: auto;
    }
    ConfigPane .row {
        height: 1;
    }
    ConfigPane .field Label.name {
        color: $text-muted;
        width: 15;
    }
    ConfigPane .field Label.problem {
        color: $text-error;
        display: none;
    }
    ConfigPane .field.invalid Label.problem {
        display: block;
    }
    ConfigPane .field.invalid Input {
        background: $error 30%;
    }
    ConfigPane Input {
        width: 1fr;
    }
    ConfigPane Select {
        width: 1fr;
    }
    ConfigPane .section {
        text-style: bold;
        color: $accent;
    }
    """

    class Edited(Message):
        """The form changed; ``problems`` maps field names to their messages."""

        def __init__(self, problems: dict[str, str]) -> None:
            self.problems = problems
            super().__init__()

    def __init__(self, config: Config, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._base = config
        fields = {field.name: field for field in config_fields()}
        self._fields = [fields[name] for name in FIRST] + [
            field for field in fields.values() if field.name not in FIRST
        ]

    def compose(self) -> ComposeResult:
        yield Static(
            "Network configuration: edit a field, then enter (or a) applies it", classes="section"
        )
        for field in self._fields:
            value = _lookup(self._base, field.name)
            with Vertical(classes="field", id=_dom_id(field.name)):
                with Horizontal(classes="row"):
                    label = Label(_short(field.name), classes="name")
                    label.tooltip = field.name
                    yield label
                    yield self._control(field, value)
                yield Label("", classes="problem")

    @staticmethod
    def _control(field: ConfigField, value: Any) -> Widget:
        if field.type is bool:
            # A select, not a checkbox: "on"/"off" reads the same without colour.
            return Select(
                [("on", True), ("off", False)],
                value=bool(value),
                allow_blank=False,
                name=field.name,
                compact=True,
                tooltip=field.comment,
            )
        if field.choices and field.type is str:
            options = [(choice, choice) for choice in field.choices]
            return Select(
                options,
                value=value,
                allow_blank=False,
                name=field.name,
                compact=True,
                tooltip=field.comment,
            )
        control = Input(_text(value), name=field.name, tooltip=field.comment, compact=True)
        control.cursor_blink = False
        return control

    def load(self, config: Config) -> None:
        """Show ``config`` in the form (after opening a file or applying)."""
        self._base = config
        for field in self._fields:
            value = _lookup(config, field.name)
            container = self.query_one(f"#{_dom_id(field.name)}", Vertical)
            container.remove_class("invalid")
            if field.type is bool:
                container.query_one(Select).value = bool(value)
            elif field.choices and field.type is str:
                container.query_one(Select).value = value
            else:
                container.query_one(Input).value = _text(value)

    def overrides(self) -> list[str]:
        """The form's values that differ from the config it shows, as ``key=value``."""
        changes = []
        for field in self._fields:
            container = self.query_one(f"#{_dom_id(field.name)}", Vertical)
            if field.type is bool:
                text = "true" if container.query_one(Select).value else "false"
                original = "true" if _lookup(self._base, field.name) else "false"
            elif field.choices and field.type is str:
                text = str(container.query_one(Select).value)
                original = str(_lookup(self._base, field.name))
            else:
                text = container.query_one(Input).value.strip()
                original = _text(_lookup(self._base, field.name))
            if text != original:
                changes.append(f"{field.name}={text}")
        return changes

    def candidate(self) -> Config:
        """The config the form describes; raises ConfigError (and marks the field)."""
        try:
            config = apply_overrides(self._base, self.overrides())
        except ConfigError as error:
            self.mark({error.field: error.problem})
            raise
        self.mark({})
        return config

    def mark(self, problems: dict[str, str]) -> None:
        """Mark the fields named in ``problems`` with their message; unmark the others."""
        for field in self._fields:
            container = self.query_one(f"#{_dom_id(field.name)}", Vertical)
            problem = problems.get(field.name)
            container.set_class(problem is not None, "invalid")
            container.query_one("Label.problem", Label).update(problem or "")
        unplaced = [text for name, text in problems.items() if name not in self._names()]
        if unplaced:
            # A problem of the whole network (memory) goes on the depth field.
            container = self.query_one(f"#{_dom_id('network.depth')}", Vertical)
            container.add_class("invalid")
            container.query_one("Label.problem", Label).update(" ".join(unplaced))

    def _names(self) -> set[str]:
        return {field.name for field in self._fields}

    @on(Input.Changed)
    @on(Select.Changed)
    def _validate(self) -> None:
        try:
            self.candidate()
        except ConfigError as error:
            self.post_message(self.Edited({error.field: error.problem}))
        else:
            self.post_message(self.Edited({}))
