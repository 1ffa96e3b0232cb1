"""The layer detail's text: the selected layer's numbers, most telling first (backward, its
parameters, forward, the last update, f'(z)'s histogram). A pure function of a snapshot, as
the chart is (``gradtui.tui.draw.chart``)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from gradtui.explain import (
    causes,
    row_running_product,
    running_text,
    say,
    zero_detail,
)
from gradtui.explain import format as fmt
from gradtui.explain.format import subscripts
from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot

__all__ = [
    "histogram",
    "layer_detail",
    "layer_name",
    "milliseconds",
    "network_text",
    "parameter_text",
    "signs_text",
]


def histogram(counts: Sequence[int], low: float, high: float) -> list[Text]:
    """f'(z)'s histogram as vertical eighth-block bars, 2 rows high, with its range below."""
    levels = " ▁▂▃▄▅▆▇█"
    total = max(max(counts, default=0), 1)
    rows = 2
    cells = []
    for count in counts:
        cells.append(round(count / total * rows * 8))
    lines = []
    for row in range(rows - 1, -1, -1):
        chars = []
        for height in cells:
            part = min(max(height - row * 8, 0), 8)
            chars.append(levels[part] * 2)
        lines.append(Text("".join(chars), no_wrap=True, end=""))
    span = len(counts) * 2
    left, right = fmt.number(low), fmt.number(high)
    lines.append(Text(left + right.rjust(max(span - len(left), len(right) + 1)), Style(dim=True)))
    return lines


def layer_name(info: LayerInfo, lang: str = "en") -> str:
    """``sigmoid 8→8``, ``relu 16→16 (batch norm, identity shortcut)``; in Chinese
    ``relu 16→16（批归一化、恒等捷径）``."""
    text = f"{info.activation} {info.fan_in}→{info.fan_out}"
    extras = []
    if info.pieces > 1:
        extras.append(f"k={info.pieces}")
    if info.batch_norm:
        extras.append(say("detail_batch_norm", lang))
    if info.shortcut != "none":
        extras.append(say(f"detail_shortcut_{info.shortcut}", lang))
    if not extras:
        return text
    if lang == "zh":
        return f"{text}（{'、'.join(extras)}）"
    return f"{text} ({', '.join(extras)})"


# ---- The layer detail's parameter count, f'(z) range, C7 signs and pass time ----
PARAMETER_SYMBOLS = {"gamma": "γ", "beta": "β", "alpha": "α", "Ws": "W_s"}
"""How the detail writes a parameter's name (``LayerInfo.parameter_sizes``)."""
SIGN_GLYPHS = {1.0: "+", -1.0: "−", 0.0: "0"}
"""A weight gradient's sign as the detail writes it; NaN is ``?``."""


def parameter_text(info: LayerInfo, lang: str = "en") -> str:
    """``params 144 = W 128 + b 16``; maxout adds ``= 2 pieces × 72``, the k single pieces
    its W, b (and batch norm's γ, β) are made of (C14)."""
    parts = " + ".join(
        f"{PARAMETER_SYMBOLS.get(name, name)} {size:,}" for name, size in info.parameter_sizes
    )
    if info.pieces > 1:
        piece = sum(size for name, size in info.parameter_sizes if name != "Ws") // info.pieces
        parts += say("detail_pieces", lang, pieces=info.pieces, each=f"{piece:,}")
    return say("detail_params", lang, count=f"{info.parameter_count:,}", parts=parts)


def network_text(snapshot: Snapshot, network_total: int, lang: str = "en") -> str:
    """``network: params 585, pass 1.3 ms``: the whole network's size and the time of its
    last complete pass (C8)."""
    total = f"{network_total:,}"
    if snapshot.pass_seconds is None:
        return say("detail_network_untimed", lang, total=total)
    return say("detail_network", lang, total=total, ms=milliseconds(snapshot.pass_seconds))


def signs_text(signs: Sequence[float], fan_in: int) -> str:
    """``++++−−0?``, then ``…`` when the layer has more inputs than were kept."""
    glyphs = "".join(SIGN_GLYPHS.get(sign, "?") for sign in signs)
    return glyphs + ("…" if fan_in > len(signs) else "")


def milliseconds(seconds: float) -> str:
    """A pass's time in milliseconds, two digits: ``1.3``, ``16``, ``0.25``."""
    return fmt.number(seconds * 1e3, 2)


def layer_detail(
    snapshot: Snapshot,
    info: LayerInfo,
    layer: int,
    lang: str = "en",
    network_total: int | None = None,
) -> Text:
    """The selected layer's numbers, most telling first (a short pane crops the end):
    backward (row l's ‖∂L/∂a‖, running product and ‖∂L/∂W‖; the local factor and its parts;
    what it passes on to row l−1; unit 1's weight-gradient signs for example 0), the layer's
    parameter count (and the network's, ``network_total``, with the last pass's time),
    forward (z, f'(z) with its range, saturated and dead), the last update, then f'(z)'s
    histogram."""
    text = Text(end="")
    text.append(say("detail_title", lang, layer=layer, depth=snapshot.depth), Style(bold=True))
    text.append(f" · {layer_name(info, lang)}\n", Style(dim=True))
    forward = snapshot.forward[layer - 1]
    back = snapshot.backward[layer - 1]
    symbol = _symbol(forward.activation if forward else info.activation)
    if back is None:
        text.append(say("detail_no_backward", lang) + "\n", Style(dim=True))
    elif back.grad_a_norm == 0:
        text.append(zero_detail(snapshot, layer, lang) + "\n", Style(bold=True))
    else:
        # Row l first, as the chart shows it; then what layer l passes on to row l−1. A
        # running product is written by a rule of its value alone, as the log and the
        # verdicts write it, so that a row's reads the same wherever it appears.
        row_running = running_text(row_running_product(snapshot, layer), lang)
        passed_running = running_text(back.running_product, lang)
        row_line = say(
            "detail_row",
            lang,
            layer=layer,
            grad_a=fmt.number(back.grad_a_norm),
            running=row_running,
            grad_w=fmt.number(back.grad_w_norm),
        )
        text.append(row_line + "\n")
        text.append(say("detail_factor", lang))
        text.append(fmt.factor(back.local_factor), Style(bold=True))
        if info.shortcut == "none":
            # The log's split (explain_step): f', then batch norm's own part, then W.
            parts = causes.factor_parts(back)
            named = [(parts.activation, symbol)]
            if info.batch_norm:
                named.append((parts.batch_norm, say("detail_part_bn", lang)))
            named.append((parts.weights, "W"))
            # "=" only when the factors as written multiply to the product as written:
            # ×0.21 × ×1.1 is ×0.23, so beside ×0.24 it reads "≈".
            product = math.prod(fmt.factor_as_written(value) for value, _ in named)
            sign = "=" if fmt.factor(product) == fmt.factor(back.local_factor) else "≈"
            text.append(f" {sign} " + " ".join(f"{fmt.factor(v)} ({name})" for v, name in named))
        passed = subscripts(f"‖∂L/∂a_{layer - 1}‖") if layer > 1 else "‖∂L/∂x‖"
        cause = causes.zero_cause(forward, back) if forward is not None else None
        if cause is not None and back.grad_in_norm == 0:
            passes = say("detail_passes_zero", lang, because=say(f"because_{cause}", lang))
        else:
            passes = say(
                "detail_passes",
                lang,
                symbol=passed,
                value=fmt.number(back.grad_in_norm),
                running=passed_running,
                # The second running product on the screen (row l's is on the line that
                # starts "row l:") names the rows it compares: the two were read as one.
                ratio=say("detail_rows_ratio", lang, row=layer - 1, depth=snapshot.depth)
                if layer > 1
                else say("detail_input_ratio", lang, depth=snapshot.depth),
            )
        text.append("\n" + passes + f"\n‖W‖ {fmt.number(back.weight_norm)}\n")
        clip = snapshot.clip
        if clip is not None and clip.clipped_by_norm and clip.value_clipped_fraction == 0:
            # The row's ‖∂L/∂W‖ is before clipping; say what the update used.
            scale = clip.norm_after / clip.norm_before
            clipped = say(
                "detail_clipped",
                lang,
                scale=fmt.number(scale),
                after=fmt.number(back.grad_w_norm * scale),
            )
            text.append(clipped + "\n")
    if back is not None and back.unit1_signs:
        signs = signs_text(back.unit1_signs, info.fan_in)
        text.append(say("detail_signs", lang, signs=signs) + "\n")
        units = say("detail_one_sign", lang, agreeing=back.one_sign_units, units=info.fan_out)
        text.append(units + "\n")
    text.append(parameter_text(info, lang) + "\n")
    total = info.parameter_count if network_total is None else network_total
    text.append(network_text(snapshot, total, lang) + "\n")
    if forward is None:
        text.append(say("detail_no_forward", lang) + "\n", Style(dim=True))
    else:
        z_line = say(
            "detail_z",
            lang,
            mean=fmt.number(forward.z_mean),
            spread=fmt.number(forward.z_std),
            a_mean=fmt.number(forward.a_mean),
        )
        slope_line = say(
            "detail_slope",
            lang,
            symbol=symbol,
            mean=fmt.number(forward.fprime_mean),
            max=fmt.number(forward.fprime_max),
            saturated=fmt.percent(forward.saturated_fraction),
            dead=fmt.percent(forward.dead_fraction),
        )
        fprime_range = say(
            "detail_fprime_range",
            lang,
            symbol=symbol,
            min=fmt.number(forward.fprime_min),
        )  # its max is on the line before
        text.append(f"{z_line}\n{slope_line}\n{fprime_range}\n")
    update = snapshot.update[layer - 1]
    if update is not None:
        text.append(say("detail_update", lang, ratio=fmt.share(update.update_ratio)))
        if update.prelu_alpha:
            # α after the update; the pass's f'(z) above used the α before it (0.554, 0.552).
            now = say("detail_alpha_now", lang, alpha=fmt.spread(update.prelu_alpha))
            text.append(f" · {now}")
        text.append("\n")
    if forward is not None:
        text.append(say("detail_histogram", lang, symbol=symbol) + "\n", Style(dim=True))
        low, high = forward.fprime_range
        for line in histogram(forward.fprime_hist, low, high):
            text.append_text(line)
            text.append("\n")
    text.rstrip()
    return text


def _symbol(activation: str) -> str:
    info = ACTIVATION_INFO.get(activation)
    return info.symbol if info else "f'"
