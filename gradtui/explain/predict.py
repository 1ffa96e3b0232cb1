"""A checkpoint in words: its options, and the verdict that sets a learner's prediction
beside the measured number (see ``gradtui.lessons.checkpoint``). Knows no screen."""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence

from gradtui.explain import format as fmt
from gradtui.explain import join, running_text, say
from gradtui.explain.predict_words import PREDICT_EN
from gradtui.lessons.checkpoint import Answer, Checkpoint
from gradtui.lessons.measure import MeasureError, measure_format

__all__ = ["answer_text", "decade_value", "measure_words", "option_labels", "verdict"]


def decade_value(decade: int) -> str:
    """A power of ten as people say it: ``1``, ``100``, ``1/1,000``, ``10⁻⁵``."""
    if 0 <= decade <= 3:
        return f"{10**decade:,}"
    if -3 <= decade < 0:
        return f"1/{10**-decade:,}"
    return fmt.power(decade)


def _decade_label(checkpoint: Checkpoint, index: int, lang: str) -> str:
    decade = checkpoint.option_decade(index)
    # A multiple as every multiple is written: 10,000×, then 10⁷ times (fmt.times).
    value = fmt.times(10.0**decade, lang) if decade > 0 else decade_value(decade)
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
        return say("verdict_none", lang, value=shown(checkpoint.measure, answer.value))
    return option_labels(checkpoint, lang, variants, as_lesson)[answer.correct]


def _times(decades: int, lang: str) -> str:
    """How many times: ``100×``, ``10,000×``; from 10⁷ ``10⁹ times`` (a power then × reads
    as a product), as ``fmt.times`` writes every multiple."""
    factor = fmt.multiple(10.0 ** abs(decades))  # 100, 10,000, then 10⁷
    if lang == "zh":
        return f"{factor} 倍"
    return f"{factor}×" if abs(decades) < 7 else f"{factor} times"


def _count(value: float) -> str:
    return f"{int(value):,}" if math.isfinite(value) and value == int(value) else fmt.number(value)


WRITERS: dict[str, Callable[[float], str]] = {
    "number": fmt.number,
    "percent": fmt.percent,
    "factor": fmt.factor,
    "ratio": running_text,
    "share": fmt.share,
    "count": _count,
}
"""Each of ``gradtui.lessons.measure.FORMATS``, as text."""


def shown(measure: str, value: float) -> str:
    """``value`` of ``measure`` written as the screen writes that number, so that the
    learner finds the verdict's figure where the step said to look: in the format declared
    for its statistic (``gradtui.lessons.measure.STATISTIC_FORMATS``): a share of units as
    a percentage (dead 50%), a local factor as a multiplier (×0.43), a running product or a
    ratio of gradients as the running product is written (105×, 1/695), an update's size
    as a share (1/695), anything else as a number."""
    try:
        written = measure_format(measure)
    except MeasureError:
        written = "number"
    return WRITERS[written](value)


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
    # The measure in words, never its code (``backward.share_of_output[1]``).
    depth = answer.depth
    fields = {"chosen": chosen_text, "measure": measure_words(checkpoint.measure, lang, depth)}
    fields["answer"] = right
    if checkpoint.kind == "decades":
        value = shown(checkpoint.measure, answer.value)
        sentences = [say("measured_decades", lang, value=value, **fields)]
    elif checkpoint.kind == "compare" and checkpoint.measure.replace(" ", "").startswith(
        "isfinite("
    ):
        # A yes-or-no measure is 1 or 0 against the file's 0.5: "0, against 0.5" means
        # nothing to a learner; the option it picks says it.
        sentences = [say("measured_whether", lang, **fields)]
    elif checkpoint.kind == "compare" and checkpoint.than_is_constant:
        # Against a number the file gives (1, 0.5): the number itself, no ratio.
        sentences = [
            say(
                "measured_against",
                lang,
                value=shown(checkpoint.measure, answer.value),
                other=shown(checkpoint.measure, answer.other),
                **fields,
            )
        ]
    elif checkpoint.kind == "compare":
        ratio = answer.value / answer.other if answer.other else math.inf
        sentences = [
            say(
                "measured_compare",
                lang,
                value=shown(checkpoint.measure, answer.value),
                than=measure_words(checkpoint.than, lang, depth),
                other=shown(checkpoint.than, answer.other),
                # A ratio of the two, written as the detail writes one (2.6×, 1/12).
                ratio=running_text(ratio, lang),
                **fields,
            )
        ]
    else:
        values = ("；" if lang == "zh" else "; ").join(
            f"{label} = {shown(checkpoint.measure, value)}"
            for label, value in zip(labels, answer.values, strict=True)
        )
        # Of two, "the larger"; of more, "the largest".
        of_two = "2" if checkpoint.best != "near" and len(answer.values) == 2 else ""
        best = say(f"best_{checkpoint.best}{of_two}", lang, target=fmt.number(checkpoint.target))
        sentences = [say("measured_pick", lang, values=values, best=best, **fields)]
    if answer.correct is None:
        sentences.append(right)
    elif chosen is None:
        sentences.append(say("verdict_skipped", lang, answer=right))
    elif answer.is_right(chosen):
        sentences.append(say("verdict_right", lang, chosen=chosen_text))
    elif checkpoint.kind == "decades" and math.isfinite(answer.value):
        off = answer.decades_off(checkpoint, chosen)
        unit = "decade_unit_one" if abs(off) == 1 else "decade_unit_many"
        direction = "direction_smaller" if off > 0 else "direction_larger"
        sentences.append(
            say(
                "verdict_off",
                lang,
                chosen=chosen_text,
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


# ------------------------------------------------------------------ a measure in words
_MEASURE_KEYS = {key for key in PREDICT_EN if key.startswith("measure_")}


# Each statistic a lesson's measure reads, as words around {layer} ("layer 1", "each of
# layers 1 to L−1"): the learner meets the quantity, never its name in a lesson file.
def _layer_words(index: ast.expr | None, lang: str, depth: int | None) -> str | None:
    """``[1]``, ``[L]``, ``[1:L-1]`` or none (every layer) as words; None: not plain."""
    zh = lang == "zh"
    if index is None:
        return "各层" if zh else "each layer"
    if isinstance(index, ast.Slice):
        first = _layer_number(index.lower, depth) if index.lower else "1"
        last = _layer_number(index.upper, depth) if index.upper else _layer_number(None, depth)
        if first is None or last is None:
            return None
        return f"第 {first} 到 {last} 层" if zh else f"each of layers {first} to {last}"
    number = _layer_number(index, depth)
    if number is None:
        return None
    return f"第 {number} 层" if zh else f"layer {number}"


def _layer_number(node: ast.expr | None, depth: int | None = None) -> str | None:
    """A layer's index as the learner counts it: with the network's ``depth`` known, its
    number (``L`` of a 10-layer net is 10, ``L-1`` is 9, ``-1`` is 10); without, the
    index as written (``L``, ``L−1``). None (no index) is the last layer."""
    if depth is not None:
        value = _index_value(node, depth) if node is not None else depth
        if value is not None:
            return str(depth + 1 + value if value < 0 else value)
    if node is None:
        return "L"
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return str(node.value)
    if isinstance(node, ast.Name) and node.id == "L":
        return "L"
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Add)):
        left, right = _layer_number(node.left), _layer_number(node.right)
        if left and right:
            return f"{left}{'−' if isinstance(node.op, ast.Sub) else '+'}{right}"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _layer_number(node.operand)
        return f"−{inner}" if inner else None
    return None


def _index_value(node: ast.expr, depth: int) -> int | None:
    """A layer index (``3``, ``L``, ``L-1``, ``-1``) as an integer for a ``depth``-layer
    network, as the measure reads it (negative counts from the end); None: not plain."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Name) and node.id == "L":
        return depth
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Sub, ast.Add)):
        left, right = _index_value(node.left, depth), _index_value(node.right, depth)
        if left is None or right is None:
            return None
        return left - right if isinstance(node.op, ast.Sub) else left + right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _index_value(node.operand, depth)
        return None if inner is None else -inner
    return None


def _stat_words(node: ast.expr, lang: str, depth: int | None) -> str | None:
    """``section.name`` (with its index, if any) in words."""
    index = None
    if isinstance(node, ast.Subscript):
        node, index = node.value, node.slice
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    key = f"measure_{node.value.id}_{node.attr}"
    layer = _layer_words(index, lang, depth)
    if layer is None or key not in _MEASURE_KEYS:
        return None
    return say(key, lang, layer=layer)


_FUNCTIONS = {"max", "min", "mean", "sum", "abs", "isfinite", "log10"}
_CALLS = {
    "jacobian_sv_max",
    "jacobian_sv_min",
    "weight_sv_max",
    "weight_sv_min",
    "rnn_keep",
    "lstm_keep",
    "sigmoid_window",
}


def _words(node: ast.expr, lang: str, depth: int | None = None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return fmt.number(node.value)
    if isinstance(node, ast.Name) and node.id == "loss":
        return say("measure_loss", lang)
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        return _stat_words(node, lang, depth)
    if isinstance(node, ast.BinOp):
        signs = {ast.Div: "÷", ast.Mult: "×", ast.Sub: "−", ast.Add: "+"}
        sign = signs.get(type(node.op))
        left, right = _words(node.left, lang, depth), _words(node.right, lang, depth)
        if sign is None or left is None or right is None:
            return None
        if isinstance(node.op, ast.Div):
            return say("measure_ratio", lang, left=left, right=right)
        if isinstance(node.op, ast.Mult) and isinstance(node.left, ast.Constant):
            return say("measure_times", lang, factor=left, of=right)
        if not isinstance(node.left, ast.Constant):
            left = f"({left})"
        if not isinstance(node.right, ast.Constant):
            right = f"({right})"
        return f"{left} {sign} {right}"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in _CALLS and len(node.args) == 1:
            argument = _layer_number(node.args[0], depth) or _words(node.args[0], lang, depth)
            return say(f"measure_{name}", lang, of=argument) if argument else None
        if name not in _FUNCTIONS or not node.args:
            return None
        first = node.args[0]
        if name == "abs" and isinstance(first, ast.BinOp) and isinstance(first.op, ast.Sub):
            left, right = _words(first.left, lang, depth), _words(first.right, lang, depth)
            return say("measure_distance", lang, left=left, right=right) if left and right else None
        if name == "abs" and isinstance(node.args[0], ast.Call):
            inner = node.args[0]
            if isinstance(inner.func, ast.Name) and inner.func.id == "log10" and inner.args:
                of = _words(inner.args[0], lang, depth)
                return say("measure_decades_from_1", lang, of=of) if of else None
        parts = [_words(argument, lang, depth) for argument in node.args]
        if any(part is None for part in parts):
            return None
        of = ("、" if lang == "zh" else ", ").join(parts)
        if name in ("max", "min") and len(parts) > 1:
            return say(f"measure_{name}_of", lang, of=of)
        return say(f"measure_{name}", lang, of=of)
    return None


def measure_words(measure: str, lang: str = "en", depth: int | None = None) -> str:
    """A lesson's measure (``backward.share_of_output[1]``) in words ("the share of the
    output's gradient that reached layer 1"); a measure these words do not cover is "the
    measured value", never its code. With the network's ``depth``, ``L`` is its number
    ("layer 10"), as the chart numbers the layer; without, it stays "layer L"."""
    try:
        tree = ast.parse(measure.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return say("measure_unnamed", lang)
    return _words(tree.body, lang, depth) or say("measure_unnamed", lang)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
