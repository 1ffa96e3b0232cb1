"""The selected layer's detail: its parameter count, the last pass's time, ‖W‖, the local
factor and its parts, what is left of the output's gradient, one unit's weight-gradient
signs, f'(z) with its range, dead and saturated fractions, update size, f'(z)'s histogram.
A pure function of the snapshot draws it; only the lines that changed are repainted.

A short pane cannot hold it all (at 80×24 it has 9 rows): its last row then says how many
lines are below and that d shows the whole detail (the screen gives it the log's place).
Where even the whole detail is cut, ↑/↓, PgUp/PgDn, Home/End and the mouse wheel scroll it
and its last row says so (d is the way back, not to more lines); with everything shown it
says how to go back.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip

from gradtui.explain import say
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.draw.detail import layer_detail
from gradtui.tui.widgets.lines import LinesView, app_lang, to_strip

__all__ = ["LayerDetail"]


class LayerDetail(LinesView):
    """What the selected layer did in this pass."""

    DEFAULT_CSS = """
    LayerDetail {
        padding: 0 1;
        height: 16;
    }
    """

    _whole = False
    _top = 0
    """The first line shown: the whole detail scrolls (keys, mouse wheel) where it is cut."""

    @property
    def whole(self) -> bool:
        """Whether the detail fills the screen (d); its last row then says how to go back."""
        return self._whole

    @whole.setter
    def whole(self, whole: bool) -> None:
        self._whole = whole
        self.verdict_waiting = False
        self._scroll_to(0)

    verdict_waiting = False
    """Whether a prediction's verdict went to the log while the whole detail hides it: the
    way back (d) then says so."""

    def say_verdict_waits(self) -> None:
        """A verdict went to the log, which the whole detail hides: d's words say so."""
        if self._whole:
            self.verdict_waiting = True
            self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    def show_layer(
        self, snapshot: Snapshot, info: LayerInfo, layer: int, network_total: int | None = None
    ) -> None:
        lang = app_lang(self.app)
        self.show(layer_detail(snapshot, info, layer, lang, network_total))
        if self._top:
            # Scrolled: the changed lines are not where their rows are; paint them all.
            self._scroll_to(self._top)
            self.refresh()
        # The mark's count changes with the text even where its row's line does not.
        self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    @property
    def hidden_lines(self) -> int:
        """Lines below the pane's last row (0 when the whole detail shows)."""
        height = self.size.height
        lines = len(self._lines) - self._top
        return lines - height + 1 if height and lines > height else 0

    def _scroll_to(self, top: int) -> None:
        most = max(0, len(self._lines) - self.size.height + 1) if self._whole else 0
        top = max(0, min(top, most))
        if top != self._top:
            self._top = top
            self._strips.clear()
            self.refresh()

    def scroll_by_key(self, key: str) -> None:
        """Scroll the whole detail: ``down``/``up`` a line, ``pagedown``/``pageup`` a page
        (the rows above the mark, less one kept for context), ``end``/``home`` to the
        last or first line."""
        page = max(self.size.height - 2, 1)
        moves = {"down": 1, "up": -1, "pagedown": page, "pageup": -page}
        if key in moves:
            self._scroll_to(self._top + moves[key])
        elif key == "end":
            self._scroll_to(len(self._lines))
        elif key == "home":
            self._scroll_to(0)

    def on_mouse_scroll_down(self, event) -> None:
        if self._whole:
            event.stop()
            self._scroll_to(self._top + 1)

    def on_mouse_scroll_up(self, event) -> None:
        if self._whole:
            event.stop()
            self._scroll_to(self._top - 1)

    def render_line(self, y: int) -> Strip:
        last = y == self.size.height - 1
        mark = self._mark() if last else None
        if mark is not None:
            return to_strip(self, Text(mark, "dim"), self.size.width)
        if self._top:
            index = y + self._top
            line = self._lines[index] if index < len(self._lines) else Text()
            return to_strip(self, line, self.size.width)
        return super().render_line(y)

    def _mark(self) -> str | None:
        """The last row's words: how many lines are below and how to read them, or
        (whole) how to go back."""
        lang = app_lang(self.app)
        if self.hidden_lines:
            key = "detail_whole_more" if self._whole else "detail_more"
            return say(key, lang, lines=self.hidden_lines)
        if self._whole:
            if self.verdict_waiting:
                return say("detail_whole_verdict", lang)
            if self._top:
                return say("detail_whole_top", lang, lines=self._top)
            return say("detail_whole_back", lang)
        return None

    @property
    def visible_text(self) -> str:
        """The rows on screen as plain text, the mark included (for tests)."""
        height = self.size.height
        rows = [line.plain for line in self._lines[self._top : self._top + height]]
        rows += [""] * (height - len(rows))
        mark = self._mark()
        if mark is not None and rows:
            rows[-1] = mark
        return "\n".join(rows).rstrip("\n")
