"""The network configuration form, generated from ``gradtui.config.config_fields()``.

Every field of the config gets a control: a ``Choice`` (on/off) for a yes/no and for a
choice, a text input for numbers, text and lists (comma-separated). Edits are validated as
they are typed and a bad value is marked in place with the validation's message, in the
learner's language; nothing reaches the network until the app applies the form, and an
invalid form is never applied.

Each field is labelled with its dotted config name (``optimizer.lr``, ``clip.grad_norm``),
the name the lessons, the log, ``--set`` and TOML files use, so the learner meets one name
for one thing. The plain words ("Learning rate.") are the field's help: its tooltip, and a
line under the field while it has focus. The names (up to 22 characters) and the values
(``kaiming_uniform ▼``) do not both fit on one line of the pane, so each name sits on its
own line above its control rather than being cut or abbreviated.

The name, the control and (while it has focus) the help line of a field sit straight in
the pane, with no container per field: the pane is most of the main screen's widgets, and
a container for each of the 19 fields shown at start was a fifth of them.

Keys: escape leaves the form from any field (the screen decides where focus goes); enter
in a text field applies the form, enter on a choice opens its list; every other key but
what a text field types keeps its meaning on the screen (space steps).
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
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
from gradtui.tui.keys import show_keys_in, show_keys_in_app_language
from gradtui.tui.widgets.choice import Choice
from gradtui.tui.widgets.lines import app_lang

__all__ = ["ConfigPane", "FieldInput"]

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


class FieldInput(Input):
    """A text field of the form: enter applies the form, and the footer says so (the field
    takes every printable key, so the footer is where the learner reads what still works)."""

    BINDINGS = [
        Binding(
            "enter",
            "submit",
            "Apply",
            tooltip="Apply the configuration (enter in a field does too)",
        )
    ]

    def on_mount(self) -> None:
        show_keys_in_app_language(self)


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
    ConfigPane Label.name {
        color: $text-muted;
        width: 100%;
    }
    ConfigPane > Input, ConfigPane > Choice {
        margin-left: 2;
    }
    ConfigPane Label.help {
        width: 100%;
        padding-left: 2;
        color: $text-muted;
        text-style: italic;
    }
    ConfigPane Label.name.locked {
        text-style: italic;
    }
    ConfigPane Label.name.-focused {
        color: $foreground;
    }
    ConfigPane Label.problem {
        width: 100%;
        color: $text-error;
        margin-bottom: 1;
    }
    ConfigPane Label.name.invalid {
        color: $text-error;
        text-style: bold;
    }
    ConfigPane Input.invalid {
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

    BINDINGS = [
        Binding(
            "escape",
            "screen.leave_field",
            "Leave form",
            tooltip="Leave the config form (then keys step again)",
        )
    ]
    """Escape leaves the form from any of its fields (the screen's ``leave_field`` decides
    where focus goes). Declared on the pane as well as among the screen's keys so that the
    footer lists it first while the form has focus: the screen's keys after it are more
    than 120 columns hold, and the key out of the form must not be the one cut."""

    def __init__(self, config: Config, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._base = config
        self._values = _flatten(config)
        fields = {field.name: field for field in config_fields()}
        self._first = [fields[name] for name in FIRST]
        self._more = [field for field in fields.values() if field.name not in FIRST]
        self._controls: dict[str, Widget] = {}
        self._names: dict[str, Label] = {}
        """The label above each field built: its dotted name."""
        self._problems: dict[str, Label] = {}
        self._helps: dict[str, Label] = {}
        """Help lines under the fields, made when a field first takes focus."""
        self._first_built = False
        self._more_built = False
        self._quiet = 0
        """Changes made by code (building, loading) still to come: not validated."""
        self._locked: frozenset[str] = frozenset()
        self._lock_reason = ""

    def compose(self) -> ComposeResult:
        yield Static(
            self._headline(app_lang(self.app)), id="headline", classes="section", markup=False
        )

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
        show_keys_in(self, lang)
        for name, control in self._controls.items():
            control.tooltip = field_help(name, lang)
            self._names[name].tooltip = control.tooltip
            show_keys_in(control, lang)
        for name, help_line in self._helps.items():
            help_line.update(field_help(name, lang))
        for name in self._controls:
            self._show_lock(name)
        with contextlib.suppress(ConfigError):
            self.candidate()  # marks a problem again, in the new language

    def on_mount(self) -> None:
        show_keys_in_app_language(self)
        # Just after the first frame, where the pane shows; where it starts hidden (below
        # 118 columns), when it is first shown: a form not seen costs nothing.
        self.call_after_refresh(self._build_if_shown)

    def on_show(self) -> None:
        # At once, not after the next frame: a learner who pressed c moves on to a field.
        self._build_first()

    def _build_if_shown(self) -> None:
        if self.display:
            self._build_first()

    def _build_first(self) -> None:
        if not self._first_built:
            self._first_built = True
            self._build(self._first)

    def _build(self, fields: list[ConfigField]) -> None:
        widgets: list[Widget] = []
        for field in fields:
            widgets.extend(self._row(field))
        if fields is self._first and not self._more_built:
            button = Button(self._more_label(app_lang(self.app)), id="more", compact=True)
            widgets.append(button)
        self.mount_all(widgets)

    def _row(self, field: ConfigField) -> tuple[Label, Widget]:
        """A field's name and its control, the name carrying the field's id."""
        value = self._values[field.name]
        help_text = field_help(field.name, app_lang(self.app))
        # The dotted name as the lessons and files write it; markup off, as "[]" and "_"
        # are part of what names and values may hold.
        label = Label(field.name, classes="name", markup=False, id=_dom_id(field.name))
        label.tooltip = help_text
        control = self._control(field, value)
        control.tooltip = help_text
        self._controls[field.name] = control
        self._names[field.name] = label
        self._show_lock(field.name)
        return label, control

    def set_locked(self, names, reason: str) -> None:
        """Lock the fields ``names``: shown marked and disabled, ``reason`` in their tooltip
        (an empty ``names`` unlocks every field)."""
        self._locked = frozenset(names)
        self._lock_reason = reason
        for name in self._controls:
            self._show_lock(name)

    def _show_lock(self, name: str) -> None:
        locked = name in self._locked
        control, label = self._controls[name], self._names[name]
        control.disabled = locked
        label.set_class(locked, "locked")
        lang = app_lang(self.app)
        label.update(ui("{name} (locked)", lang).format(name=name) if locked else name)
        help_text = field_help(name, lang)
        control.tooltip = label.tooltip = (
            f"{help_text} ({self._lock_reason})" if locked else help_text
        )

    def _last_of(self, name: str) -> Widget:
        """The lowest line of field ``name``: its help line if it has one, else its control."""
        return self._helps.get(name) or self._controls[name]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Under the field that took focus, its help in plain words (made on first focus,
        so that building the form stays as fast as before)."""
        name = event.widget.name
        if name not in self._names:
            return
        if name in self._helps:
            self._helps[name].display = True
        else:
            help_line = Label(field_help(name, app_lang(self.app)), classes="help", markup=False)
            self._helps[name] = help_line
            self.mount(help_line, after=self._controls[name])
        self._names[name].add_class("-focused")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        name = event.widget.name
        if name in self._names:
            self._names[name].remove_class("-focused")
        if name in self._helps:
            self._helps[name].display = False

    def scroll_to_field(self, name: str) -> None:
        """Scroll until field ``name`` shows, its name line and its control."""
        control = self.control(name)
        self.scroll_to_widget(control, animate=False)
        self.scroll_to_widget(self._names[name], animate=False)

    def field_names(self) -> list[str]:
        """The labels the form shows, in order (each a dotted config name)."""
        return list(self._names)

    @on(Button.Pressed, "#more")
    def show_more(self) -> None:
        """Build the rest of the fields (once), after the first ones."""
        if self._more_built:
            return
        self._more_built = True
        self.query("#more").remove()
        self._build_first()
        self._build(self._more)

    @staticmethod
    def _control(field: ConfigField, value: Any) -> Widget:
        if field.type is bool:
            # A choice, not a checkbox: "on"/"off" reads the same without colour.
            return Choice([("on", True), ("off", False)], bool(value), name=field.name)
        if field.choices and field.type is str:
            options = [(choice, choice) for choice in field.choices]
            return Choice(options, value, name=field.name)
        control = FieldInput(_text(value), name=field.name, compact=True)
        control.cursor_blink = False
        return control

    def control(self, name: str) -> Widget:
        """The control editing field ``name`` (built on demand)."""
        self._build_first()
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
            where = name if name in self._names else "network.depth"
            placed[where] = " ".join(filter(None, [placed.get(where), problem]))
        for name in list(self._problems):
            if name not in placed:
                self._problems.pop(name).remove()
                self._names[name].remove_class("invalid")
                self._controls[name].remove_class("invalid")
        for name, problem in placed.items():
            self._names[name].add_class("invalid")
            self._controls[name].add_class("invalid")
            if name in self._problems:
                self._problems[name].update(problem)
            else:
                # The problem quotes what the learner typed: text, never markup.
                label = Label(problem, classes="problem", markup=False)
                self._problems[name] = label
                self.mount(label, after=self._last_of(name))

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
