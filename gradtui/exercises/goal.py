"""An exercise's goal: conditions on measured numbers and on the config, and how far a
network is from them.

A ``[[goal]]`` table is either a lesson's ``[[expect]]`` (see ``gradtui.lessons.expect``:
``measure``, ``run``, ``op``, ``value`` or ``than``), measured on the learner's network, or
a condition on one field of the config::

    [[goal]]
    says = "No batch norm"
    field = "network.batch_norm"
    op = "=="
    value = false

A field's condition takes ``==`` or ``!=`` (and, for a number, < <= > >= too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gradtui.config import Config, config_by_name, config_fields
from gradtui.explain import format as fmt
from gradtui.explain import say
from gradtui.explain.predict import shown as shown_as
from gradtui.lessons.expect import (
    OPERATORS,
    Checker,
    Expectation,
    ExpectationError,
    parse_expectation,
)
from gradtui.lessons.measure import MeasureError
from gradtui.text import MESSAGE_LIMIT, printable, shown

SIGNS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠"}
"""How a condition's operator reads in the learner's log ("needs ≥ 0.1", "needs = tanh"),
not as the file writes it."""

__all__ = [
    "FieldCondition",
    "GoalError",
    "GoalResult",
    "Marking",
    "flatten",
    "mark",
    "parse_goal",
    "value_text",
]


class GoalError(ValueError):
    """A malformed [[goal]] table; one printable line."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, MESSAGE_LIMIT))


@dataclass(frozen=True)
class FieldCondition:
    """A condition on one config field: ``network.batch_norm == false`` (said as the form
    shows it: ``network.batch_norm = off``)."""

    says: str
    says_zh: str
    field: str
    op: str
    value: Any

    def describe(self) -> str:
        return f"{self.field} {self.op} {value_text(self.value)}"


Condition = Expectation | FieldCondition


def flatten(config: Config) -> dict[str, Any]:
    """The config's values by dotted field name (``network.depth``)."""
    return config_by_name(config)


def value_text(value: Any, form: bool = True) -> str:
    """A field's value as the form shows it (a yes/no is on or off), or, not ``form``, as a
    file and ``--set`` write it (true or false)."""
    if isinstance(value, bool):
        return ("on" if value else "off") if form else ("true" if value else "false")
    if isinstance(value, float):
        return fmt.number(value)
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item, form) for item in value) + "]"
    return str(value)


def parse_goal(data: Any, where: str) -> Condition:
    """One [[goal]] table, checked for shape (not evaluated)."""
    if not isinstance(data, dict):
        raise GoalError(f"{where}: must be a table, not {shown(data)}")
    if "field" not in data:
        try:
            return parse_expectation(data, where, {})
        except ExpectationError as error:
            raise GoalError(str(error)) from None
    unknown = set(data) - {"says", "says_zh", "field", "op", "value"}
    if unknown:
        raise GoalError(
            f"{where}: unknown key {shown(sorted(map(str, unknown))[0])}; a condition on the "
            "config has says, says_zh, field, op and value"
        )
    says, says_zh = data.get("says", ""), data.get("says_zh", "")
    for key, text in (("says", says), ("says_zh", says_zh)):
        if not isinstance(text, str) or not text.isprintable() or len(text) > 2000:
            raise GoalError(f"{where}: {key} must be one line of text")
    if not says:
        raise GoalError(f"{where}: needs 'says', the condition in words")
    field = data["field"]
    fields = {spec.name: spec for spec in config_fields()}
    if field not in fields:
        raise GoalError(
            f"{where}: field {shown(field)} is not a config field (e.g. network.batch_norm)"
        )
    spec = fields[field]
    if "value" not in data:
        raise GoalError(f"{where}: needs a 'value' to compare {field} with")
    value = data["value"]
    numeric = spec.type in (int, float)
    kind_type = getattr(spec.type, "__origin__", spec.type)  # list[int] is a list
    if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise GoalError(f"{where}: {field} is a number; value {shown(value)} must be one")
    if not numeric and not isinstance(value, kind_type):
        kind = {bool: "true or false", str: "a text in quotes"}.get(kind_type, "a list")
        raise GoalError(f"{where}: {field} is {kind}; value {shown(value)} is not")
    op = data.get("op")
    allowed = list(OPERATORS) if numeric else ["==", "!="]
    if op not in allowed:
        raise GoalError(f"{where}: op {shown(op)} for {field} must be one of {' '.join(allowed)}")
    return FieldCondition(says, says_zh, field, op, value)


@dataclass(frozen=True)
class GoalResult:
    """One condition measured on a network."""

    condition: Condition
    measured: Any
    """The number measured (a float) or the field's value; None where it could not be
    measured (then ``problem`` says why)."""
    expected: Any
    passed: bool
    problem: str = ""

    def says(self, lang: str = "en") -> str:
        condition = self.condition
        return condition.says_zh if lang == "zh" and condition.says_zh else condition.says

    def numbers(self, lang: str = "en") -> str:
        """The measured number against the target, in a few words."""
        condition = self.condition
        if self.problem:
            return say("exercise_not_measured", lang, problem=self.problem)
        if isinstance(condition, FieldCondition):
            return say(
                "exercise_field",
                lang,
                field=condition.field,
                value=value_text(self.measured),
                op=SIGNS.get(condition.op, condition.op),
                target=value_text(self.expected),
            )
        probe = condition.probe
        measure = probe.measure
        if probe.run != "pass":
            measure = say("exercise_after", lang, measure=measure, run=probe.run)
        return say(
            "exercise_measured",
            lang,
            measure=measure,
            value=shown_as(probe.measure, self.measured),
            op=SIGNS.get(condition.op, condition.op),
            # Written as the measure is: 20% for a share of units, as the goal says it.
            target=shown_as(probe.measure, self.expected),
        )

    def line(self, lang: str = "en") -> str:
        mark_ = "✓" if self.passed else "✗"
        colon = "：" if lang == "zh" else ": "
        return f"{mark_} {self.says(lang)}{colon}{self.numbers(lang)}"


@dataclass(frozen=True)
class Marking:
    """A network against an exercise's goal: each condition, and the locked fields it
    changed (each ``(field, start value, its value)``)."""

    results: tuple[GoalResult, ...]
    locked_changes: tuple[tuple[str, Any, Any], ...] = ()

    @property
    def met(self) -> bool:
        return not self.locked_changes and all(result.passed for result in self.results)

    @property
    def passed_count(self) -> int:
        return sum(result.passed for result in self.results)

    def locked_lines(self, lang: str = "en") -> list[str]:
        return [
            say(
                "exercise_locked_changed",
                lang,
                field=field,
                start=value_text(start),
                value=value_text(value),
            )
            for field, start, value in self.locked_changes
        ]

    def lines(self, lang: str = "en") -> list[str]:
        """Every condition with its numbers, then any locked field changed."""
        return [result.line(lang) for result in self.results] + [
            f"✗ {line}" for line in self.locked_lines(lang)
        ]


class _Fixed:
    """What ``Checker`` asks of a lesson: the config (an exercise has no variants)."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def variant_config(self, name: str) -> Config:
        return self.config


def _compare(op: str, measured: Any, expected: Any) -> bool:
    if isinstance(measured, float) and math.isnan(measured):
        return False
    return bool(OPERATORS[op](measured, expected))


def mark(
    conditions: tuple[Condition, ...],
    config: Config,
    locked: frozenset[str] = frozenset(),
    start: Config | None = None,
) -> Marking:
    """Measure ``config`` against ``conditions`` as ``gradtui run --check`` does: a fresh
    network from its seed, each measure after its run. A locked field that differs from
    ``start`` is listed. A measure that cannot be taken (a layer the network does not have)
    fails its condition and says why; a network that cannot be built raises its problem."""
    checker = Checker(_Fixed(config))  # type: ignore[arg-type]
    values = flatten(config)
    results = []
    for condition in conditions:
        if isinstance(condition, FieldCondition):
            measured = values[condition.field]
            passed = _compare(condition.op, measured, condition.value)
            results.append(GoalResult(condition, measured, condition.value, passed))
            continue
        try:
            measured = checker.measure(condition.probe)
            if condition.than is None:
                expected = condition.value
            else:
                expected = checker.measure(condition.than)
        except MeasureError as error:
            results.append(GoalResult(condition, None, condition.value, False, str(error)))
            continue
        passed = _compare(condition.op, measured, expected)
        results.append(GoalResult(condition, measured, expected, passed))
    changes: list[tuple[str, Any, Any]] = []
    if start is not None:
        before = flatten(start)
        changes = [
            (name, before[name], values[name])
            for name in sorted(locked)
            if name in before and before[name] != values[name]
        ]
    return Marking(tuple(results), tuple(changes))
