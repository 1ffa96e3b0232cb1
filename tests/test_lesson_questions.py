"""A lesson's question must be answered by the app, not by the words on the screen beside it.

While a checkpoint's question is open, the learner can read the lesson's title, its look-at
and the steps up to the one the question comes before. None of them may state what the
question asks (the figure the app measures, or the winner); and since digits answer an open
question, a step that types a count must first ask for the answer.
"""

from __future__ import annotations

import pytest

from gradtui.lessons import lesson_ids, load_lesson_file

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


def _counted_under_a_question(lesson):
    """The steps that type a digit (a count) while their question is open."""
    for checkpoint in lesson.checkpoints:
        step = lesson.step_tables[checkpoint.step]
        if any(key.isdigit() for key in step.keys):
            yield step


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_a_count_typed_under_an_open_question_is_not_asked_twice_for_its_answer(lesson_id):
    """The app puts "Answer the question first" before such a step (next test): its own
    words would say it a second time."""
    for step in _counted_under_a_question(load_lesson_file(lesson_id)):
        assert not step.do.startswith("Answer the"), step.do
        assert not step.do_zh.startswith("先回答"), step.do_zh


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Answer the question first"), ("zh", "先回答问题")]
)
async def test_a_step_that_types_a_count_under_an_open_question_asks_for_the_answer_first(
    lang, words
):
    """dead-relu's first step is "Type 200 then t" under its question: typed then, the 2
    answered the question and nothing trained. While the question is open the lesson panel
    says to answer it first; once answered, the step reads as written."""
    from gradtui.tui.app import GradtuiApp

    lesson = load_lesson_file("dead-relu")
    assert list(_counted_under_a_question(lesson))
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one("#lesson")
        assert words in panel.plain
        await pilot.press("1")
        await pilot.pause()
        assert words not in panel.plain
        assert lesson.step_tables[0].text(lang)[:12] in panel.plain


@pytest.mark.parametrize("lesson_id", sorted(GIVEAWAYS))
def test_a_step_that_trains_or_runs_a_pass_ends_there_not_at_apply(lesson_id):
    """An ``apply`` step that then trains or presses e would end (and be answered) before
    the run its words are about: the verdict came mid-run, or before the numbers it names."""
    lesson = load_lesson_file(lesson_id)
    for step in lesson.step_tables:
        if step.set and ("t" in step.keys or "e" in step.keys):
            assert step.until in ("train", "pass"), step.do
