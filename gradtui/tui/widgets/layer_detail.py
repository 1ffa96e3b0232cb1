"""The selected layer's detail: its parameter count, the last pass's time, ‖W‖, the local
factor and its parts, what is left of the output's gradient, one unit's weight-gradient
signs, f'(z) with its range, dead and saturated fractions, update size, f'(z)'s histogram.
A pure function of the snapshot draws it; only the lines that changed are repainted.

A short pane cannot hold it all (at 80×24 it has 9 rows): its last row then says how many
lines are below and that d shows the whole detail (the screen gives it the log's place).
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip

from gradtui.explain import say
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.draw.chart import layer_detail
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

    whole = False
    """Whether the detail fills the screen (d); its last row then says how to go back."""

    def show_layer(
        self, snapshot: Snapshot, info: LayerInfo, layer: int, network_total: int | None = None
    ) -> None:
        lang = app_lang(self.app)
        self.show(layer_detail(snapshot, info, layer, lang, network_total))
        # The mark's count changes with the text even where its row's line does not.
        self.refresh(Region(0, self.size.height - 1, self.size.width, 1))

    @property
    def hidden_lines(self) -> int:
        """Lines below the pane's last row (0 when the whole detail shows)."""
        height = self.size.height
        lines = len(self._lines)
        return lines - height + 1 if height and lines > height else 0

    def render_line(self, y: int) -> Strip:
        last = y == self.size.height - 1
        mark = self._mark() if last else None
        if mark is not None:
            return to_strip(self, Text(mark, "dim"), self.size.width)
        return super().render_line(y)

    def _mark(self) -> str | None:
        """The last row's words: how many lines are below, or (whole) how to go back."""
        lang = app_lang(self.app)
        if self.hidden_lines:
            return say("detail_more", lang, lines=self.hidden_lines)
        if self.whole:
            return say("detail_whole_back", lang)
        return None

    @property
    def visible_text(self) -> str:
        """The rows on screen as plain text, the mark included (for tests)."""
        height = self.size.height
        rows = [line.plain for line in self._lines[:height]]
        rows += [""] * (height - len(rows))
        mark = self._mark()
        if mark is not None and rows:
            rows[-1] = mark
        return "\n".join(rows).rstrip("\n")
