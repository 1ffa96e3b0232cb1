"""Lessons: a network that shows one claim of the source material, and what to look for.

A lesson is a TOML file: a ``[lesson]`` table (``id``, ``title``, ``summary``, the
``claims`` of CLAIMS.md it covers, ``steps`` to take (and optionally, ``until``, the
milestone that ends each: see ``gradtui.lessons.progress``), what to ``look_at``, the ``question``
it answers, each text also in Chinese as ``title_zh`` and so on), the network as a
``[config]`` table, optional ``[variants]`` (named lists of ``key=value`` overrides of that
config, for comparisons), and ``[[expect]]`` tables that the simulator checks headlessly
(see ``gradtui.lessons.expect``), and ``[[checkpoint]]`` tables, questions asked before a
step whose answer the simulator computes (see ``gradtui.lessons.checkpoint``). Lessons
written by a teacher load from any path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradtui.config import (
    Config,
    ConfigError,
    apply_overrides,
    config_from_dict,
    parse_toml,
    read_text_file,
)
from gradtui.config.words import Said, SaidError
from gradtui.lessons.checkpoint import KEYS as CHECKPOINT_KEYS
from gradtui.lessons.checkpoint import Checkpoint, CheckpointError, parse_checkpoint
from gradtui.lessons.expect import Expectation, ExpectationError, parse_expectation
from gradtui.lessons.progress import MILESTONES, milestone_for
from gradtui.lessons.steps import Step, StepError, parse_steps, steps_from_words
from gradtui.text import shown

DEFAULT_LESSON = "vanishing-sigmoid"
TEXT_FIELDS = ("title", "summary", "look_at", "question")
LESSON_KEYS = {
    "id",
    "claims",
    "steps",
    "until",
    *TEXT_FIELDS,
    *(f"{field}_zh" for field in (*TEXT_FIELDS, "steps")),
}


MAX_TEXT = 4000
"""Characters of one lesson text (a title, a summary, a step)."""
MAX_ITEMS = 64
"""Items of a list (steps, claims, variants, one variant's overrides, expectations)."""
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""A lesson id: it names saved files (``gradtui-ID.svg``), so it is never a path."""


class LessonError(SaidError):
    """A lesson that cannot be found or read; the message names the file and the problem,
    in one printable line (``message_in(lang)``: in the learner's language)."""


def _said(error: Exception) -> str | Said:
    """What an inner error says, to be said again by a ``LessonError`` in any language."""
    return error.said if isinstance(error, SaidError) else Said("same", problem=error)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    claims: tuple[str, ...]
    config: Config
    source: str
    """Where it was read from (a file path or ``gradtui/lessons/NAME.toml``)."""
    steps: tuple[str, ...] = ()
    look_at: str = ""
    question: str = ""
    zh: dict[str, Any] | None = None
    """The Chinese texts: title, summary, look_at, question (str) and steps (tuple)."""
    variants: dict[str, tuple[str, ...]] | None = None
    expectations: tuple[Expectation, ...] = ()
    until: tuple[str, ...] = ()
    """Each step's milestone (see ``gradtui.lessons.progress``), one per step."""
    step_tables: tuple[Step, ...] = ()
    """Each step with its keys and what it shows (see ``gradtui.lessons.steps``); a lesson
    of the older ``steps = [...]`` form has steps that name no keys."""
    checkpoints: tuple[Checkpoint, ...] = ()
    """Questions asked before steps (see ``gradtui.lessons.checkpoint``), in step order."""

    def checkpoint_before(self, step: int) -> Checkpoint | None:
        """The checkpoint asked before step ``step`` (0-based), if any."""
        return next((point for point in self.checkpoints if point.step == step), None)

    def variant_config(self, name: str) -> Config:
        """The config of a variant ("" for the lesson's own)."""
        if not name:
            return self.config
        overrides = (self.variants or {}).get(name)
        if overrides is None:
            raise LessonError(Said("lesson_no_variant", source=self.source, name=shown(name)))
        try:
            return apply_overrides(self.config, list(overrides))
        except ConfigError as error:
            problem = Said("lesson_variant", source=self.source, name=shown(name), problem=error)
            raise LessonError(problem) from None

    def text(self, field: str, lang: str = "en") -> Any:
        """A text field in a language (English when the Chinese one is missing)."""
        if lang == "zh" and self.zh and self.zh.get(field):
            return self.zh[field]
        return getattr(self, field)


def _shipped() -> dict[str, Path]:
    # The package's own folder, as importlib.resources.files would give it for a package
    # installed as files (the lessons are read as paths): without loading importlib's
    # readers and zipfile at every start.
    folder = Path(__file__).parent
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def lesson_ids() -> list[str]:
    """The ids of the shipped lessons, sorted."""
    return sorted(_shipped())


def _text(value: Any, where: str | Said) -> str:
    """A lesson text: a string of at most MAX_TEXT characters, with no control characters
    but newlines (a terminal would act on them)."""
    if not isinstance(value, str):
        raise LessonError(Said("lesson_text_kind", where=where, value=shown(value)))
    if len(value) > MAX_TEXT:
        raise LessonError(Said("lesson_text_long", where=where, length=len(value), limit=MAX_TEXT))
    if not value.replace("\n", "").isprintable():
        bad = next(c for c in value if c != "\n" and not c.isprintable())
        raise LessonError(Said("lesson_control", where=where, char=shown(bad)))
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A list of lesson texts, at most MAX_ITEMS of them."""
    if not isinstance(value, list):
        raise LessonError(Said("lesson_texts_kind", where=where, value=shown(value)))
    if len(value) > MAX_ITEMS:
        raise LessonError(Said("lesson_texts_many", where=where, count=len(value), limit=MAX_ITEMS))
    return tuple(_text(item, f"{where}[{index}]") for index, item in enumerate(value))


def locate(text: str, table: str, key: str | None = None, occurrence: int = 1) -> int | None:
    """The line (1-based) of ``key = …`` in the ``occurrence``-th ``[table]`` (or
    ``[[table]]``) of a TOML text; the table's header line when the key is not written
    there; None when neither is found."""
    current, seen, header = "", 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[]").strip()
            if current == table:
                seen += 1
                if seen == occurrence:
                    header = number
            continue
        if (
            key is not None
            and current == table
            and seen == occurrence
            and stripped.split("=", 1)[0].strip() == key
        ):
            return number
    return header


def _at(source: str, line: int | None) -> str | Said:
    return Said("at_line", source=source, line=line) if line else source


def parse_lesson(text: str, source: str) -> Lesson:
    """A lesson from TOML text; ``source`` names it in messages.

    A lesson is data from anyone, checked as a config is: every key's type, texts without
    control characters, and bounds on what it may ask the simulator to do (``train N``, the
    measures' arguments), so that loading or checking it can only end in a ``LessonError``.
    """
    try:
        data = parse_toml(text, source)
    except ConfigError as error:
        raise LessonError(_said(error)) from None
    meta = data.get("lesson")
    if not isinstance(meta, dict):
        raise LessonError(Said("lesson_no_lesson", source=source))
    if not isinstance(data.get("config"), dict):
        raise LessonError(Said("lesson_no_config", source=source))
    unknown = set(data) - {"lesson", "config", "variants", "expect", "step", "checkpoint"}
    if unknown:
        table = shown(sorted(unknown)[0])
        raise LessonError(Said("lesson_unknown_table", source=source, table=table))
    for key in ("id", "title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            where = _at(source, locate(text, "lesson", key))
            raise LessonError(Said("lesson_needs", where=where, key=key))
    unknown_keys = set(meta) - LESSON_KEYS
    if unknown_keys:
        key = sorted(unknown_keys)[0]
        raise LessonError(
            Said(
                "lesson_unknown_key",
                where=_at(source, locate(text, "lesson", key)),
                key=shown(key),
                keys=", ".join(sorted(LESSON_KEYS)),
            )
        )
    texts = {}
    for key in (*TEXT_FIELDS, *(f"{field}_zh" for field in TEXT_FIELDS)):
        where = Said("where_key", where=_at(source, locate(text, "lesson", key)), key=key)
        texts[key] = _text(meta.get(key, ""), where)
    if not _ID.fullmatch(meta["id"]):
        where = _at(source, locate(text, "lesson", "id"))
        raise LessonError(Said("lesson_id", where=where, id=shown(meta["id"])))
    try:
        config = config_from_dict(data["config"], source="")
    except ConfigError as error:
        # Name the line: the field's key in its [config.…] table.
        field = error.field.split("[")[0]
        section, _, key = field.rpartition(".")
        table = f"config.{section}" if section else "config"
        where = _at(source, locate(text, table, key or None))
        raise LessonError(Said("where_problem", where=where, problem=error)) from None
    variants = _variants(data.get("variants", {}), source)
    entries = data.get("expect", [])
    if not isinstance(entries, list):
        raise LessonError(Said("lesson_expect_kind", source=source, value=shown(entries)))
    if len(entries) > MAX_ITEMS:
        raise LessonError(
            Said("lesson_expect_many", source=source, count=len(entries), limit=MAX_ITEMS)
        )
    expectations = []
    for number, entry in enumerate(entries, start=1):
        where = _at(source, locate(text, "expect", "measure", occurrence=number))
        try:
            expectations.append(
                parse_expectation(
                    entry, Said("where_key", where=where, key=f"[[expect]] #{number}"), variants
                )
            )
        except ExpectationError as error:
            raise LessonError(_said(error)) from None
    steps = _strings(meta.get("steps", []), f"{source}: steps")
    until = _strings(meta.get("until", []), f"{source}: until")
    if until:
        if len(until) != len(steps):
            raise LessonError(
                Said("lesson_until_count", source=source, count=len(until), steps=len(steps))
            )
        for milestone in until:
            if milestone not in MILESTONES:
                raise LessonError(
                    Said(
                        "lesson_until_bad",
                        source=source,
                        milestone=shown(milestone),
                        milestones=", ".join(MILESTONES),
                    )
                )
    else:
        until = tuple(milestone_for(step) for step in steps)
    zh: dict[str, Any] = {field: texts[f"{field}_zh"] for field in TEXT_FIELDS}
    zh["steps"] = _strings(meta.get("steps_zh", []), f"{source}: steps_zh")
    if "step" in data:
        step_tables, steps, zh["steps"], until = _step_tables(data["step"], meta, config, source)
    else:
        step_tables = steps_from_words(steps, zh["steps"], until)
    checkpoints = _checkpoints(data.get("checkpoint", []), text, source, until, variants, config)
    lesson = Lesson(
        id=meta["id"],
        title=texts["title"],
        summary=texts["summary"],
        claims=_strings(meta.get("claims", []), f"{source}: claims"),
        config=config,
        source=source,
        steps=steps,
        look_at=texts["look_at"],
        question=texts["question"],
        zh=zh,
        variants=variants,
        expectations=tuple(expectations),
        until=until,
        step_tables=step_tables,
        checkpoints=checkpoints,
    )
    for name in variants:
        lesson.variant_config(name)  # a broken variant is reported when the lesson loads
    return lesson


def _checkpoints(
    entries: Any,
    text: str,
    source: str,
    until: tuple[str, ...],
    variants: dict[str, Any],
    config: Config,
) -> tuple[Checkpoint, ...]:
    """``[[checkpoint]]`` tables, one at most per step, sorted by step."""
    if not isinstance(entries, list):
        raise LessonError(
            f"{source}: checkpoint must be [[checkpoint]] tables, not {shown(entries)}"
        )
    if len(entries) > MAX_ITEMS:
        raise LessonError(
            f"{source}: {len(entries)} [[checkpoint]] tables; give at most {MAX_ITEMS}"
        )
    checkpoints: dict[int, Checkpoint] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{_at(source, locate(text, 'checkpoint', None, occurrence=number))}: "
        where += f"[[checkpoint]] #{number}"
        try:
            checkpoint = parse_checkpoint(entry, f"[[checkpoint]] #{number}", until, variants)
        except CheckpointError as error:
            # Name the key's own line where the message begins with a key of the table.
            problem = str(error).split(": ", 1)[1]
            key = re.split(r"[\s:]", problem, maxsplit=1)[0]
            line = locate(text, "checkpoint", key if key in CHECKPOINT_KEYS else None, number)
            # The error's own words ("[[checkpoint]] #n: …") in the learner's language.
            said = Said("where_key", where=_at(source, line), key=_said(error))
            raise LessonError(said) from None
        if checkpoint.kind == "pick":
            from gradtui.lessons.checkpoint import variant_configs
            from gradtui.lessons.measure import MeasureError

            try:  # a variant written as overrides is checked now, as [variants] are
                variant_configs(checkpoint, config, variants)
            except MeasureError as error:
                raise LessonError(Said("where_key", where=where, key=_said(error))) from None
        if checkpoint.step in checkpoints:
            raise LessonError(
                f"{where}: step {checkpoint.step + 1} already has a checkpoint "
                f"({checkpoints[checkpoint.step].where}); ask one question per step"
            )
        checkpoints[checkpoint.step] = checkpoint
    return tuple(checkpoints[step] for step in sorted(checkpoints))


def _variants(table: Any, source: str) -> dict[str, tuple[str, ...]]:
    """``[variants]``: names, each with a list of ``key=value`` overrides."""
    if not isinstance(table, dict):
        raise LessonError(Said("lesson_variants_kind", source=source, value=shown(table)))
    if len(table) > MAX_ITEMS:
        raise LessonError(
            Said("lesson_variants_many", source=source, count=len(table), limit=MAX_ITEMS)
        )
    variants = {}
    for name, overrides in table.items():
        where = f"{source}: [variants] {shown(name)}"
        _text(name, f"{source}: [variants] name")
        variants[name] = _strings(overrides, where)
    return variants


def _step_tables(
    tables: Any, meta: dict[str, Any], config: Config, source: str
) -> tuple[tuple[Step, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``[[step]]`` tables, and the steps' words (en, zh) and milestones they give."""
    for key in ("steps", "steps_zh", "until"):
        if key in meta:
            raise LessonError(Said("lesson_steps_twice", source=source, key=key))
    try:
        parsed = parse_steps(tables, config, source)
    except StepError as error:
        raise LessonError(_said(error)) from None
    steps = tuple(step.do for step in parsed)
    steps_zh = tuple(step.do_zh or step.do for step in parsed)
    return parsed, steps, steps_zh, tuple(step.until for step in parsed)


def load_lesson_file(name: str) -> Lesson:
    """A shipped lesson by id, or a lesson file by path."""
    shipped = _shipped()
    if name in shipped:
        path = shipped[name]
        return parse_lesson(path.read_text(encoding="utf-8"), f"gradtui/lessons/{path.name}")
    path = Path(name)
    if path.suffix == ".toml" and (path.exists() or path.is_symlink()):
        # Whatever is there is read as read_text_file reads: only a regular file, bounded.
        try:
            text = read_text_file(path)
        except ConfigError as error:
            raise LessonError(_said(error)) from None
        return parse_lesson(text, str(path))
    known = ", ".join(lesson_ids())
    raise LessonError(Said("lesson_unknown", name=shown(name), known=known))


def load_lesson(name: str) -> Config:
    """The config of a lesson (shipped id or path)."""
    return load_lesson_file(name).config


def list_lessons() -> list[Lesson]:
    """Every shipped lesson."""
    return [load_lesson_file(lesson_id) for lesson_id in lesson_ids()]
