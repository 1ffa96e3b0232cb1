"""A checkpoint's answer is computed by the app, never written where the learner reads it
before answering: the title, the summary and the look-at (the whole lesson, i, shows them,
and the lesson panel shows the look-at at 120×40), and the steps up to the one the question
comes before (its words stand above the question in the panel)."""

from __future__ import annotations

import math
import re

import pytest

from gradtui.explain import format as fmt
from gradtui.lessons import load_lesson_file
from gradtui.lessons.checkpoint import answer_checkpoint

CHECKED = (
    "exploding-constant-5",
    "clipping",
    "dead-relu",
    "leaky-relu-rescue",
    "tanh-saturates",
    "rnn-vs-lstm",
)
"""The lessons whose texts have been walked for spoilers (course stops 8 to 13)."""


def figures(value: float) -> set[str]:
    """The ways the app writes ``value``: as a share, a number, a multiple, a percentage."""
    if not math.isfinite(value):
        return set()
    written = {fmt.share(value), fmt.number(value), fmt.times(value)}
    if 0 <= value <= 1:
        written.add(fmt.percent(value))
    # A bare "0" or "1" is in every text; what can give an answer away is longer.
    return {figure for figure in written if len(figure.rstrip("×%")) >= 2}


def written_in(figure: str, text: str) -> bool:
    """``figure`` in ``text`` as a figure of its own, not inside a longer number."""
    pattern = r"(?<![\d.,/])" + re.escape(figure) + r"(?![\d.,])"
    return re.search(pattern, text) is not None


def read_before(lesson, checkpoint, lang: str) -> dict[str, str]:
    texts = {field: lesson.text(field, lang) for field in ("title", "summary", "look_at")}
    steps = lesson.text("steps", lang)
    for index in range(checkpoint.step + 1):
        texts[f"step {index + 1}"] = steps[index]
    return texts


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", CHECKED)
def test_no_text_read_before_a_question_gives_its_answer(lesson_id, lang):
    lesson = load_lesson_file(lesson_id)
    for checkpoint in lesson.checkpoints:
        answer = answer_checkpoint(lesson, checkpoint)
        for field, text in read_before(lesson, checkpoint, lang).items():
            given = [figure for figure in figures(answer.value) if written_in(figure, text)]
            assert not given, (
                f"{lesson_id} ({lang}): the {field} gives {given} away before "
                f"{checkpoint.question!r} is asked: {text!r}"
            )


def test_the_check_finds_a_figure_written_before_its_question():
    lesson = load_lesson_file("tanh-saturates")
    (checkpoint,) = lesson.checkpoints
    answer = answer_checkpoint(lesson, checkpoint)
    assert "1/14" in figures(answer.value)
    assert written_in("1/14", "press e: only 1/14 reaches ∂L/∂x")
    assert not written_in("1/14", "1/140 of it")
