"""A widget that shows Rich text wrapped to its width and repaints only the lines that
changed: a step that changes three numbers sends three lines to the terminal, not the pane.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["LinesView", "to_strip"]


def to_strip(widget: Widget, text: Text, width: int) -> Strip:
    """``text`` (one line) as a strip of ``width`` cells on ``widget``'s background. Every
    segment gets a style: Textual's colour filters (NO_COLOR) need one."""
    base = widget.rich_style
    segments = [
        Segment(part.text, base + part.style if part.style else base)
        for part in text.render(widget.app.console)
        if part.text != "\n"
    ]
    return Strip(segments).crop_extend(0, width, base)


class LinesView(Widget):
    """Set its text with ``show``; unchanged lines are not repainted."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._source = Text()
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._width = 0

    def show(self, text: Text) -> None:
        self._source = text
        self._wrap()

    @property
    def plain(self) -> str:
        """The text shown, as plain lines (for tests and copying)."""
        return "\n".join(line.plain for line in self._lines)

    def _wrap(self, repaint: bool = True) -> None:
        width = self.size.width
        if width <= 0:
            self._lines = list(self._source.split("\n"))
            return
        lines = list(self._source.wrap(self.app.console, width, overflow="ellipsis"))
        if width != self._width:
            self._width = width
            self._lines = lines
            self._strips.clear()
            if repaint:
                self.refresh()
            return
        old, self._lines = self._lines, lines
        for y in range(max(len(old), len(lines))):
            if y >= len(old) or y >= len(lines) or old[y] != lines[y]:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._width:
            self._wrap(repaint=False)
        strip = self._strips.get(y)
        if strip is None:
            line = self._lines[y] if y < len(self._lines) else Text()
            strip = to_strip(self, line, width)
            self._strips[y] = strip
        return strip
