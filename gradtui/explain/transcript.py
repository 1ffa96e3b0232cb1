"""Markdown transcripts a teacher can hand out: a lesson stepped headlessly, or a session's
log. Same sentences as the screen, in English or Chinese."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NamedTuple

from gradtui.config import Config, ConfigError, config_by_name, write_atomically
from gradtui.explain import (
    describe_activation,
    describe_init,
    describe_phase,
    explain_step,
    join,
    say,
)
from gradtui.explain import format as fmt
from gradtui.sim import Phase, Stepper

__all__ = [
    "SessionPart",
    "changed_fields",
    "describe_config",
    "lesson_transcript",
    "markdown_entries",
    "session_transcript",
    "write_transcript",
]


class SessionPart(NamedTuple):
    """A lesson (or another network: a file, an exercise) a session opened, in order."""

    titles: tuple[str, str]
    """Its title in English and in Chinese."""
    heading: str
    """The heading the log gave it where it began (in the language of that moment)."""
    opened: Config
    """Its network as it opened."""
    applied: Config
    """The last network applied while it was open (``opened`` when none was)."""
    lesson: str = ""
    """The lesson's id ("" for a file, an exercise, a share code without a lesson)."""


def describe_config(config: Config, lang: str = "en") -> str:
    """The network in one sentence."""
    network = config.network
    return say(
        "transcript_config",
        lang,
        depth=network.depth,
        width=network.width,
        activation=describe_activation(config, lang),
        init=describe_init(config),
        loss=config.loss,
        optimizer=config.optimizer.name,
        lr=fmt.number(config.optimizer.lr),
        seed=config.seed,
    )


def lesson_transcript(lesson, lang: str = "en") -> str:
    """The lesson's texts, one training step explained stage by stage, and its checks."""
    from gradtui.lessons.expect import check_lesson

    parts = [f"# {lesson.text('title', lang)}", "", lesson.text("summary", lang), ""]
    parts += [describe_config(lesson.config, lang), ""]
    if lesson.question:
        parts += [f"**{say('transcript_question', lang)}** {lesson.text('question', lang)}", ""]
    steps = lesson.text("steps", lang)
    if steps:
        parts += [f"## {say('transcript_steps', lang)}", ""]
        parts += [f"{number}. {step}" for number, step in enumerate(steps, 1)] + [""]
    if lesson.look_at:
        parts += [f"## {say('transcript_look', lang)}", "", lesson.text("look_at", lang), ""]
    parts += [f"## {say('transcript_pass', lang)}", ""]
    stepper = Stepper(lesson.config)
    previous = None
    while True:
        snapshot = stepper.step()
        sentences = explain_step(previous, snapshot, lesson.config, stepper.layers, lang)
        parts.append(f"- **{describe_phase(snapshot, lang)}** {join(sentences, lang)}")
        previous = snapshot
        if snapshot.phase == Phase.UPDATE:
            break
    parts.append("")
    if lesson.checkpoints:
        from gradtui.explain.predict import checkpoint_line
        from gradtui.lessons.checkpoint import answer_checkpoint

        parts += [f"## {say('transcript_checkpoints', lang)}", ""]
        for checkpoint in lesson.checkpoints:
            answer = answer_checkpoint(lesson, checkpoint)
            parts.append("- " + checkpoint_line(checkpoint, answer, lang, lesson.variants))
        parts.append("")
    if lesson.expectations:
        parts += [f"## {say('transcript_checks', lang)}", "", "```"]
        parts += [result.line(lang) for result in check_lesson(lesson)]
        parts += ["```", ""]
    return "\n".join(parts)


def changed_fields(before: Config, after: Config) -> list[str]:
    """The fields ``after`` changed from ``before``, as ``name=value`` (``--set``'s form);
    the network sentence leaves out batch norm, shortcuts and clipping, so it would say
    the same of both."""
    old, new = config_by_name(before), config_by_name(after)
    changes = []
    for name, value in new.items():
        if value != old.get(name):
            if isinstance(value, bool):
                value = str(value).lower()
            elif isinstance(value, list):
                value = ",".join(map(str, value))
            changes.append(f"{name}={value}")
    return changes


def markdown_entries(entries: Sequence[str], headings: Collection[int] = ()) -> list[str]:
    """The log's entries as Markdown lines: a bullet each, and a heading (with a blank line
    either side) for the entries whose index is in ``headings``."""
    lines: list[str] = []
    for index, entry in enumerate(entries):
        if index in headings:
            lines += [*([""] if lines else []), f"### {entry}", ""]
        else:
            lines.append(f"- {entry}")
    return lines


def session_transcript(
    title: str,
    config: Config,
    entries: Sequence[str],
    lang: str,
    exercises_met: Sequence[str] = (),
    predictions: Sequence[str] = (),
    headings: Collection[int] = (),
    parts: Sequence[SessionPart] = (),
) -> str:
    """The app's log as Markdown: a heading, the network (a session of several lessons:
    each of them in order, with its network and the last one applied in it), the exercises
    met (each with the fields changed and the numbers that met its goal), one bullet per
    entry (``headings``: the entries that are where a lesson began); then the learner's
    predictions, each against the measured answer (a teacher reads them here)."""
    several = len(parts) > 1
    if several:
        index = 1 if lang == "zh" else 0
        key = "transcript_session_lessons"
        if not all(part.lesson for part in parts):
            key = "transcript_session_parts"
        lines = [f"# {say(key, lang, count=len(parts))}", ""]
        for number, part in enumerate(parts, 1):
            lines += [
                f"{number}. **{part.titles[index]}**",
                f"   - {describe_config(part.opened, lang)}",
            ]
            changes = changed_fields(part.opened, part.applied)
            if changes:
                applied = say("transcript_config_applied", lang, changes=", ".join(changes))
                lines.append(f"   - {applied}")
    else:
        lines = [
            f"# {say('transcript_session', lang, title=title)}",
            "",
            describe_config(config, lang),
        ]
    if exercises_met:
        lines += ["", f"## {say('transcript_exercises', lang)}", ""]
        lines += [f"- {entry}" for entry in exercises_met]
    if exercises_met or several:
        lines += ["", f"## {say('transcript_log', lang)}"]
    if several and entries and 0 not in headings:
        # The first lesson began the log, which has no heading above its first entry.
        entries, headings = [parts[0].heading, *entries], {0, *(i + 1 for i in headings)}
    lines += ["", *markdown_entries(entries, headings), ""]
    if predictions:
        lines += [f"## {say('transcript_predictions', lang)}", ""]
        lines += [*(f"- {line}" for line in predictions), ""]
    return "\n".join(lines)


def write_transcript(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically; problems are ``ConfigError``s with a message."""
    target = Path(path)
    if target.suffix.lower() not in (".md", ".markdown", ".txt"):
        raise ConfigError(
            "", path, "a transcript is Markdown: end the file name in .md", source=path
        )
    try:
        write_atomically(target, text.encode("utf-8"))
    except FileNotFoundError:
        problem = f"the folder {str(target.parent)!r} does not exist"
        raise ConfigError("", path, problem, source=path) from None
    except OSError as error:
        problem = f"cannot write: {error.strerror or error}"
        raise ConfigError("", path, problem, source=path) from None
