"""The per-layer gradient chart: one row per layer (and kind), log scale, regime by colour
and glyph, a cursor on the selected layer.

It draws with the Line API: only the visible rows are rendered, so 1000 layers cost what 30
do, and a step repaints only the rows whose bar changed (plus all of them when the scale
grows). The rows come from ``gradtui.tui.draw.chart``, a pure function of the snapshot.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from gradtui.explain.regime import Regime
from gradtui.sim.snapshot import Phase, Snapshot
from gradtui.tui.draw.chart import (
    KINDS,
    ChartRow,
    Scale,
    chart_header,
    chart_row,
    chart_rows,
    scale_for,
)
from gradtui.tui.themes import regime_palette
from gradtui.tui.widgets.lines import app_lang, changed_span, to_strip

__all__ = ["GradientChart"]


class GradientChart(ScrollView, can_focus=True):
    """‖∂L/∂a_l‖ and/or ‖∂L/∂W_l‖ for every layer, layer 1 at the top; a bracket in the
    left margin beside the rows the log's newest entry speaks of."""

    DEFAULT_CSS = """
    GradientChart {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    GradientChart:focus {
        background-tint: $foreground 3%;
    }
    """

    judges_huge_weights = True
    """Whether the ‖∂L/∂W‖ rows are also judged by their own size, as ``chart_rows`` judges
    them (``classify_weights``): the legend then says so."""

    metric: var[str] = var("both")
    cursor_layer: var[int] = var(1)

    class LayerSelected(Message):
        """The learner clicked a layer's row."""

        def __init__(self, layer: int) -> None:
            self.layer = layer
            super().__init__()

    def __init__(self, *, mark_spoken: bool = True, **kwargs) -> None:
        """``mark_spoken``: bracket the rows the log speaks of (a chart beside no log, as
        in the compare view, has none to mark)."""
        super().__init__(**kwargs)
        self._mark_spoken = mark_spoken
        self._snapshot: Snapshot | None = None
        self._stale: Snapshot | None = None
        self._last_complete: Snapshot | None = None
        self._rows: list[ChartRow] = []
        self._scale: Scale | None = None
        self._header: list[Strip] = []
        self._cache: dict[int, Strip] = {}
        self._texts: dict[int, Text] = {}
        """The text each row was last drawn with, to repaint only what changes."""
        self._palette: dict[Regime, Style] = {}
        self._cache_width = 0
        self._header_width = 0
        """The width the header was drawn at: one drawn while the chart was hidden (an
        apply behind the form) has the hidden width's line breaks, not the shown one's."""
        self._scale_from_values = False
        self._clipping = False
        self._cursor_pending = False
        """The cursor moved while the chart had no rows on screen (hidden behind the whole
        detail or the form): bring it into view when the chart is shown again."""

    # ------------------------------------------------------------------ data in
    def update_snapshot(self, snapshot: Snapshot) -> None:
        """Show ``snapshot``; repaint only the rows that changed."""
        if snapshot.phase == Phase.READY and self._last_complete is not None:
            self._stale = self._last_complete
        if snapshot.backward and snapshot.backward[0] is not None:
            self._last_complete = snapshot
        if self._snapshot is not None and snapshot.depth != self._snapshot.depth:
            self.reset_scale()
        self._snapshot = snapshot
        self._rebuild()

    def widen_scale(self, scale: Scale) -> None:
        """Use at least ``scale`` (two charts side by side then share one scale)."""
        if self._scale is None:
            return
        wider = Scale(min(scale.low, self._scale.low), max(scale.high, self._scale.high))
        if wider != self._scale:
            self._scale = wider
            self._scale_from_values = True
            self._header = []
            self._rebuild(full=True)

    @property
    def clipping(self) -> bool:
        """The network clips its gradients: the header says ‖∂L/∂W‖ is before clipping."""
        return self._clipping

    @clipping.setter
    def clipping(self, value: bool) -> None:
        if value != self._clipping:
            self._clipping = value
            self.redraw_header()

    def redraw_header(self) -> None:
        """Draw the header again (after the language changed)."""
        self._header = []
        self.refresh()

    def reset_scale(self) -> None:
        """Forget the scale and the previous pass (a new network)."""
        self._scale = None
        self._scale_from_values = False
        self._stale = None
        self._last_complete = None

    @property
    def rows(self) -> list[ChartRow]:
        return self._rows

    @property
    def scale(self) -> Scale | None:
        return self._scale

    # ------------------------------------------------------------------ drawing
    @property
    def _width(self) -> int:
        """The width rows are drawn at: the widget's, less the scrollbar when it shows and
        one blank column before it, so that its thumb never touches a row's last digit."""
        width = self.scrollable_content_region.width
        return width - 1 if self.show_vertical_scrollbar and width > 1 else width

    @property
    def _label_width(self) -> int:
        depth = self._snapshot.depth if self._snapshot else 1
        return len(str(depth))

    def _chart_rows(self) -> list[ChartRow] | None:
        """The rows to show now (None before there is anything to show)."""
        if self._snapshot is None:
            return None
        return chart_rows(self._snapshot, self.metric, self._stale, mark_spoken=self._mark_spoken)

    def _rebuild(self, full: bool = False) -> None:
        rows = self._chart_rows()
        if rows is None:
            return
        values = [row.value if row.value is not None else row.stale for row in rows]
        # The empty chart's default scale is no previous scale: the first values set it.
        has_values = any(value is not None for value in values)
        scale = scale_for(values, self._scale if self._scale_from_values else None)
        self._scale_from_values = self._scale_from_values or has_values
        full = full or scale != self._scale or len(rows) != len(self._rows)
        changed = (
            range(len(rows))
            if full
            else [
                i for i, (new, old) in enumerate(zip(rows, self._rows, strict=True)) if new != old
            ]
        )
        self._rows, self._scale = rows, scale
        if full:
            self._cache.clear()
            self._texts.clear()
            self._header = []
            self.virtual_size = Size(self._width, len(rows) + self._header_height())
            self.refresh()
            return
        for index in changed:
            self._cache.pop(index, None)
            self._refresh_row(index)

    def _header_height(self) -> int:
        if self._header and self._header_width != self._width:
            # Built while the chart was hidden (behind the whole detail or the form, 0
            # columns wide): its strips were empty, and the header stayed blank after.
            self._header = []
        if not self._header and self._scale is not None:
            self._header_width = self._width
            self._header = [
                self._strip(line, self._width)
                for line in chart_header(
                    self._scale,
                    self._width,
                    self.metric,
                    self._label_width,
                    app_lang(self.app),
                    margin=self._mark_spoken,
                    clipping=self._clipping,
                    last_row=self._snapshot.depth if self._snapshot else None,
                    huge_weights=self.judges_huge_weights,
                )
            ]
        return len(self._header) or 2

    def _refresh_row(self, index: int) -> None:
        """Repaint row ``index`` if it is on screen: only the cells that changed since it
        was last drawn (a moved cursor is a few cells, a new value the bar and number)."""
        y = index + self._header_height() - round(self.scroll_y)
        if not self._header_height() <= y < self.size.height:
            return
        before = self._texts.pop(index, None)
        width = self._width
        start, stop = 0, width
        if before is not None and index < len(self._rows):
            start, stop = changed_span(before, self._row_text(index, width), width)
        if stop > start:
            self.refresh(Region(start, y, stop - start, 1))

    def _row_index(self, layer: int) -> int:
        return (layer - 1) * len(KINDS[self.metric])

    def render_line(self, y: int) -> Strip:
        width = self._width
        if width != self._cache_width:
            self._cache.clear()
            self._texts.clear()
            self._header = []
            self._cache_width = width
        header = self._header_height()
        if y < header:
            return self._header[y] if y < len(self._header) else Strip.blank(width)
        index = y - header + round(self.scroll_y)
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_row(index, width)
            self._cache[index] = strip
        return strip

    def _render_row(self, index: int, width: int) -> Strip:
        text = self._row_text(index, width)
        self._texts[index] = text
        return self._strip(text, width)

    def _row_text(self, index: int, width: int) -> Text:
        row = self._rows[index]
        snapshot = self._snapshot
        assert snapshot is not None and self._scale is not None
        current = snapshot.layer == row.layer and snapshot.phase in (
            Phase.FORWARD,
            Phase.BACKWARD,
        )
        return chart_row(
            row,
            self._scale,
            width,
            cursor=row.layer == self.cursor_layer,
            current=current,
            label_width=self._label_width,
            show_a="a" in KINDS[self.metric],
            palette=self.palette(),
            margin=self._mark_spoken,
        )

    def _strip(self, text: Text, width: int) -> Strip:
        return to_strip(self, text, width)

    def palette(self) -> dict[Regime, Style]:
        if not self._palette:
            self._palette = regime_palette(self.app.get_css_variables())
        return self._palette

    # ------------------------------------------------------------------ reactions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """↑/↓ choose the layer (the screen's keys; the cursor then scrolls the chart), not
        scroll the chart past the cursor as a scroll view's ↑/↓ would."""
        if action in ("scroll_up", "scroll_down"):
            return False
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._palette = {}
        self._header = []
        self._cache.clear()
        self._texts.clear()
        self.refresh()

    def on_resize(self) -> None:
        rows = len(self._rows) + self._header_height()
        if self._width == self._cache_width and rows == self.virtual_size.height:
            # Drawn at this width already: the first frame comes before the first Resize.
            # (Only the rows scroll: the virtual width, 0 if set before the first layout,
            # never makes a horizontal scroll bar.)
            return
        self._header = []
        self._cache.clear()
        self._texts.clear()
        self.virtual_size = Size(self._width, len(self._rows) + self._header_height())
        self.refresh()
        if self._cursor_pending:
            self.call_after_refresh(self._scroll_to_cursor)

    def show_cursor(self) -> None:
        """Bring the cursor's rows into view once the rows and the size have settled (after
        a new lesson or config: the previous network's scroll would hide them)."""
        self._cursor_pending = True
        self.call_after_refresh(self._scroll_to_cursor)

    def watch_metric(self) -> None:
        self._header = []
        self._rebuild(full=True)
        # After the refresh: until then the scroll is clamped to the old rows' height.
        self.show_cursor()

    def watch_cursor_layer(self, old: int, new: int) -> None:
        kinds = len(KINDS[self.metric])
        for layer in (old, new):
            for offset in range(kinds):
                index = self._row_index(layer) + offset
                self._cache.pop(index, None)
                self._refresh_row(index)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        if not self._rows:
            return
        visible = self.size.height - self._header_height()
        if visible <= 0:
            self._cursor_pending = True  # hidden: on_resize scrolls when it shows again
            return
        self._cursor_pending = False
        top = self._row_index(self.cursor_layer)
        bottom = top + len(KINDS[self.metric]) - 1
        if top < self.scroll_y or bottom >= self.scroll_y + visible:
            # Out of view: bring it to the middle, so moving on does not scroll every row.
            self.scroll_to(y=max(top - visible // 2, 0), animate=False)

    def on_click(self, event: events.Click) -> None:
        index = event.y - self._header_height() + round(self.scroll_y)
        if 0 <= index < len(self._rows) and event.y >= self._header_height():
            self.post_message(self.LayerSelected(self._rows[index].layer))
