"""The network configuration form, generated from ``gradtui.config.config_fields()``.

Every field of the config is edited by a ``Choice`` (on/off) for a yes/no and for a
choice, a text input for numbers, text and lists (comma-separated). Edits are validated as
they are typed and a bad value is marked in place with the validation's message, in the
learner's language; nothing reaches the network until the app applies the form, and an
invalid form is never applied.

Each field is labelled with its dotted config name (``optimizer.lr``, ``clip.grad_norm``),
the name the lessons, the log, ``--set`` and TOML files use, so the learner meets one name
for one thing. The plain words ("Learning rate.") are the field's help: its tooltip, and a
line under the field while it has focus. The names (up to 22 characters) and the values
(``kaiming_uniform ▼``) do not both fit on one line of the pane, so each name sits on its
own line above its value rather than being cut or abbreviated.

One field at a time is a real control: the fields above it are the lines of one
``FormLines``, the fields below it the lines of another (``form_lines.py``), and one
``FieldInput`` or ``FieldChoice`` between them edits the field in focus. Tab, shift+tab, a
click, ``go_to`` (the f key) and ``control`` move it. The form is 6 widgets instead of 39,
the main screen's largest cost in start-up memory. The form's values live here
(``_form``), so a field keeps its edit when the control moves on.

Keys: escape leaves the form from any field (the screen decides where focus goes); enter
in a text field applies the form, enter on a choice opens its list; every other key but
what a text field types keeps its meaning on the screen (space steps).

Locked fields (``set_locked``) show "(locked)" after their value, are skipped by tab and
refused by a click or ``go_to`` with the reason given. A value typed or picked and not yet
applied says so under it, with the key that applies it (enter while typing, else a).
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Static

from gradtui.config import (
    Config,
    ConfigError,
    config_fields,
    field_help,
)
from gradtui.explain import ui
from gradtui.tui.keys import show_keys_in, show_keys_in_app_language
from gradtui.tui.widgets.field_controls import (
    FieldChoice,
    FieldInput,
    choice_options,
    flatten,
    form_text,
    is_choice,
)
from gradtui.tui.widgets.field_finder import FieldEntry
from gradtui.tui.widgets.form_lines import FormLines
from gradtui.tui.widgets.form_state import FormState
from gradtui.tui.widgets.lines import app_lang

__all__ = ["FIRST", "ConfigPane", "FieldInput"]

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


class ConfigPane(FormState, VerticalScroll, can_focus=False):
    """Edit the config; ``overrides()`` gives the form as ``key=value`` strings.

    The fields a learner changes most are built with the pane where it shows from the
    start (``build=True``), else when it is first shown; the others wait behind "more
    settings" until asked for.
    """

    DEFAULT_CSS = """
    ConfigPane {
        padding: 0 1;
        /* The scroll bar's columns are kept from the first layout: the form is taller
           than the pane on most screens, and its bar would otherwise appear a frame
           later and lay every field out again. */
        scrollbar-gutter: stable;
    }
    ConfigPane > FieldInput, ConfigPane > FieldChoice {
        margin-left: 2;
        width: 1fr;
    }
    ConfigPane > FieldInput.invalid {
        background: $error 30%;
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
        ),
        Binding("tab", "next_field", "Next field", show=False),
        Binding("shift+tab", "previous_field", "Previous field", show=False),
    ]
    """Escape leaves the form from any of its fields (the screen's ``leave_field`` decides
    where focus goes). Declared on the pane as well as among the screen's keys so that the
    footer lists it first while the form has focus: the screen's keys after it are more
    than 120 columns hold, and the key out of the form must not be the one cut. Tab and
    shift+tab move the one control from field to field."""

    def __init__(self, config: Config, *, build: bool = False, **kwargs: Any) -> None:
        """``build``: the pane shows from the start, so its form is built with it (in the
        first frame) rather than when it is first shown."""
        super().__init__(**kwargs)
        self._build_at_once = build
        self._base = config
        self._values = flatten(config)
        self._fields = {field.name: field for field in config_fields()}
        self._first = list(FIRST)
        self._more = [name for name in self._fields if name not in FIRST]
        self._built: list[str] = []
        """The fields shown, in order: the first ones, then (after "More settings") all."""
        self._form = self._texts()
        """What the form holds for each field, as text (a choice's value for a choice)."""
        self._problems: dict[str, str] = {}
        self._locked: frozenset[str] = frozenset()
        self._lock_reason = ""
        self._at = ""
        """The field the control edits ("" before the form is built)."""
        self._more_built = False
        self._pending = ""
        """A field to focus once the form is laid out (focus_field)."""
        self._above = FormLines(id="above")
        self._below = FormLines(id="below")
        self._input: FieldInput | None = None
        self._choice: FieldChoice | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            self._headline(app_lang(self.app)), id="headline", classes="section", markup=False
        )
        if self._build_at_once:
            yield from self._first_widgets()

    @staticmethod
    def _headline(lang: str) -> str:
        return ui("Network configuration: edit a field, then press enter to apply it", lang)

    def _more_label(self, lang: str) -> str:
        return ui("More settings ({count})", lang).format(count=len(self._more))

    @property
    def _lang(self) -> str:
        return app_lang(self.app)

    def show_language(self, lang: str) -> None:
        """Say the pane's words in ``lang`` (field names stay as in TOML files)."""
        self.query_one("#headline", Static).update(self._headline(lang))
        for button in self.query("#more").results(Button):
            button.label = self._more_label(lang)
        show_keys_in(self, lang)
        for control in (self._input, self._choice):
            if control is not None:
                show_keys_in(control, lang)
        if self._at:
            self._place(self._at)  # its tooltip in the new language
        with contextlib.suppress(ConfigError):
            self.candidate()  # marks a problem again, in the new language
        self._redraw()

    # ------------------------------------------------------------------ building
    def on_mount(self) -> None:
        show_keys_in_app_language(self)
        if self._built:  # composed with the pane
            self._place(self._built[0])
            return
        # Where it starts hidden (below 118 columns), when it is first shown: a form not
        # seen costs nothing.
        self.call_after_refresh(self._build_if_shown)

    def on_show(self) -> None:
        # At once, not after the next frame: a learner who pressed c moves on to a field.
        self._build_first()

    def _build_if_shown(self) -> None:
        if self.display:
            self._build_first()

    def _build_first(self) -> None:
        if self._built:
            return
        self.mount_all(self._first_widgets())
        self._place(self._built[0])

    def _first_widgets(self) -> list[Widget]:
        """The form's widgets for the first fields (the controls, the lines around them,
        "More settings"), made once."""
        self._built = list(self._first)
        self._input = FieldInput("", compact=True, changed=self._store)
        self._choice = FieldChoice(changed=self._store)
        self._above.help_of = self._below.help_of = self._help
        widgets: list[Widget] = [self._above, self._input, self._choice, self._below]
        if not self._more_built:
            widgets.append(Button(self._more_label(self._lang), id="more", compact=True))
        return widgets

    @on(Button.Pressed, "#more")
    def show_more(self) -> None:
        """Show the rest of the fields (once), after the first ones."""
        self._build_first()
        if self._more_built:
            return
        self._more_built = True
        more = self.query("#more")
        had_focus = any(button.has_focus for button in more)
        more.remove()
        self._built = self._first + self._more
        self._redraw()
        if had_focus:
            self.go_to(self._more[0])

    def _texts(self) -> dict[str, str]:
        return {name: form_text(field, self._values[name]) for name, field in self._fields.items()}

    def _help(self, name: str) -> str:
        return field_help(name, self._lang, form=True)

    # ------------------------------------------------------------------ the one control
    def _control_for(self, name: str) -> Widget:
        assert self._input is not None and self._choice is not None
        return self._choice if is_choice(self._fields[name]) else self._input

    def _place(self, name: str) -> Widget:
        """Move the control to field ``name`` (its value, its help, its state)."""
        assert self._input is not None and self._choice is not None
        control = self._control_for(name)
        other = self._input if control is self._choice else self._choice
        moving = other.has_focus
        self._at = name
        control.field = name  # type: ignore[attr-defined]
        field = self._fields[name]
        if isinstance(control, FieldChoice):
            control.show_field(choice_options(field), self._form[name])
        else:
            control.show_field(self._form[name])
        control.tooltip = self._help(name)
        control.disabled = name in self._locked
        control.set_class(name in self._problems, "invalid")
        control.display = True
        other.display = False
        if moving and not control.disabled:
            control.focus()
        self._redraw()
        return control

    def _store(self, name: str, value: Any) -> None:
        """The control changed field ``name`` (the learner typed or picked, or code set its
        value): keep it and validate the form."""
        if not name:
            return
        text = value if isinstance(value, str) else form_text(self._fields[name], value)
        if name in self._locked:
            if text != self._form[name]:
                self.call_later(self._place, name)  # back to the locked value
                self._refuse()
            return
        if text == self._form[name]:
            return
        was_unapplied = self._unapplied(name)
        self._form[name] = text
        with contextlib.suppress(ConfigError):
            self.candidate()
        if self._unapplied(name) != was_unapplied:
            self._redraw()  # its "not applied" line comes or goes

    def control(self, name: str) -> Widget:
        """The control editing field ``name``, moved there (fields behind "More settings"
        are shown first). Its value, focus and tooltip are the field's."""
        self._build_first()
        if name not in self._built:
            self.show_more()
        if self._at != name:
            self._place(name)
        return self._control_for(name)

    def go_to(self, name: str) -> bool:
        """Edit field ``name``: show it, move the control there, focus it and scroll it into
        view; a locked field says why it is locked instead (False)."""
        if name in self._locked:
            self._refuse()
            return False
        control = self.control(name)
        control.focus()
        self.call_after_refresh(self.scroll_to_field, name)
        return True

    def focus_field(self, name: str = "") -> None:
        """Focus field ``name``, or where the learner left the form (its first open field
        at first), once the form is laid out."""
        self._build_first()
        self._pending = name
        self.call_after_refresh(self._focus_pending)

    def _focus_pending(self) -> None:
        if not all(control and control.is_mounted for control in (self._input, self._choice)):
            self.call_after_refresh(self._focus_pending)  # the form is still being built
            return
        fields = self._open_fields()
        name, self._pending = self._pending, ""
        if name:
            self.go_to(name)
        elif fields:
            self.go_to(self._at if self._at in fields else fields[0])

    def finder_entries(self) -> list[FieldEntry]:
        """Every field, in the form's order, for the go-to-field prompt (f)."""
        return [
            FieldEntry(
                name,
                field_help(name, "en", form=True),
                field_help(name, "zh", form=True),
                name in self._locked,
            )
            for name in self._first + self._more
        ]

    def _open_fields(self) -> list[str]:
        return [name for name in self._built if name not in self._locked]

    def action_next_field(self) -> None:
        self._step_field(+1)

    def action_previous_field(self) -> None:
        self._step_field(-1)

    def _step_field(self, step: int) -> None:
        """Tab (+1) or shift+tab (-1): the next open field, then "More settings", then on
        out of the form, as Textual's focus chain goes."""
        screen = self.screen
        more = list(self.query("#more").results(Button))
        fields = self._open_fields()
        on_more = bool(more) and more[0].has_focus
        if on_more:
            if step < 0 and fields:
                self.go_to(fields[-1])
            else:
                screen.focus_next()
            return
        if self._at in fields:
            index = fields.index(self._at) + step
        else:
            index = 0 if step > 0 else len(fields) - 1
        if 0 <= index < len(fields):
            self.go_to(fields[index])
        elif step > 0 and more:
            more[0].focus()
        elif step > 0:
            screen.focus_next()
        else:
            screen.focus_previous()

    @on(FormLines.Clicked)
    def _clicked(self, message: FormLines.Clicked) -> None:
        # A click on a choice's drawn lines opens its list, as a click on the choice itself
        # (or enter) does: once the control sits there and has scrolled into view.
        if self.go_to(message.field) and is_choice(self._fields[message.field]):
            self.call_after_refresh(self.call_after_refresh, self._open_choice, message.field)

    def _open_choice(self, name: str) -> None:
        choice = self._choice
        if choice is not None and self._at == name and choice.has_focus:
            choice.action_open()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget in (self._input, self._choice):
            if not event.widget.display:  # focused after the control moved on: follow it
                self._control_for(self._at).focus()
                return
            self._redraw()
            self.call_after_refresh(self.scroll_to_field, self._at)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget in (self._input, self._choice):
            self._redraw()
