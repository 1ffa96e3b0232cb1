"""The explanation log: one short entry per step, wrapped to the pane, scrollable, copyable.

It fills like a page: a new entry is written below the last one, and only its own lines go
to the terminal. When the page is full it turns: the new entry starts the next page (one
repaint). A scrolling log would repaint the whole pane on every step (about
3 KB at 120×40); a page costs a step only its new lines. Scroll back (mouse wheel, or
focus the log and use the arrow keys) to read older entries; the next step returns to the
newest. While scrolled back, the top line says how much is above.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from gradtui.explain import join
from gradtui.tui.widgets.lines import to_strip

__all__ = ["ExplanationLog"]

MAX_ENTRIES = 2000
"""The log keeps the newest entries; older ones are dropped when a page turns."""
BULLET = Style(bold=True)


class ExplanationLog(Widget, can_focus=True):
    """Entries as wrapped paragraphs (Rich wraps by cell width, so CJK text wraps right)."""

    DEFAULT_CSS = """
    ExplanationLog {
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("up,k", "scroll_back(1)", "Earlier", show=False),
        Binding("down,j", "scroll_back(-1)", "Later", show=False),
        Binding("pageup", "scroll_back(10)", "Page up", show=False),
        Binding("pagedown", "scroll_back(-10)", "Page down", show=False),
        Binding("end", "scroll_back(-1000000)", "Newest", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[str] = []
        """Every entry kept, oldest first, for copying and saving."""
        self._lines: list[Text] = []
        self._starts: list[int] = []
        """The first line of each entry in ``_lines``."""
        self._page_top = 0
        self._back = 0
        """Lines scrolled back (up) from the page; negative when scrolled down through an
        entry longer than the pane. 0 follows the newest entry."""
        self._width = 0
        self._strips: dict[int, Strip] = {}

    # ------------------------------------------------------------------ entries
    def add_entry(self, sentences: list[str], lang: str = "en") -> None:
        """Append one step's sentences as one entry."""
        if not sentences:
            return
        text = join(sentences, lang)
        self.entries.append(text)
        if not self._width:
            return  # not laid out yet: on_resize wraps everything
        start = len(self._lines)
        self._starts.append(start)
        self._lines.extend(self._wrap(text))
        for index in range(start, len(self._lines)):
            self._strips.pop(index, None)  # drawn blank until now
        height = max(self.size.height, 1)
        if self._back:
            self._back = 0
            self._strips.clear()
            self.refresh()
        if len(self._lines) - self._page_top > height or len(self.entries) > MAX_ENTRIES:
            self._turn_page(height)
        else:
            self.refresh(
                Region(0, start - self._page_top, self.size.width, len(self._lines) - start)
            )

    def transcript(self) -> str:
        """The whole log as Markdown, one bullet per entry."""
        return "".join(f"- {entry}\n" for entry in self.entries)

    @property
    def visible_text(self) -> str:
        """The lines on screen now, as plain text (for tests)."""
        top = self._top
        return "\n".join(line.plain for line in self._lines[top : top + self.size.height])

    @property
    def _top(self) -> int:
        return max(self._page_top - self._back, 0)

    def _hidden_below(self) -> int:
        """Lines below the pane (an entry longer than the pane)."""
        return max(len(self._lines) - self._top - self.size.height, 0)

    # ------------------------------------------------------------------ scrolling back
    def action_scroll_back(self, lines: int) -> None:
        lowest = -max(len(self._lines) - self._page_top - self.size.height, 0)
        back = min(max(self._back + lines, lowest), self._page_top)
        if back != self._back:
            self._back = back
            self._strips.clear()
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.action_scroll_back(3)
        event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.action_scroll_back(-3)
        event.stop()

    # ------------------------------------------------------------------ layout
    def _wrap(self, entry: str) -> list[Text]:
        text = Text(end="")
        text.append("• ", BULLET)
        text.append(entry)
        return list(text.wrap(self.app.console, max(self._width, 8)))

    def _turn_page(self, height: int) -> None:
        """Start a page with the newest entry at the top (its start, even when it is longer
        than the pane: the last row then says how much is below)."""
        if len(self.entries) > MAX_ENTRIES:
            del self.entries[: len(self.entries) - MAX_ENTRIES]
            self._rewrap()
            return
        self._page_top = self._starts[-1]
        self._strips.clear()
        self.refresh()

    def _rewrap(self) -> None:
        self._lines, self._starts, self._strips = [], [], {}
        for entry in self.entries:
            self._starts.append(len(self._lines))
            self._lines.extend(self._wrap(entry))
        height = max(self.size.height, 1)
        # The page that holds the newest entries, starting at an entry's first line: the
        # earliest start from which the rest fits, or the newest entry's start.
        fitting = [start for start in self._starts if len(self._lines) - start <= height]
        self._page_top = fitting[0] if fitting else (self._starts[-1] if self._starts else 0)
        self._back = 0
        self.refresh()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
        self._rewrap()

    # ------------------------------------------------------------------ drawing
    def render_line(self, y: int) -> Strip:
        index = self._top + y
        width = self.size.width
        if y == 0 and self._back > 0:
            hint = f"↑ {self._top} lines above · scrolled back: end returns"
            return to_strip(self, Text(hint, "dim"), width)
        below = self._hidden_below()
        if below and y == self.size.height - 1:
            hint = f"↓ {below + 1} more lines: scroll down"
            return to_strip(self, Text(hint, "dim"), width)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            line = self._lines[index] if 0 <= index < len(self._lines) else Text()
            strip = to_strip(self, line, width)
            self._strips[index] = strip
        return strip
