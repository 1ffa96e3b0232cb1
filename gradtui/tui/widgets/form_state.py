"""What the config form holds and shows: its values and their validation, the lines that
draw the fields not being edited, and the locked fields (a mixin of ``ConfigPane``, in
``config_pane.py``, which moves the one control and builds the form)."""

from __future__ import annotations

from collections.abc import Collection

from textual.geometry import Region

from gradtui.config import Config, ConfigError, apply_overrides
from gradtui.explain import ui
from gradtui.tui.widgets.choice import Choice
from gradtui.tui.widgets.field_controls import choice_options, flatten, form_text, is_choice
from gradtui.tui.widgets.form_lines import Line

__all__ = ["FormState"]


class FormState:
    """The form's values, problems, locks and lines; the attributes are ``ConfigPane``'s."""

    _fields: dict
    _form: dict[str, str]
    _problems: dict[str, str]
    _locked: frozenset[str]
    _lock_reason: str
    _at: str
    _built: list[str]

    # ------------------------------------------------------------------ drawing
    def _editing(self) -> bool:
        return any(c is not None and c.has_focus for c in (self._input, self._choice))

    def _lines_of(self, name: str, part: str) -> list[Line]:
        """Field ``name``'s lines: "name" (its name line), "rest" (help and problem under
        the control), or "all" (name, value, problem: a field not being edited)."""
        lines: list[Line] = []
        locked = name in self._locked
        state = "invalid" if name in self._problems else ""
        if part != "rest":
            if name == self._at and self._editing():
                state = state or "focused"
            lines.append(Line(name, "name", name, "locked" if locked else state))
        if part == "all":
            field = self._fields[name]
            value = self._form[name]
            arrow = is_choice(field) and not locked  # "▼" at the right, as Choice draws it
            if is_choice(field):
                labels = dict((option, label) for label, option in choice_options(field))
                value = labels.get(value, value)
            if locked:
                value = f"{value}  {ui('(locked)', self._lang)}"
            lines.append(Line(value, "value", name, "choice" if arrow else "", indent=2))
        if part == "rest" and self._editing():
            lines.append(Line(self._help(name), "help", name, indent=2))
        if part != "name" and name in self._problems:
            lines.append(Line(self._problems[name], "problem", name))
            lines.append(Line("", "blank", name))
        elif part != "name" and self._unapplied(name):
            # A value picked or typed but not applied yet: the network shown is not it.
            # While a text field is typed in, a would be typed: enter applies the form.
            if self._input is not None and self._input.has_focus:
                said = ui("↳ not applied: ⏎ applies", self._lang)
            else:
                said = ui("↳ not applied: a applies", self._lang)
            lines.append(Line(said, "unapplied", name, indent=2))
        return lines

    def _unapplied(self, name: str) -> bool:
        """Whether field ``name`` holds a value the network does not have yet."""
        return self._form[name].strip() != form_text(self._fields[name], self._values[name])

    def _redraw(self) -> None:
        if not self._built:
            return
        above: list[Line] = []
        below: list[Line] = []
        target = above
        for name in self._built:
            if name == self._at:
                above.extend(self._lines_of(name, "name"))
                target = below
                below.extend(self._lines_of(name, "rest"))
            else:
                target.extend(self._lines_of(name, "all"))
        self._above.show(above)
        self._below.show(below)
        if self._input is not None:
            self._input.set_class(self._at in self._problems, "invalid")

    def scroll_to_field(self, name: str) -> None:
        """Scroll until field ``name`` shows, its name line and its value."""
        if name not in self._built:
            self.control(name)
        if name == self._at:
            # The name line above the control, the control, and its help and problem under
            # it (as much of them as the pane holds, the name first).
            region = self._control_for(name).virtual_region
            under = self._below.wrapped(self._below.size.width)
            rest = next((y for y, (_, field) in enumerate(under) if field != name), len(under))
            rows = min(2 + rest, max(self.scrollable_content_region.height, 2))
            self.scroll_to_region(Region(0, region.y - 1, region.width, rows), animate=False)
            return
        for lines in (self._above, self._below):
            row = lines.first_row_of(name)
            if row is not None:
                top = lines.virtual_region.y + row
                self.scroll_to_region(Region(0, top, lines.size.width, 2), animate=False)

    def field_names(self) -> list[str]:
        """The names the form shows, in order (each a dotted config name)."""
        return list(self._built)

    # ------------------------------------------------------------------ locking
    def set_locked(self, names: Collection[str], reason: str) -> None:
        """Make fields ``names`` read-only, saying ``reason`` when the learner tries to
        edit one; ``set_locked((), "")`` unlocks them all. Unknown names raise KeyError."""
        unknown = [name for name in names if name not in self._fields]
        if unknown:
            raise KeyError(", ".join(unknown))
        self._locked = frozenset(names)
        self._lock_reason = reason
        if not self._built:
            return
        if self._at in self._locked:
            focused = self._editing()
            open_fields = self._open_fields()
            if open_fields:
                self._place(open_fields[0])
                if focused:
                    self._control_for(open_fields[0]).focus()
                return
        self._place(self._at)

    @property
    def locked(self) -> frozenset[str]:
        """The fields locked now."""
        return self._locked

    def _refuse(self) -> None:
        self.app.notify(self._lock_reason or ui("This field is locked.", self._lang), markup=False)

    # ------------------------------------------------------------------ values
    def load(self, config: Config) -> None:
        """Show ``config`` in the form (after opening a file or applying)."""
        self._base = config
        self._values = flatten(config)
        self._form = self._texts()
        self._problems = {}
        if self._at:
            self._place(self._at)

    def overrides(self) -> list[str]:
        """The form's values that differ from the config it shows, as ``key=value``."""
        changes = []
        for name in self._built:
            text = self._form[name].strip()
            if text != form_text(self._fields[name], self._values[name]):
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
            self.mark({error.field: error.problem_in(self._lang)})
            raise
        self.mark({})
        return config

    def mark(self, problems: dict[str, str]) -> None:
        """Mark the fields named in ``problems`` with their message; unmark the others."""
        placed: dict[str, str] = {}
        for name, problem in problems.items():
            # A problem of the whole network (memory) goes on the depth field.
            where = name if name in self._fields else "network.depth"
            placed[where] = " ".join(filter(None, [placed.get(where), problem]))
        if placed != self._problems:
            self._problems = placed
            self._redraw()

    def problem_text(self, name: str) -> str:
        """The message shown under field ``name`` ("" when it is valid)."""
        return self._problems.get(name, "")

    def is_invalid(self, name: str) -> bool:
        """Whether field ``name`` is marked with a problem."""
        return name in self._problems

    def form_lines(self) -> list[str]:
        """The form's lines as text, the control's value in its place (for tests)."""
        above, below = self._above.text_lines(), self._below.text_lines()
        if not self._at:
            return above + below
        control = self._control_for(self._at)
        value = str(control.value) if not isinstance(control, Choice) else control.label
        return [*above, "  " + value, *below]
