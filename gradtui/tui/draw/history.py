"""The history view's pictures, as pure functions of a ``History``.

The heatmap has one row per layer (layer 1 at the top; deep networks are binned) and one
column per stretch of training (binned to the width), the shade giving ‖∂L/∂W_l‖ on a log
scale (``░▒▓█``, darkest the largest) and the colour its regime against the output layer's
at the same time, like the gradient chart; a glyph column at the right gives each layer's
regime now. Curves (loss, update size of the first and last layers, dead and saturated
shares, PReLU's α) are drawn with plotext, imported when the view first opens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from gradtui.explain import format as fmt
from gradtui.explain import say, ui
from gradtui.explain.regime import (
    EXPLODING_ABOVE,
    HUGE_ABOVE,
    VANISHING_BELOW,
    Regime,
    classify,
    classify_weights,
)
from gradtui.sim.history import History
from gradtui.tui.draw.plots import axis_name, drawn, legend, new_figure
from gradtui.tui.draw.wrap import fit_label

__all__ = ["curves", "heatmap", "share_heatmap"]

SHADES = "░▒▓█"
LABEL_WIDTH = 12
"""Cells for a row's name (``labels``), at most."""
MARKERS = ("braille", "•", "x", "+", "o", "*")
"""Each curve of a figure its own marker, so they differ without colour."""


def _bin_log(values: np.ndarray, rows: int, columns: int) -> np.ndarray:
    """Geometric means of ``values`` (steps × layers) over ``columns`` × ``rows`` bins,
    transposed to (rows, columns). Zeros give −inf in log space, NaN stays NaN."""
    steps, depth = values.shape
    with np.errstate(all="ignore"):
        logs = np.log10(values)
    step_edges = np.linspace(0, steps, columns + 1).astype(int)
    layer_edges = np.linspace(0, depth, rows + 1).astype(int)
    out = np.full((rows, columns), np.nan)
    with np.errstate(all="ignore"):
        for row in range(rows):
            block = logs[:, layer_edges[row] : max(layer_edges[row + 1], layer_edges[row] + 1)]
            per_step = block.mean(axis=1)
            for column in range(columns):
                start, stop = (
                    step_edges[column],
                    max(step_edges[column + 1], step_edges[column] + 1),
                )
                out[row, column] = per_step[start:stop].mean()
    return out


def heatmap(
    history: History,
    width: int,
    height: int,
    palette: Mapping[Regime, Style],
    lang: str = "en",
    labels: Sequence[str] | None = None,
    *,
    huge_weights: bool = True,
) -> list[Text]:
    """Rows of the heatmap of ‖∂L/∂W_l‖ over training, with a scale line. ``labels`` name
    the rows (a real model's modules) in place of the layer numbers. With
    ``huge_weights`` a value above ``HUGE_ABOVE`` is exploding whatever the output's is,
    as in the chart (``classify_weights``); a recorded model's is judged relatively only."""
    if len(history) == 0:
        return [Text(say("history_empty", lang), "dim")]
    values = history.series("grad_w")
    depth = history.depth
    label_width = len(str(depth)) + 1
    if labels is not None:
        label_width = min(max(cell_len(label) for label in labels), LABEL_WIDTH) + 1
    columns = max(min(len(history), width - label_width - 4), 1)
    rows = max(min(depth, height - 2), 1)
    logs = _bin_log(values, rows, columns)
    reference = _bin_log(values[:, -1:], 1, columns)[0]
    finite = logs[np.isfinite(logs)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    span = max(high - low, 1e-12)
    lines = []
    judge = classify_weights if huge_weights else classify
    layer_edges = np.linspace(0, depth, rows + 1).astype(int)
    for row in range(rows):
        text = Text(no_wrap=True, end="")
        first = layer_edges[row] + 1
        if labels is not None:
            text.append(fit_label(labels[first - 1], label_width - 1) + " ", Style(dim=True))
        else:
            text.append(f"{first:>{label_width - 1}} ", Style(dim=True))
        for column in range(columns):
            value = logs[row, column]
            if math.isnan(value) or value == math.inf:
                text.append("✖", palette[Regime.OVERFLOW])
                continue
            if value == -math.inf:
                text.append(" ")
                continue
            shade = SHADES[min(int((value - low) / span * len(SHADES)), len(SHADES) - 1)]
            regime = judge(10.0**value, 10.0 ** reference[column])
            text.append(shade, palette[regime])
        now = judge(10.0 ** logs[row, -1], 10.0 ** reference[-1])
        text.append(f" {now.glyph}", palette[now])
        lines.append(text)
    steps = history.steps
    scale = Text(no_wrap=True, end="")
    legend = say(
        "history_scale",
        lang,
        first=int(history.first_steps[0]),
        last=int(steps[-1]),
        low=fmt.power(math.floor(low)),
        high=fmt.power(math.ceil(high)),
        below=fmt.share(VANISHING_BELOW),
        above=fmt.times(EXPLODING_ABOVE),
    )
    if huge_weights:
        legend += say("history_scale_huge", lang, huge=fmt.number(HUGE_ABOVE))
    scale.append(" " * label_width + legend, Style(dim=True))
    lines.append(scale)
    return lines


def share_heatmap(history: History, name: str, width: int, height: int) -> list[Text]:
    """Rows of a layers × steps map of a share (``dead`` or ``saturated``, 0 to 1) of the
    hidden layers' units: blank for 0, ░▒▓█ up to all of them. Empty when it stays 0."""
    values = history.series(name)[:, : max(history.depth - 1, 1)]
    if len(history) == 0 or not np.nanmax(np.nan_to_num(values, nan=0.0)) > 0:
        return []
    steps, depth = values.shape
    label_width = len(str(depth)) + 1
    columns = max(min(steps, width - label_width - 8), 1)  # room for " 100%" at the end
    rows = max(min(depth, height), 1)
    step_edges = np.linspace(0, steps, columns + 1).astype(int)
    layer_edges = np.linspace(0, depth, rows + 1).astype(int)
    lines = []
    with np.errstate(all="ignore"):
        for row in range(rows):
            block = values[:, layer_edges[row] : max(layer_edges[row + 1], layer_edges[row] + 1)]
            per_step = np.nanmean(block, axis=1)
            text = Text(no_wrap=True, end="")
            text.append(f"{layer_edges[row] + 1:>{label_width - 1}} ", Style(dim=True))
            for column in range(columns):
                start = step_edges[column]
                stop = max(step_edges[column + 1], start + 1)
                share = float(np.nanmean(per_step[start:stop]))
                if not share > 0:
                    text.append("·", Style(dim=True))
                else:
                    text.append(SHADES[min(int(share * len(SHADES)), len(SHADES) - 1)])
            text.append(f" {fmt.percent(float(np.nan_to_num(per_step[-1])))}", Style(dim=True))
            lines.append(text)
    return lines


def curves(history: History, width: int, height: int, lang: str = "en") -> list[Text]:
    """Loss; update size of layers 1 and L (C22); dead and saturated shares; α (PReLU).

    Each title is a line of its own above its plot: plotext counts a Chinese character as
    one cell where the terminal gives it two, so only ASCII goes inside a plot."""
    if len(history) == 0:
        return []
    # A plot cannot show more points than it has braille dots across: thin the series to
    # that, which keeps a redraw of 100,000 recorded steps as cheap as one of 500.
    keep = np.unique(np.linspace(0, len(history) - 1, min(len(history), 2 * width)).astype(int))
    steps = history.steps[keep].astype(float).tolist()
    depth = history.depth
    layer = ui("layer {layer}", lang)
    plots: list[Text] = []

    def figure(title: str, series: list[tuple[str, np.ndarray]], log: bool) -> None:
        plt = new_figure(max(width, 30), height)
        shown = []
        for index, (label, values) in enumerate(series):
            clean = np.where(np.isfinite(values) & ((values > 0) if log else True), values, np.nan)
            if np.all(np.isnan(clean)):
                continue
            data = np.log10(clean) if log else clean
            keep = ~np.isnan(data)
            marker = MARKERS[index % len(MARKERS)]
            plt.plot(
                [s for s, k in zip(steps, keep, strict=True) if k],
                data[keep].tolist(),
                marker=marker,
            )
            shown.append((marker, label))
        if shown:
            plots.append(Text(title, "bold"))
            plots.append(legend(shown))
            plots.append(drawn(plt))
            plots.append(axis_name(ui("training step", lang), max(width, 30)))

    figure(ui("loss (log10)", lang), [(ui("loss", lang), history.loss[keep])], log=True)
    update = history.series("update_ratio")[keep]
    figure(
        ui("update ‖ΔW‖ ÷ ‖W‖ (log10): layer 1 learns slower than layer L (C22)", lang),
        [(layer.format(layer=1), update[:, 0]), (layer.format(layer=depth), update[:, -1])],
        log=True,
    )
    hidden = max(depth - 1, 1)
    dead = history.series("dead")[keep, :hidden]
    saturated = history.series("saturated")[keep, :hidden]
    figure(
        ui("dead and saturated share of the hidden units (mean over layers)", lang),
        [
            (ui("dead", lang), np.nanmean(dead, axis=1)),
            (ui("saturated", lang), np.nanmean(saturated, axis=1)),
        ],
        log=False,
    )
    alpha = history.series("alpha")[keep]
    if np.isfinite(alpha).any():
        figure(
            ui("PReLU's α per layer (C11)", lang),
            [(layer.format(layer=index + 1), alpha[:, index]) for index in range(min(hidden, 6))],
            log=False,
        )
    return plots
