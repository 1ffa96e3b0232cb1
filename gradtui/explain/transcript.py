"""Markdown transcripts a teacher can hand out: a lesson stepped headlessly, or a session's
log. Same sentences as the screen, in English or Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gradtui.config import Config, ConfigError, write_atomically
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

__all__ = ["describe_config", "lesson_transcript", "session_transcript", "write_transcript"]


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


def session_transcript(
    title: str,
    config: Config,
    entries: Sequence[str],
    lang: str,
    exercises_met: Sequence[str] = (),
    predictions: Sequence[str] = (),
) -> str:
    """The app's log as Markdown: a heading, the network, the exercises met (each with the
    fields changed and the numbers that met its goal), one bullet per entry; then the
    learner's predictions, each against the measured answer (a teacher reads them here)."""
    lines = [f"# {say('transcript_session', lang, title=title)}", "", describe_config(config, lang)]
    if exercises_met:
        lines += ["", f"## {say('transcript_exercises', lang)}", ""]
        lines += [f"- {entry}" for entry in exercises_met]
        lines += ["", f"## {say('transcript_log', lang)}"]
    lines += ["", *(f"- {entry}" for entry in entries), ""]
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
