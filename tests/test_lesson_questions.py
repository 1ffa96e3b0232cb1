"""A lesson's question must be answered by the app, not by the words on the screen beside it.

While a checkpoint's question is open, the learner can read the lesson's title, its look-at
and the steps up to the one the question comes before. None of them may state what the
question asks (the figure the app measures, or the winner); and since digits answer an open
question, a step that types a count must first ask for the answer.
"""

from __future__ import annotations

import pytest

from gradtui.lessons import load_lesson_file

# What each lesson's question asks, in words or figures that must not be on the screen
# before the app has measured it (English, Chinese).
GIVEAWAYS = {
    "elu-mean-zero": (["0.491", "nearer zero", "nearer 0"], ["0.491", "更接近零"]),
    "exp-cost": (
        ["reuse", "one exponential", "σ·(1 − σ)"],
        ["复用", "一次指数", "σ·(1 − σ)"],
    ),
    "learning-rate": (["NaN", "diverge"], ["NaN", "发散"]),
    "maxout": (["72", "half as many", "twice"], ["72", "一半", "两倍"]),
    "mixed-activations": (["0.236", "1/810", "×0.34", "×0.81"], ["0.236", "1/810", "×0.34"]),
    "mnist-mlp": (["1/117", "1/46", "slower", "faster"], ["1/117", "1/46", "更慢", "更快"]),
}


def _beside_the_question(lesson, checkpoint, lang: str) -> list[str]:
    steps = lesson.step_tables[: checkpoint.step + 1]
    words = [step.do_zh if lang == "zh" else step.do for step in steps]
    return [lesson.text("title", lang), lesson.text("look_at", lang), *words]


@pytest.mark.parametrize("lesson_id", sorted(GIVEAWAYS))
def test_nothing_beside_an_open_question_answers_it(lesson_id):
    lesson = load_lesson_file(lesson_id)
    assert lesson.checkpoints
    for checkpoint in lesson.checkpoints:
        for lang, forbidden in zip(("en", "zh"), GIVEAWAYS[lesson_id], strict=True):
            for text in _beside_the_question(lesson, checkpoint, lang):
                for giveaway in forbidden:
                    assert giveaway not in text, (lang, giveaway, text)


@pytest.mark.parametrize("lesson_id", sorted(GIVEAWAYS))
def test_a_count_typed_under_an_open_question_asks_for_the_answer_first(lesson_id):
    lesson = load_lesson_file(lesson_id)
    for checkpoint in lesson.checkpoints:
        step = lesson.step_tables[checkpoint.step]
        if any(key.isdigit() for key in step.keys):
            assert step.do.startswith("Answer the question"), step.do
            assert step.do_zh.startswith("先回答问题"), step.do_zh


@pytest.mark.parametrize("lesson_id", sorted(GIVEAWAYS))
def test_a_step_that_trains_or_runs_a_pass_ends_there_not_at_apply(lesson_id):
    """An ``apply`` step that then trains or presses e would end (and be answered) before
    the run its words are about: the verdict came mid-run, or before the numbers it names."""
    lesson = load_lesson_file(lesson_id)
    for step in lesson.step_tables:
        if step.set and ("t" in step.keys or "e" in step.keys):
            assert step.until in ("train", "pass"), step.do
