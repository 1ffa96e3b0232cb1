"""A checkpoint in words: its options, and the verdict that sets a learner's prediction
beside the measured number (see ``gradtui.lessons.checkpoint``). Knows no screen."""

from __future__ import annotations

import math
from collections.abc import Sequence

from gradtui.explain import format as fmt
from gradtui.explain import join, say
from gradtui.lessons.checkpoint import Answer, Checkpoint

__all__ = ["answer_text", "decade_value", "option_labels", "verdict"]


def decade_value(decade: int) -> str:
    """A power of ten as people say it: ``1``, ``100``, ``1/1,000``, ``10⁻⁵``."""
    if 0 <= decade <= 3:
        return f"{10**decade:,}"
    if -3 <= decade < 0:
        return f"1/{10**-decade:,}"
    return fmt.power(decade)


def _decade_label(checkpoint: Checkpoint, index: int, lang: str) -> str:
    decade = checkpoint.option_decade(index)
    value = decade_value(decade)
    if decade > 0:
        value += "×"
    if index == 0:
        return say("decade_top", lang, value=value)
    if index == checkpoint.option_count - 1:
        return say("decade_bottom", lang, value=value)
    return say("decade_about", lang, value=value)


def option_labels(
    checkpoint: Checkpoint,
    lang: str = "en",
    variants: dict[str, Sequence[str]] | None = None,
    as_lesson: bool = True,
) -> list[str]:
    """The options' words, in key order (key 1 is the first). ``as_lesson``: the network is
    the lesson's own at the checkpoint's step; when not, a ``pick``'s option "" is called
    the network as it stands (its label may say what is no longer so)."""
    if checkpoint.kind == "decades":
        return [_decade_label(checkpoint, index, lang) for index in range(checkpoint.option_count)]
    words = checkpoint.options_zh if lang == "zh" and checkpoint.options_zh else checkpoint.options
    if words and checkpoint.kind == "pick" and not as_lesson:
        return [
            say("pick_self", lang) if not name else word
            for name, word in zip(checkpoint.variants, words, strict=True)
        ]
    if words:
        return list(words)
    if checkpoint.kind == "compare":
        within = fmt.number(checkpoint.within)
        return [
            say("predict_more", lang),
            say("predict_less", lang),
            say("predict_same", lang, within=within),
        ]
    labels = []
    for name in checkpoint.variants:
        overrides = name.split() if "=" in name else (variants or {}).get(name, ())
        labels.append(
            ", ".join(overrides) if name and overrides else name or say("pick_self", lang)
        )
    return labels


def answer_text(
    checkpoint: Checkpoint, answer: Answer, lang: str, variants=None, as_lesson: bool = True
) -> str:
    """The right option in words (or that none is, for a measure that is not finite)."""
    if answer.correct is None:
        return say("verdict_none", lang, value=fmt.number(answer.value))
    return option_labels(checkpoint, lang, variants, as_lesson)[answer.correct]


def _constant(measure: str) -> bool:
    try:
        float(measure)
    except ValueError:
        return False
    return True


def _times(decades: int, lang: str) -> str:
    factor = decade_value(abs(decades))
    return f"{factor} 倍" if lang == "zh" else f"{factor}×"


def verdict(
    checkpoint: Checkpoint,
    chosen: int | None,
    answer: Answer,
    lang: str = "en",
    variants: dict[str, Sequence[str]] | None = None,
    as_lesson: bool = True,
) -> list[str]:
    """The prediction beside the measured number, and what the gap means: sentences."""
    labels = option_labels(checkpoint, lang, variants, as_lesson)
    chosen_text = labels[chosen] if chosen is not None else say("no_prediction", lang)
    right = answer_text(checkpoint, answer, lang, variants, as_lesson)
    fields = {"chosen": chosen_text, "measure": checkpoint.measure, "answer": right}
    if checkpoint.kind == "decades":
        sentences = [say("measured_decades", lang, value=fmt.number(answer.value), **fields)]
    elif checkpoint.kind == "compare" and _constant(checkpoint.than):
        # Against a number the file gives (1, 0.5): the number itself, no ratio.
        sentences = [
            say(
                "measured_against",
                lang,
                value=fmt.number(answer.value),
                other=fmt.number(answer.other),
                **fields,
            )
        ]
    elif checkpoint.kind == "compare":
        ratio = answer.value / answer.other if answer.other else math.inf
        sentences = [
            say(
                "measured_compare",
                lang,
                value=fmt.number(answer.value),
                than=checkpoint.than,
                other=fmt.number(answer.other),
                ratio=fmt.number(ratio),
                **fields,
            )
        ]
    else:
        values = ("；" if lang == "zh" else "; ").join(
            f"{label} = {fmt.number(value)}"
            for label, value in zip(labels, answer.values, strict=True)
        )
        best = say(f"best_{checkpoint.best}", lang, target=fmt.number(checkpoint.target))
        sentences = [say("measured_pick", lang, values=values, best=best, **fields)]
    if answer.correct is None:
        sentences.append(right)
    elif chosen is None:
        sentences.append(say("verdict_skipped", lang, answer=right))
    elif answer.is_right(chosen):
        sentences.append(say("verdict_right", lang))
    elif checkpoint.kind == "decades":
        off = answer.decades_off(checkpoint, chosen)
        unit = "decade_unit_one" if abs(off) == 1 else "decade_unit_many"
        direction = "direction_smaller" if off > 0 else "direction_larger"
        sentences.append(
            say(
                "verdict_off",
                lang,
                decades=abs(off),
                unit=say(unit, lang),
                times=_times(off, lang),
                direction=say(direction, lang),
            )
        )
    else:
        sentences.append(say("verdict_wrong", lang, answer=right, chosen=chosen_text))
    return sentences


def checkpoint_line(
    checkpoint: Checkpoint, answer: Answer, lang: str, variants=None, as_lesson: bool = True
) -> str:
    """A checkpoint and the simulator's answer, for a lesson's transcript."""
    options = ("；" if lang == "zh" else "; ").join(
        f"{key} {label}"
        for key, label in enumerate(option_labels(checkpoint, lang, variants, as_lesson), 1)
    )
    line = say(
        "transcript_checkpoint",
        lang,
        step=checkpoint.step + 1,
        question=checkpoint.text(lang),
        options=options,
        answer=answer_text(checkpoint, answer, lang, variants, as_lesson),
    )
    return join([line, verdict(checkpoint, None, answer, lang, variants, as_lesson)[0]], lang)


def verdict_line(
    checkpoint: Checkpoint, chosen, answer: Answer, lang: str, variants=None, as_lesson=True
) -> str:
    """The verdict as one paragraph (a transcript's line)."""
    return join(verdict(checkpoint, chosen, answer, lang, variants, as_lesson), lang)
