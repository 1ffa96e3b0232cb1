"""A lesson's steps as ``[[step]]`` tables: the words, the keys, what must be on screen.

Each step says what the learner does and what they will see, in a form a program can carry
out and check (``gradtui.tui.walk`` does, at 80×24 and 120×40, in English and Chinese)::

    [[step]]
    do = "Type 200 then t to train 200 steps."
    do_zh = "输入 200 再按 t，训练 200 步。"
    keys = "2 0 0 t"
    until = "train"
    shows = ["trained 200 steps"]
    shows_zh = ["已训练 200 步"]

    [[step]]
    do = "Set optimizer.lr to 0.01 (f optimizer.lr enter), apply, and train again: 2 0 0 t."
    set = { "optimizer.lr" = 0.01 }
    keys = "2 0 0 t"
    until = "train"

``keys`` are Textual key names separated by spaces ("space", "e", "T", "escape", a
character), each optionally repeated as ``space*12``; they are pressed after the ``set``.
``set`` names config fields by their dotted names (as the form labels them); the learner
goes to each field (f finds it), types the value and applies. ``until`` is the milestone
the lesson panel waits for, with the keys (in order) and after the ``set`` is applied (see
``gradtui.lessons.progress``; read from ``do`` when not given). ``shows`` lists words and
figures that must be on the screen once the keys are pressed (``shows_zh`` in Chinese;
English ones that are the same in both, such as a figure, go in ``shows`` and are checked
in both languages when ``shows_zh`` is absent).
In a ``shows`` item, "…" stands for a short run of text (up to 12 characters): "pass …
ms" for a time that differs from machine to machine; " | " separates figures of which any
one will do: a network trained at a high learning rate ends where the last bits of the
machine's arithmetic send it (a 10⁻¹² change of the initial weights moves a dead share
from 38% to 50%), so a step after training names the figures it can show, "dead 38% |
dead 50%", and its words say that the figure varies.

The older form, ``steps = [...]`` in ``[lesson]``, still loads: such a step names no keys,
and the walker says it cannot check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gradtui.config import Config, ConfigError, apply_overrides, config_fields
from gradtui.config.words import Said, SaidError
from gradtui.lessons.progress import MILESTONES, milestone_for

__all__ = [
    "MAX_PRESSES",
    "MAX_STEPS",
    "Step",
    "StepError",
    "key_presses",
    "parse_steps",
    "steps_from_words",
]

MAX_STEPS = 40
"""Steps per lesson: a lesson is a few minutes of a class, not a course."""
MAX_PRESSES = 2_000
"""Key presses per step (``space*N`` included): a pass of a 1,000-layer network, no more."""
MAX_SHOWS = 20
MAX_TEXT = 600
"""Characters in one step's words (``do``): about what the lesson panel shows at 80×24."""
MAX_ITEM = 120
"""Characters in one ``shows`` item: a word or a figure, not a paragraph."""
STEP_KEYS = {"do", "do_zh", "keys", "set", "until", "shows", "shows_zh"}
_KEY = re.compile(r"^(?:[a-z][a-z0-9_+]{0,30}|[^\s*])(?:\*(\d{1,4}))?$")
"""A Textual key name ("space", "shift+tab", "equals_sign") or one character ("T", "2"),
with an optional repetition ``*N``."""


class StepError(SaidError):
    """A ``[[step]]`` table that cannot be carried out; the message names the step."""


@dataclass(frozen=True)
class Step:
    """One step of a lesson: its words, the keys that carry it out, and what it shows."""

    do: str
    do_zh: str = ""
    keys: tuple[str, ...] = ()
    """Textual key names, one per press (repetitions spelled out)."""
    set: tuple[tuple[str, str], ...] = ()
    """(dotted field name, the value as typed in the form), in order."""
    until: str = "read"
    shows: tuple[str, ...] = ()
    shows_zh: tuple[str, ...] = ()
    checkable: bool = True
    """False for a step of the old ``steps = [...]`` form, which names no keys."""

    def text(self, lang: str) -> str:
        """The step's words in ``lang`` (English when there is no Chinese)."""
        return self.do_zh if lang == "zh" and self.do_zh else self.do

    def expected(self, lang: str) -> tuple[str, ...]:
        """What must be on screen in ``lang``: ``shows_zh`` in Chinese when given, else
        ``shows`` (figures and names read the same in both)."""
        return self.shows_zh if lang == "zh" and self.shows_zh else self.shows


def key_presses(text: str, where: str) -> tuple[str, ...]:
    """The presses of a ``keys`` text: "2 0 0 t" -> ("2", "0", "0", "t"), "space*3" ->
    three spaces; raises StepError for a name that is not a key or too many presses."""
    presses: list[str] = []
    for word in text.split():
        match = _KEY.match(word)
        if match is None:
            raise StepError(Said("step_key_bad", where=where, word=repr(word)))
        name = word.split("*")[0] if match.group(1) else word
        count = int(match.group(1) or 1)
        if count < 1 or len(presses) + count > MAX_PRESSES:
            raise StepError(Said("step_presses", where=where, limit=f"{MAX_PRESSES:,}"))
        presses.extend([name] * count)
    return tuple(presses)


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StepError(Said("step_text_empty", where=where))
    if len(value) > limit:
        raise StepError(Said("step_text_long", where=where, length=len(value), limit=limit))
    return value


def _items(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise StepError(Said("step_items_kind", where=where))
    if len(value) > MAX_SHOWS:
        raise StepError(Said("step_items_many", where=where, count=len(value), limit=MAX_SHOWS))
    return tuple(_text(item, f"{where} item", MAX_ITEM) for item in value)


def _form_value(value: Any, where: str) -> str:
    """A TOML value as the learner types it in the form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str) and len(value) <= MAX_ITEM:
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ",".join(str(item) for item in value)
    raise StepError(Said("step_value_kind", where=where))


def parse_steps(tables: Any, config: Config, source: str) -> tuple[Step, ...]:
    """The ``[[step]]`` tables of a lesson; every ``set`` is applied in turn to the lesson's
    ``config`` so that a value the form would refuse is reported now, with its step."""
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise StepError(Said("step_tables", source=source))
    if len(tables) > MAX_STEPS:
        raise StepError(Said("step_many", source=source, count=len(tables), limit=MAX_STEPS))
    names = {spec.name for spec in config_fields()}
    steps = []
    for number, table in enumerate(tables, start=1):
        where = f"{source}: [[step]] #{number}"
        unknown = sorted(set(table) - STEP_KEYS)
        if unknown:
            keys = ", ".join(sorted(STEP_KEYS))
            raise StepError(Said("step_unknown_key", where=where, key=repr(unknown[0]), keys=keys))
        do = _text(table.get("do"), f"{where} do", MAX_TEXT)
        do_zh = _text(table["do_zh"], f"{where} do_zh", MAX_TEXT) if "do_zh" in table else ""
        keys = table.get("keys", "")
        if not isinstance(keys, str):
            raise StepError(Said("step_keys_kind", where=where))
        presses = key_presses(keys, where)
        sets = table.get("set", {})
        if not isinstance(sets, dict):
            raise StepError(Said("step_set_kind", where=where))
        changes = []
        for name, value in sets.items():
            if name not in names:
                raise StepError(Said("step_set_field", where=where, name=repr(name)))
            changes.append((name, _form_value(value, f"{where} set {name}")))
        if changes:
            try:
                config = apply_overrides(config, [f"{name}={value}" for name, value in changes])
            except ConfigError as error:
                raise StepError(Said("step_set", where=where, problem=error)) from None
        until = table.get("until", milestone_for(do))
        if until not in MILESTONES:
            milestones = ", ".join(MILESTONES)
            raise StepError(
                Said("step_until", where=where, milestone=repr(until), milestones=milestones)
            )
        shows = _items(table.get("shows", []), f"{where} shows")
        shows_zh = _items(table.get("shows_zh", []), f"{where} shows_zh")
        steps.append(
            Step(
                do=do,
                do_zh=do_zh,
                keys=presses,
                set=tuple(changes),
                until=until,
                shows=shows,
                shows_zh=shows_zh,
            )
        )
    return tuple(steps)


def steps_from_words(
    steps: tuple[str, ...], steps_zh: tuple[str, ...], until: tuple[str, ...]
) -> tuple[Step, ...]:
    """Steps of the old form (``steps = [...]``): words and milestones, no keys."""
    return tuple(
        Step(
            do=words,
            do_zh=steps_zh[index] if index < len(steps_zh) else "",
            until=until[index],
            checkable=False,
        )
        for index, words in enumerate(steps)
    )
