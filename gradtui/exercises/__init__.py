"""Exercises: a starting network, the fields a learner may change, and a goal stated as
conditions on measured numbers, to hand to a class.

An exercise is a TOML file, like a lesson::

    [exercise]
    id = "sigmoid-depth-20"
    title = "…"                 # and title_zh, as every text below
    summary = "…"               # the task in a sentence or two
    goal = "…"                  # the goal in words (the [[goal]] tables say it in numbers)
    hint = "…"                  # what to try while the goal is not met
    claims = ["C1", "C15"]      # the claims of CLAIMS.md it exercises
    may_change = ["init.name", "init.std"]   # every other field is locked

    [teacher]
    solution = ["init.std=4.5"] # key=value overrides that meet the goal
    why = "…"                   # why they work

    [config]                    # the starting network, as in a config file
    …

    [[goal]]                    # as a lesson's [[expect]], measured on the learner's network
    says = "…"
    measure = "backward.running_product[1]"
    op = ">="
    value = 0.1

    [[goal]]                    # or a condition on the config
    says = "No batch norm"
    field = "network.batch_norm"
    op = "=="
    value = false

The goal is judged as ``gradtui run --exercise ID CONFIG --check`` judges it: a fresh
network from the config's seed, each measure after its ``run`` (see ``goal.mark``).
Exercises written by a teacher load from any path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from gradtui.config import (
    Config,
    ConfigError,
    apply_overrides,
    config_fields,
    config_from_dict,
    parse_toml,
    read_text_file,
)
from gradtui.exercises.goal import Condition, GoalError, Marking, flatten, mark, parse_goal
from gradtui.lessons import LessonError, locate
from gradtui.text import shown

__all__ = [
    "Exercise",
    "ExerciseError",
    "exercise_ids",
    "list_exercises",
    "load_exercise",
    "parse_exercise",
]

TEXT_FIELDS = ("title", "summary", "goal", "hint", "why")
MAX_TEXT = 4000
"""Characters of one text (a title, a summary, the teacher's note)."""
MAX_ITEMS = 64
"""Items of a list (claims, fields, solution overrides, goal conditions)."""
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_EXERCISE_KEYS = {
    "id",
    "claims",
    "may_change",
    *(key for field in ("title", "summary", "goal", "hint") for key in (field, f"{field}_zh")),
}
_TEACHER_KEYS = {"solution", "why", "why_zh"}


class ExerciseError(LessonError):
    """An exercise that cannot be found or read: the message names the file, the line and
    the problem, in one printable line. (A ``LessonError``, so that every place that shows
    a lesson's problem shows an exercise's too.)"""


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    summary: str
    goal: str
    config: Config
    """The starting network."""
    may_change: tuple[str, ...]
    """The fields the learner may change; every other field is locked."""
    conditions: tuple[Condition, ...]
    solution: tuple[str, ...]
    """The teacher's ``key=value`` overrides of the starting network that meet the goal."""
    source: str
    hint: str = ""
    why: str = ""
    claims: tuple[str, ...] = ()
    zh: dict[str, str] | None = None

    def text(self, field: str, lang: str = "en") -> str:
        """A text in a language (English where the Chinese one is missing)."""
        if lang == "zh" and self.zh and self.zh.get(field):
            return self.zh[field]
        return getattr(self, field)

    @property
    def locked(self) -> frozenset[str]:
        """Every config field the learner may not change."""
        return frozenset(spec.name for spec in config_fields()) - set(self.may_change)

    def solution_config(self) -> Config:
        return apply_overrides(self.config, list(self.solution))

    def locked_changes(self, config: Config) -> list[tuple[str, Any, Any]]:
        """The locked fields ``config`` changes: (field, start value, its value)."""
        start, given = flatten(self.config), flatten(config)
        return [
            (name, start[name], given[name])
            for name in sorted(self.locked)
            if start[name] != given[name]
        ]

    def mark(self, config: Config) -> Marking:
        """``config`` against the goal (and the locks)."""
        return mark(self.conditions, config, self.locked, self.config)


def _shipped() -> dict[str, Path]:
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(".toml"): Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def exercise_ids() -> list[str]:
    """The ids of the shipped exercises, sorted."""
    return sorted(_shipped())


def _at(source: str, line: int | None) -> str:
    return f"{source}, line {line}" if line else source


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ExerciseError(f"{where} must be a text in quotes, not {shown(value)}")
    if len(value) > MAX_TEXT:
        raise ExerciseError(f"{where} is {len(value)} characters long; keep it under {MAX_TEXT}")
    if not value.replace("\n", "").isprintable():
        raise ExerciseError(f"{where} holds a control character; remove it")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ExerciseError(f"{where} must be a list of texts, not {shown(value)}")
    if len(value) > MAX_ITEMS:
        raise ExerciseError(f"{where} has {len(value)} items; give at most {MAX_ITEMS}")
    return tuple(_text(item, f"{where}[{index}]") for index, item in enumerate(value))


def _table(data: dict[str, Any], name: str, keys: set[str], text: str, source: str) -> dict:
    table = data.get(name)
    if not isinstance(table, dict):
        raise ExerciseError(f"{source}: no [{name}] table")
    unknown = set(table) - keys
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise ExerciseError(
            f"{_at(source, locate(text, name, key))}: [{name}] has an unknown key {shown(key)}; "
            "it may have " + ", ".join(sorted(keys))
        )
    return table


def parse_exercise(text: str, source: str) -> Exercise:
    """An exercise from TOML text; ``source`` names it in messages. Its solution is applied
    as it loads, so that a solution naming a locked field or a bad value is found then."""
    try:
        data = parse_toml(text, source)
    except ConfigError as error:
        raise ExerciseError(str(error)) from None
    unknown = set(data) - {"exercise", "teacher", "config", "goal"}
    if unknown:
        raise ExerciseError(
            f"{source}: unknown table {shown(sorted(unknown)[0])}; an exercise has "
            "[exercise], [teacher], [config] and [[goal]]"
        )
    meta = _table(data, "exercise", _EXERCISE_KEYS, text, source)
    teacher = _table(data, "teacher", _TEACHER_KEYS, text, source)
    if not isinstance(data.get("config"), dict):
        raise ExerciseError(f"{source}: no [config] table; it holds the starting network")
    for key in ("id", "title", "summary", "goal"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            where = _at(source, locate(text, "exercise", key))
            raise ExerciseError(f"{where}: [exercise] needs a text '{key}'")
    if not _ID.fullmatch(meta["id"]):
        raise ExerciseError(
            f"{_at(source, locate(text, 'exercise', 'id'))}: id {shown(meta['id'])} must be "
            "letters, digits, '-', '_' or '.' (at most 64), e.g. \"my-exercise\""
        )
    texts: dict[str, str] = {}
    for field in TEXT_FIELDS:
        name, table = ("teacher", teacher) if field == "why" else ("exercise", meta)
        for key in (field, f"{field}_zh"):
            where = f"{_at(source, locate(text, name, key))}: {key}"
            texts[key] = _text(table.get(key, ""), where)
    try:
        config = config_from_dict(data["config"], source="")
    except ConfigError as error:
        field = error.field.split("[")[0]
        section, _, key = field.rpartition(".")
        table = f"config.{section}" if section else "config"
        raise ExerciseError(f"{_at(source, locate(text, table, key or None))}: {error}") from None
    names = {spec.name for spec in config_fields()}
    where = _at(source, locate(text, "exercise", "may_change"))
    may_change = _strings(meta.get("may_change", []), f"{where}: may_change")
    for name in may_change:
        if name not in names:
            raise ExerciseError(
                f"{where}: may_change names {shown(name)}, which is not a config field "
                "(e.g. init.std, network.batch_norm)"
            )
    if not may_change:
        raise ExerciseError(f"{where}: may_change must name at least one field to change")
    entries = data.get("goal", [])
    if not isinstance(entries, list) or not entries:
        raise ExerciseError(f"{source}: no [[goal]] table; the goal needs at least one condition")
    if len(entries) > MAX_ITEMS:
        raise ExerciseError(f"{source}: {len(entries)} [[goal]] tables; give at most {MAX_ITEMS}")
    conditions = []
    for number, entry in enumerate(entries, start=1):
        first_key = "field" if isinstance(entry, dict) and "field" in entry else "measure"
        where = _at(source, locate(text, "goal", first_key, occurrence=number))
        try:
            conditions.append(parse_goal(entry, f"{where}: [[goal]] #{number}"))
        except GoalError as error:
            raise ExerciseError(str(error)) from None
    where = _at(source, locate(text, "teacher", "solution"))
    solution = _strings(teacher.get("solution", []), f"{where}: solution")
    if not solution:
        raise ExerciseError(f"{where}: [teacher] needs a solution, key=value overrides")
    exercise = Exercise(
        id=meta["id"],
        title=texts["title"],
        summary=texts["summary"],
        goal=texts["goal"],
        hint=texts["hint"],
        why=texts["why"],
        config=config,
        may_change=may_change,
        conditions=tuple(conditions),
        solution=solution,
        source=source,
        claims=_strings(meta.get("claims", []), f"{source}: claims"),
        zh={field: texts[f"{field}_zh"] for field in TEXT_FIELDS},
    )
    try:
        solved = exercise.solution_config()
    except ConfigError as error:
        raise ExerciseError(f"{where}: solution: {error}") from None
    locked = [name for name, _, _ in exercise.locked_changes(solved)]
    if locked:
        raise ExerciseError(
            f"{where}: the solution changes {', '.join(locked)}, which may_change does not "
            "list; a learner could not make that change"
        )
    return exercise


def load_exercise(name: str) -> Exercise:
    """A shipped exercise by id, or an exercise file by path."""
    shipped = _shipped()
    if name in shipped:
        path = shipped[name]
        return parse_exercise(path.read_text(encoding="utf-8"), f"gradtui/exercises/{path.name}")
    path = Path(name)
    if path.suffix == ".toml" and (path.exists() or path.is_symlink()):
        try:
            text = read_text_file(path)
        except ConfigError as error:
            raise ExerciseError(str(error)) from None
        return parse_exercise(text, str(path))
    raise ExerciseError(
        f"no exercise named {shown(name)}; the exercises are: {', '.join(exercise_ids())} "
        "(or give a .toml path)"
    )


def list_exercises() -> list[Exercise]:
    """Every shipped exercise."""
    return [load_exercise(exercise_id) for exercise_id in exercise_ids()]
