"""The theory view's pictures and tables, as pure functions of the stepper's numbers.

- The selected layer's activation and its derivative (plotext, imported when first drawn),
  with where this batch's z sit: saturated, in the linear range, or in the dead region.
- The mean-field factor √χ = √(σ_w²·E[f'(z)²]) per layer beside the measured local factor
  (C3, C19): χ < 1 predicts vanishing, χ > 1 exploding.
- C5's sigmoid window: the width of the inputs where |w·σ'(wx + b)| ≥ 1, against |w|.
- C21: singular values of each layer's weights and Jacobian ∂a_l/∂a_{l-1}.
- C8: each activation's bare cost per element (f and f' alone, timed when the view opens)
  against ReLU's, and what the network's activations take of its last pass.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.style import Style
from rich.table import Table
from rich.text import Text

from gradtui.explain import agreement, say, ui
from gradtui.explain import format as fmt
from gradtui.sim import activations, theory
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.draw.plots import drawn, legend, new_figure

__all__ = [
    "activation_plot",
    "chi_table",
    "cost_note",
    "cost_table",
    "mean_field_reason",
    "mean_field_unfit",
    "singular_value_table",
    "where_z_sits",
    "window_plot",
    "y_ticks",
]

BOLD = Style(bold=True)


def activation_plot(
    name: str,
    width: int,
    height: int,
    leaky_slope: float = 0.01,
    elu_alpha: float = 1.0,
    lang: str = "en",
) -> Text:
    """f(z) and f'(z) on z ∈ [−6, 6], the legend above. The y axis has a tick at f'(z)'s
    maximum and the maximum is marked, so that the fact the plot is for (σ' ≤ 0.25, tanh'
    ≤ 1) can be read off it."""
    base = {"prelu": "leaky_relu", "rrelu": "leaky_relu", "maxout": "identity"}.get(name, name)
    function = activations.elementwise(base, leaky_slope=leaky_slope, elu_alpha=elu_alpha)
    z = np.linspace(-6.0, 6.0, 241)
    a, fprime = function(z[None, :])
    symbol = activations.ACTIVATION_INFO[name].symbol
    peak_index = int(np.argmax(fprime[0]))
    peak_z, peak = float(z[peak_index]), float(fprime[0][peak_index])
    # A maximum reached at one z is marked there; a plateau (ReLU's 1 for z > 0) is not.
    single = int(np.sum(fprime[0] >= peak - 1e-12)) == 1
    ticks = y_ticks(
        min(float(a.min()), float(fprime.min()), 0.0),
        max(float(a.max()), peak),
        peak,
        rows=max(height, 8) - 4,
    )
    plt = new_figure(width, height)
    plt.plot(z.tolist(), a[0].tolist(), marker="braille")
    plt.plot(z.tolist(), fprime[0].tolist(), marker="•")
    if single:
        plt.scatter([peak_z], [peak], marker="x")
    plt.ylim(ticks[0], ticks[-1])
    plt.yticks(ticks, [fmt.number(tick, 2) for tick in ticks])
    plt.xlabel("z")
    maximum = ui("max {symbol}(z) = {value}", lang).format(symbol=symbol, value=fmt.number(peak, 3))
    items = [("braille", f"{name}(z)"), ("•", f"{symbol}(z)")]
    if single:
        where = ui("{maximum} at z = {z}", lang).format(
            maximum=maximum, z=fmt.number(round(peak_z, 2) + 0.0, 2)
        )
        items.append(("x", where))
    else:
        items.append(("•", maximum))
    return Text("\n").join([legend(items), drawn(plt)])


def y_ticks(low: float, high: float, must: float, rows: int) -> list[float]:
    """Round ticks covering ``low`` to ``high`` (about five; the first and last are the
    axis's ends), and ``must`` (a maximum the plot is about); a round tick less than a row
    from ``must`` is dropped, so that labels never collide."""
    span = high - low if high > low else 1.0
    step = 10 ** math.floor(math.log10(span / 4))
    for multiple in (1, 2, 2.5, 5, 10):
        if span / (step * multiple) <= 5:
            step *= multiple
            break
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    ticks = [index * step for index in range(first, last + 1)]
    if must >= high:
        # The maximum is the top of the axis: nothing drawn rises above it.
        ticks = [tick for tick in ticks if tick < must] + [must]
    row = (ticks[-1] - ticks[0]) / max(rows - 1, 1)
    inner = ticks[1:-1]
    kept = [ticks[0], *(tick for tick in inner if abs(tick - must) >= row), ticks[-1]]
    return sorted({*kept, must})


def window_plot(width: int, height: int, lang: str = "en") -> tuple[Text, str]:
    """C5: the window's width against |w| from 0 to 20, and a sentence with its peak."""
    weights = np.linspace(0.0, 20.0, 401)
    widths = [theory.sigmoid_window_width(float(w)) for w in weights]
    peak_w, peak_width = theory.sigmoid_window_peak()
    plt = new_figure(width, height)
    plt.plot(weights.tolist(), widths, marker="braille")
    plt.scatter([peak_w], [peak_width], marker="x")
    # The facts the plot is for, on its axes: nothing below |w| = 4, the widest point's
    # height and where it is.
    ticks = y_ticks(0.0, peak_width, peak_width, rows=max(height, 8) - 4)
    plt.ylim(ticks[0], ticks[-1])
    plt.yticks(ticks, [f"{tick:.4f}" if tick == peak_width else f"{tick:g}" for tick in ticks])
    x_ticks = [0.0, 4.0, peak_w, 10.0, 15.0, 20.0]
    plt.xticks(x_ticks, [f"{peak_w:.3f}" if tick == peak_w else f"{tick:g}" for tick in x_ticks])
    plt.xlabel("|w|")
    widest = ui("widest: {width} at |w| = {weight}", lang)
    key = legend(
        [
            ("braille", ui("window width", lang)),
            ("x", widest.format(width=f"{peak_width:.4f}", weight=f"{peak_w:.3f}")),
        ]
    )
    sentence = say("theory_window", lang, width=f"{peak_width:.4f}", weight=f"{peak_w:.3f}")
    return Text("\n").join([key, drawn(plt)]), sentence


def where_z_sits(name: str, z: np.ndarray, width: int, lang: str = "en") -> Text:
    """This batch's z of the layer: a histogram on [−6, 6] and the shares in each region."""
    values = z.ravel()
    counts, _ = np.histogram(np.clip(values, -6.0, 6.0), bins=max(width // 2, 12), range=(-6, 6))
    levels = " ▁▂▃▄▅▆▇█"
    top = max(int(counts.max()), 1)
    bars = "".join(levels[min(8, math.ceil(8 * count / top))] for count in counts)
    text = Text()
    text.append(ui("z of this batch on [−6, 6]: ", lang), BOLD)
    text.append(bars + "\n")
    info = activations.ACTIVATION_INFO[name]
    finite = values[np.isfinite(values)]
    if info.saturating:
        # Where f'(z) falls to a tenth of its peak: σ' = 0.025 at |z| = ln((1+√0.9)/(1−√0.9)),
        # tanh' = 0.1 at half that.
        edge = math.log((1 + math.sqrt(0.9)) / (1 - math.sqrt(0.9)))
        edge = round(edge if name == "sigmoid" else edge / 2, 2)
        share = float(np.mean(np.abs(finite) > edge)) if finite.size else math.nan
        text.append(
            say("theory_saturated", lang, share=fmt.percent(share), edge=edge, symbol=info.symbol)
        )
    elif name in ("relu", "leaky_relu", "prelu", "rrelu", "elu"):
        share = float(np.mean(finite <= 0)) if finite.size else math.nan
        slope = "0" if name == "relu" else ui("small", lang)
        text.append(
            say(
                "theory_relu",
                lang,
                share=fmt.percent(share),
                slope=slope,
                rest=fmt.percent(1 - share),
            )
        )
    else:
        text.append(
            say(
                "theory_other",
                lang,
                mean=fmt.number(float(np.mean(finite))),
                spread=fmt.number(float(np.std(finite))),
            )
        )
    return text


def mean_field_reason(weights: np.ndarray) -> str | None:
    """Why the mean-field factor √χ does not apply to a layer's weights, or None when it
    does: it assumes many independent weights of mean 0. ``"equal"``: every weight is the
    same (Var W = 0, e.g. init constant), so σ_w² = 0 and √χ would say ×0 whatever the
    gradient does; ``"mean"``: the weights' mean is at least their spread."""
    values = np.asarray(weights, dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)):
        return None
    spread = float(values.std())
    if spread == 0.0:
        return "equal"
    if abs(float(values.mean())) >= spread:
        return "mean"
    return None


def mean_field_unfit(weights: Sequence[np.ndarray], lang: str = "en") -> str:
    """The sentence under the √χ table that says which layers it does not apply to and
    why ("" when it applies to all)."""
    found: dict[str, list[int]] = {}
    for index, values in enumerate(weights, start=1):
        reason = mean_field_reason(values)
        if reason:
            found.setdefault(reason, []).append(index)
    return " ".join(
        say(f"theory_chi_{reason}", lang, layers=_layer_list(found[reason], lang))
        for reason in ("equal", "mean")
        if reason in found
    )


def _layer_list(indices: Sequence[int], lang: str) -> str:
    """Layers 1–10, layers 2, 5, 7, layer 3."""
    named = ui("layer {layers}", lang) if len(indices) == 1 else ui("layers {layers}", lang)
    return named.format(layers=fmt.runs(indices))


def chi_table(
    snapshot: Snapshot,
    layers: Sequence[LayerInfo],
    weight_variances: Sequence[float],
    slopes: Sequence[float] | None = None,
    elu_alpha: float = 1.0,
    lang: str = "en",
    weights: Sequence[np.ndarray] | None = None,
) -> Table:
    """Per layer: the predicted factor √χ and the measured ‖∂L/∂a_{l-1}‖/‖∂L/∂a_l‖.
    ``slopes`` are each layer's slope below 0 (leaky ReLU's, PReLU's α, RReLU's mean).
    Given the layers' ``weights``, a layer the prediction does not apply to (see
    ``mean_field_reason``) shows no number for it, and says so."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style=BOLD)
    columns = [
        (ui("layer", lang), "right"),
        (ui("activation", lang), "left"),
        ("σ_w²", "right"),
        ("E[f'(z)²]", "right"),
        (ui("√χ predicted", lang), "right"),
        (ui("measured", lang), "right"),
        ("", "left"),
    ]
    for column, justify in columns:
        # Text, not str: Rich would read "[f'(z)²]" as markup.
        table.add_column(Text(column), justify=justify)
    slopes = list(slopes) if slopes is not None else [0.01] * len(layers)
    for info, variance, slope_below in zip(layers, weight_variances, slopes, strict=True):
        forward = snapshot.forward[info.index - 1]
        back = snapshot.backward[info.index - 1]
        if forward is None:
            later = ui("step forward first", lang)
            table.add_row(str(info.index), info.activation, "", "", "", "", later)
            continue
        slope = theory.expected_square_slope(
            info.activation,
            forward.z_mean,
            forward.z_std,
            leaky_slope=slope_below,
            elu_alpha=elu_alpha,
        )
        predicted = math.sqrt(variance * slope) if variance * slope >= 0 else math.nan
        measured = back.local_factor if back is not None else None
        verdict = ""
        unfit = weights is not None and mean_field_reason(weights[info.index - 1]) is not None
        if unfit:
            verdict = ui("n/a, see below", lang)
        elif measured is not None and math.isfinite(measured) and measured > 0 < predicted:
            verdict = agreement(predicted, measured, lang)
        table.add_row(
            str(info.index),
            info.activation,
            fmt.number(variance),
            fmt.number(slope),
            "—" if unfit else fmt.factor(predicted),
            "" if measured is None else fmt.factor(measured),
            verdict,
        )
    return table


def singular_value_table(
    layers: Sequence[LayerInfo],
    weight_values: Sequence[np.ndarray],
    jacobian_values: Sequence[np.ndarray | None],
    product_values: np.ndarray | None = None,
    lang: str = "en",
) -> Table:
    """C21: the largest and smallest singular value of each W_l and Jacobian, and their
    ratio (the spread: 1 keeps every direction, a large one shrinks most of them)."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style=BOLD)
    spread = ui("spread", lang)
    for column in (ui("layer", lang), "W: max", "W: min", spread, "J: max", "J: min", spread):
        table.add_column(column, justify="right")
    later = ["", "", ui("step forward", lang)]
    for info, weights, jacobian in zip(layers, weight_values, jacobian_values, strict=True):
        row = [str(info.index), *_spread(weights)]
        row += _spread(jacobian) if jacobian is not None else later
        table.add_row(*row)
    product = ["", "", ""] + (_spread(product_values) if product_values is not None else later)
    table.add_row(ui("all: ∂a_L/∂x", lang), *product, style=BOLD)
    return table


def _spread(values: np.ndarray) -> list[str]:
    if not np.all(np.isfinite(values)):
        return ["inf/NaN", "inf/NaN", ""]
    largest, smallest = float(values.max()), float(values.min())
    ratio = largest / smallest if smallest > 0 else math.inf
    return [fmt.number(largest), fmt.number(smallest), fmt.number(ratio)]


def cost_table(costs: dict[str, float], network: Sequence[str], lang: str = "en") -> Table:
    """C8: each activation's measured cost per element (f and f' together) and its ratio to
    ReLU's; the network's own activations are marked. ``costs``: seconds per element."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style=BOLD)
    columns = [
        (ui("activation", lang), "left"),
        (ui("exponential", lang), "left"),
        (ui("ns per element", lang), "right"),
        (ui("× relu", lang), "right"),
        ("", "left"),
    ]
    for column, justify in columns:
        table.add_column(Text(column), justify=justify)
    reference = costs.get("relu")
    for name, seconds in costs.items():
        ratio = seconds / reference if reference else math.nan
        mine = name in network
        table.add_row(
            name,
            ui("yes", lang) if activations.ACTIVATION_INFO[name].needs_exp else ui("no", lang),
            fmt.number(seconds * 1e9, 2),
            fmt.factor(ratio),
            ui("◀ this network", lang) if mine else "",
            style=BOLD if mine else None,
        )
    return table


def cost_note(
    costs: dict[str, float],
    layers: Sequence[LayerInfo],
    batch: int,
    pass_seconds: float | None,
    lang: str = "en",
    *,
    size: int,
    repeats: int,
) -> str:
    """The sentence under the C8 table: how it was measured, the network's activation against
    ReLU, and (after a timed pass) about how much of the pass its activations took."""
    sentences = [say("theory_cost_how", lang, size=f"{size:,}", repeats=repeats)]
    if "gelu" in costs:
        # Its row is the cost of gradtui's erf (one libm call per number), not GELU's own.
        sentences.append(say("theory_cost_gelu", lang))
    hidden = [info for info in layers if info.activation != "identity"]
    names = sorted({info.activation for info in hidden}, key=list(costs).index)
    reference = costs.get("relu")
    measured = [name for name in names if name in costs]
    for name in measured:
        if name != "relu" and reference:
            ratio = fmt.number(costs[name] / reference, 2)
            sentences.append(say("theory_cost_ratio", lang, activation=name, ratio=ratio))
    if hidden and len(measured) == len(names) and pass_seconds:
        values = sum(info.fan_out * info.pieces * batch for info in hidden)
        spent = sum(costs[info.activation] * info.fan_out * info.pieces * batch for info in hidden)
        sentences.append(
            say(
                "theory_cost_share",
                lang,
                values=f"{values:,}",
                ms=fmt.number(spent * 1e3, 2),
                pass_ms=fmt.number(pass_seconds * 1e3, 2),
                share=fmt.percent(spent / pass_seconds),
            )
        )
    return ("" if lang == "zh" else " ").join(sentences)
