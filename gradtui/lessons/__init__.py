"""The shipped lessons: each a TOML file holding a ``[lesson]`` table and a ``[config]``.

A lesson names what it shows (``id``, ``title``, ``summary``, the ``claims`` of CLAIMS.md
it covers) and the network that shows it. Lessons written by a teacher load from any path.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gradtui.config import Config, ConfigError, config_from_dict

DEFAULT_LESSON = "vanishing-sigmoid"


class LessonError(ValueError):
    """A lesson that cannot be found or read; the message names the file and the problem."""


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    claims: tuple[str, ...]
    config: Config
    source: str
    """Where it was read from (a file path or ``gradtui/lessons/NAME.toml``)."""


def _shipped() -> dict[str, Path]:
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(".toml"): Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def lesson_ids() -> list[str]:
    """The ids of the shipped lessons, sorted."""
    return sorted(_shipped())


def parse_lesson(text: str, source: str) -> Lesson:
    """A lesson from TOML text; ``source`` names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LessonError(f"{source}: {error}") from None
    meta = data.get("lesson")
    if not isinstance(meta, dict):
        raise LessonError(f"{source}: no [lesson] table; a lesson needs id, title and summary")
    if not isinstance(data.get("config"), dict):
        raise LessonError(f"{source}: no [config] table; it holds the lesson's network")
    for key in ("id", "title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise LessonError(f"{source}: [lesson] needs a text '{key}'")
    try:
        config = config_from_dict(data["config"], source=source)
    except ConfigError as error:
        raise LessonError(f"{source}: {error}") from None
    return Lesson(
        id=meta["id"],
        title=meta["title"],
        summary=meta["summary"],
        claims=tuple(meta.get("claims", ())),
        config=config,
        source=source,
    )


def load_lesson_file(name: str) -> Lesson:
    """A shipped lesson by id, or a lesson file by path."""
    shipped = _shipped()
    if name in shipped:
        path = shipped[name]
        return parse_lesson(path.read_text(encoding="utf-8"), f"gradtui/lessons/{path.name}")
    path = Path(name)
    if path.suffix == ".toml" and path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LessonError(f"{path}: cannot be read ({error})") from None
        return parse_lesson(text, str(path))
    known = ", ".join(lesson_ids())
    raise LessonError(f"no lesson named {name!r}; the lessons are: {known} (or give a .toml path)")


def load_lesson(name: str) -> Config:
    """The config of a lesson (shipped id or path)."""
    return load_lesson_file(name).config


def list_lessons() -> list[Lesson]:
    """Every shipped lesson."""
    return [load_lesson_file(lesson_id) for lesson_id in lesson_ids()]
