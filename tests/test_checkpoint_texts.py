"""A checkpoint's answer is computed by the app when the learner answers: the texts the
learner can read before then (the look-at, shown whole at 120×40, and every step up to the
one the question comes before, shown beside the question) must not write it down."""

from __future__ import annotations

import math

import pytest

from gradtui.explain import format as fmt
from gradtui.lessons import load_lesson_file
from gradtui.lessons.checkpoint import answer_checkpoint

# The course's first stops (gradtui/lessons/course.py), walked by hand in both languages.
WALKED = (
    "vanishing-sigmoid",
    "depth-scaling",
    "slow-early-layers",
    "init-matters",
    "relu-he",
    "batchnorm-rescue",
    "residual-rescue",
)


def figures(value: float) -> set[str]:
    """The ways the screen writes a value (share, factor, plain number)."""
    if not math.isfinite(value):
        return set()
    written = {fmt.share(value), fmt.factor(value), fmt.number(value), fmt.times(value)}
    return {text for text in written if len(text) >= 3}


@pytest.mark.parametrize("lesson_id", WALKED)
def test_no_text_before_a_checkpoint_gives_its_answer(lesson_id):
    lesson = load_lesson_file(lesson_id)
    assert lesson.checkpoints, f"{lesson_id} asks no question"
    for point in lesson.checkpoints:
        answer = answer_checkpoint(lesson, point)
        answers = set()
        for value in (answer.value, answer.other, *answer.values):
            answers |= figures(value)
        for lang in ("en", "zh"):
            seen = [lesson.text("look_at", lang)]
            seen += [step.text(lang) for step in lesson.step_tables[: point.step + 1]]
            for text in seen:
                given = sorted(figure for figure in answers if figure in text)
                assert not given, f"{lesson_id} ({lang}) writes {given} before it asks: {text}"


async def test_the_path_dialog_says_its_keys_in_chinese(tmp_path, monkeypatch):
    from textual.widgets import Label

    from gradtui.tui.app import GradtuiApp
    from gradtui.tui.screens.path_prompt import PathPrompt

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    lesson = load_lesson_file("init-matters")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        hints = [str(label.render()) for label in app.screen.query(Label)]
        assert "按回车确认，按 Esc 取消" in hints
