"""Turn a step's snapshot into a few plain sentences with the real numbers. Knows no screen.

``explain_step(previous, snapshot, config, layers)`` says what the stage just computed did:
a forward layer's z and slopes, a backward layer's local factor split into its causes (the
activation's slope and the weights), how much of the output's gradient is left, and, the
moment a regime appears (vanishing, exploding, overflow), why, named from the config, and
what to try next. The words come from ``catalogue``; the numbers from ``format``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gradtui.config import Config
from gradtui.explain import format as fmt
from gradtui.explain.catalogue import CATALOGUES, UI
from gradtui.explain.regime import Regime, classify
from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import BackwardStats, ForwardStats, Phase, Snapshot

__all__ = [
    "LANGUAGES",
    "Regime",
    "classify",
    "describe_init",
    "describe_phase",
    "explain_step",
    "join",
    "say",
    "ui",
]

LANGUAGES = ("en", "zh")

RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "rrelu"})


def say(key: str, lang: str = "en", **fields: object) -> str:
    """One sentence of the catalogue, its fields filled in."""
    catalogue = CATALOGUES.get(lang, CATALOGUES["en"])
    return catalogue.get(key, CATALOGUES["en"][key]).format(**fields)


def ui(text: str, lang: str = "en") -> str:
    """A label of the screen (a key, a heading, a column) in ``lang``: looked up by its
    English text, as gettext does; the English itself where there is no translation."""
    return UI.get(lang, {}).get(text, text)


def join(sentences: list[str], lang: str = "en") -> str:
    """Sentences as one paragraph: spaced in English, run together in Chinese."""
    return ("" if lang == "zh" else " ").join(sentences)


def describe_where(where: str, lang: str = "en") -> str:
    """The simulator's ``first_nonfinite`` ("forward layer 7", "loss", …) in words."""
    kind, _, layer = where.partition(" layer ")
    if kind in ("forward", "backward") and layer:
        return say(f"where_{kind}", lang, layer=layer)
    return say("where_loss", lang) if where == "loss" else where


def describe_phase(snapshot: Snapshot, lang: str = "en") -> str:
    """Where the stepper stands: ``forward → 3``, ``backward ← 1``, ``loss``…"""
    return say(f"phase_{snapshot.phase.value}", lang, batch=snapshot.batch, layer=snapshot.layer)


def describe_init(config: Config) -> str:
    """The init in a few words: ``normal(0, 1)``, ``constant 5``, ``kaiming_normal ×0.5``."""
    spec = config.init
    if spec.name == "normal":
        text = f"normal({fmt.number(spec.mean)}, {fmt.number(spec.std)}²)"
    elif spec.name == "uniform":
        text = f"uniform({fmt.number(spec.low)}, {fmt.number(spec.high)})"
    elif spec.name == "constant":
        text = f"constant {fmt.number(spec.value)}"
    else:
        text = spec.name
    if spec.scale != 1:
        text += f" {fmt.factor(spec.scale)}"
    return text


def explain_step(
    previous: Snapshot | None,
    snapshot: Snapshot,
    config: Config,
    layers: Sequence[LayerInfo],
    lang: str = "en",
) -> list[str]:
    """The sentences for the stage ``snapshot`` has just computed (``previous`` came before)."""
    phase = snapshot.phase
    if phase == Phase.READY:
        return [say("ready", lang, batch=snapshot.batch, examples=config.data.batch_size)]
    if phase == Phase.FORWARD:
        return _forward(snapshot, layers, lang)
    if phase == Phase.LOSS:
        return _loss(snapshot, config, lang)
    if phase == Phase.BACKWARD:
        return _backward(snapshot, config, layers, lang)
    if phase == Phase.CLIP:
        return _clip(snapshot, config, lang)
    return _update(snapshot, config, lang)


def _symbol(activation: str) -> str:
    return ACTIVATION_INFO[activation].symbol if activation in ACTIVATION_INFO else "f'"


def _forward(snapshot: Snapshot, layers: Sequence[LayerInfo], lang: str) -> list[str]:
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
        sentences.append(say("forward_done", lang))
    return sentences


def _loss(snapshot: Snapshot, config: Config, lang: str) -> list[str]:
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
    return [
        say(
            "loss",
            lang,
            loss_name=say(f"loss_{config.loss}", lang),
            loss=fmt.number(loss, 4),
            depth=snapshot.depth,
        )
    ]


def _backward(
    snapshot: Snapshot, config: Config, layers: Sequence[LayerInfo], lang: str
) -> list[str]:
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
        sentences = [say("backward_zero", lang, layer=layer)]
        if layer == snapshot.depth or (snapshot.backward[layer] or back).grad_a_norm != 0:
            sentences.extend(_regime_change(snapshot, config, info, forward, back, lang))
        return sentences
    sentences = [
        say(
            "backward",
            lang,
            layer=layer,
            symbol=symbol,
            fprime_mean=fmt.number(forward.fprime_mean),
            fprime_max=fmt.number(forward.fprime_max),
            weight_norm=fmt.number(back.weight_norm),
        )
    ]
    activation_part, weight_part = split_factor(back)
    if info.shortcut != "none":
        sentences.append(say("backward_factor_residual", lang, local=fmt.factor(back.local_factor)))
    else:
        sentences.append(
            say(
                "backward_factor",
                lang,
                local=fmt.factor(back.local_factor),
                activation_part=fmt.factor(activation_part),
                weight_part=fmt.factor(weight_part),
                symbol=symbol,
            )
        )
    left = back.running_product
    if left > 1:
        sentences.append(say("backward_grown", lang, left=fmt.times(left)))
    else:
        sentences.append(say("backward_left", lang, left=fmt.share(left)))
    sentences.extend(_regime_change(snapshot, config, info, forward, back, lang))
    if layer == 1:
        last = snapshot.backward[-1]
        assert last is not None
        w_share = fmt.share(_ratio(back.grad_w_norm, last.grad_w_norm))
        sentences.append(say("backward_done", lang, w_share=w_share, depth=snapshot.depth))
    return sentences


def split_factor(back: BackwardStats) -> tuple[float, float]:
    """The local factor as (the activation's part ‖∂L/∂z‖/‖∂L/∂a‖, the weights' part
    ‖∂L/∂a_{l-1}‖/‖∂L/∂z‖); their product is the local factor (without a shortcut)."""
    return _ratio(back.grad_z_norm, back.grad_a_norm), _ratio(back.grad_in_norm, back.grad_z_norm)


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
    lang: str,
) -> list[str]:
    """Cause and remedy, said once: when the gradient leaving this layer enters a regime
    that the gradient entering it was not in."""
    entering = _running_entering(snapshot, info.index)
    was = classify(entering, 1.0)
    now = classify(back.running_product, 1.0)
    if now == was or now not in (Regime.VANISHING, Regime.EXPLODING):
        return []
    sentences = [
        say(
            "vanished" if now == Regime.VANISHING else "exploded",
            lang,
            layer=max(info.index - 1, 1),
        )
    ]
    activation_part, weight_part = split_factor(back)
    width = info.fan_in
    spec = config.init
    if now == Regime.VANISHING:
        activation = forward.activation
        if forward.dead_fraction >= 0.2 and activation in RELU_FAMILY:
            sentences.append(say("cause_dead", lang, fraction=fmt.percent(forward.dead_fraction)))
            sentences.append(say("try_leaky", lang))
        elif activation == "sigmoid" and activation_part < 1:
            sentences.append(say("cause_sigmoid", lang))
            sentences.append(say("try_relu", lang))
        elif forward.saturated_fraction >= 0.2:
            sentences.append(
                say(
                    "cause_saturated",
                    lang,
                    fraction=fmt.percent(forward.saturated_fraction),
                    activation=activation,
                )
            )
            sentences.append(say("try_relu", lang))
        else:
            sentences.append(
                say(
                    "cause_small_weights",
                    lang,
                    weight_part=fmt.factor(weight_part),
                    init=describe_init(config),
                    width=width,
                )
            )
            sentences.append(say("try_init", lang))
        return sentences
    if spec.name == "constant" and spec.value != 0:
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
    else:
        sentences.append(
            say(
                "cause_large_weights",
                lang,
                weight_part=fmt.factor(weight_part),
                init=describe_init(config),
                width=width,
                he_std=fmt.number(math.sqrt(2.0 / info.fan_in)),
                xavier_std=fmt.number(math.sqrt(2.0 / (info.fan_in + info.fan_out))),
            )
        )
    sentences.append(say("try_clip", lang))
    return sentences


def _running_entering(snapshot: Snapshot, layer: int) -> float:
    """What was left of the output's gradient as it entered ``layer`` (1 at the output)."""
    if layer >= snapshot.depth:
        return 1.0
    later = snapshot.backward[layer]
    return 1.0 if later is None else later.running_product


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
            return [say("clip_norm", lang, before=before, after=after)]
        return [
            say(
                "clip_norm_untouched",
                lang,
                before=before,
                limit=fmt.number(config.clip.grad_norm),
            )
        ]
    return [say("clip_off", lang, before=before)]


def _update(snapshot: Snapshot, config: Config, lang: str, train_steps: int = 100) -> list[str]:
    first, last = snapshot.update[0], snapshot.update[-1]
    sentences = []
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
        if snapshot.depth > 1 and 0 < first.update_ratio < last.update_ratio / 10:
            slower = fmt.number(last.update_ratio / first.update_ratio, 2)
            sentences.append(say("update_slow", lang, slower=f"{slower}×", depth=snapshot.depth))
        if first.prelu_alpha:
            sentences.append(say("update_alpha", lang, alpha=fmt.spread(first.prelu_alpha)))
    sentences.append(say("update_next", lang, train=train_steps))
    return sentences
