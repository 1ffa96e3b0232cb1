"""Expectations: what a lesson promises the simulator will show, checked headlessly.

An ``[[expect]]`` table compares a measure (see ``gradtui.lessons.measure``) taken after a
run with a number or with another measure::

    [[expect]]
    says = "Layer 1 learns from a gradient a thousand times smaller than layer 10's"
    measure = "backward.grad_w_norm[1] / backward.grad_w_norm[L]"
    op = "<"
    value = 1e-3

    [[expect]]
    says = "A high learning rate kills more units"
    measure = "forward.dead_fraction[2]"
    run = "train 200"
    variant = "high_lr"
    op = ">"
    than = { measure = "forward.dead_fraction[2]", run = "train 200" }

``run`` is ``pass`` (one forward and backward pass, the default), ``update`` (through this
step's update) or ``train N`` (N training steps, then one more pass). ``variant`` names a
``[variants]`` entry of the lesson ("" for its own config). ``op`` is one of < <= > >= ==
!=; ``==`` is exact.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gradtui.config.words import Said, SaidError
from gradtui.lessons.measure import MeasureError, evaluate_measure, parse_measure
from gradtui.text import shown

if TYPE_CHECKING:
    from gradtui.lessons import Lesson
    from gradtui.sim import Stepper

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_RUN = re.compile(r"^(pass|update|train (\d{1,9}))$")
MAX_TRAIN_STEPS = 5000
"""The most training steps an expectation may ask for (the shipped lessons use 300)."""
MAX_SAYS = 2000
"""Characters of an expectation's sentence."""
_PROBE_KEYS = ("measure", "run", "variant")
_EXPECTATION_KEYS = ("says", "says_zh", "op", "value", "than")


@dataclass(frozen=True)
class Probe:
    """A measure taken on a config after a run."""

    measure: str
    run: str = "pass"
    variant: str = ""

    def describe(self) -> str:
        where = f" ({self.variant})" if self.variant else ""
        return f"{self.measure} after {self.run}{where}"


@dataclass(frozen=True)
class Expectation:
    says: str
    says_zh: str
    probe: Probe
    op: str
    value: float | None
    than: Probe | None


@dataclass(frozen=True)
class CheckResult:
    expectation: Expectation
    measured: float
    expected: float
    passed: bool

    def line(self, lang: str = "en") -> str:
        mark = "✓" if self.passed else "✗"
        expectation = self.expectation
        says = expectation.says_zh if lang == "zh" and expectation.says_zh else expectation.says
        measured, expected = ("测得", "预期") if lang == "zh" else ("measured", "expected")
        against = (
            f"{self.expected:.10g}"
            if expectation.than is None
            else f"{self.expected:.10g} ({expectation.than.describe()})"
        )
        return (
            f"{mark} {says}\n"
            f"    {measured} {expectation.probe.describe()} = {self.measured:.10g}; "
            f"{expected} {expectation.op} {against}"
        )


class ExpectationError(SaidError):
    """A malformed [[expect]] table; one printable line (``message_in(lang)``: in the
    learner's language)."""


def _probe(data: Any, where: str | Said, variants: dict[str, Any]) -> Probe:
    if not isinstance(data, dict) or not isinstance(data.get("measure"), str):
        raise ExpectationError(Said("expect_measure_text", where=where))
    run = data.get("run", "pass")
    match = _RUN.match(run) if isinstance(run, str) else None
    if match is None:
        raise ExpectationError(Said("expect_run", where=where, run=shown(run)))
    if match[2] is not None and not 1 <= int(match[2]) <= MAX_TRAIN_STEPS:
        raise ExpectationError(
            Said("expect_run_steps", where=where, run=shown(run), limit=MAX_TRAIN_STEPS)
        )
    variant = data.get("variant", "")
    if not isinstance(variant, str):
        raise ExpectationError(Said("expect_variant_kind", where=where, value=shown(variant)))
    if variant and variant not in variants:
        raise ExpectationError(Said("expect_no_variant", where=where, name=shown(variant)))
    try:
        parse_measure(data["measure"])
    except MeasureError as error:
        raise ExpectationError(Said("where_problem", where=where, problem=error)) from None
    return Probe(data["measure"], run, variant)


def parse_expectation(data: Any, where: str | Said, variants: dict[str, Any]) -> Expectation:
    """One [[expect]] table, checked for shape (not evaluated)."""
    if not isinstance(data, dict):
        raise ExpectationError(Said("expect_kind", where=where, value=shown(data)))
    known = {*_PROBE_KEYS, *_EXPECTATION_KEYS}
    unknown = set(data) - known
    if unknown:
        key = shown(sorted(map(str, unknown))[0])
        raise ExpectationError(Said("expect_unknown_key", where=where, key=key))
    says = {key: data.get(key, "") for key in ("says", "says_zh")}
    for key, text in says.items():
        if not isinstance(text, str) or len(text) > MAX_SAYS:
            raise ExpectationError(Said("expect_says_long", where=where, key=key, limit=MAX_SAYS))
        if not text.isprintable():
            raise ExpectationError(Said("expect_says_line", where=where, key=key))
    if not says["says"]:
        raise ExpectationError(Said("expect_says", where=where))
    op = data.get("op")
    if not isinstance(op, str) or op not in OPERATORS:
        raise ExpectationError(
            Said("expect_op", where=where, op=shown(op), ops=" ".join(OPERATORS))
        )
    value = data.get("value")
    than = data.get("than")
    if (value is None) == (than is None):
        raise ExpectationError(Said("expect_value_or_than", where=where))
    if value is not None:
        value = _finite_number(value, where)
    if than is not None and not isinstance(than, dict):
        raise ExpectationError(Said("expect_than_kind", where=where, value=shown(than)))
    if than is not None and set(than) - set(_PROBE_KEYS):
        unknown = sorted(map(str, set(than) - set(_PROBE_KEYS)))[0]
        raise ExpectationError(Said("expect_than_key", where=where, key=shown(unknown)))
    return Expectation(
        says=says["says"],
        says_zh=says["says_zh"],
        probe=_probe(data, where, variants),
        op=op,
        value=value,
        than=None if than is None else _probe(than, Said("expect_than", where=where), variants),
    )


def _finite_number(value: Any, where: str | Said) -> float:
    """An expectation's ``value``: a number that is a finite float (TOML integers have no
    bound; NaN or inf would make the comparison say nothing)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpectationError(Said("expect_value_number", where=where, value=shown(value)))
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ExpectationError(Said("expect_value_finite", where=where, value=shown(value)))
    return number


class Checker:
    """Runs probes for one lesson, sharing runs between expectations."""

    def __init__(self, lesson: Lesson):
        self.lesson = lesson
        self._runs: dict[tuple[str, str], Stepper] = {}

    def stepper_after(self, run: str, variant: str) -> Stepper:
        from gradtui.sim import Phase, Stepper

        key = (run, variant)
        if key not in self._runs:
            stepper = Stepper(self.lesson.variant_config(variant))
            if run == "pass":
                stepper.finish_pass()
            elif run == "update":
                stepper.run_to(Phase.UPDATE)
            else:
                stepper.train(int(run.split()[1]))
                stepper.finish_pass()
            self._runs[key] = stepper
        return self._runs[key]

    def measure(self, probe: Probe) -> float:
        stepper = self.stepper_after(probe.run, probe.variant)

        def spectra(kind: str, layer: int):
            if kind == "jacobian":
                return stepper.jacobian_singular_values(layer)
            return stepper.weight_singular_values(layer)

        return evaluate_measure(probe.measure, stepper.snapshot, stepper.layers, spectra)

    def check(self) -> list[CheckResult]:
        results = []
        for expectation in self.lesson.expectations:
            measured = self.measure(expectation.probe)
            if expectation.than is None:
                expected = expectation.value
            else:
                expected = self.measure(expectation.than)
            passed = not math.isnan(measured) and OPERATORS[expectation.op](measured, expected)
            results.append(CheckResult(expectation, measured, expected, passed))
        return results


def check_lesson(lesson: Lesson) -> list[CheckResult]:
    """Evaluate every expectation of a lesson."""
    return Checker(lesson).check()
