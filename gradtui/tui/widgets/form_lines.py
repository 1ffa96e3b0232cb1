"""The config form's fields drawn as lines of one widget.

A field of the form is its dotted name on one line, its value on the next (indented), and
while it has focus its help in plain words under them; a bad value's message follows in
the error colour, wrapped to the pane. The form has 19 fields at first and 39 with "More
settings": one widget for each name and each value was most of the main screen's widgets,
about 80 KB each. Here the fields above the one being edited are the lines of one
``FormLines``, the fields below it the lines of another, and the field being edited is a
real ``Input`` (or ``Choice``) between them (``config_pane.py`` moves it).

A line knows which field it belongs to, so that a click on it goes to that field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from gradtui.tui.draw.wrap import wrap
from gradtui.tui.widgets.lines import to_strip

__all__ = ["FormLines", "Line"]


@dataclass(frozen=True)
class Line:
    """One line of the form, before it is wrapped to the pane's width."""

    text: str
    kind: str
    """"name", "value", "help", "problem", "unapplied", "blank": chooses its style
    (COMPONENT_CLASSES)."""
    field: str = ""
    """The dotted name of the field the line belongs to ("" for none)."""
    state: str = ""
    """For a name line: "focused", "invalid", "locked" or ""; for a value line, "choice"
    (drawn "label ▼", the arrow at the right edge) or ""."""
    indent: int = 0


class FormLines(Widget):
    """Lines of the form: names, values, help and problems of fields not being edited."""

    DEFAULT_CSS = """
    FormLines {
        height: auto;
        width: 1fr;
    }
    FormLines > .form--name {
        color: $text-muted;
    }
    FormLines > .form--name-focused {
        color: $foreground;
    }
    FormLines > .form--name-invalid {
        color: $text-error;
        text-style: bold;
    }
    FormLines > .form--name-locked {
        color: $text-disabled;
    }
    FormLines > .form--value {
        color: $foreground;
        background: $surface;
    }
    FormLines > .form--help {
        color: $text-muted;
        text-style: italic;
    }
    FormLines > .form--problem {
        color: $text-error;
    }
    FormLines > .form--unapplied {
        color: $text-warning;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {
        "form--name",
        "form--name-focused",
        "form--name-invalid",
        "form--name-locked",
        "form--value",
        "form--help",
        "form--problem",
        "form--unapplied",
    }

    class Clicked(Message):
        """A line of field ``field`` was clicked."""

        def __init__(self, field: str) -> None:
            super().__init__()
            self.field = field

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[Line] = []
        self.help_of: Callable[[str], str] | None = None
        """A field's help, shown as the tooltip of its lines."""
        self._shown: tuple[int, list[tuple[Text, str]]] | None = None
        """(width, the lines wrapped to it with their field), made when first drawn."""

    def show(self, lines: list[Line]) -> None:
        """Draw ``lines`` (repaints and re-measures only when they changed)."""
        if lines == self._lines:
            return
        self._lines = list(lines)
        self._shown = None
        self.refresh(layout=True)

    @property
    def lines(self) -> list[Line]:
        return self._lines

    def _style(self, line: Line) -> Style:
        if line.kind == "name" and line.state:  # a value's state is not a style
            return self.get_component_rich_style(f"form--name-{line.state}")
        if line.kind == "blank":
            return Style()
        return self.get_component_rich_style(f"form--{line.kind}")

    def wrapped(self, width: int) -> list[tuple[Text, str]]:
        """The lines at ``width`` cells: a help or a problem wraps; a name or a value is cut
        with "…" (names are up to 22 characters, the pane 28 to 32 inside)."""
        if self._shown and self._shown[0] == width:
            return self._shown[1]
        rows: list[tuple[Text, str]] = []
        console = self.app.console
        for line in self._lines:
            style = self._style(line)
            room = max(width - line.indent, 1)
            pad = " " * line.indent
            if line.kind in ("help", "problem", "unapplied"):
                for part in wrap(Text(line.text, style), room, console):
                    rows.append((Text(pad) + part, line.field))
                continue
            text = line.text
            if line.state == "choice":  # "label ▼", the arrow at the right edge
                if cell_len(text) > room - 2:
                    text = text[: max(room - 3, 0)] + "…"
                text = text.ljust(room - 2 - cell_len(text) + len(text)) + " ▼"
            elif cell_len(text) > room:
                text = text[: max(room - 1, 0)] + "…"
            shown = Text(pad)
            if line.kind == "value":
                shown.append(text.ljust(room - cell_len(text) + len(text)), style)
            else:
                shown.append(text, style)
            rows.append((shown, line.field))
        self._shown = (width, rows)
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width or self.size.width
        rows = self.wrapped(width)
        if y >= len(rows):
            return Strip.blank(width, self.rich_style)
        return to_strip(self, rows[y][0], width)

    def field_at(self, y: int) -> str:
        """The field of line ``y`` ("" for none)."""
        rows = self.wrapped(self.content_region.width or self.size.width)
        return rows[y][1] if 0 <= y < len(rows) else ""

    def first_row_of(self, field: str) -> int | None:
        """The first line (at the current width) of ``field``, None if it has none here."""
        rows = self.wrapped(self.content_region.width or self.size.width)
        return next((y for y, (_, name) in enumerate(rows) if name == field), None)

    def text_lines(self) -> list[str]:
        """The lines as plain text (at the current width)."""
        return [text.plain.rstrip() for text, _ in self.wrapped(self.content_region.width or 32)]

    def on_click(self, event: events.Click) -> None:
        field = self.field_at(event.y)
        if field:
            event.stop()
            self.post_message(self.Clicked(field))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        field = self.field_at(event.y)
        tooltip = self.help_of(field) if field and self.help_of else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._shown = None  # a new theme: the styles are baked into the wrapped lines
