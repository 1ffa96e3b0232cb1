"""The network configuration form, generated from ``gradtui.config.config_fields()``.

Every field of the config gets a control: a ``Choice`` (on/off) for a yes/no and for a
choice, a text input for numbers, text and lists (comma-separated). Edits are validated as
they are typed and a bad value is marked in place with the validation's message, in the
learner's language; nothing reaches the network until the app applies the form, and an
invalid form is never applied.
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from gradtui.config import (
    Config,
    ConfigError,
    ConfigField,
    apply_overrides,
    config_fields,
    config_to_dict,
    field_help,
)
from gradtui.explain import ui
from gradtui.tui.widgets.choice import Choice
from gradtui.tui.widgets.lines import app_lang

__all__ = ["ConfigPane"]

# The fields a learner changes most, shown first; the rest follow in the config's order.
FIRST = (
    "network.depth",
    "network.width",
    "network.widths",
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
    "network.widths": "widths (each)",
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


def _flatten(config: Config) -> dict[str, Any]:
    """The config's values by dotted field name."""
    flat: dict[str, Any] = {}

    def walk(data: dict[str, Any], prefix: str) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[prefix + key] = value

    walk(config_to_dict(config), "")
    return flat


def _form_text(field: ConfigField, value: Any) -> str:
    """How a value reads in the form, for comparing the form with the config."""
    if field.type is bool:
        return "true" if value else "false"
    return _text(value)


class ConfigPane(VerticalScroll):
    """Edit the config; ``overrides()`` gives the form as ``key=value`` strings.

    The fields a learner changes most are built right after the first paint; the others
    wait behind "more settings" until asked for, so start-up stays fast.
    """

    DEFAULT_CSS = """
    ConfigPane {
        padding: 0 1;
    }
    ConfigPane .row {
        height: 1;
    }
    ConfigPane .row Label.name {
        color: $text-muted;
        width: 15;
    }
    ConfigPane Label.problem {
        width: 100%;
        color: $text-error;
        margin-bottom: 1;
    }
    ConfigPane .row.invalid Label.name {
        color: $text-error;
        text-style: bold;
    }
    ConfigPane .row.invalid Input {
        background: $error 30%;
    }
    ConfigPane Input {
        width: 1fr;
    }
    ConfigPane .section {
        text-style: bold;
        color: $accent;
    }
    ConfigPane Button {
        width: 1fr;
        margin-top: 1;
    }
    """

    def __init__(self, config: Config, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._base = config
        self._values = _flatten(config)
        fields = {field.name: field for field in config_fields()}
        self._first = [fields[name] for name in FIRST]
        self._more = [field for field in fields.values() if field.name not in FIRST]
        self._controls: dict[str, Widget] = {}
        self._rows: dict[str, Horizontal] = {}
        self._problems: dict[str, Label] = {}
        self._quiet = 0
        """Changes made by code (building, loading) still to come: not validated."""

    def compose(self) -> ComposeResult:
        yield Static(self._headline(app_lang(self.app)), id="headline", classes="section")

    @staticmethod
    def _headline(lang: str) -> str:
        return ui("Network configuration: edit a field, then enter (or a) applies it", lang)

    def _more_label(self, lang: str) -> str:
        return ui("More settings ({count})", lang).format(count=len(self._more))

    def show_language(self, lang: str) -> None:
        """Say the pane's words in ``lang`` (field names stay as in TOML files)."""
        self.query_one("#headline", Static).update(self._headline(lang))
        for button in self.query("#more").results(Button):
            button.label = self._more_label(lang)
        for name, control in self._controls.items():
            control.tooltip = field_help(name, lang)
        with contextlib.suppress(ConfigError):
            self.candidate()  # marks a problem again, in the new language

    def on_mount(self) -> None:
        self.call_after_refresh(self._build, self._first)

    def _build(self, fields: list[ConfigField]) -> None:
        rows = [self._row(field) for field in fields]
        if fields is self._first:
            button = Button(self._more_label(app_lang(self.app)), id="more", compact=True)
            rows.append(button)
        self.mount_all(rows)

    def _row(self, field: ConfigField) -> Horizontal:
        value = self._values[field.name]
        label = Label(_short(field.name), classes="name")
        label.tooltip = field.name
        control = self._control(field, value)
        control.tooltip = field_help(field.name, app_lang(self.app))
        self._controls[field.name] = control
        row = Horizontal(label, control, classes="row", id=_dom_id(field.name))
        self._rows[field.name] = row
        return row

    @on(Button.Pressed, "#more")
    def show_more(self) -> None:
        """Build the rest of the fields (once)."""
        more = self.query("#more")
        if more:
            more.remove()
            self._build(self._more)

    @staticmethod
    def _control(field: ConfigField, value: Any) -> Widget:
        if field.type is bool:
            # A choice, not a checkbox: "on"/"off" reads the same without colour.
            return Choice([("on", True), ("off", False)], bool(value), name=field.name)
        if field.choices and field.type is str:
            options = [(choice, choice) for choice in field.choices]
            return Choice(options, value, name=field.name)
        control = Input(_text(value), name=field.name, compact=True)
        control.cursor_blink = False
        return control

    def control(self, name: str) -> Widget:
        """The control editing field ``name`` (built on demand)."""
        if name not in self._controls:
            self.show_more()
        return self._controls[name]

    def load(self, config: Config) -> None:
        """Show ``config`` in the form (after opening a file or applying)."""
        self._base = config
        self._values = _flatten(config)
        for name, control in self._controls.items():
            value = self._values[name]
            if isinstance(control, Choice):
                if control.value != value:
                    self._quiet += 1
                    control.value = value
            elif isinstance(control, Input) and control.value != _text(value):
                self._quiet += 1
                control.value = _text(value)
        self.mark({})

    def overrides(self) -> list[str]:
        """The form's values that differ from the config it shows, as ``key=value``."""
        fields = {field.name: field for field in self._first + self._more}
        changes = []
        for name, control in self._controls.items():
            field = fields[name]
            if isinstance(control, Choice):
                text = _form_text(field, control.value)
            else:
                assert isinstance(control, Input)
                text = control.value.strip()
            if text != _form_text(field, self._values[name]):
                changes.append(f"{name}={text}")
        return changes

    def candidate(self) -> Config:
        """The config the form describes; raises ConfigError (and marks the field)."""
        changes = self.overrides()
        if not changes:
            self.mark({})
            return self._base
        try:
            config = apply_overrides(self._base, changes)
        except ConfigError as error:
            self.mark({error.field: error.problem_in(app_lang(self.app))})
            raise
        self.mark({})
        return config

    def mark(self, problems: dict[str, str]) -> None:
        """Mark the fields named in ``problems`` with their message; unmark the others."""
        placed = {}
        for name, problem in problems.items():
            # A problem of the whole network (memory) goes on the depth field.
            where = name if name in self._rows else "network.depth"
            placed[where] = " ".join(filter(None, [placed.get(where), problem]))
        for name in list(self._problems):
            if name not in placed:
                self._problems.pop(name).remove()
                self._rows[name].remove_class("invalid")
        for name, problem in placed.items():
            self._rows[name].add_class("invalid")
            if name in self._problems:
                self._problems[name].update(problem)
            else:
                label = Label(problem, classes="problem")
                self._problems[name] = label
                self.mount(label, after=self._rows[name])

    def problem_text(self, name: str) -> str:
        """The message shown under field ``name`` ("" when it is valid)."""
        label = self._problems.get(name)
        return str(label.content) if label else ""

    @on(Input.Changed)
    @on(Choice.Changed)
    def _validate(self) -> None:
        """Mark the form's problem (candidate() does) as the learner types."""
        if self._quiet:
            self._quiet -= 1
            return
        with contextlib.suppress(ConfigError):
            self.candidate()
