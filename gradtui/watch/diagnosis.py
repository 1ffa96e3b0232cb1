"""A recorded step in words: which modules' gradients vanish or explode, and, where the
module types tell, why and what to try (en, zh). Knows no screen and no torch.

Each row is judged as the simulator's chart judges a layer (``gradtui.explain.regime``):
against the gradient of the same kind nearest the output, the last ``W`` row (the output
layer's ‖∂L/∂θ‖) for ``W`` rows and the last ``a`` row for ``a`` rows.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.explain import format as fmt
from gradtui.explain import join, say
from gradtui.explain.regime import EXPLODING_ABOVE, VANISHING_BELOW, Regime, classify
from gradtui.watch.fileformat import Header, Steps, where_text

__all__ = ["NORMALISATIONS", "diagnose", "references", "regimes"]

NORMALISATIONS = (
    "BatchNorm1d",
    "BatchNorm2d",
    "BatchNorm3d",
    "LayerNorm",
    "GroupNorm",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "RMSNorm",
)
STALLED_BELOW = 1e-6
"""An update below this share of every module's weights: the run has all but stopped."""
NAMES_SHOWN = 4
"""Rows named in a sentence before "and N more"."""


def references(header: Header, values: np.ndarray) -> dict[str, int | None]:
    """The row each kind is judged against: the last of its kind with a finite value."""
    found: dict[str, int | None] = {"W": None, "a": None}
    for index, row in enumerate(header.rows):
        if not math.isnan(values[index, 0]):
            found[row.kind] = index
    return found


def regimes(header: Header, values: np.ndarray) -> list[Regime]:
    """Each row's regime at one step (PENDING where it had no gradient)."""
    refs = references(header, values)
    result = []
    for index, row in enumerate(header.rows):
        value = float(values[index, 0])
        ref = refs[row.kind]
        if math.isnan(value) or ref is None:
            result.append(Regime.PENDING if math.isnan(value) else Regime.HEALTHY)
            continue
        result.append(classify(value, float(values[ref, 0])))
    return result


def _names(header: Header, indexes: list[int], lang: str) -> str:
    shown = ", ".join(header.rows[i].name for i in indexes[:NAMES_SHOWN])
    if len(indexes) > NAMES_SHOWN:
        shown += say("watch_more", lang, count=len(indexes) - NAMES_SHOWN)
    return shown


def diagnose(header: Header, steps: Steps, index: int = -1, lang: str = "en") -> list[str]:
    """Sentences about step record ``index``: its regimes, causes, what to try."""
    if not len(steps):
        return [say("watch_waiting", lang)]
    values = steps.values[index]
    rows = header.rows
    types = {row.type for row in rows}
    sentences = [
        say(
            "watch_step",
            lang,
            step=steps.last[index],
            loss=fmt.number(steps.loss[index]),
            merged=say("watch_merged", lang, count=steps.count[index])
            if steps.count[index] > 1
            else "",
        )
    ]
    bad = where_text(steps, header, index)
    if bad is not None:
        kind, _, name = bad.partition(" ")
        key = "watch_nan_loss" if kind == "loss" else f"watch_nan_{kind}"
        sentences.append(say(key, lang, name=name))
        sentences.append(say("watch_try_nan", lang))
        return [join(sentences, lang)]
    judged = regimes(header, values)
    refs = references(header, values)
    output = refs["W"]
    vanishing = [i for i, r in enumerate(judged) if r is Regime.VANISHING and rows[i].kind == "W"]
    exploding = [i for i, r in enumerate(judged) if r is Regime.EXPLODING and rows[i].kind == "W"]
    overflow = [i for i, r in enumerate(judged) if r is Regime.OVERFLOW]
    if overflow:
        sentences.append(say("watch_overflow", lang, names=_names(header, overflow, lang)))
    if output is not None and vanishing:
        weakest = min(vanishing, key=lambda i: values[i, 0])
        sentences.append(
            say(
                "watch_vanishing",
                lang,
                names=_names(header, vanishing, lang),
                output=rows[output].name,
                below=fmt.share(VANISHING_BELOW),
                weakest=f"{rows[weakest].name} ({rows[weakest].type})",
                share=fmt.share(values[weakest, 0] / values[output, 0])
                if values[output, 0] > 0
                else "0",
            )
        )
        sentences += _vanishing_causes(header, values, types, lang)
    if output is not None and exploding:
        sentences.append(
            say(
                "watch_exploding",
                lang,
                names=_names(header, exploding, lang),
                output=rows[output].name,
                above=fmt.times(EXPLODING_ABOVE),
            )
        )
        sentences.append(say("watch_try_exploding", lang))
    if not (vanishing or exploding or overflow) and output is not None:
        sentences.append(
            say(
                "watch_healthy",
                lang,
                output=rows[output].name,
                below=fmt.share(VANISHING_BELOW),
                above=fmt.times(EXPLODING_ABOVE),
            )
        )
        largest = _largest_update(header, values)
        if largest is not None and largest < STALLED_BELOW:
            # Judged against each other, the gradients look even; judged against the
            # weights they move, none moves at all.
            sentences.append(
                say(
                    "watch_stalled",
                    lang,
                    largest=fmt.number(largest),
                    below=fmt.number(STALLED_BELOW),
                )
            )
    dead = _dead(header, values)
    if dead:
        sentences.append(dead_sentence(header, values, dead, lang))
    return [join(sentences, lang)]


def _largest_update(header: Header, values: np.ndarray) -> float | None:
    """The largest ‖Δθ‖ ÷ ‖θ‖ of the ``W`` rows; None while any is unknown (the first
    step, a step after a skipped one, a run recorded with ``updates=False``)."""
    sizes = [float(values[i, 2]) for i, row in enumerate(header.rows) if row.kind == "W"]
    if not sizes or not all(math.isfinite(size) for size in sizes):
        return None
    return max(sizes)


def _dead(header: Header, values: np.ndarray) -> list[int]:
    return [
        i
        for i, row in enumerate(header.rows)
        if row.kind == "a" and not math.isnan(values[i, 1]) and values[i, 1] > 0
    ]


def dead_sentence(header: Header, values: np.ndarray, dead: list[int], lang: str) -> str:
    worst = max(dead, key=lambda i: values[i, 1])
    return say(
        "watch_dead",
        lang,
        name=header.rows[worst].name,
        share=fmt.percent(float(values[worst, 1])),
        count=len(dead),
    )


def _vanishing_causes(header: Header, values: np.ndarray, types: set[str], lang: str):
    """What the module types say about a vanishing gradient."""
    causes = []
    for kind, key in (("Sigmoid", "watch_cause_sigmoid"), ("Tanh", "watch_cause_tanh")):
        found = [i for i, row in enumerate(header.rows) if row.type == kind]
        if found:
            saturated = [float(values[i, 2]) for i in found if not math.isnan(values[i, 2])]
            causes.append(say(key, lang, count=len(found)))
            if saturated and max(saturated) > 0:
                causes.append(say("watch_saturated", lang, share=fmt.percent(max(saturated))))
    if causes:
        causes.append(say("watch_try_relu", lang))
    if not types & set(NORMALISATIONS):
        causes.append(say("watch_try_norm", lang))
    causes.append(say("watch_try_shortcut", lang))
    return causes
