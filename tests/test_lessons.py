"""Lessons: every shipped expectation holds; broken lesson files get clear messages."""

from __future__ import annotations

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
