"""Lessons: every shipped expectation holds; broken lesson files get clear messages."""

from __future__ import annotations

import math

import pytest

from gradtui.cli import main
from gradtui.lessons import (
    LessonError,
    lesson_ids,
    list_lessons,
    load_lesson_file,
    parse_lesson,
)
from gradtui.lessons.expect import check_lesson
from gradtui.lessons.measure import MeasureError, evaluate_measure, parse_measure
from gradtui.sim import Stepper


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_every_shipped_expectation_holds(lesson_id):
    lesson = load_lesson_file(lesson_id)
    assert lesson.expectations, "every lesson promises something checkable"
    assert lesson.zh["title"] and lesson.zh["summary"] and lesson.zh["steps"]
    for result in check_lesson(lesson):
        assert result.passed, result.line()


GOOD = """
[lesson]
id = "mine"
title = "Mine"
summary = "A teacher's lesson"
claims = ["C1"]
[config.network]
depth = 3
width = 4
[variants]
deep = ["network.depth=6"]
[[expect]]
says = "deeper vanishes more"
measure = "backward.running_product[1]"
variant = "deep"
op = "<"
than = { measure = "backward.running_product[1]" }
"""


def test_a_teachers_lesson_loads_from_a_path(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    lesson = load_lesson_file(str(path))
    assert lesson.id == "mine" and lesson.variant_config("deep").network.depth == 6
    code = main(["run", "--lesson", str(path), "--check"])
    out = capsys.readouterr().out
    assert code == 0 and "1 passed, 0 failed" in out


def test_a_failing_expectation_exits_1(tmp_path, capsys):
    path = tmp_path / "wrong.toml"
    path.write_text(GOOD.replace('op = "<"', 'op = ">"'))
    assert main(["run", "--lesson", str(path), "--check"]) == 1
    assert "✗ deeper vanishes more" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[lesson]", "[lesson"), "line"),
        (('id = "mine"\n', ""), "[lesson] needs a text 'id'"),
        (("depth = 3", "depth = 0"), "network.depth: 0 is not allowed"),
        (('op = "<"', 'op = "<<"'), "op '<<' must be one of"),
        (('variant = "deep"', 'variant = "shallow"'), "no variant named 'shallow'"),
        (('backward.running_product[1]"\nvariant', 'backward.nope[1]"\nvariant'), "has no 'nope'"),
        (('deep = ["network.depth=6"]', 'deep = ["network.dpth=6"]'), "did you mean"),
        (("[[expect]]", "[[expectation]]"), "unknown table 'expectation'"),
        (('measure = "backward', 'measure = "__import__(1) + backward'), "only max, min"),
    ],
)
def test_broken_lessons_name_the_file_and_the_problem(tmp_path, change, message):
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, "mine.toml")
    assert str(caught.value).startswith("mine.toml")
    assert message in str(caught.value)


def test_measures():
    stepper = Stepper(load_file_config("exploding-constant-5"))
    snapshot = stepper.finish_pass()
    layers = stepper.layers
    assert evaluate_measure("backward.running_product[1]", snapshot, layers) == 5**10
    assert evaluate_measure("forward.a_norm[-1] / forward.a_norm[L-1]", snapshot, layers) == 5
    assert evaluate_measure("mean(backward.local_factor[2:4])", snapshot, layers) == 5
    assert (
        evaluate_measure("log10(layers.parameter_count[1]) + L", snapshot, layers)
        == 10 + 0.30102999566398120
    )
    with pytest.raises(MeasureError, match=r"not in 1\.\.10"):
        evaluate_measure("forward.a_norm[11]", snapshot, layers)
    with pytest.raises(MeasureError, match=r"needs \[layer\]"):
        evaluate_measure("forward.a_norm + 1", snapshot, layers)
    early = Stepper(load_file_config("exploding-constant-5")).step()
    with pytest.raises(MeasureError, match="not computed"):
        evaluate_measure("backward.grad_w_norm[1]", early, layers)
    for bad in ("import os", "a.b.c", "forward.a_norm[1](2)", "'text'", "lambda: 1"):
        with pytest.raises(MeasureError):
            parse_measure(bad)


def load_file_config(lesson_id):
    return load_lesson_file(lesson_id).config


def test_every_claim_has_a_lesson_and_the_readme_lists_them():
    from pathlib import Path

    covered = {claim for lesson_id in lesson_ids() for claim in load_lesson_file(lesson_id).claims}
    assert covered == {f"C{number}" for number in range(1, 25)}
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for lesson_id in lesson_ids():
        assert f"`{lesson_id}`" in readme, lesson_id


def test_every_lesson_has_one_milestone_per_step():
    from gradtui.lessons.progress import MILESTONES

    for lesson in list_lessons():
        assert len(lesson.until) == len(lesson.steps), lesson.id
        assert set(lesson.until) <= set(MILESTONES), lesson.id


def test_progress_waits_for_each_milestone_in_order():
    from gradtui.lessons.progress import LessonProgress

    progress = LessonProgress(("read", "train", "apply", "read"))
    assert progress.current == 0
    progress.event("apply")  # not yet: training comes first
    assert progress.current == 0
    progress.event("train")
    assert progress.current == 2
    progress.event("apply")
    assert progress.current == 3 and not progress.finished


def test_a_step_that_asks_only_to_look_ends_with_its_keys():
    from gradtui.lessons.progress import LessonProgress

    progress = LessonProgress(("pass", "read", "read"), ((), ("j", "d"), ("T", "pagedown")))
    progress.event("pass")
    assert not progress.pressed("d")  # its keys in order: j first
    assert not progress.pressed("j") and progress.current == 1
    assert not progress.pressed("k")  # another key between them does not count
    assert progress.pressed("d") and progress.current == 2
    assert not progress.left()  # a view opened before its first key
    assert not progress.pressed("T")
    assert progress.left() and progress.finished  # T opened the theory view


def test_bad_milestones_and_unknown_keys_are_named(tmp_path):
    base = '[lesson]\nid = "x"\ntitle = "X"\nsummary = "s"\nsteps = ["a", "b"]\n'
    config = "[config]\nseed = 0\n"
    with pytest.raises(LessonError, match="until has 1 milestones for 2 steps"):
        parse_lesson(base + 'until = ["pass"]\n' + config, "x.toml")
    with pytest.raises(LessonError, match="'fly' is not a milestone"):
        parse_lesson(base + 'until = ["pass", "fly"]\n' + config, "x.toml")
    with pytest.raises(LessonError, match="unknown key 'titel'"):
        parse_lesson(base + 'titel = "typo"\n' + config, "x.toml")


def test_a_broken_lesson_names_the_line_of_the_problem():
    base = '[lesson]\nid = "x"\ntitle = "X"\nsummary = "s"\n\n[config]\nseed = 0\n\n'
    with pytest.raises(LessonError, match=r"x\.toml, line 10: network\.depth: 0 is not allowed"):
        parse_lesson(base + "[config.network]\ndepth = 0\n", "x.toml")
    with pytest.raises(LessonError, match=r"x\.toml, line 11: \[\[expect\]\] #1: measure"):
        parse_lesson(
            base + '[[expect]]\nsays = "a"\nmeasure = "backward.nope[1]"\nop = "<"\nvalue = 1\n',
            "x.toml",
        )
    with pytest.raises(LessonError, match=r"x\.toml, line 5: \[lesson\] has an unknown key"):
        parse_lesson(base.replace('summary = "s"\n', 'summary = "s"\ntitel = "t"\n'), "x.toml")


# --------------------------------------------------------------------------------------
# A lesson is data: its types and what it may ask for are checked when it loads

LESSON_HEAD = '[lesson]\nid = "x"\ntitle = "X"\nsummary = "s"\n'
LESSON_CONFIG = "[config.network]\ndepth = 3\nwidth = 4\n"
EXPECT = '[[expect]]\nsays = "a"\nop = "<"\nvalue = 1\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LESSON_HEAD + 'look_at = ["a"]\n' + LESSON_CONFIG, "look_at must be a text in quotes"),
        (LESSON_HEAD + "question_zh = 5\n" + LESSON_CONFIG, "question_zh must be a text"),
        (LESSON_HEAD + 'steps = ["a", 3]\n' + LESSON_CONFIG, r"steps\[1\] must be a text"),
        (LESSON_HEAD + 'title_zh = "\\u001b[2J"\n' + LESSON_CONFIG, "control character"),
        ("expect = 5\n" + LESSON_HEAD + LESSON_CONFIG, "expect must be"),
        ('variants = "x"\n' + LESSON_HEAD + LESSON_CONFIG, r"\[variants\] must be a table"),
        (LESSON_HEAD + LESSON_CONFIG + "[variants]\nv = 3\n", "must be a list of texts"),
        (
            LESSON_HEAD.replace('"x"', '"../../x"') + LESSON_CONFIG,
            "id '../../x' must be letters, digits",
        ),
        (
            LESSON_HEAD + LESSON_CONFIG + EXPECT + 'measure = "loss"\nrun = "train 99999999"\n',
            "N must be from 1 to 5000",
        ),
        (LESSON_HEAD + LESSON_CONFIG + EXPECT + "measure = 5\n", "needs a text 'measure'"),
        (
            LESSON_HEAD
            + LESSON_CONFIG
            + EXPECT.replace("value = 1", "value = 1e999")
            + 'measure = "loss"\n',
            "must be a finite number",
        ),
        (
            LESSON_HEAD + LESSON_CONFIG + EXPECT + 'measure = "loss"\nthan = 3\n',
            "give either 'value' or 'than'",
        ),
        (
            LESSON_HEAD + LESSON_CONFIG + EXPECT + 'measure = "' + "-" * 400 + '1"\n',
            "keep it under 300",
        ),
        (LESSON_HEAD + "x = " + "[" * 1000 + "]" * 1000 + "\n", "nested more than 32 deep"),
    ],
)
def test_a_lesson_of_the_wrong_shape_is_refused_with_the_file_named(text, message):
    with pytest.raises(LessonError, match=message) as caught:
        parse_lesson(text, "my\nlesson.toml")
    assert str(caught.value).startswith("my\\nlesson.toml")
    assert str(caught.value).isprintable()


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        ("rnn_keep(1e9)", "T must be a whole number from 2 to 1000"),
        ("lstm_keep(2.5)", "T must be a whole number from 2 to 1000"),
        ("forward.a_norm[1e300]", "not in 1..3"),
        ("forward.a_norm[forward.a_norm]", "a layer number is a whole number"),
        ("-forward.a_norm", r"needs \[layer\]"),
    ],
)
def test_a_measure_cannot_ask_for_unbounded_work_or_crash(measure, message):
    stepper = Stepper(parse_lesson(LESSON_HEAD + LESSON_CONFIG, "x.toml").config)
    snapshot = stepper.finish_pass()
    with pytest.raises(MeasureError, match=message):
        evaluate_measure(measure, snapshot, stepper.layers)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_measure_s_message_names_the_measure_once(lang):
    """log10 of a whole column: the message said "measure 'log10(…)': measure 'log10(…)':
    a layer statistic needs [layer]"."""
    stepper = Stepper(parse_lesson(LESSON_HEAD + LESSON_CONFIG, "x.toml").config)
    snapshot = stepper.finish_pass()
    for measure in ("log10(forward.a_norm)", "rnn_keep(1)", "abs(forward.a_norm)"):
        with pytest.raises(MeasureError) as caught:
            evaluate_measure(measure, snapshot, stepper.layers)
        message = caught.value.message_in(lang)
        assert message.count(measure) == 1, message


def test_powers_overflow_to_inf_and_roots_of_negatives_are_nan():
    stepper = Stepper(parse_lesson(LESSON_HEAD + LESSON_CONFIG, "x.toml").config)
    snapshot = stepper.finish_pass()
    assert evaluate_measure("10 ** 10 ** 10", snapshot, stepper.layers) == float("inf")
    assert evaluate_measure("(-10) ** 401", snapshot, stepper.layers) == float("-inf")
    assert math.isnan(evaluate_measure("(-1) ** 0.5", snapshot, stepper.layers))


def test_a_lesson_path_that_is_a_pipe_is_refused(tmp_path, capsys):
    import os

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert main(["run", "--lesson", str(fifo), "--check"]) == 2
    assert "is not a regular file" in capsys.readouterr().err


def test_a_broken_lesson_is_said_in_chinese_and_in_english_for_the_command_line(tmp_path):
    """Every LessonError says its problem in the learner's language; str() stays English
    (the command line and files), with a config's own problem inside said the same way."""
    from gradtui.lessons import LessonError, parse_lesson

    head = '[lesson]\nid = "mine"\ntitle = "Mine"\nsummary = "x"\n'
    cases = [
        (head, "mine.toml: no [config] table", "mine.toml：没有 [config] 表；它描述课程的网络"),
        (
            head + "[config.network]\ndepth = 0\n",
            "mine.toml, line 6: network.depth: 0 is not allowed; use 1 to 1000",
            "mine.toml，第 6 行：network.depth: 不能用 0；请使用 1 到 1000",
        ),
        (
            head + 'colour = "red"\n[config]\n',
            "mine.toml, line 5: [lesson] has an unknown key 'colour'",
            "mine.toml，第 5 行：[lesson] 中有未知的键 'colour'",
        ),
        (
            head + '[config]\n[[step]]\ndo = "Press e."\nkeys = "e"\nuntil = "soon"\n',
            "mine.toml: [[step]] #1 until: 'soon' is not a milestone",
            "mine.toml: [[step]] #1 until：'soon' 不是里程碑；请使用 forward",
        ),
        (
            head + '[config]\n[[expect]]\nsays = "s"\nmeasure = "loss"\nop = "~"\nvalue = 1\n',
            "mine.toml, line 8: [[expect]] #1: op '~' must be one of < <= > >= == !=",
            "mine.toml，第 8 行：[[expect]] #1：op '~' 必须是 < <= > >= == != 之一",
        ),
    ]
    for text, english, chinese in cases:
        with pytest.raises(LessonError) as caught:
            parse_lesson(text, "mine.toml")
        assert str(caught.value).startswith(english), str(caught.value)
        assert caught.value.message_in("en") == str(caught.value)
        assert caught.value.message_in("zh").startswith(chinese), caught.value.message_in("zh")
    with pytest.raises(LessonError) as caught:
        load_lesson_file("no-such-lesson")
    assert caught.value.message_in("zh").startswith("没有名为 'no-such-lesson' 的课程")
