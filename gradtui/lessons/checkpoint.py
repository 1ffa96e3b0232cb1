"""Checkpoints: before a step, the learner predicts what it will show; the simulator answers.

A ``[[checkpoint]]`` table names the step it comes before (its number, or the milestone of
the first step that has it), the question (``question``, ``question_zh``), and a measure in
the language of ``[[expect]]`` (see ``gradtui.lessons.measure``). The right answer is never
written in the file: it is computed from the network when the step has run, so a teacher's
edited network (or ``--set``) gets its own right answer. Three kinds::

    [[checkpoint]]
    before = 2                      # or "pass": the first step that ends with a pass
    kind = "decades"                # how large will the measure be, to a power of ten?
    question = "How much of the output's gradient will reach layer 1?"
    measure = "backward.running_product[1]"
    decades = [1, -4]               # options: about 10× or more, 1, 1/10, …, 10⁻⁴ or less

    [[checkpoint]]
    before = 1
    kind = "compare"                # will the measure be larger or smaller than another?
    question = "Will layer 1 learn faster or slower than layer 10?"
    measure = "update.update_ratio[1]"
    than = "update.update_ratio[L]"
    options = ["faster", "slower", "about the same"]   # larger, smaller, within ×within
    within = 2
    run = "train 100"

    [[checkpoint]]
    before = "apply"
    kind = "pick"                   # which of the lesson's [variants] gives the best value?
    question = "Which init keeps the ratio near 1?"
    measure = "backward.grad_w_norm[1] / backward.grad_w_norm[L]"
    variants = ["", "he", "init.name=xavier_normal"]  # "" is the network as it stands;
    labels = ["normal(0, 1)", "He", "Xavier"]         # a text with = is the overrides
    best = "near"                   # "near" (to target, in powers of ten), "max" or "min"
    target = 1

``run`` (``pass`` by default, ``update`` or ``train N``) is what ``gradtui run --check``
and ``--transcript`` do headlessly to the network as it stands before the step (the
lesson's config with the ``set`` of every step up to this one); in the app the measure is
taken on the learner's own network once the step's milestone is reached and the measure
can be computed. A ``pick`` runs each variant so, on the network as it stands. Its option
"" is that network itself: its label is used while the network is the lesson's own at that
step; once the learner (or ``--set``) changed it, the option is called "the network as it
stands", since the label may no longer be true.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from gradtui.config import Config, ConfigError, apply_overrides
from gradtui.config.words import Said, SaidError
from gradtui.lessons.expect import _RUN, MAX_TRAIN_STEPS
from gradtui.lessons.measure import MeasureError, evaluate_measure, parse_measure
from gradtui.lessons.progress import MILESTONES
from gradtui.text import shown

if TYPE_CHECKING:
    from gradtui.sim import Stepper

__all__ = [
    "KINDS",
    "Answer",
    "Checkpoint",
    "CheckpointError",
    "answer_checkpoint",
    "answer_on",
    "decade_of",
    "network_before",
    "parse_checkpoint",
]

KINDS = ("decades", "compare", "pick")
MAX_OPTIONS = 9
"""Options of a question: one digit key each, 1 to 9."""
MAX_LABEL = 60
MAX_QUESTION = 300
BESTS = ("near", "max", "min")
KEYS = {
    "before",
    "kind",
    "question",
    "question_zh",
    "measure",
    "run",
    "decades",
    "than",
    "options",
    "options_zh",
    "within",
    "variants",
    "labels",
    "labels_zh",
    "best",
    "target",
}
_KIND_KEYS = {
    "decades": {"decades"},
    "compare": {"than", "options", "options_zh", "within"},
    "pick": {"variants", "labels", "labels_zh", "best", "target"},
}


class CheckpointError(SaidError):
    """A malformed ``[[checkpoint]]`` table; one printable line naming where
    (``message_in(lang)``: in the learner's language)."""


@dataclass(frozen=True)
class Checkpoint:
    """A question asked before step ``step`` (0-based) of a lesson."""

    step: int
    kind: str
    question: str
    question_zh: str
    measure: str
    run: str = "pass"
    decades: tuple[int, int] = (1, -4)
    """The highest and lowest power of ten offered (``decades`` options)."""
    than: str = ""
    options: tuple[str, ...] = ()
    """Words of the options given by the file (``compare``: larger, smaller[, same];
    ``pick``: the labels); empty for generated ones."""
    options_zh: tuple[str, ...] = ()
    within: float = 2.0
    variants: tuple[str, ...] = ()
    best: str = "near"
    target: float = 1.0
    where: str = ""
    """The file and line, for messages."""

    def text(self, lang: str) -> str:
        return self.question_zh if lang == "zh" and self.question_zh else self.question

    @property
    def than_is_constant(self) -> bool:
        """Whether a compare's ``than`` is a number (a fixed side: 100×, 0.25), not a
        measure of the network."""
        try:
            float(self.than)
        except ValueError:
            return False
        return True

    @property
    def option_count(self) -> int:
        if self.kind == "decades":
            return self.decades[0] - self.decades[1] + 1
        if self.kind == "pick":
            return len(self.variants)
        return len(self.options) or 3

    def option_decade(self, index: int) -> int:
        """The power of ten option ``index`` (0-based) stands for (``decades``)."""
        return self.decades[0] - index


@dataclass(frozen=True)
class Answer:
    """What the simulator says: the right option (0-based; None when the measure is not a
    finite number) and the numbers it was read from."""

    correct: int | None
    value: float
    """The measure (``decades``, ``compare``), or the winning variant's value (``pick``)."""
    other: float = math.nan
    """``compare``: the measure it is compared with."""
    values: tuple[float, ...] = ()
    """``pick``: each option's value."""
    scores: tuple[float, ...] = ()
    """``pick``: each option's distance from the best (lower is better)."""
    depth: int | None = None
    """The layers of the network measured, so that its words can say "layer 10" where the
    measure says ``L``; None when unknown (or, for a ``pick``, when the options differ)."""

    def is_right(self, chosen: int | None) -> bool:
        """Whether option ``chosen`` is right: the right one, or (``pick``) one that ties
        with it."""
        if chosen is None or self.correct is None:
            return False
        if self.scores:
            return self.scores[chosen] == self.scores[self.correct]
        return chosen == self.correct

    def decades_off(self, checkpoint: Checkpoint, chosen: int) -> int:
        """How many powers of ten the chosen option is from the right one (``decades``)."""
        if self.correct is None:
            return 0
        if self.correct in (0, checkpoint.option_count - 1) and 0 < self.value < math.inf:
            # The first and last options are open ("about 1 or more", "about 10⁻⁸ or less"): the
            # measured number's own power of ten, not the option's, is how far off it is
            # (3.23×10⁻¹¹ is 8 decades below "about 1/1,000", not 5).
            measured = int(decade_of(self.value))
            top, bottom = checkpoint.option_decade(0), checkpoint.option_decade(self.correct)
            measured = max(measured, top) if self.correct == 0 else min(measured, bottom)
            return checkpoint.option_decade(chosen) - measured
        return checkpoint.option_decade(chosen) - checkpoint.option_decade(self.correct)


def _at(where: str, key: str) -> str:
    return f"{where}: {key}"


def _texts(value: Any, where: str, count: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CheckpointError(Said("checkpoint_texts", where=where))
    for item in value:
        if len(item) > MAX_LABEL or not item.isprintable():
            raise CheckpointError(
                Said("checkpoint_text_line", where=where, item=shown(item), limit=MAX_LABEL)
            )
    if count is not None and len(value) != count:
        raise CheckpointError(
            Said("checkpoint_text_count", where=where, have=len(value), count=count)
        )
    return tuple(value)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CheckpointError(Said("checkpoint_number", where=where, value=shown(value)))
    number = float(value)
    if not math.isfinite(number):
        raise CheckpointError(Said("checkpoint_finite", where=where, value=shown(value)))
    return number


def _measure(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise CheckpointError(Said("checkpoint_measure_text", where=where))
    try:
        parse_measure(value)
    except MeasureError as error:
        raise CheckpointError(Said("checkpoint_problem", where=where, problem=error)) from None
    return value


def _run(run: Any, where: str) -> str:
    """``run``, as an ``[[expect]]`` has it: pass, update or train N."""
    match = _RUN.match(run) if isinstance(run, str) else None
    if match is None:
        raise CheckpointError(Said("checkpoint_run", where=where, run=shown(run)))
    if match[2] is not None and not 1 <= int(match[2]) <= MAX_TRAIN_STEPS:
        raise CheckpointError(
            Said("checkpoint_run_steps", where=where, run=shown(run), limit=MAX_TRAIN_STEPS)
        )
    return run


def _step_index(value: Any, where: str, until: Sequence[str]) -> int:
    """``before``: a step number (1-based) or a milestone; the step's 0-based index."""
    if isinstance(value, str) and value in MILESTONES:
        if value not in until:
            raise CheckpointError(
                Said(
                    "checkpoint_no_milestone",
                    where=where,
                    value=shown(value),
                    ends=", ".join(until) or Said("checkpoint_no_steps"),
                )
            )
        index = list(until).index(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= len(until):
            raise CheckpointError(
                Said("checkpoint_no_step", where=where, value=value, count=len(until))
            )
        index = value - 1
    else:
        raise CheckpointError(
            Said(
                "checkpoint_before",
                where=where,
                milestones=", ".join(MILESTONES),
                value=shown(value),
            )
        )
    if index and until[index - 1] == "read":
        raise CheckpointError(
            Said("checkpoint_read_step", where=where, index=index, step=index + 1)
        )
    return index


def parse_checkpoint(
    data: Any,
    where: str,
    until: Sequence[str],
    variants: dict[str, Any],
) -> Checkpoint:
    """One ``[[checkpoint]]`` table, checked for shape (its answer is not computed here).
    ``until`` are the lesson's steps' milestones."""
    if not isinstance(data, dict):
        raise CheckpointError(Said("checkpoint_kind_table", where=where, value=shown(data)))
    unknown = sorted(map(str, set(data) - KEYS))
    if unknown:
        raise CheckpointError(
            Said(
                "checkpoint_unknown_key",
                where=where,
                key=shown(unknown[0]),
                keys=", ".join(sorted(KEYS)),
            )
        )
    if "before" not in data:
        raise CheckpointError(Said("checkpoint_needs_before", where=where))
    step = _step_index(data["before"], _at(where, "before"), until)
    kind = data.get("kind")
    if kind not in KINDS:
        raise CheckpointError(
            Said("checkpoint_kind", where=where, kind=shown(kind), kinds=", ".join(KINDS))
        )
    others = set().union(*(keys for other, keys in _KIND_KEYS.items() if other != kind))
    foreign = sorted((others - _KIND_KEYS[kind]) & set(data))
    if foreign:
        raise CheckpointError(
            Said("checkpoint_foreign_key", where=where, key=shown(foreign[0]), kind=repr(kind))
        )
    texts = {}
    for key in ("question", "question_zh"):
        text = data.get(key, "")
        if not isinstance(text, str) or len(text) > MAX_QUESTION or not text.isprintable():
            raise CheckpointError(
                Said("checkpoint_question_line", where=where, key=key, limit=MAX_QUESTION)
            )
        texts[key] = text
    if not texts["question"]:
        raise CheckpointError(Said("checkpoint_needs_question", where=where))
    measure = _measure(data.get("measure"), where)
    run = _run(data.get("run", "pass"), where)
    fields: dict[str, Any] = {}
    if kind == "decades":
        top, low = data.get("decades", [1, -4]), None
        if (
            not isinstance(top, list)
            or len(top) != 2
            or not all(isinstance(item, int) and not isinstance(item, bool) for item in top)
        ):
            raise CheckpointError(Said("checkpoint_decades_kind", where=where))
        top, low = top
        if not (-30 <= low < top <= 30 and top - low + 1 <= MAX_OPTIONS):
            raise CheckpointError(
                Said("checkpoint_decades_range", where=where, top=top, low=low, limit=MAX_OPTIONS)
            )
        fields["decades"] = (top, low)
    elif kind == "compare":
        fields["than"] = _measure(data.get("than"), _at(where, "than"))
        options = _texts(data.get("options", []), _at(where, "options"))
        if options and len(options) not in (2, 3):
            raise CheckpointError(Said("checkpoint_options", where=where))
        fields["options"] = options
        if "options_zh" in data:
            fields["options_zh"] = _texts(
                data["options_zh"], _at(where, "options_zh"), len(options) or 3
            )
        within = _number(data.get("within", 2.0), _at(where, "within"))
        if within <= 1:
            raise CheckpointError(Said("checkpoint_within", where=where))
        fields["within"] = within
    else:
        names = _texts(data.get("variants"), _at(where, "variants"))
        if not 2 <= len(names) <= MAX_OPTIONS:
            raise CheckpointError(Said("checkpoint_variants_count", where=where, limit=MAX_OPTIONS))
        for name in names:
            if name and "=" not in name and name not in variants:
                raise CheckpointError(Said("checkpoint_no_variant", where=where, name=shown(name)))
        fields["variants"] = names
        if "labels" in data:
            fields["options"] = _texts(data["labels"], _at(where, "labels"), len(names))
        if "labels_zh" in data:
            fields["options_zh"] = _texts(data["labels_zh"], _at(where, "labels_zh"), len(names))
        best = data.get("best", "near")
        if best not in BESTS:
            raise CheckpointError(
                Said("checkpoint_best", where=where, best=shown(best), bests=", ".join(BESTS))
            )
        fields["best"] = best
        target = _number(data.get("target", 1.0), _at(where, "target"))
        if best == "near" and target <= 0:
            raise CheckpointError(Said("checkpoint_target", where=where))
        fields["target"] = target
    return Checkpoint(
        step=step,
        kind=kind,
        question=texts["question"],
        question_zh=texts["question_zh"],
        measure=measure,
        run=run,
        where=where,
        **fields,
    )


# ---------------------------------------------------------------------------- answers
def decade_of(value: float) -> float:
    """The nearest power of ten of a value (−inf for 0 or less: nothing reached): a
    ``decades`` option stands for the values "about" its power, from 10^(d − ½) up to
    10^(d + ½), the open first and last ones for all above or below that."""
    if not value > 0:
        return -math.inf
    # Half a decade rounds up, at every power alike (round() would round half to even).
    return float(math.floor(math.log10(value) + 0.5))


def _distance(value: float, target: float) -> float:
    """How far a value is from the target, in powers of ten (inf when it is not > 0)."""
    if not (value > 0 and math.isfinite(value)):
        return math.inf
    return abs(math.log10(value) - math.log10(target))


def answer_from(
    checkpoint: Checkpoint, value: float, other: float = math.nan, depth: int | None = None
) -> Answer:
    """The right option of a ``decades`` or ``compare`` checkpoint, from its measures (taken
    on a network of ``depth`` layers)."""
    return replace(_answer_from(checkpoint, value, other), depth=depth)


def _answer_from(checkpoint: Checkpoint, value: float, other: float) -> Answer:
    if math.isnan(value) or (checkpoint.kind == "compare" and math.isnan(other)):
        return Answer(None, value, other)
    if checkpoint.kind == "decades":
        if math.isinf(value) and value > 0:
            return Answer(0, value)
        top, low = checkpoint.decades
        decade = min(max(decade_of(value), low), top)
        return Answer(int(top - decade), value)
    if not (math.isfinite(value) and math.isfinite(other)) or other == 0 or value * other < 0:
        # A ratio of an infinite or a zero says only which is larger.
        same = False
        larger = value > other
    else:
        ratio = value / other
        same = 1 / checkpoint.within <= ratio <= checkpoint.within
        larger = ratio > 1
    if same and checkpoint.option_count == 3:
        return Answer(2, value, other)
    if value == other:
        return Answer(None, value, other)
    return Answer(0 if larger else 1, value, other)


def answer_pick(
    checkpoint: Checkpoint, values: Sequence[float], depth: int | None = None
) -> Answer:
    """The right option of a ``pick`` checkpoint, from each option's value (taken on
    networks of ``depth`` layers each)."""
    return replace(_answer_pick(checkpoint, values), depth=depth)


def _answer_pick(checkpoint: Checkpoint, values: Sequence[float]) -> Answer:
    if checkpoint.best == "near":
        scores = [_distance(value, checkpoint.target) for value in values]
    elif checkpoint.best == "max":
        scores = [-value if not math.isnan(value) else math.inf for value in values]
    else:
        scores = [value if not math.isnan(value) else math.inf for value in values]
    best = min(range(len(values)), key=lambda index: scores[index])
    if math.isinf(scores[best]) and scores[best] > 0:
        return Answer(None, math.nan, values=tuple(values), scores=tuple(scores))
    return Answer(best, values[best], values=tuple(values), scores=tuple(scores))


def _value(stepper: Stepper, measure: str) -> float:
    def spectra(kind: str, layer: int):
        if kind == "jacobian":
            return stepper.jacobian_singular_values(layer)
        return stepper.weight_singular_values(layer)

    return evaluate_measure(measure, stepper.snapshot, stepper.layers, spectra)


def run_network(config: Config, run: str) -> Stepper:
    """A new network from ``config`` after ``run`` (``pass``, ``update``, ``train N``)."""
    from gradtui.sim import Phase, Stepper

    stepper = Stepper(config)
    if run == "pass":
        stepper.finish_pass()
    elif run == "update":
        stepper.run_to(Phase.UPDATE)
    else:
        stepper.train(int(run.split()[1]))
        stepper.finish_pass()
    return stepper


def variant_configs(
    checkpoint: Checkpoint, config: Config, variants: dict[str, Sequence[str]]
) -> list[Config]:
    """Each option of a ``pick``: ``config`` with the variant's overrides ("" is itself)."""
    configs = []
    for name in checkpoint.variants:
        overrides = name.split() if "=" in name else list(variants.get(name, ()))
        try:
            configs.append(apply_overrides(config, overrides) if name else config)
        except ConfigError as error:
            raise MeasureError(
                Said("checkpoint_variant", name=shown(name), problem=error)
            ) from None
    return configs


def answer_on(
    checkpoint: Checkpoint,
    stepper: Stepper,
    config: Config,
    variants: dict[str, Sequence[str]],
) -> Answer:
    """The answer on a live network (the app's, as the learner left it): the measures are
    read from ``stepper`` now; a ``pick`` runs each variant of ``config`` headlessly.
    Raises ``MeasureError`` while the measure cannot be computed yet."""
    if checkpoint.kind == "pick":
        networks = [
            run_network(option, checkpoint.run)
            for option in variant_configs(checkpoint, config, variants)
        ]
        values = [_value(network, checkpoint.measure) for network in networks]
        depths = {network.snapshot.depth for network in networks}
        return answer_pick(checkpoint, values, depths.pop() if len(depths) == 1 else None)
    value = _value(stepper, checkpoint.measure)
    other = _value(stepper, checkpoint.than) if checkpoint.kind == "compare" else math.nan
    return answer_from(checkpoint, value, other, stepper.snapshot.depth)


def network_before(lesson: Any, checkpoint: Checkpoint) -> Config:
    """The network as it stands when the checkpoint's step has run: the lesson's config
    with the ``set`` of every step up to and including it."""
    changes = [
        f"{name}={value}"
        for step in lesson.step_tables[: checkpoint.step + 1]
        for name, value in step.set
    ]
    return apply_overrides(lesson.config, changes) if changes else lesson.config


def answer_checkpoint(lesson: Any, checkpoint: Checkpoint) -> Answer:
    """The answer headlessly (``gradtui run --check``, transcripts): the network as it
    stands at the step, after the checkpoint's ``run``."""
    config = network_before(lesson, checkpoint)
    stepper = run_network(config, checkpoint.run)
    return answer_on(checkpoint, stepper, config, lesson.variants or {})
