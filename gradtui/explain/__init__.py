"""Turn a step's snapshot into a few plain sentences with the real numbers. Knows no screen.

``explain_step(previous, snapshot, config, layers)`` says what the stage just computed did:
a forward layer's z and slopes, a backward layer's local factor split into its causes (the
activation's slope and the weights), how much of the output's gradient is left, and, the
moment a regime appears (vanishing, exploding, overflow), why, named from the config, and
what to try next. The words come from ``catalogue``; the numbers from ``format``.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Sequence

from gradtui.config import Config
from gradtui.explain import causes
from gradtui.explain import format as fmt
from gradtui.explain.catalogue import CATALOGUES, UI
from gradtui.explain.format import subscripts
from gradtui.explain.regime import Regime, classify
from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import BackwardStats, ForwardStats, Phase, Snapshot, UpdateStats
from gradtui.text import PATH_LIMIT, printable

__all__ = [
    "AGREE_WITHIN",
    "LANGUAGES",
    "Regime",
    "agreement",
    "classify",
    "describe_activation",
    "describe_init",
    "describe_phase",
    "explain_step",
    "join",
    "row_running_product",
    "rows_spoken_of",
    "running_text",
    "say",
    "spaced_fill",
    "start_line",
    "ui",
    "zero_detail",
]

LANGUAGES = ("en", "zh")


def say(key: str, lang: str = "en", **fields: object) -> str:
    """One sentence of the catalogue, its fields filled in (in Chinese, spaced from the
    Chinese beside them when they start or end with a Latin word or a number)."""
    catalogue = CATALOGUES.get(lang, CATALOGUES["en"])
    template = catalogue.get(key, CATALOGUES["en"][key])
    if lang == "zh":
        return subscripts(spaced_fill(template, fields))
    return subscripts(template.format(**fields))


def _ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _narrow(char: str) -> bool:
    """A character that Chinese text sets apart by a space: a Latin (or Greek) letter, a
    digit, or a sign that starts or ends a formula (‖∂L/∂a‖, ×0.5, −3, ∞)."""
    return (char.isalnum() and not _ideograph(char)) or char in "‖∂×∞−±≈≤≥|√'′"


def _gap(before: str, after: str) -> str:
    if not before or not after:
        return ""
    left, right = before[-1], after[0]
    if (_ideograph(left) and _narrow(right)) or (_narrow(left) and _ideograph(right)):
        return " "
    return ""


def spaced_fill(template: str, fields: dict[str, object]) -> str:
    """``template.format(**fields)`` for Chinese text, spaced the way the rest of it spaces
    Latin words and numbers ("第 3 层", "sigmoid 的开销"): a space goes between a filled-in
    field and the Chinese character it touches when the field's side there is a Latin word,
    a number or a formula ("最接近 1 的是 Xavier"), none when it is Chinese ("的是正态")."""
    formatter = string.Formatter()
    pieces: list[tuple[str, bool]] = []
    for literal, name, spec, conversion in formatter.parse(template):
        if literal:
            pieces.append((literal, False))
        if name is not None:
            value, _ = formatter.get_field(name, (), fields)
            value = formatter.convert_field(value, conversion)
            pieces.append((formatter.format_field(value, spec or ""), True))
    out = ""
    was_field = False
    for text, is_field in pieces:
        if is_field or was_field:
            out += _gap(out, text)
        out += text
        was_field = is_field
    return out


def ui(text: str, lang: str = "en") -> str:
    """A label of the screen (a key, a heading, a column) in ``lang``: looked up by its
    English text, as gettext does; the English itself where there is no translation."""
    return UI.get(lang, {}).get(text, text)


def join(sentences: list[str], lang: str = "en") -> str:
    """Sentences as one paragraph: spaced in English, run together in Chinese."""
    return ("" if lang == "zh" else " ").join(sentences)


SENTENCE_ENDS = "?!.？！。"
"""Marks that end a title as a sentence ends ("Which layers learn first?")."""


def start_line(title: str, depth: int, lang: str = "en") -> str:
    """The log's first line: the network's title, then its depth. A title that ends as a
    sentence does ("Which layers learn first?") is followed by the next sentence, not by a
    colon after its question mark."""
    key = "start_after_sentence" if title.rstrip()[-1:] in SENTENCE_ENDS else "start"
    return say(key, lang, title=title.rstrip(), depth=depth)


def describe_where(where: str, lang: str = "en") -> str:
    """The simulator's ``first_nonfinite`` ("forward layer 7", "loss", …) in words."""
    kind, _, layer = where.partition(" layer ")
    if kind in ("forward", "backward") and layer:
        return say(f"where_{kind}", lang, layer=layer)
    return say("where_loss", lang) if where == "loss" else where


def describe_phase(snapshot: Snapshot, lang: str = "en") -> str:
    """Where the stepper stands: ``forward → 3``, ``backward ← 1``, ``loss``…"""
    return say(f"phase_{snapshot.phase.value}", lang, batch=snapshot.batch, layer=snapshot.layer)


def describe_activation(config: Config, lang: str = "en") -> str:
    """The hidden layers' activation: ``relu``, or ``mixed sigmoid + relu`` when
    network.activations gives them different ones (each named once, in layer order)."""
    names = list(dict.fromkeys(config.hidden_activations()))
    if len(names) <= 1:
        return names[0] if names else config.network.activation
    return say("activation_mixed", lang, names=" + ".join(names))


def describe_init(config: Config) -> str:
    """The init in a few words: ``normal(0, 1)``, ``constant 5``, ``kaiming_normal ×0.5``."""
    spec = config.init
    if spec.name == "normal":
        text = f"normal({fmt.number(spec.mean)}, {fmt.number(spec.std)}²)"
    elif spec.name == "uniform":
        text = f"uniform({fmt.number(spec.low)}, {fmt.number(spec.high)})"
    elif spec.name == "constant":
        text = f"constant {fmt.number(spec.value)}"
    elif spec.name == "file":
        # The weights are the file's, not scaled.
        return f"file {printable(os.path.basename(spec.path.strip()), PATH_LIMIT)}"
    else:
        text = spec.name
    if spec.scale != 1:
        text += f" {fmt.factor(spec.scale)}"
    return text


def _eye_cause(scale: float, lang: str) -> str:
    """init eye: every W is scale·I, whose factor is exactly |scale| where it is square."""
    return say("cause_eye", lang, value=fmt.number(scale), factor=fmt.number(abs(scale)))


def explain_step(
    previous: Snapshot | None,
    snapshot: Snapshot,
    config: Config,
    layers: Sequence[LayerInfo],
    lang: str = "en",
    hints: bool = True,
) -> list[str]:
    """The sentences for the stage ``snapshot`` has just computed (``previous`` came before).
    ``hints``: end with the key to press next ("press space for the loss"); without, where
    a lesson's step asks for another key, the stage's facts alone."""
    phase = snapshot.phase
    if phase == Phase.READY:
        ready = say("ready", lang, batch=snapshot.batch, examples=config.data.batch_size)
        return [ready, say("ready_next", lang)] if hints else [ready]
    if phase == Phase.FORWARD:
        return _forward(snapshot, layers, lang, hints)
    if phase == Phase.LOSS:
        return _loss(snapshot, config, lang, hints)
    if phase == Phase.BACKWARD:
        return _backward(snapshot, config, layers, lang, hints)
    if phase == Phase.CLIP:
        sentences = _clip(snapshot, config, lang)
        return [*sentences, say("clip_next", lang)] if hints else sentences
    return _update(snapshot, config, lang, hints=hints)


def _symbol(activation: str) -> str:
    return ACTIVATION_INFO[activation].symbol if activation in ACTIVATION_INFO else "f'"


def _forward(
    snapshot: Snapshot, layers: Sequence[LayerInfo], lang: str, hints: bool = True
) -> list[str]:
    layer = snapshot.layer
    stats = snapshot.forward[layer - 1]
    assert stats is not None
    symbol = _symbol(stats.activation)
    if not stats.finite:
        earlier = snapshot.forward[layer - 2] if layer > 1 else None
        if earlier is not None and not earlier.finite:
            return [say("forward_nonfinite_again", lang, layer=layer)]
        return [say("forward_nonfinite", lang, layer=layer)]
    sentences = [
        say(
            "forward",
            lang,
            layer=layer,
            activation=stats.activation,
            z_mean=fmt.number(stats.z_mean),
            z_std=fmt.number(stats.z_std),
            symbol=symbol,
            fprime_mean=fmt.number(stats.fprime_mean),
            fprime_max=fmt.number(stats.fprime_max),
        )
    ]
    if stats.saturated_fraction >= 0.1:
        sentences.append(
            say(
                "forward_saturated",
                lang,
                fraction=fmt.percent(stats.saturated_fraction),
                symbol=symbol,
            )
        )
    if stats.dead_fraction > 0:
        sentences.append(say("forward_dead", lang, fraction=fmt.percent(stats.dead_fraction)))
    if layer == len(layers):
        sentences.append(say("forward_done" if hints else "forward_done_quiet", lang))
    return sentences


def _loss(snapshot: Snapshot, config: Config, lang: str, hints: bool = True) -> list[str]:
    loss = snapshot.loss
    if loss is None or not math.isfinite(loss):
        return [
            say(
                "loss_nonfinite",
                lang,
                loss=fmt.number(math.nan if loss is None else loss),
                where=describe_where(snapshot.first_nonfinite or "loss", lang),
            )
        ]
    sentences = [
        say("loss", lang, loss_name=say(f"loss_{config.loss}", lang), loss=fmt.number(loss, 4))
    ]
    if hints:
        sentences.append(say("loss_next", lang, depth=snapshot.depth))
    return sentences


def _backward(
    snapshot: Snapshot, config: Config, layers: Sequence[LayerInfo], lang: str, hints: bool = True
) -> list[str]:
    """Row l first (what arrives at layer l, what it learns from), then what layer l passes
    on to row l−1, the local factor between the two rows, and why, when a regime begins."""
    layer = snapshot.layer
    back = snapshot.backward[layer - 1]
    forward = snapshot.forward[layer - 1]
    assert back is not None and forward is not None
    if not back.finite:
        later = snapshot.backward[layer] if layer < snapshot.depth else None
        if later is not None and not later.finite:
            return [say("backward_nonfinite_again", lang, layer=layer)]
        where = describe_where(snapshot.first_nonfinite or "loss", lang)
        return [say("backward_nonfinite", lang, layer=layer, where=where)]
    info = layers[layer - 1]
    symbol = _symbol(forward.activation)
    if back.grad_a_norm == 0:
        return [_nothing_arrives(snapshot, layer, lang)]
    output = snapshot.backward[-1]
    assert output is not None
    sentences = [
        say(
            "backward_output" if layer == snapshot.depth else "backward",
            lang,
            layer=layer,
            grad_a=fmt.number(back.grad_a_norm),
            running=running_text(row_running_product(snapshot, layer), lang),
            grad_w=fmt.number(back.grad_w_norm),
            symbol=symbol,
            fprime_mean=fmt.number(forward.fprime_mean),
            fprime_max=fmt.number(forward.fprime_max),
            weight_norm=fmt.number(back.weight_norm),
        )
    ]
    sentences += _flat_weight_gradient(snapshot, layer, lang)
    layer_input = snapshot.forward[layer - 2] if layer > 1 else None
    if back.grad_w_norm == 0 and layer_input is not None and layer_input.a_norm == 0:
        sentences.append(say("w_zero_input", lang, layer=layer, below=layer - 1))
    parts = causes.factor_parts(back)
    passed = _passed(layer, back.grad_in_norm, lang)
    zero = causes.zero_cause(forward, back)
    if info.shortcut != "none":
        sentences.append(
            say(
                "backward_factor_residual",
                lang,
                passed=passed,
                local=fmt.factor(back.local_factor),
                layer=layer,
                how=say(f"shortcut_{info.shortcut}", lang),
                branch_part=fmt.factor(parts.branch),
                symbol=symbol,
            )
        )
        if zero is not None:
            sentences.append(say("branch_zero", lang))
            sentences.append(_why_zero(zero, config, forward, back, info, lang))
    elif zero is not None:
        sentences.append(say("backward_passes_zero", lang, passed=passed))
        sentences.append(_why_zero(zero, config, forward, back, info, lang))
        if layer > 1:
            sentences.append(say("zero_below", lang))
    else:
        fields = {
            "passed": passed,
            "local": fmt.factor(back.local_factor),
            "activation_part": fmt.factor(parts.activation),
            "weight_part": fmt.factor(parts.weights),
            "symbol": symbol,
        }
        if info.batch_norm:
            sentences.append(
                say("backward_factor_bn", lang, bn_part=fmt.factor(parts.batch_norm), **fields)
            )
        else:
            sentences.append(say("backward_factor", lang, **fields))
    if not math.isfinite(output.grad_a_norm) or output.grad_a_norm == 0:
        value = fmt.number(output.grad_a_norm)
        sentences.append(
            say("backward_reference_nonfinite", lang, depth=snapshot.depth, value=value)
        )
    elif back.grad_in_norm != 0:
        left = back.running_product
        what = say("row", lang, row=layer - 1) if layer > 1 else say("the_input", lang)
        key = "backward_grown" if left > 1 else "backward_left"
        sentences.append(say(key, lang, what=what, left=running_text(left, lang)))
        if layer > 1:
            sentences.extend(_regime_change(snapshot, config, info, forward, back, zero, lang))
    if layer == 1:
        w_share = fmt.share(_ratio(back.grad_w_norm, output.grad_w_norm))
        sentences.append(say("backward_done", lang, w_share=w_share, depth=snapshot.depth))
        if hints:
            sentences.append(_next_after_backward(config, lang))
    return sentences


def row_running_product(snapshot: Snapshot, row: int) -> float:
    """The running product of the chart's row ``row``: ‖∂L/∂a_row‖ ÷ ‖∂L/∂a_L‖ (1 at the
    output). ``BackwardStats.running_product`` of layer l is row l−1's."""
    back = snapshot.backward[row - 1]
    if back is None:
        return math.nan
    if not math.isnan(back.share_of_output):
        return back.share_of_output
    output = snapshot.backward[-1]
    return math.nan if output is None else back.grad_a_norm / output.grad_a_norm


def rows_spoken_of(snapshot: Snapshot) -> tuple[int, ...]:
    """The chart's rows that ``explain_step`` of ``snapshot`` speaks of, the first one first.

    At the backward step at layer l the sentences speak of row l (‖∂L/∂a_l‖ arriving,
    ‖∂L/∂W_l‖ learnt) and of row l−1 (‖∂L/∂a_(l−1)‖, passed on; the local factor is row
    l−1 ÷ row l): ``(l, l − 1)``, or ``(1,)`` at layer 1, whose passed-on ∂L/∂x has no row.
    A forward step speaks of its layer's row, the loss of the output's row L, the clip and
    update stages of rows 1 and L (they compare the two); READY of none.
    """
    phase, layer, depth = snapshot.phase, snapshot.layer, snapshot.depth
    if phase == Phase.BACKWARD:
        return (layer, layer - 1) if layer > 1 else (1,)
    if phase == Phase.FORWARD:
        return (layer,)
    if phase == Phase.LOSS:
        return (depth,)
    if phase in (Phase.CLIP, Phase.UPDATE):
        return (1, depth) if depth > 1 else (1,)
    return ()


def running_text(value: float, lang: str = "en") -> str:
    """A running product as every surface writes it (the log, the detail, a verdict):
    ``1/1,130`` below 1, ``2.03×`` above (∞ and NaN as themselves); a rule of the value
    alone (``fmt.share``, ``fmt.times``), so that one figure reads the same everywhere."""
    if not math.isfinite(value):
        return fmt.number(value)
    return fmt.times(value, lang) if value > 1 else fmt.share(value)


def _passed(layer: int, value: float, lang: str) -> str:
    """What layer ``layer`` passes on, named by its row: ``‖∂L/∂a_9‖ = … on to layer 9
    (row 9)``, or ``‖∂L/∂x‖ = …`` for layer 1."""
    if layer > 1:
        return say("passed_to_layer", lang, below=layer - 1, value=fmt.number(value))
    return say("passed_to_input", lang, value=fmt.number(value))


def _because(cause: causes.Cause, lang: str) -> str:
    return say(f"because_{cause.value}", lang)


def _nothing_arrives(snapshot: Snapshot, layer: int, lang: str) -> str:
    """‖∂L/∂a_l‖ is exactly 0: say so, and where and why it became 0."""
    origin = causes.zero_origin(snapshot, layer)
    if origin is None:
        return say("backward_zero_loss", lang, layer=layer)
    because = _because(_zero_cause_at(snapshot, origin), lang)
    return say("backward_zero", lang, layer=layer, origin=origin, because=because)


def _zero_cause_at(snapshot: Snapshot, layer: int) -> causes.Cause:
    forward, back = snapshot.forward[layer - 1], snapshot.backward[layer - 1]
    assert forward is not None and back is not None
    cause = causes.zero_cause(forward, back)
    assert cause is not None, "zero_origin names a layer that passed exactly 0 on"
    return cause


def zero_detail(snapshot: Snapshot, layer: int, lang: str = "en") -> str:
    """The detail pane's line for a row whose ‖∂L/∂a‖ is exactly 0: where and why."""
    origin = causes.zero_origin(snapshot, layer)
    if origin is None:
        return say("detail_zero_loss", lang)
    because = _because(_zero_cause_at(snapshot, origin), lang)
    return say("detail_zero", lang, origin=origin, because=because)


def _why_zero(
    cause: causes.Cause,
    config: Config,
    forward: ForwardStats,
    back: BackwardStats,
    info: LayerInfo,
    lang: str,
) -> str:
    layer = info.index
    symbol = _symbol(forward.activation)
    passed_symbol = subscripts(f"∂L/∂a_{layer - 1}") if layer > 1 else "∂L/∂x"
    if cause == causes.Cause.DEAD:
        return say("why_dead", lang, units=info.fan_out, layer=layer)
    if cause == causes.Cause.SATURATED:
        return say("why_saturated", lang, layer=layer, symbol=symbol)
    if cause == causes.Cause.ZERO_SLOPE_WHERE_IT_ARRIVES:
        dead = fmt.percent(forward.dead_fraction)
        return say("why_zero_slope_where", lang, layer=layer, symbol=symbol, dead=dead)
    if cause == causes.Cause.UNDERFLOW:
        return say(
            "why_underflow",
            lang,
            symbol=symbol,
            fprime_min=fmt.number(forward.fprime_min),
            weight_norm=fmt.number(back.weight_norm),
        )
    if cause == causes.Cause.BATCH_NORM:
        return say("why_batch_norm", lang)
    if back.weight_norm == 0:
        return say(
            "why_zero_weight",
            lang,
            layer=layer,
            init=describe_init(config),
            passed_symbol=passed_symbol,
            grad_w=fmt.number(back.grad_w_norm),
        )
    return say(
        "why_zero_weight_met",
        lang,
        layer=layer,
        weight_norm=fmt.number(back.weight_norm),
        passed_symbol=passed_symbol,
    )


FLAT_WITHIN = 1.5
"""‖∂L/∂W‖ counts as flat from one row to the next within this factor …"""
MOVED_BY = 2.0
"""… while ‖∂L/∂a‖ changes by at least this factor."""


def _flat_between(snapshot: Snapshot, layer: int) -> tuple[float, float, float] | None:
    """(‖∂L/∂W‖ ratio, ‖∂L/∂a‖ ratio, input ratio) of row ``layer`` against row
    ``layer + 1`` when ‖∂L/∂W‖ stays flat while ‖∂L/∂a‖ moves; else None."""
    if layer < 2 or layer >= snapshot.depth:
        return None
    here, above = snapshot.backward[layer - 1], snapshot.backward[layer]
    below_in, here_in = snapshot.forward[layer - 2], snapshot.forward[layer - 1]
    if None in (here, above, below_in, here_in):
        return None
    values = (here.grad_w_norm, above.grad_w_norm, here.grad_a_norm, above.grad_a_norm)
    if not all(math.isfinite(value) and value > 0 for value in values):
        return None
    w_ratio = here.grad_w_norm / above.grad_w_norm
    a_ratio = here.grad_a_norm / above.grad_a_norm
    if not (1 / FLAT_WITHIN <= w_ratio <= FLAT_WITHIN) or 1 / MOVED_BY < a_ratio < MOVED_BY:
        return None
    return w_ratio, a_ratio, _ratio(below_in.a_norm, here_in.a_norm)


def _flat_weight_gradient(snapshot: Snapshot, layer: int, lang: str) -> list[str]:
    """Why ‖∂L/∂W‖ stays flat while ‖∂L/∂a‖ grows or shrinks (∂L/∂W_l = a_(l−1)ᵀ·∂L/∂z_l:
    the layer's input moves the other way), said at the first row of the pass where it
    holds."""
    flat = _flat_between(snapshot, layer)
    if flat is None or _flat_between(snapshot, layer + 1) is not None:
        return []
    w_ratio, a_ratio, input_ratio = flat
    here, above = snapshot.backward[layer - 1], snapshot.backward[layer]
    return [
        say(
            "flat_w",
            lang,
            layer=layer,
            above=layer + 1,
            below=layer - 1,
            grad_w=fmt.number(here.grad_w_norm),
            grad_w_above=fmt.number(above.grad_w_norm),
            w_ratio=fmt.factor(w_ratio),
            a_ratio=fmt.factor(a_ratio),
            input_ratio=fmt.factor(input_ratio),
        )
    ]


def _next_after_backward(config: Config, lang: str) -> str:
    clip = config.clip
    if clip.grad_norm > 0:
        return say("next_clip_on", lang, setting=f"clip.grad_norm = {fmt.number(clip.grad_norm)}")
    if clip.grad_value > 0:
        setting = f"clip.grad_value = {fmt.number(clip.grad_value)}"
        return say("next_clip_on", lang, setting=setting)
    return say("next_clip_off", lang)


def _ratio(top: float, bottom: float) -> float:
    if bottom == 0:
        return math.inf if top else 1.0
    return top / bottom


def _regime_change(
    snapshot: Snapshot,
    config: Config,
    info: LayerInfo,
    forward: ForwardStats,
    back: BackwardStats,
    zero: causes.Cause | None,
    lang: str,
) -> list[str]:
    """Cause and remedy, said once: when row l−1, which layer l has just passed the
    gradient on to, enters a regime that row l was not in."""
    layer = info.index
    was = classify(row_running_product(snapshot, layer), 1.0)
    now = classify(back.running_product, 1.0)
    if now == was or now not in (Regime.VANISHING, Regime.EXPLODING):
        return []
    below = layer - 1
    sentences = [say("vanished" if now == Regime.VANISHING else "exploded", lang, below=below)]
    if zero is not None:  # its why is already said
        if zero == causes.Cause.DEAD:
            sentences.append(say("try_leaky", lang))
        elif zero == causes.Cause.ZERO_WEIGHT:
            sentences.append(say("try_random_init", lang))
        return sentences
    parts = causes.factor_parts(back)
    symbol = _symbol(forward.activation)
    spec = config.init
    if now == Regime.VANISHING:
        cause = causes.shrink_cause(forward, back, info)
        if cause == causes.Cause.DEAD:
            sentences.append(say("cause_dead", lang, fraction=fmt.percent(forward.dead_fraction)))
            sentences.append(say("try_leaky", lang))
        elif cause == causes.Cause.SATURATED:
            fraction = fmt.percent(forward.saturated_fraction)
            activation = forward.activation
            sentences.append(say("cause_saturated", lang, fraction=fraction, activation=activation))
            sentences.append(say("try_relu", lang))
        elif cause == causes.Cause.SIGMOID_SLOPE:
            sentences.append(say("cause_sigmoid", lang))
            sentences.append(say("try_relu", lang))
        elif cause == causes.Cause.SMALL_SLOPE:
            sentences.append(
                say(
                    "cause_small_slope",
                    lang,
                    symbol=symbol,
                    fprime_mean=fmt.number(forward.fprime_mean),
                    activation_part=fmt.factor(parts.activation),
                )
            )
            sentences.append(say("try_init", lang))
        elif cause == causes.Cause.BATCH_NORM:
            sentences.append(say("cause_batch_norm", lang, bn_part=fmt.factor(parts.batch_norm)))
        elif spec.name == "eye":
            sentences.append(_eye_cause(spec.scale, lang))
            sentences.append(say("try_init", lang))
        else:
            sentences.append(
                say(
                    "cause_small_weights",
                    lang,
                    weight_part=fmt.factor(parts.weights),
                    init=describe_init(config),
                    width=info.fan_in,
                )
            )
            sentences.append(say("try_init", lang))
        return sentences
    constant = spec.name == "constant" and spec.value != 0
    cause = causes.growth_cause(back, info, constant)
    if cause == causes.Cause.RESIDUAL:
        branch = fmt.factor(parts.branch)
        sentences.append(say("cause_residual", lang, layer=layer, branch_part=branch))
        return sentences
    if cause == causes.Cause.BATCH_NORM:
        sentences.append(say("cause_batch_norm", lang, bn_part=fmt.factor(parts.batch_norm)))
    elif cause == causes.Cause.CONSTANT_WEIGHTS:
        value = spec.value * spec.scale
        sentences.append(
            say(
                "cause_constant",
                lang,
                value=fmt.number(value),
                width=info.fan_out,
                product=fmt.number(abs(value) * info.fan_out),
            )
        )
    elif spec.name == "eye":
        sentences.append(_eye_cause(spec.scale, lang))
    else:
        sentences.append(
            say(
                "cause_large_weights",
                lang,
                weight_part=fmt.factor(parts.weights),
                init=describe_init(config),
                width=info.fan_in,
                he_std=fmt.number(math.sqrt(2.0 / info.fan_in)),
                xavier_std=fmt.number(math.sqrt(2.0 / (info.fan_in + info.fan_out))),
            )
        )
    clipping = config.clip.grad_norm > 0 or config.clip.grad_value > 0
    sentences.append(say("try_clip_on" if clipping else "try_clip", lang))
    return sentences


def _still_exploding(snapshot: Snapshot, lang: str) -> list[str]:
    """After clipping: the rows whose ‖∂L/∂a‖ still reads ▲, and why (clipping scales the
    update's copy of the parameters' gradients, never the backward pass the chart shows)."""
    rows = [
        row
        for row in range(1, snapshot.depth + 1)
        if classify(row_running_product(snapshot, row), 1.0) == Regime.EXPLODING
    ]
    if not rows:
        return []
    named = ui("Row {rows}", lang) if len(rows) == 1 else ui("Rows {rows}", lang)
    first = rows[0]
    running = running_text(row_running_product(snapshot, first), lang)
    return [
        say(
            "clip_still_exploding",
            lang,
            rows=named.format(rows=fmt.runs(rows)),
            running=running,
            first=first,
        )
    ]


def _clip(snapshot: Snapshot, config: Config, lang: str) -> list[str]:
    clip = snapshot.clip
    assert clip is not None
    before, after = fmt.number(clip.norm_before), fmt.number(clip.norm_after)
    if config.clip.grad_value > 0:
        return [
            say(
                "clip_value",
                lang,
                fraction=fmt.percent(clip.value_clipped_fraction),
                limit=fmt.number(config.clip.grad_value),
                before=before,
                after=after,
            )
        ]
    if config.clip.grad_norm > 0:
        if clip.clipped_by_norm:
            scale = fmt.number(clip.norm_after / clip.norm_before)
            sentences = [say("clip_norm", lang, before=before, after=after, scale=scale)]
            return sentences + _still_exploding(snapshot, lang)
        return [
            say(
                "clip_norm_untouched",
                lang,
                before=before,
                limit=fmt.number(config.clip.grad_norm),
            )
        ]
    return [say("clip_off", lang, before=before)]


AGREE_WITHIN = 1.5
"""The theory view's √χ and the measured local factor agree within this factor: √χ is an
average over random weights (Poole et al. 2016, Schoenholz et al. 2017), and one batch of one
network scatters about it by tens of per cent. The catalogue's ``theory_chi_note`` states it."""


def agreement(predicted: float, measured: float, lang: str = "en") -> str:
    """The theory view's verdict on a measured local factor against the predicted √χ:
    ``agrees: ×0.84 of √χ`` within ``AGREE_WITHIN``, else ``2.04× smaller than √χ``."""
    ratio = measured / predicted
    if 1 / AGREE_WITHIN <= ratio <= AGREE_WITHIN:
        return say("theory_agrees", lang, ratio=fmt.number(ratio, 2))
    if ratio > 1:
        return say("theory_larger", lang, ratio=fmt.multiple(ratio, 2))
    return say("theory_smaller", lang, ratio=fmt.multiple(1 / ratio, 2))


def _update(
    snapshot: Snapshot, config: Config, lang: str, train_steps: int = 100, hints: bool = True
) -> list[str]:
    first, last = snapshot.update[0], snapshot.update[-1]
    sentences = []
    clip = snapshot.clip
    if clip is not None and clip.norm_after != clip.norm_before and clip.norm_before > 0:
        scale = fmt.factor(clip.norm_after / clip.norm_before)
        sentences.append(say("update_clipped", lang, scale=scale))
    if first is not None and last is not None:
        sentences.append(
            say(
                "update",
                lang,
                optimizer=config.optimizer.name,
                lr=fmt.number(config.optimizer.lr),
                first_ratio=fmt.share(first.update_ratio),
                last_ratio=fmt.share(last.update_ratio),
                depth=snapshot.depth,
            )
        )
        sentences += _learning_speed(snapshot, config, first, last, lang)
        if first.prelu_alpha:
            sentences.append(say("update_alpha", lang, alpha=fmt.spread(first.prelu_alpha)))
    if snapshot.loss is not None and not math.isfinite(snapshot.loss):
        loss = fmt.number(snapshot.loss)
        sentences.append(say("update_next_nonfinite", lang, loss=loss))
    elif hints:
        sentences.append(say("update_next", lang, train=train_steps))
    return sentences


SPEED_GAP = 10.0
"""Layer 1 and layer L learn at speeds (‖ΔW‖ ÷ ‖W‖) this many times apart: worth a word."""


def _learning_speed(
    snapshot: Snapshot, config: Config, first: UpdateStats, last: UpdateStats, lang: str
) -> list[str]:
    """Which of layer 1 and layer L learns faster, by how much, and why: for SGD,
    ‖ΔW‖ ÷ ‖W‖ ≈ lr·‖∂L/∂W‖ ÷ ‖W‖, so the gradients' ratio or the weights' ratio; Adam's
    steps are about lr whatever the gradient."""
    depth = snapshot.depth
    if depth < 2 or not (first.update_ratio > 0 and last.update_ratio > 0):
        return []
    speed = first.update_ratio / last.update_ratio
    if not math.isfinite(speed) or 1 / SPEED_GAP <= speed <= SPEED_GAP:
        return []
    key = "update_slow" if speed < 1 else "update_fast"
    sentences = [say(key, lang, ratio=fmt.times(max(speed, 1 / speed), lang), depth=depth)]
    back_first, back_last = snapshot.backward[0], snapshot.backward[-1]
    if back_first is None or back_last is None:
        return sentences
    gradient = _ratio(back_first.grad_w_norm, back_last.grad_w_norm)
    weights = _ratio(back_first.weight_norm, back_last.weight_norm)
    share, weight_text = fmt.share(gradient), fmt.number(weights)
    if config.optimizer.name == "adam":
        sentences.append(say("update_why_adam", lang, depth=depth, weights=weight_text))
    elif abs(math.log10(gradient or 1e-300)) >= abs(math.log10(weights or 1e-300)):
        sentences.append(say("update_why_gradient", lang, depth=depth, share=share))
    else:
        why = say("update_why_weights", lang, depth=depth, share=share, weights=weight_text)
        sentences.append(why)
    return sentences
