"""A checkpoint's answer is computed by the app, never written where the learner reads it
before answering, in any shipped lesson, in English or Chinese: the title, the summary, the
look-at and the lesson's own question (the whole lesson, i, shows them; the lesson panel
shows the title and the look-at), the steps up to the one the question comes before (its
words stand above the question in the panel), and the course picker's line for the lesson
(the lesson picker, L, and ``gradtui lessons``).

Given away are the figures the app measures for the question (its answer, the measure a
compare weighs it against, every option's value of a pick) in any way the app writes them,
or as a fraction or a power that equals them (11/48, 5¹⁰); and, in the texts that describe
the lesson as a whole (summary, look-at, lesson question, picker line), the words that only
the right option of a compare or pick says, a pick's right option named beside a
comparison, and the ratio between a pick's two options said in words (twice)."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest

from gradtui.explain import format as fmt
from gradtui.lessons import lesson_ids, load_lesson_file
from gradtui.lessons.checkpoint import Answer, Checkpoint, answer_checkpoint
from gradtui.lessons.course import COURSE, course_index

SHIPPED = 24
LANGS = ("en", "zh")

FIXED_PICK_OPTIONS = {
    # RReLU in evaluation uses one slope that its definition fixes, the mean of
    # U(1/8, 1/3) = 11/48 ≈ 0.229 (the config form's help for mode says so too): the fixed
    # side the training mode's smallest drawn slope is weighed against, not a measurement.
    # What answers the question is the training side, and it is still checked.
    "rrelu-train-vs-eval": {"evaluation"},
}
"""Pick options whose value is a constant of the network's definition (lesson: variants)."""

DESCRIBING = ("summary", "look_at", "question", "picker")
"""The texts about the lesson as a whole: they must not say the outcome in words either."""


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
    # A comma or full stop after a figure ends a clause ("mean a 0.215, dead 0%"); only
    # with a digit after it does it belong to a longer number (0.2151, 1,000).
    pattern = r"(?<![\d/])(?<!\d[.,])" + re.escape(figure) + r"(?![\d]|[.,]\d)"
    return re.search(pattern, text) is not None


def fractions_in(text: str) -> set[str]:
    """The fractions written in ``text`` (11/48) whose value the app writes as a number."""
    return set(re.findall(r"(?<![\d/])(?<!\d[.,])\d{1,3}/\d{1,4}(?![\d/]|[.,]\d)", text))


def same_figure(fraction: str, value: float) -> bool:
    """Whether a written fraction is ``value`` to the three digits the app shows."""
    numerator, denominator = fraction.split("/")
    if int(denominator) == 0 or not math.isfinite(value) or value == 0:
        return False
    return fmt.number(float(Fraction(int(numerator), int(denominator)))) == fmt.number(value)


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def powers_in(text: str) -> dict[str, float]:
    """The powers written in ``text`` (5¹⁰) and their values; powers of ten are left to
    ``figures``, which writes them as the app does."""
    powers = {}
    for base, exponent in re.findall(r"(?<![\d.,])(\d+(?:\.\d+)?)([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text):
        if base != "10":
            powers[base + exponent] = float(base) ** int(exponent.translate(SUPERSCRIPTS))
    return powers


def read_before(lesson, checkpoint, lang: str) -> dict[str, str]:
    """Every text the learner can read before answering ``checkpoint``, by where it is."""
    texts = {field: lesson.text(field, lang) for field in ("title", "summary", "look_at")}
    texts["question"] = lesson.text("question", lang)
    index = course_index(lesson.id)
    if index is not None:
        texts["picker"] = COURSE[index].text(lang)
    steps = lesson.text("steps", lang)
    for number in range(checkpoint.step + 1):
        texts[f"step {number + 1}"] = steps[number]
    return texts


def measured(lesson, checkpoint: Checkpoint, answer: Answer) -> list[float]:
    """The values the app measures for the question, which no text may write first."""
    values = [answer.value]
    if checkpoint.kind == "compare" and not checkpoint.than_is_constant:
        values.append(answer.other)
    # A compare against a number the file gives (prelu's α starts at 0.25, leaky's "1% or
    # more", dead-relu's "more than half") is skipped: that number is the fixed side of the
    # comparison, which the question itself must state; the answer is the measured side.
    if checkpoint.kind == "pick":
        fixed = FIXED_PICK_OPTIONS.get(lesson.id, set())
        values = [
            value
            for name, value in zip(checkpoint.variants, answer.values, strict=True)
            if name not in fixed
        ]
    return values


def given_figures(values: list[float], text: str) -> list[str]:
    given = set()
    for value in values:
        given |= {figure for figure in figures(value) if written_in(figure, text)}
        given |= {fraction for fraction in fractions_in(text) if same_figure(fraction, value)}
        given |= {
            power
            for power, written in powers_in(text).items()
            if math.isfinite(value) and value and fmt.number(written) == fmt.number(value)
        }
    return sorted(given)


def _words(text: str) -> set[str]:
    """Latin words of three letters or more, and runs of two Chinese characters or more."""
    latin = {word.lower() for word in re.findall(r"[A-Za-z][A-Za-z']{2,}", text)}
    chinese = set(re.findall(r"[\u4e00-\u9fff]{2,}", text))
    return latin | chinese


COMMON = {"the", "and", "yes", "not", "one", "all", "more", "less", "than", "still", "about"}
COMMON_ZH = {"不会", "会"}


def right_option_words(checkpoint: Checkpoint, answer: Answer, lang: str) -> set[str]:
    """The words only the right option of a compare or pick says (not the others, not the
    question): "NaN" of learning-rate's "no: NaN or infinite"."""
    labels = checkpoint.options_zh if lang == "zh" and checkpoint.options_zh else checkpoint.options
    if checkpoint.kind == "decades" or not labels or answer.correct is None:
        return set()
    own = _words(labels[answer.correct])
    for index, label in enumerate(labels):
        if index != answer.correct:
            own -= _words(label)
    own -= _words(checkpoint.text(lang))
    return {word for word in own if word not in COMMON | COMMON_ZH}


COMPARING = ("than", "times", "nearer", "closer", "twice", "half", "more", "less", "fewer")
COMPARING_ZH = ("比", "倍", "更", "一半")


def _sentences(text: str) -> list[str]:
    # A full stop between digits is a decimal point (0.215), not the end of a sentence.
    return [part for part in re.split(r"(?<!\d)\.|\.(?!\d)|[;:。；：!?！？]", text) if part]


def winner_said(checkpoint: Checkpoint, answer: Answer, lang: str, text: str) -> list[str]:
    """The sentences of ``text`` that name a pick's right option beside a comparison
    ("ELU's outputs average nearer zero than ReLU's"): naming the options is the lesson's
    business, saying which wins is the app's."""
    if checkpoint.kind != "pick":
        return []
    names = right_option_words(checkpoint, answer, lang)
    said = []
    for sentence in _sentences(text):
        words = _words(sentence)
        lowered = sentence.lower()
        # 对比 (against) and 比例 (share) hold 比 without comparing anything.
        plain = sentence.replace("对比", "").replace("比例", "")
        comparing = any(re.search(rf"\b{word}\b", lowered) for word in COMPARING) or any(
            word in plain for word in COMPARING_ZH
        )
        if comparing and names & words:
            said.append(sentence)
    return said


RATIO_WORDS = {
    2: (("twice", "double", "half as", "two times", "2×"), ("两倍", "2 倍", "一半", "翻倍")),
    3: (("three times", "3×", "a third"), ("三倍", "3 倍", "三分之一")),
    4: (("four times", "4×", "a quarter"), ("四倍", "4 倍", "四分之一")),
}


def ratio_words(checkpoint: Checkpoint, answer: Answer, lang: str) -> tuple[str, ...]:
    """A pick between two options whose values are a whole ratio apart, said in words."""
    if checkpoint.kind != "pick" or len(answer.values) != 2:
        return ()
    low, high = sorted(answer.values)
    if not (low > 0 and math.isfinite(high)):
        return ()
    ratio = high / low
    whole = round(ratio)
    if whole not in RATIO_WORDS or abs(ratio - whole) > 0.05 * whole:
        return ()
    return RATIO_WORDS[whole][LANGS.index(lang)]


def spoilers(lesson, lang: str) -> list[str]:
    """What each text read before a question gives away of its answer, one line each."""
    found = []
    for checkpoint in lesson.checkpoints:
        answer = answer_checkpoint(lesson, checkpoint)
        values = measured(lesson, checkpoint, answer)
        # A pick's labels name its options, which the lesson names too ("ELU", "Xavier"):
        # for a pick, naming the right one beside a comparison is what gives it away.
        words = set()
        if checkpoint.kind == "compare":
            words = right_option_words(checkpoint, answer, lang)
        ratios = ratio_words(checkpoint, answer, lang)
        for field, text in read_before(lesson, checkpoint, lang).items():
            given = given_figures(values, text)
            if field in DESCRIBING:
                given += sorted(word for word in words if word in _words(text))
                given += [word for word in ratios if word in text.lower()]
                given += winner_said(checkpoint, answer, lang, text)
            if given:
                found.append(f"{lesson.id} ({lang}) {field} gives {given} away: {text}")
    return found


def test_every_shipped_lesson_is_checked():
    assert len(lesson_ids()) == SHIPPED
    for lesson_id in lesson_ids():
        assert load_lesson_file(lesson_id).checkpoints, f"{lesson_id} asks no question"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_no_text_read_before_a_question_gives_its_answer(lesson_id, lang):
    found = spoilers(load_lesson_file(lesson_id), lang)
    assert not found, "\n".join(found)


def test_the_check_finds_a_figure_written_before_its_question():
    lesson = load_lesson_file("tanh-saturates")
    (checkpoint,) = lesson.checkpoints
    answer = answer_checkpoint(lesson, checkpoint)
    assert "1/14" in figures(answer.value)
    assert written_in("1/14", "press e: only 1/14 reaches ∂L/∂x")
    assert not written_in("1/14", "1/140 of it")
    assert written_in("0.215", "layer 1's mean a 0.215, dead 0%")
    assert not written_in("0.215", "0.2151") and not written_in("215", "1,215")
    assert given_figures([11 / 48], "its mean, 11/48") == ["11/48"]
    assert given_figures([0.128], "U(1/8, 1/3)") == []
    assert given_figures([5.0**10], "z is 5¹⁰ at layer 10") == ["5¹⁰"]
    assert given_figures([1e-4], "N(0, 0.01²)") == ["0.01²"]


def test_the_check_finds_the_right_option_and_a_ratio_in_words():
    lesson = load_lesson_file("learning-rate")
    (checkpoint,) = lesson.checkpoints
    answer = answer_checkpoint(lesson, checkpoint)
    assert "nan" in right_option_words(checkpoint, answer, "en")
    assert "nan" in right_option_words(checkpoint, answer, "zh")
    lesson = load_lesson_file("maxout")
    (checkpoint,) = lesson.checkpoints
    answer = answer_checkpoint(lesson, checkpoint)
    assert "twice" in ratio_words(checkpoint, answer, "en")
    assert "两倍" in ratio_words(checkpoint, answer, "zh")
