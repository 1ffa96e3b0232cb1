"""The explanation log's hint rows: where the rest of the log is and which key reaches it
(a mixin of ``ExplanationLog``, which keeps the entries and the page)."""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip

from gradtui.tui.widgets.lines import to_strip

__all__ = ["LogHints"]


class LogHints:
    """The top row while scrolled back (how much is above, End for the newest) and the
    bottom row while more is below (how many lines, the key that pages to them)."""

    def _above(self) -> int | None:
        """While scrolled back, the kept entries wholly or partly above the pane (the
        note about dropped ones not counted); None while showing the page."""
        number, line = self._top
        if self._top >= (self._page, 0) or self._top == (self._start, 0):
            return None
        return max(number - self._first + (1 if line else 0), 0)

    def _hidden_below(self) -> int:
        """Lines below the pane, counted while the pane is on the page (all of its entries
        are wrapped); while scrolled further back, 0 (``_later`` counts entries)."""
        rows = self._view()
        if len(rows) < self._height or not rows:
            return 0
        number, line = rows[-1]
        if number < self._page:
            return 0
        later = sum(len(self._lines(later)) for later in range(number + 1, self._count))
        return len(self._lines(number)) - line - 1 + later

    def _later(self) -> int:
        """Entries not wholly shown below the pane's last row (which a hint covers)."""
        rows = self._view()
        if len(rows) < self._height or not rows:
            return 0
        number, line = rows[-1]
        if number == self._count - 1 and line == len(self._lines(number)) - 1:
            return 0
        return self._count - number

    def _hint_row(self, y: int, width: int, rows: list) -> Strip | None:
        """Row ``y``'s hint, when it has one."""
        if y == 0:
            above = self._above()
            if above is not None:
                if above:
                    hint = self._ui("↑ {count} earlier · {back}").format(
                        count=above, back=self._way_back()
                    )
                else:
                    hint = self._ui("↑ scrolled back · {back}").format(back=self._way_back())
                return self._hint(hint, width)
            if self._top > (self._page, 0):
                # Paged on through the newest entries: its first lines are above the pane,
                # and the row at the top may begin mid-sentence.
                keys = "↑" if self.has_focus or not self.scroll_key else "shift+↑"
                return self._hint(self._ui("↑ more above: {keys}").format(keys=keys), width)
        if y == self._height - 1 and len(rows) == self._height:
            below = self._hidden_below()
            if below:
                keys = self.scroll_key or ("↓" if self.has_focus else "tab, ↓")
                hint = self._ui("↓ {count} more lines: {keys}").format(count=below + 1, keys=keys)
                return self._hint(hint, width)
            later = self._later()
            if later:
                hint = self._ui("↓ {count} later · {back}").format(
                    count=later, back=self._way_back()
                )
                return self._hint(hint, width)
        return None

    def _way_back(self) -> str:
        """The key back to the newest entries from where the learner is: End in the focused
        log, else the key that pages the log from anywhere (End there would go to the chart's
        last row or the form)."""
        if self.has_focus or not self.scroll_key:
            return self._ui("End: newest")
        return self._ui("{keys}: later").format(keys=self.scroll_key)

    def _hint(self, hint: str, width: int) -> Strip:
        """A row that says where the rest is: short enough for an 80-column screen's log,
        and cut with a mark where the pane is narrower still."""
        text = Text(hint, "dim")
        text.truncate(width, overflow="ellipsis")
        return to_strip(self, text, width)
