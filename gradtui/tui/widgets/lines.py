"""A widget that shows Rich text wrapped to its width and repaints only the lines that
changed: a step that changes three numbers sends three lines to the terminal, not the pane.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from gradtui.tui.draw.wrap import has_wide, wrap

__all__ = ["LinesView", "Wrapped", "app_lang", "changed_span", "to_strip"]


def app_lang(app: object) -> str:
    """The language the app explains in ("en" for an app that has none)."""
    return getattr(app, "lang", "en")


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


def _cells(text: Text) -> list[tuple[str, object]] | None:
    """(character, style) per cell; None when a character is not one cell wide."""
    plain = text.plain
    if cell_len(plain) != len(plain):
        return None
    styles: list[object] = [text.style] * len(plain)
    for span in text.spans:
        for index in range(span.start, min(span.end, len(plain))):
            styles[index] = (styles[index], span.style)
    return list(zip(plain, styles, strict=True))


def changed_span(before: Text, after: Text, width: int) -> tuple[int, int]:
    """The cells [start, stop) that differ between two renderings of a line, so that only
    they are sent to the terminal (a changed number, not its whole line)."""
    old, new = _cells(before), _cells(after)
    if old is None or new is None:
        return 0, width
    length = max(len(old), len(new))
    old += [(" ", None)] * (length - len(old))
    new += [(" ", None)] * (length - len(new))
    start = next((i for i in range(length) if old[i] != new[i]), length)
    if start == length:
        return 0, 0
    stop = next(i for i in range(length, 0, -1) if old[i - 1] != new[i - 1])
    return start, min(stop, width)


class LinesView(Widget):
    """Set its text with ``show``; unchanged lines are not repainted. With ``height: auto``
    it grows to its wrapped text (up to its ``max-height``); where the text is cut, its last
    line is the ``more`` mark, so that a cut never passes unseen."""

    def __init__(self, *, unwrapped: int = 0, **kwargs) -> None:
        """``unwrapped``: how many first lines are cut to the width (with …) instead of
        wrapped, so that a title never pushes the rest out of a short pane."""
        super().__init__(**kwargs)
        self.unwrapped = unwrapped
        """How many first lines are cut to the width instead of wrapped (set it before
        ``show``)."""
        self._source = Text()
        self._more: Text | None = None
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._width = 0
        self._height = 0

    def show(self, text: Text, more: Text | None = None) -> None:
        """Show ``text``; ``more`` (one line) takes the last line's place where the text
        does not fit, saying how to read the rest."""
        self._source = text
        self._more = more
        if more is not None and self.styles.height is not None and self.styles.height.is_auto:
            # An auto height follows the text: let the layout measure it again.
            self.refresh(layout=True)
        self._wrap()

    @property
    def is_cut(self) -> bool:
        """Whether the text is longer than the widget (its last line is the more mark)."""
        return self._more is not None and bool(self._lines) and self._lines[-1] is self._more

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width, cut=False)) if width > 0 else 1

    @property
    def text(self) -> Text:
        """The text last shown, before wrapping (for tests: its words are whole)."""
        return self._source

    @property
    def plain(self) -> str:
        """The text shown, as plain lines (for tests and copying)."""
        return "\n".join(line.plain for line in self._lines)

    def _wrap(self, repaint: bool = True) -> None:
        width = self.size.width
        if width <= 0:
            # Hidden (behind the form, say): the painted strips no longer match the lines,
            # so the next wrap at a real width repaints every line, not only changed ones.
            self._lines = list(self._source.split("\n"))
            self._width = self._height = 0
            self._strips.clear()
            return
        lines = self._layout(width)
        if (width, self.size.height) != (self._width, self._height):
            self._width, self._height = width, self.size.height
            self._lines = lines
            self._strips.clear()
            if repaint:
                self.refresh()
            return
        old, self._lines = self._lines, lines
        for y in range(max(len(old), len(lines))):
            before = old[y] if y < len(old) else Text()
            after = lines[y] if y < len(lines) else Text()
            if before != after:
                self._strips.pop(y, None)
                start, stop = changed_span(before, after, width)
                self.refresh(Region(start, y, stop - start, 1))

    def _layout(self, width: int, cut: bool = True) -> list[Text]:
        paragraphs = list(self._source.split("\n", allow_blank=True))
        lines = []
        for line in paragraphs[: self.unwrapped]:
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        rest = Text("\n", end="").join(paragraphs[self.unwrapped :])
        if rest.plain:
            # Chinese breaks between characters (draw/wrap.py): it has no spaces to wrap at.
            lines.extend(wrap(rest, width, self.app.console))
        height = self.size.height
        if cut and self._more is not None and 0 < height < len(lines):
            lines = [*lines[: height - 1], self._more]
        return lines

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


class Wrapped(Static):
    """A ``Static`` of plain text (never markup) that wraps Chinese between characters, as
    the log and the views do (draw/wrap.py): Rich alone wraps only at spaces, which moved a
    whole Chinese clause to the next line and left the line before it half empty. English
    wraps exactly as a ``Static``'s does."""

    def __init__(self, content: Text | str = "", *, markup: bool = False, **kwargs) -> None:
        super().__init__(content, markup=False, **kwargs)  # never markup, whatever is asked

    def _chinese(self) -> Text | None:
        content = self.content
        text = content if isinstance(content, Text) else Text(str(content))
        return text if has_wide(text.plain) else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        text = self._chinese()
        if text is None:
            return super().get_content_height(container, viewport, width)
        return len(wrap(text, width, self.app.console))

    def render(self):
        text = self._chinese()
        if text is None:
            return super().render()
        lines = wrap(text, self.content_size.width or self.size.width, self.app.console)
        joined = Text("\n", end="").join(lines)
        joined.no_wrap = True
        return joined
