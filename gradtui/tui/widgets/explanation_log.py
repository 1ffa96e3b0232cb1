"""The explanation log: one short entry per step, wrapped to the pane, scrollable, copyable.

It fills like a page: a new entry is written below the last one, and only its own lines go
to the terminal. When the page is full it turns: the new entry starts the next page (one
repaint). A scrolling log would repaint the whole pane on every step (about
3 KB at 120×40); a page costs a step only its new lines. Scroll back (mouse wheel, shift+↑,
or focus the log: ↑/↓, PgUp/PgDn, Home/End) to read older entries; the next step returns
to the newest. While scrolled back, the top line says how much is above.

An entry costs what it says, however long the session: its text is wrapped once per width,
when it first comes into view, and the pane keeps the newest ``HISTORY`` entries to scroll
through. Older ones leave the pane (a first line says so and how to get them) but stay in
the transcript, up to ``TRANSCRIPT_ENTRIES``.

A heading (``add_heading``) marks where a lesson or another network began: a bold line of
its own that starts a new page, so the new lesson's intro shows first and the old lesson's
last words scroll back above it; the transcript makes it a Markdown heading.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from gradtui.explain import join, ui
from gradtui.explain.transcript import markdown_entries
from gradtui.tui.draw.wrap import wrap
from gradtui.tui.widgets.lines import app_lang, to_strip
from gradtui.tui.widgets.log_hints import LogHints

__all__ = ["HISTORY", "TRANSCRIPT_ENTRIES", "ExplanationLog"]

HISTORY = 1000
"""Entries the pane keeps to scroll back through: about 45 passes of the default lesson,
half a pass at depth 1000 (the transcript has the rest)."""
TRANSCRIPT_ENTRIES = 50_000
"""Entries kept as text for the transcript: a few hundred bytes each, so at most about
20 MB. Past it the oldest go, ``TRIM`` at a time, and the transcript says how many."""
TRIM = TRANSCRIPT_ENTRIES // 10
"""Dropped together, so that appending stays O(1) however long the session."""
BULLET = Style(bold=True)

Position = tuple[int, int]
"""(entry number, line of its wrapped text): where a row of the pane is. Entry numbers
count from the session's first entry and never change as older entries are dropped."""


class ExplanationLog(LogHints, Widget, can_focus=True):
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
        Binding("pageup", "scroll_page(1)", "Page up", show=False),
        Binding("pagedown", "scroll_page(-1)", "Page down", show=False),
        Binding("home", "scroll_home", "Oldest", show=False),
        Binding("end", "scroll_end", "Newest", show=False),
    ]

    def __init__(self, *, scroll_key: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.scroll_key = scroll_key
        """The screen's key that pages the log down wherever the focus is ("": the log's ↓)."""
        self._texts: list[str] = []
        """The entries kept for the transcript, oldest first."""
        self._dropped = 0
        """Entries dropped from ``_texts`` (the session's oldest)."""
        self._wrapped: dict[int, list[Text]] = {}
        """Wrapped lines of the entries that have been in view, at ``_width``."""
        self._pruned = 0
        """Entries below this number have no wrapped lines kept."""
        self._note: tuple[str, list[Text]] = ("", [])
        self._width = 0
        self._laid_out = (0, 0)
        """The pane's (width, height) the page was last laid out for."""
        self._page = 0
        """The entry the page starts at."""
        self._top: Position = (0, 0)
        """The pane's first row: the page's start, or above it while scrolled back, or
        below it while reading down an entry longer than the pane."""
        self._rows: list[Position] | None = None
        """What each row of the pane shows; None until laid out again."""
        self._strips: dict[int, Strip] = {}
        self._headings: set[int] = set()
        """The entry numbers that are headings (``add_heading``)."""
        self._lead: int | None = None
        """Where the newest entry, a verdict, shows above the one it speaks of (only on
        the pane, until the next entry comes: ``add_verdict``)."""

    # ------------------------------------------------------------------ entries
    def add_entry(self, sentences: list[str], lang: str = "en") -> None:
        """Append one step's sentences as one entry."""
        self.add_entries([sentences], lang)

    def add_entries(self, entries: Iterable[list[str]], lang: str = "en") -> None:
        """Append several steps' entries (a whole pass) with one repaint. Only the entries
        that end up on the page are wrapped: the cost is the page's, not the batch's."""
        before = self._count
        self._texts.extend(join(sentences, lang) for sentences in entries if sentences)
        added = self._count - before
        if not added:
            return
        if self._lead is not None:
            self._lead_at(None)
        if len(self._texts) > TRANSCRIPT_ENTRIES:
            cut = len(self._texts) - TRANSCRIPT_ENTRIES + TRIM
            del self._texts[:cut]
            self._dropped += cut
        for number in range(self._pruned, self._first):
            self._wrapped.pop(number, None)
        self._pruned = max(self._pruned, self._first)
        if self._width:  # else on_resize lays out the page
            self._follow(added)

    def add_heading(self, heading: str) -> None:
        """A boundary: ``heading`` as a line of its own that starts a new page."""
        self._headings.add(self._count)
        self.add_entries([[heading]])

    @property
    def headings(self) -> set[int]:
        """Which of ``entries`` are headings, by their index there."""
        shift = self._dropped - (1 if self._dropped else 0)  # the note is entries[0]
        return {number - shift for number in self._headings if number >= self._dropped}

    def add_verdict(self, sentences: list[str], lang: str = "en") -> None:
        """Append a verdict on the newest entry's numbers, shown with that entry: above it,
        whole, where the two are taller than the pane (a pass at 80×24), not alone."""
        about = self._count - 1
        self.add_entries([sentences], lang)
        if sentences and about >= self._first and self._width:
            if len(self._lines(about)) + len(self._lines(about + 1)) > self._height:
                self._lead_at(about)
            self._page = about
            self._show_from((about, 0))

    def _lead_at(self, lead: int | None) -> None:
        """Show the verdict at ``lead + 1`` above the entry at ``lead`` (None: in order)."""
        pair = self._lead if lead is None else lead
        for number in (pair, pair + 1):
            self._wrapped.pop(number, None)  # wrapped again in their places
        self._lead = lead
        self._strips.clear()

    @property
    def entries(self) -> list[str]:
        """The entries the transcript holds, oldest first: all of the session's, up to
        ``TRANSCRIPT_ENTRIES``; past that, the newest, after a first item that says how many
        older ones were dropped."""
        if not self._dropped:
            return self._texts
        return [self._transcript_note(), *self._texts]

    def transcript(self) -> str:
        """The whole log as Markdown, one bullet per entry, a heading where one was added."""
        return "".join(f"{line}\n" for line in markdown_entries(self.entries, self.headings))

    @property
    def visible_text(self) -> str:
        """The lines on screen now, as plain text (for tests)."""
        return "\n".join(self._line(position).plain for position in self._view())

    @property
    def _count(self) -> int:
        """Entries the session has had."""
        return self._dropped + len(self._texts)

    @property
    def _first(self) -> int:
        """The oldest entry the pane keeps."""
        return max(self._count - HISTORY, 0)

    @property
    def _start(self) -> int:
        """The first scrollable entry: the note about the dropped ones, if any, is one
        above the oldest kept."""
        return self._first - 1 if self._first else 0

    @property
    def _height(self) -> int:
        return max(self.size.height, 1)

    def _ui(self, text: str) -> str:
        """A label of the log in the app's language (the one it explains in now)."""
        return ui(text, app_lang(self.app))

    def _transcript_note(self) -> str:
        return self._ui(
            "(The first {dropped} entries of this session are not kept; these are the "
            "newest {kept}.)"
        ).format(dropped=self._dropped, kept=len(self._texts))

    def _pane_note(self) -> str:
        if not self._dropped:
            note = self._ui("{older} older entries are not kept here; w saves the whole session.")
        else:
            note = self._ui(
                "{older} older entries are not kept here; w saves a transcript with the newest "
                "{kept} (the first {dropped} are gone)."
            )
        return note.format(older=self._first, kept=len(self._texts), dropped=self._dropped)

    # ------------------------------------------------------------------ layout
    def _wrap(self, text: Text) -> list[Text]:
        # Chinese breaks between characters (draw/wrap.py), English at spaces as Rich does.
        return wrap(text, max(self._width, 8), self.app.console)

    def _lines(self, number: int) -> list[Text]:
        """Entry ``number`` wrapped to the pane (the note about dropped entries one above
        the oldest kept), wrapped the first time it is needed at this width."""
        if number < self._first:
            note = self._pane_note()
            if note != self._note[0]:
                self._note = (note, self._wrap(Text("… " + note, "dim", end="")))
            return self._note[1]
        lines = self._wrapped.get(number)
        if lines is None:
            entry = self._texts[number - self._dropped]
            if number in self._headings:
                # One line, cut with "…" where narrow: the intro under it names it whole.
                text = Text(f"── {entry}", BULLET, end="")
                text.truncate(max(self._width, 8) - 3, overflow="ellipsis")
                lines = self._wrapped[number] = [text.append(" ──")]
                return lines
            text = Text(end="")
            text.append("• ", BULLET)
            # A verdict above the entry it speaks of (add_verdict): the two change places.
            stored = 2 * self._lead + 1 - number if self._lead in (number, number - 1) else number
            text.append(self._texts[stored - self._dropped])
            lines = self._wrapped[number] = self._wrap(text)
        return lines

    def _line(self, position: Position) -> Text:
        number, line = position
        return self._lines(number)[line]

    def _last_page(self) -> int:
        """The page that holds the newest entries, starting at an entry's first line: the
        earliest entry from which the rest fits (no earlier than the newest heading), or
        the newest entry (longer than the pane: the last row then says how much is below)."""
        height, used = self._height, 0
        page = newest = self._count - 1
        for number in range(newest, self._first - 1, -1):
            used += len(self._lines(number))
            if used > height:
                break
            page = number
            if number in self._headings:
                break  # a page never starts above a lesson's heading (a resize re-pages)
        if self._lead is not None:  # a verdict above the entry it speaks of
            page = min(page, self._lead)
        return page

    def _follow(self, added: int) -> None:
        """Show the ``added`` newest entries: below the page if they fit, else on a new
        page. Either way the pane returns to the newest."""
        height, first_new = self._height, self._count - added
        on_page = self._top == (self._page, 0) and self._page >= self._first
        if on_page and first_new not in self._headings:
            used = sum(len(self._lines(number)) for number in range(self._page, first_new))
            # Every entry is at least one line: a batch taller than the pane is not wrapped.
            if used + added <= height:
                new = sum(len(self._lines(number)) for number in range(first_new, self._count))
                if used + new <= height:
                    self._rows = None
                    for y in range(used, used + new):
                        self._strips.pop(y, None)  # drawn blank until now
                    self.refresh(Region(0, used, self.size.width, new))
                    return
        # The new page starts at the first new entry, so that it has room for the next few
        # (a page filled with older entries would turn again at the next step); a batch
        # taller than the pane shows its end.
        self._page = first_new if self._fits(first_new, height) else self._last_page()
        self._show_from((self._page, 0))

    def _fits(self, first: int, height: int) -> bool:
        """Whether the entries from ``first`` to the newest fit in ``height`` rows (wraps
        at most ``height`` of them)."""
        if self._count - first > height:
            return False
        return sum(len(self._lines(number)) for number in range(first, self._count)) <= height

    def _show_from(self, top: Position) -> None:
        self._top = top
        self._rows = None
        self._strips.clear()
        self.refresh()

    def _view(self) -> list[Position]:
        """The rows of the pane, from ``_top`` down (wraps only the entries in view)."""
        if self._rows is None:
            rows: list[Position] = []
            height, (number, line) = self._height, self._top
            while len(rows) < height and number < self._count:
                count = len(self._lines(number))
                rows.extend((number, index) for index in range(line, min(count, line + height)))
                number, line = number + 1, 0
            self._rows = rows[:height]
        return self._rows

    def on_resize(self) -> None:
        if (self.size.width, self.size.height) != self._laid_out:
            self._lay_out(repaint=True)

    def _lay_out(self, repaint: bool) -> None:
        """Wrap and page the entries for the pane's size: the newest page, from its top."""
        self._laid_out = (self.size.width, self.size.height)
        if self.size.width != self._width:
            self._width = self.size.width
            self._wrapped.clear()
            self._note = ("", [])
        if self._count:
            self._page = self._last_page()
        self._top = (self._page, 0)
        self._rows = None
        self._strips.clear()
        if repaint:
            self.refresh()

    # ------------------------------------------------------------------ scrolling back
    def _moved(self, position: Position, lines: int) -> Position:
        """``position`` moved up ``lines`` rows (down when negative), within the entries
        kept; wraps only the entries it passes."""
        number, line = position
        while lines > 0:
            if line >= lines:
                return number, line - lines
            if number <= self._start:
                return number, 0
            lines -= line
            number -= 1
            line = len(self._lines(number))
        while lines < 0:
            count = len(self._lines(number))
            if line - lines < count:
                return number, line - lines
            if number >= self._count - 1:
                return number, count - 1
            lines += count - line
            number, line = number + 1, 0
        return number, line

    def _lowest(self) -> Position:
        """The lowest the top may go: the page's start, or, when the newest entries are
        longer than the pane, the row that puts their last line at the bottom."""
        newest = self._count - 1
        end = self._moved((newest, len(self._lines(newest)) - 1), self._height - 1)
        return max((self._page, 0), end)

    def action_scroll_back(self, lines: int) -> None:
        """Scroll ``lines`` rows back (up); forward (down) when negative."""
        if not self._count or not self._width:
            return
        top = min(max(self._moved(self._top, lines), (self._start, 0)), self._lowest())
        if top != self._top:
            self._show_from(top)

    def action_scroll_page(self, pages: int) -> None:
        # A page less two rows: the hint rows at the top ("↑ more above") and the bottom
        # cover a line each, and the line under the old page's hint shows on the new one.
        self.action_scroll_back(pages * max(self._height - 2, 1))

    def action_scroll_home(self) -> None:
        if self._count and self._width and self._top != (self._start, 0):
            self._show_from((self._start, 0))

    def action_scroll_end(self) -> None:
        if self._count and self._width and self._top != (self._page, 0):
            self._show_from((self._page, 0))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.action_scroll_back(3)
        event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.action_scroll_back(-3)
        event.stop()

    # ------------------------------------------------------------------ drawing
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if (width, self.size.height) != self._laid_out:
            # Painted before its Resize arrives (the first frame): laid out for this size
            # now, not wrapped to 8 columns and again in the next frame.
            self._lay_out(repaint=False)
        rows = self._view()
        hint = self._hint_row(y, width, rows)
        if hint is not None:
            return hint
        strip = self._strips.get(y)
        if strip is None or strip.cell_length != width:
            line = self._line(rows[y]) if y < len(rows) else Text()
            strip = self._strips[y] = to_strip(self, line, width)
        return strip

    def on_mount(self) -> None:
        # Strips carry the theme's background: draw them again in a new theme.
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._strips.clear()
        self.refresh()
