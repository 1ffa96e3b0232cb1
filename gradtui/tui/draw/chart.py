"""Pure renderers: a snapshot in, Rich text out. No widget state, so tests call them directly.

The gradient chart is one row per layer and kind (``a`` for ‖∂L/∂a_l‖, ``W`` for ‖∂L/∂W_l‖),
on a log scale whose ends are whole powers of ten. Each row ends with its regime's glyph and
the value, so it reads the same without colour; the header's legend says what the glyph is
judged against (row L of the same kind, and for ‖∂L/∂W‖ also its own size:
``gradtui.explain.regime``). A value not computed yet in this pass shows
the previous pass's value as a light shaded bar (``░``), or a dot when there is none.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from gradtui.explain import format as fmt
from gradtui.explain import regime as regimes
from gradtui.explain import (
    rows_spoken_of,
    say,
)
from gradtui.explain.regime import Regime, classify, classify_weights
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.draw.wrap import fit_label

__all__ = [
    "ChartRow",
    "Scale",
    "brackets",
    "chart_header",
    "chart_legend",
    "chart_row",
    "chart_rows",
    "chart_svg",
    "scale_for",
]

KINDS = {"both": ("a", "W"), "grad_a": ("a",), "grad_w": ("W",)}
"""Which rows each chart metric shows for every layer."""
VALUE_WIDTH = 11
"""Columns for the value at a row's end: a space and ``3.12×10⁻¹⁴``'s 10, so that the
regime glyph before it keeps one column whether the number is 0.64 or 3.12×10⁻¹⁴."""
_EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_DECADES = 2
HEADROOM = 2
"""Decades added below (or above) the values when the scale grows."""


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One bar: a layer's ‖∂L/∂a‖ or ‖∂L/∂W‖ with its regime."""

    layer: int
    kind: str
    """"a" or "W"."""
    value: float | None
    """This pass's value; None while the backward pass has not reached the layer."""
    regime: Regime
    stale: float | None = None
    """The previous pass's value, drawn faintly while this pass's is pending."""
    forward_done: bool = False
    bracket: str = " "
    """The glyph in the chart's left margin: part of the bracket beside the rows the step's
    sentences speak of (``SPOKEN_GLYPHS``), else a space."""
    label: str = ""
    """The row's name in place of its layer number (a real model's module names)."""


SPOKEN_GLYPHS = ("┌", "│", "└", "[")
"""A bracket's top, middle and bottom beside the rows the log speaks of, and the mark of a
single row: shapes, not colours, so that it reads the same with NO_COLOR."""


@dataclass(frozen=True, slots=True)
class Scale:
    """The chart's log scale, from 10^low to 10^high (whole decades)."""

    low: int
    high: int

    def position(self, value: float) -> float:
        """Where ``value`` falls, 0..1 (clamped)."""
        if value <= 0:
            return 0.0
        where = (math.log10(value) - self.low) / (self.high - self.low)
        return min(max(where, 0.0), 1.0)


def _value(snapshot: Snapshot, layer: int, kind: str) -> float | None:
    back = snapshot.backward[layer - 1]
    if back is None:
        # ‖∂L/∂a_l‖ is known one step early: it is what layer l+1 passed on, the number
        # the log names at that step, so row l shows it while ‖∂L/∂W_l‖ is still pending.
        above = snapshot.backward[layer] if kind == "a" and layer < snapshot.depth else None
        return None if above is None else above.grad_in_norm
    return back.grad_a_norm if kind == "a" else back.grad_w_norm


def brackets(layers: Sequence[int], rows_per_layer: int) -> dict[int, str]:
    """The margin glyph of each chart row (0-based) beside ``layers``: one bracket per run
    of adjacent layers (a backward step's rows l−1 and l are one), ``[`` for a lone row."""
    top, middle, bottom, single = SPOKEN_GLYPHS
    marks: dict[int, str] = {}
    spoken = sorted(set(layers))
    runs: list[list[int]] = []
    for layer in spoken:
        if runs and layer == runs[-1][-1] + 1:
            runs[-1].append(layer)
        else:
            runs.append([layer])
    for run in runs:
        first = (run[0] - 1) * rows_per_layer
        last = run[-1] * rows_per_layer - 1
        if first == last:
            marks[first] = single
            continue
        for index in range(first, last + 1):
            marks[index] = top if index == first else bottom if index == last else middle
    return marks


def chart_rows(
    snapshot: Snapshot,
    metric: str,
    stale: Snapshot | None = None,
    *,
    mark_spoken: bool = True,
) -> list[ChartRow]:
    """The chart's rows for ``snapshot``, layer 1 first; ``stale`` is the last snapshot of
    the previous complete backward pass, shown faintly where this pass is pending. With
    ``mark_spoken``, the rows the step's sentences speak of carry a bracket."""
    rows = []
    depth = snapshot.depth
    kinds = KINDS[metric]
    marks = brackets(rows_spoken_of(snapshot), len(kinds)) if mark_spoken else {}
    for layer in range(1, depth + 1):
        forward_done = snapshot.forward[layer - 1] is not None
        for kind in kinds:
            value = _value(snapshot, layer, kind)
            reference = _value(snapshot, depth, kind)
            old = None
            if value is None and stale is not None and stale.depth == depth:
                old = _value(stale, layer, kind)
            bracket = marks.get(len(rows), " ")
            judge = classify_weights if kind == "W" else classify
            regime = judge(value, reference)
            rows.append(ChartRow(layer, kind, value, regime, old, forward_done, bracket))
    return rows


def scale_for(values: Sequence[float | None], previous: Scale | None = None) -> Scale:
    """Whole decades covering every finite positive value (and ``previous``), at least
    ``MIN_DECADES`` wide. When it must grow it grows by ``HEADROOM`` more decades than
    needed, so a pass that keeps vanishing redraws the whole chart a few times, not at
    every layer."""
    finite = [v for v in values if v is not None and math.isfinite(v) and v > 0]
    if not finite:
        return previous or Scale(-MIN_DECADES, 0)
    low = math.floor(math.log10(min(finite)))
    high = math.ceil(math.log10(max(finite)))
    if previous is not None:
        if low < previous.low:
            low -= HEADROOM
        if high > previous.high:
            high += HEADROOM
        low, high = min(low, previous.low), max(high, previous.high)
    else:
        low, high = low - HEADROOM, high + 1
    if high - low < MIN_DECADES:
        low = high - MIN_DECADES
    return Scale(int(low), int(high))


def _bar(fraction: float, width: int, full: str = "█") -> str:
    eighths = round(fraction * width * 8)
    whole, part = divmod(eighths, 8)
    if full != "█":
        return full * (whole + (part >= 4))
    return full * whole + (_EIGHTHS[part] if part else "")


def _value_cell(value: float) -> tuple[str, int]:
    """The value right-aligned in its ``VALUE_WIDTH`` cells, always one space after the
    regime glyph, and how many cells the bar gives up when the number needs more (a norm
    like 4.83×10⁻³³ is ten cells; such a value's bar is short, so its end is blank)."""
    number = fmt.number(value)
    cell = " " + number.rjust(VALUE_WIDTH - 1)
    return cell, max(len(cell) - VALUE_WIDTH, 0)


def chart_row(
    row: ChartRow,
    scale: Scale,
    width: int,
    *,
    cursor: bool,
    current: bool,
    label_width: int,
    show_a: bool = True,
    palette: Mapping[Regime, Style],
    margin: bool = False,
) -> Text:
    """One row of ``width`` cells: marker, layer, kind, bar, glyph, value. ``show_a`` says
    whether the chart has an ``a`` row per layer (the layer number goes on the first row);
    ``margin``, whether it starts with the column for the bracket of the rows spoken of."""
    text = Text(no_wrap=True, overflow="crop", end="")
    if margin:
        text.append(row.bracket, Style(bold=True))
        width -= 1
    marker = "▶" if cursor else ("◆" if current else " ")
    first_of_layer = row.kind != "W" or not show_a
    if not first_of_layer:
        label = " " * label_width
    elif row.label:
        label = fit_label(row.label, label_width)
    else:
        label = f"{row.layer:>{label_width}}"
    text.append(marker, Style(bold=True, reverse=cursor) if cursor else Style(bold=True))
    text.append(label, Style(bold=cursor, reverse=cursor))
    text.append(f" {row.kind} ", Style(dim=True))
    bar_width = max(width - len(marker) - label_width - 3 - 2 - VALUE_WIDTH, 4)
    style = palette[row.regime]
    if row.value is not None:
        if math.isfinite(row.value):
            bar = _bar(scale.position(row.value), bar_width)
            if row.value > 0 and not bar.strip():
                bar = "▏"
        else:
            bar = "✖" * bar_width
        value, cut = _value_cell(row.value)
        text.append(bar.ljust(bar_width)[: bar_width - cut], style)
        text.append(f" {row.regime.glyph}", style)
        text.append(value)
    elif row.stale is not None and math.isfinite(row.stale):
        bar = _bar(scale.position(row.stale), bar_width, "░")
        value, cut = _value_cell(row.stale)
        text.append(bar.ljust(bar_width)[: bar_width - cut], palette[Regime.PENDING])
        text.append(f" {Regime.PENDING.glyph}", palette[Regime.PENDING])
        text.append(value, palette[Regime.PENDING])
    else:
        dots = "·" if row.forward_done else " "
        text.append((dots + " " * (bar_width - 1)), palette[Regime.PENDING])
        text.append(" " * (2 + VALUE_WIDTH))
    return text


def _pieces(note: str) -> list[str]:
    """A note's pieces: a line may break at its double spaces only (between one glyph's
    entry and the next, never between a glyph and its words)."""
    return [piece for piece in note.split("  ") if piece]


def _pack(notes: Sequence[str], width: int) -> list[str]:
    """``notes`` as lines of at most ``width`` cells, two spaces apart; a note that does not
    fit on a begun line starts the next, and one wider than a line breaks between pieces."""
    lines: list[str] = []
    for note in notes:
        pieces = _pieces(note)
        whole = " ".join(pieces)
        if lines and cell_len(lines[-1]) + 2 + cell_len(whole) <= width:
            lines[-1] += "  " + whole
            continue
        lines.append("")
        for piece in pieces:
            if lines[-1] and cell_len(lines[-1]) + 1 + cell_len(piece) > width:
                lines.append("")
            lines[-1] += (" " if lines[-1] else "") + piece
    return lines


def chart_legend(
    metric: str,
    lang: str = "en",
    *,
    last_row: int | None = None,
    huge_weights: bool = True,
) -> list[str]:
    """What the glyphs say and what they are judged against: row ``last_row`` (the output
    layer; None: the last row of each kind, as for a recorded model), and, where the chart
    has ``W`` rows and ``huge_weights``, a ‖∂L/∂W‖ above ``HUGE_ABOVE`` itself. Each is a
    note for ``_pack`` (double spaces mark where a line may break)."""
    fields = {
        "below": fmt.percent(regimes.VANISHING_BELOW),  # 1%: two cells fewer than 1/100
        "above": fmt.times(regimes.EXPLODING_ABOVE),
    }
    if last_row is None:
        notes = [say("chart_legend_last", lang, **fields)]
    else:
        notes = [say("chart_legend", lang, last=last_row, **fields)]
    if huge_weights and "W" in KINDS[metric]:
        notes.append(say("chart_legend_huge", lang, huge=fmt.number(regimes.HUGE_ABOVE)))
    return notes


def chart_header(
    scale: Scale,
    width: int,
    metric: str,
    label_width: int,
    lang: str = "en",
    *,
    margin: bool = False,
    clipping: bool = False,
    last_row: int | None = None,
    huge_weights: bool = True,
) -> list[Text]:
    """What is charted, the glyphs' meaning (``chart_legend``, for ``last_row`` and
    ``huge_weights``) and the scale's ends; with ``margin`` (the rows begin with the
    bracket's column), what the bracket marks. With ``clipping`` (the network clips its
    gradients), a note says the bars are before clipping: the chart shows the backward
    pass's gradients, and clipping scales only the parameters' gradients that the update
    uses. The legend follows the name on its line where it fits; the notes are packed
    (``_pack``) on lines of their own, so that none is cut at the chart's edge."""
    name = say(f"chart_{metric}", lang)
    log_scale = say("chart_log", lang)
    first = Text(no_wrap=True, overflow="crop", end="")
    first.append(name, Style(bold=True))
    if cell_len(name) + cell_len(log_scale) <= width:
        first.append(log_scale, Style(dim=True))
    notes = chart_legend(metric, lang, last_row=last_row, huge_weights=huge_weights)
    if margin:
        notes.append(say("chart_spoken", lang))
    if clipping:
        notes.append(say("chart_before_clip", lang))
    legend = " ".join(_pieces(notes[0]))
    if cell_len(first.plain) + 3 + cell_len(legend) <= width:
        # Wide enough: the legend follows the name on its line.
        first.append("   " + legend, Style(dim=True))
        notes = notes[1:]
    bar_start = int(margin) + 1 + label_width + 3
    bar_width = max(width - bar_start - 2 - VALUE_WIDTH, 4)
    low, high = fmt.power(scale.low), fmt.power(scale.high)
    # The high end's label ends where the bars do, or, when the bars are too short for both
    # labels, just after the low end's.
    high_column = max(bar_width - len(high), len(low) + 1)
    axis = [" "] * (bar_start + max(bar_width, high_column + len(high)))
    placed = [(0, low)]
    if scale.high - scale.low >= 4 and bar_width >= 20:
        middle = (scale.low + scale.high) // 2
        column = round((middle - scale.low) / (scale.high - scale.low) * bar_width)
        placed.append((column - 1, fmt.power(middle)))
    placed.append((high_column, high))
    for column, label in placed:
        for offset, char in enumerate(label):
            where = bar_start + column + offset
            if 0 <= where < len(axis):
                axis[where] = char
    second = Text("".join(axis), Style(dim=True), no_wrap=True, overflow="crop", end="")
    lines = [first]
    for note in _pack(notes, width):
        lines.append(Text(note, Style(dim=True), no_wrap=True, overflow="crop", end=""))
    lines.append(second)
    for line in lines:
        line.truncate(width)
    return lines


def chart_svg(
    snapshot: Snapshot,
    metric: str,
    palette: Mapping[Regime, Style],
    title: str,
    *,
    clipping: bool = False,
) -> str:
    """The gradient chart of ``snapshot`` as an SVG document (for slides), 100 columns wide;
    ``clipping`` as for ``chart_header``."""
    from rich.console import Console

    width = 100
    rows = chart_rows(snapshot, metric, mark_spoken=False)
    scale = scale_for([row.value for row in rows])
    label_width = len(str(snapshot.depth))
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    header = chart_header(
        scale, width, metric, label_width, clipping=clipping, last_row=snapshot.depth
    )
    for line in header:
        console.print(line)
    for row in rows:
        console.print(
            chart_row(
                row,
                scale,
                width,
                cursor=False,
                current=False,
                label_width=label_width,
                show_a="a" in KINDS[metric],
                palette=palette,
            )
        )
    return console.export_svg(title=title)
