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

from gradtui.lessons.measure import MeasureError, evaluate_measure, parse_measure
from gradtui.text import MESSAGE_LIMIT, printable, shown

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


class ExpectationError(ValueError):
    """A malformed [[expect]] table; one printable line."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, MESSAGE_LIMIT))


def _probe(data: Any, where: str, variants: dict[str, Any]) -> Probe:
    if not isinstance(data, dict) or not isinstance(data.get("measure"), str):
        raise ExpectationError(f"{where}: needs a text 'measure'")
    run = data.get("run", "pass")
    match = _RUN.match(run) if isinstance(run, str) else None
    if match is None:
        raise ExpectationError(f"{where}: run {shown(run)} must be 'pass', 'update' or 'train N'")
    if match[2] is not None and not 1 <= int(match[2]) <= MAX_TRAIN_STEPS:
        raise ExpectationError(f"{where}: run {shown(run)}: N must be from 1 to {MAX_TRAIN_STEPS}")
    variant = data.get("variant", "")
    if not isinstance(variant, str):
        raise ExpectationError(f"{where}: variant must be a name in quotes, not {shown(variant)}")
    if variant and variant not in variants:
        raise ExpectationError(f"{where}: no variant named {shown(variant)} in [variants]")
    try:
        parse_measure(data["measure"])
    except MeasureError as error:
        raise ExpectationError(f"{where}: {error}") from None
    return Probe(data["measure"], run, variant)


def parse_expectation(data: Any, where: str, variants: dict[str, Any]) -> Expectation:
    """One [[expect]] table, checked for shape (not evaluated)."""
    if not isinstance(data, dict):
        raise ExpectationError(f"{where}: must be a table, not {shown(data)}")
    known = {*_PROBE_KEYS, *_EXPECTATION_KEYS}
    unknown = set(data) - known
    if unknown:
        raise ExpectationError(f"{where}: unknown key {shown(sorted(map(str, unknown))[0])}")
    says = {key: data.get(key, "") for key in ("says", "says_zh")}
    for key, text in says.items():
        if not isinstance(text, str) or len(text) > MAX_SAYS:
            raise ExpectationError(
                f"{where}: {key} must be a text of at most {MAX_SAYS} characters"
            )
        if not text.isprintable():
            raise ExpectationError(
                f"{where}: {key} must be one line of text, with no control characters"
            )
    if not says["says"]:
        raise ExpectationError(f"{where}: needs 'says', the claim in words")
    op = data.get("op")
    if not isinstance(op, str) or op not in OPERATORS:
        raise ExpectationError(f"{where}: op {shown(op)} must be one of {' '.join(OPERATORS)}")
    value = data.get("value")
    than = data.get("than")
    if (value is None) == (than is None):
        raise ExpectationError(f"{where}: give either 'value' or 'than'")
    if value is not None:
        value = _finite_number(value, where)
    if than is not None and not isinstance(than, dict):
        raise ExpectationError(
            f'{where}: than must be a table like {{ measure = "..." }}, not {shown(than)}'
        )
    if than is not None and set(than) - set(_PROBE_KEYS):
        unknown = sorted(map(str, set(than) - set(_PROBE_KEYS)))[0]
        raise ExpectationError(f"{where}: than has an unknown key {shown(unknown)}")
    return Expectation(
        says=says["says"],
        says_zh=says["says_zh"],
        probe=_probe(data, where, variants),
        op=op,
        value=value,
        than=None if than is None else _probe(than, f"{where} than", variants),
    )


def _finite_number(value: Any, where: str) -> float:
    """An expectation's ``value``: a number that is a finite float (TOML integers have no
    bound; NaN or inf would make the comparison say nothing)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpectationError(f"{where}: value {shown(value)} must be a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ExpectationError(f"{where}: value {shown(value)} must be a finite number")
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
