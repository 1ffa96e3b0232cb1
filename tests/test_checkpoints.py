"""Checkpoints: a lesson's questions before a step, answered from the simulator
(gradtui.lessons.checkpoint), worded (gradtui.explain.predict), and asked in the app
(gradtui.tui.screens.main.predicting)."""

from __future__ import annotations

import dataclasses
import math
import re

import pytest
from textual import events
from textual.widgets import Input

from gradtui.cli import main
from gradtui.config import apply_overrides
from gradtui.explain import join
from gradtui.explain.predict import option_labels, shown, verdict
from gradtui.explain.transcript import lesson_transcript
from gradtui.lessons import LessonError, lesson_ids, load_lesson_file, parse_lesson
from gradtui.lessons.checkpoint import answer_checkpoint
from gradtui.sim import Phase
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.question import QuestionPanel


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def edited(lesson_id: str, *overrides: str):
    """A shipped lesson with its network changed, as ``--set`` changes it."""
    lesson = load_lesson_file(lesson_id)
    return dataclasses.replace(lesson, config=apply_overrides(lesson.config, list(overrides)))


SHARE = "backward.share_of_output[1]"
"""The measure of vanishing-sigmoid's and the tiny lesson's question."""


def make_app(lesson, **kwargs):
    return GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, **kwargs)


# ---------------------------------------------------------------------------- shipped
@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_every_shipped_lesson_has_a_checkpoint_with_an_answer(lesson_id):
    lesson = load_lesson_file(lesson_id)
    assert lesson.checkpoints, f"{lesson_id} has no [[checkpoint]]"
    for checkpoint in lesson.checkpoints:
        answer = answer_checkpoint(lesson, checkpoint)
        assert answer.correct is not None, (lesson_id, answer)
        labels = option_labels(checkpoint, "zh", lesson.variants)
        assert checkpoint.question_zh and len(labels) == checkpoint.option_count <= 9


# ---------------------------------------------------------------------------- the file
LESSON = """\
[lesson]
id = "tiny"
title = "Tiny"
summary = "Three sigmoid layers"

[[step]]
do = "Press e."
keys = "e"
until = "pass"

[[step]]
do = "Press j."
keys = "j"
until = "read"

[config.network]
depth = 3
width = 4
activation = "sigmoid"

[variants]
wide = ["network.width=8"]

[[checkpoint]]
before = 1
kind = "decades"
question = "How much reaches layer 1?"
measure = "backward.share_of_output[1]"
"""


def test_a_checkpoint_names_its_step_by_number_or_milestone():
    lesson = parse_lesson(LESSON, "tiny.toml")
    assert [point.step for point in lesson.checkpoints] == [0]
    by_milestone = parse_lesson(LESSON.replace("before = 1", 'before = "pass"'), "tiny.toml")
    assert by_milestone.checkpoints[0].step == 0
    assert lesson.checkpoint_before(0) is lesson.checkpoints[0]
    assert lesson.checkpoint_before(1) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("before = 1", "before = 5"), r"tiny\.toml, line 25: .*before: there is no step 5"),
        (("before = 1", 'before = "train"'), r"line 25: .*no step of this lesson ends at 'train'"),
        (("before = 1", "before = true"), r"before must be a step's number"),
        (('kind = "decades"', 'kind = "guess"'), r"kind 'guess' must be one of decades"),
        (("measure = ", "mesure = "), r"unknown key 'mesure'"),
        (
            ('"backward.share_of_output[1]"', '"os.system(1)"'),
            r"line 28: .*measure 'os.system\(1\)': only max",
        ),
        (('question = "How much reaches layer 1?"\n', ""), r"needs 'question'"),
        (("kind = ", "decades = [2, -9]\nkind = "), r"give 2 to 9 options"),
        (("kind = ", 'than = "loss"\nkind = '), r"'than' is not a key of kind 'decades'"),
        (("kind = ", 'run = "train 0"\nkind = '), r"run 'train 0': N must be from 1"),
    ],
)
def test_a_bad_checkpoint_says_file_line_and_what_is_wrong(change, message):
    with pytest.raises(LessonError, match=message):
        parse_lesson(LESSON.replace(*change), "tiny.toml")


def test_bad_compare_and_pick_tables():
    compare = LESSON.replace('kind = "decades"', 'kind = "compare"')
    with pytest.raises(LessonError, match=r"than must be a measure"):
        parse_lesson(compare, "tiny.toml")
    with pytest.raises(LessonError, match=r"options are 2 or 3 words"):
        parse_lesson(compare + 'than = "1"\noptions = ["a", "b", "c", "d"]\n', "tiny.toml")
    with pytest.raises(LessonError, match=r"within must be above 1"):
        parse_lesson(compare + 'than = "1"\nwithin = 1\n', "tiny.toml")
    pick = LESSON.replace('kind = "decades"', 'kind = "pick"')
    with pytest.raises(LessonError, match=r"no variant named 'narrow'"):
        parse_lesson(pick + 'variants = ["", "narrow"]\n', "tiny.toml")
    with pytest.raises(LessonError, match=r"labels has 1 items; give 2"):
        parse_lesson(pick + 'variants = ["", "wide"]\nlabels = ["one"]\n', "tiny.toml")
    with pytest.raises(LessonError, match=r"network.depth"):
        parse_lesson(pick + 'variants = ["", "network.depth=0"]\n', "tiny.toml")
    twice = LESSON + LESSON[LESSON.index("[[checkpoint]]") :]
    with pytest.raises(LessonError, match=r"step 1 already has a checkpoint"):
        parse_lesson(twice, "tiny.toml")
    after_read = LESSON.replace("before = 1", "before = 2").replace('until = "pass"', "")
    after_read = after_read.replace('keys = "e"', 'keys = "e"\nuntil = "read"')
    with pytest.raises(LessonError, match=r"never be asked"):
        parse_lesson(after_read + '\n[[step]]\ndo = "Press e."\nkeys = "e"\n', "tiny.toml")


# ---------------------------------------------------------------------------- answers
def _verdict(lesson, chosen, lang="en"):
    checkpoint = lesson.checkpoints[0]
    answer = answer_checkpoint(lesson, checkpoint)
    return answer, join(verdict(checkpoint, chosen, answer, lang, lesson.variants), lang)


def test_decades_right_and_wrong_and_a_set_changes_the_answer():
    lesson = load_lesson_file("vanishing-sigmoid")
    answer, _ = _verdict(lesson, None)
    assert answer.value == pytest.approx(1 / 695, rel=0.01)  # row 1's running product
    correct = answer.correct
    assert option_labels(lesson.checkpoints[0])[correct] == "about 1/1,000"
    _, said = _verdict(lesson, correct)
    assert said.endswith("right.") and shown(SHARE, answer.value) in said
    assert "1/695" in said  # as the detail writes row 1's running product
    _, said = _verdict(lesson, correct - 2)
    assert "off by 2 decades; the measured value is about 100× smaller." in said
    _, said = _verdict(lesson, correct + 1)
    assert "off by 1 decade; the measured value is about 10× larger." in said
    shallow = edited("vanishing-sigmoid", "network.depth=3")
    answer_3, _ = _verdict(shallow, None)
    assert answer_3.correct != correct  # three layers pass far more than ten
    assert math.log10(answer_3.value) > -1
    _, said = _verdict(shallow, correct)
    assert "off by" in said


def test_compare_right_and_wrong_and_a_set_changes_the_answer():
    lesson = load_lesson_file("sigmoid-window")
    answer, _ = _verdict(lesson, None)
    labels = option_labels(lesson.checkpoints[0])
    assert labels[answer.correct] == "below 1: it shrinks" and answer.value < 1
    assert _verdict(lesson, answer.correct)[1].endswith("right.")
    assert "; the answer is below 1: it shrinks." in _verdict(lesson, 0)[1]
    linear = edited("sigmoid-window", "network.activation=identity")
    answer, said = _verdict(linear, 0)
    assert labels[answer.correct] == "above 1: it grows" and answer.value == pytest.approx(5)
    assert said.endswith("right.")


def test_pick_right_and_wrong_and_a_set_changes_the_answer():
    lesson = load_lesson_file("init-matters")
    answer, said = _verdict(lesson, 0)
    labels = option_labels(lesson.checkpoints[0], "en", lesson.variants)
    assert labels[answer.correct] == "Xavier" and said.endswith("right.")
    assert "Xavier = 1/56" in said and "normal, std 1 = 105" in said
    assert "You predicted normal, std 1; the answer is Xavier." in _verdict(lesson, 2)[1]
    relu = edited("init-matters", "network.activation=relu")
    answer, said = _verdict(relu, 2)
    assert labels[answer.correct] == "normal, std 1" and said.endswith("right.")


def test_a_pick_option_of_the_network_itself_is_renamed_once_it_is_edited():
    lesson = load_lesson_file("mixed-activations")
    checkpoint = lesson.checkpoints[0]
    assert option_labels(checkpoint, "en", lesson.variants)[0] == "mixed: a sigmoid layer first"
    renamed = option_labels(checkpoint, "en", lesson.variants, as_lesson=False)
    assert renamed == ["the network as it stands", "ReLU everywhere"]


def test_chinese_verdicts():
    lesson = load_lesson_file("vanishing-sigmoid")
    answer, said = _verdict(lesson, None, "zh")
    assert "（约 1/1,000）。你没有预测。" in said
    assert "backward" not in said and "测得到达第 1 层的梯度与输出端梯度之比" in said
    _, said = _verdict(lesson, answer.correct - 1, "zh")
    assert "：差了 1 个数量级，测得的值比预测小约 10 倍。" in said


# ---------------------------------------------------------------------------- the CLI
def test_run_check_computes_every_checkpoint_and_follows_set(tmp_path, capsys):
    path = tmp_path / "tiny.toml"
    expect = '\n[[expect]]\nsays = "it runs"\nmeasure = "loss"\nop = ">="\nvalue = 0\n'
    path.write_text(LESSON + expect, encoding="utf-8")
    assert main(["run", "--lesson", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "✓ Before step 1: How much reaches layer 1?" in out
    assert "checkpoints: 1 answered, 0 cannot be" in out
    lesson = parse_lesson(LESSON, "tiny.toml")
    assert shown(SHARE, answer_checkpoint(lesson, lesson.checkpoints[0]).value) in out
    deep = dataclasses.replace(lesson, config=apply_overrides(lesson.config, ["network.depth=9"]))
    assert main(["run", "--lesson", str(path), "--check", "--set", "network.depth=9"]) in (0, 1)
    out = capsys.readouterr().out
    assert shown(SHARE, answer_checkpoint(deep, deep.checkpoints[0]).value) in out


def test_run_check_fails_a_checkpoint_that_cannot_be_computed(tmp_path, capsys):
    path = tmp_path / "tiny.toml"
    broken = LESSON.replace('"backward.share_of_output[1]"', '"update.update_ratio[1]"')
    expect = '\n[[expect]]\nsays = "it runs"\nmeasure = "loss"\nop = ">="\nvalue = 0\n'
    path.write_text(broken + expect, encoding="utf-8")
    assert main(["run", "--lesson", str(path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "the answer cannot be computed" in out and "not computed" in out


def test_a_lessons_transcript_gives_each_checkpoints_answer():
    text = lesson_transcript(load_lesson_file("init-matters"))
    assert "## Checkpoints (answers computed from this network)" in text
    assert "Options: 1 Xavier; 2 normal, std 0.01; 3 normal, std 1." in text
    assert "The simulator's answer: Xavier." in text


# ---------------------------------------------------------------------------- the app
def _entries(app) -> list[str]:
    return app.query_one(ExplanationLog).entries


async def _open_question(pilot, app, lesson):
    """Do the steps before the lesson's first checkpoint (vanishing-sigmoid: space ×10)."""
    await pilot.pause()
    step = lesson.checkpoints[0].step
    for table in lesson.step_tables[:step]:
        await pilot.press(*table.keys)
    await pilot.pause()
    assert app.main.question is lesson.checkpoints[0]
    assert app.main.query_one(QuestionPanel).display


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_app_asks_and_the_log_sets_the_answer_beside_the_measure(size):
    lesson = load_lesson_file("vanishing-sigmoid")
    answer = answer_checkpoint(lesson, lesson.checkpoints[0])
    for chosen, ending in ((answer.correct, "right."), (answer.correct - 1, "smaller.")):
        app = make_app(lesson)
        async with app.run_test(size=size) as pilot:
            await _open_question(pilot, app, lesson)
            panel = app.main.query_one(QuestionPanel)
            assert "How much of the output's gradient will reach layer 1?" in " ".join(
                panel.plain.split()
            )
            assert " 5 about 1/1,000" in panel.plain and not panel.is_cut
            await pilot.press(str(chosen + 1))
            assert app.main.question is None and not panel.display
            assert "Your prediction: " in _entries(app)[-1]
            await pilot.press("e")
            said = _entries(app)[-1]
            assert said.endswith(ending) and shown(SHARE, answer.value) in said
            assert app.main.predictions[-1].chosen == chosen


async def test_an_edited_network_gets_its_own_answer_in_the_app():
    lesson = edited("vanishing-sigmoid", "network.depth=3")
    base = answer_checkpoint(load_lesson_file("vanishing-sigmoid"), lesson.checkpoints[0])
    answer = answer_checkpoint(lesson, lesson.checkpoints[0])
    assert answer.correct != base.correct
    # Its first step waits for a space per layer ("space*10"): three here.
    first = dataclasses.replace(lesson.step_tables[0], keys=("space",) * 3)
    lesson = dataclasses.replace(lesson, step_tables=(first, *lesson.step_tables[1:]))
    app = make_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*["space"] * 3)  # the forward pass of three layers
        await pilot.pause()
        assert app.main.question is not None
        await pilot.press(str(base.correct + 1), "e")
        assert "off by" in _entries(app)[-1]
        assert shown(SHARE, answer.value) in _entries(app)[-1]


async def test_skipping_space_and_other_keys_while_a_question_is_open():
    lesson = load_lesson_file("vanishing-sigmoid")
    app = make_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)
        await pilot.press("9")  # beyond the options: said, and the question stays
        assert app.main.question is not None
        await pilot.press("k")  # any other key does its job; the question stays open
        assert app.main.selected_layer == 9 and app.main.question is not None
        before = app.stepper.snapshot.phase
        await pilot.press("space")  # skips, then steps as always
        assert app.main.question is None and before == Phase.FORWARD
        assert app.stepper.snapshot.phase == Phase.LOSS
        assert any("Question skipped" in entry for entry in _entries(app)[-3:])
        await pilot.press("e")
        assert "(about 1/1,000). You did not predict." in _entries(app)[-1]
        # Digits are a count for t again.
        await pilot.press("2", "0")
        assert app.main._count == "20"


async def test_escape_skips_and_a_step_done_unanswered_is_answered_in_the_log():
    lesson = load_lesson_file("vanishing-sigmoid")
    app = make_app(lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_question(pilot, app, lesson)
        await pilot.press("escape")
        assert app.main.question is None
    app = make_app(lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_question(pilot, app, lesson)
        await pilot.press("e")  # the step, with the question still open
        assert app.main.question is None
        assert "You did not predict" in _entries(app)[-1]
        assert app.main.predictions[-1].chosen is None


async def test_a_pick_is_answered_after_its_step_in_chinese():
    lesson = load_lesson_file("init-matters")
    app = make_app(lesson, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)
        panel = app.main.query_one(QuestionPanel)
        assert "哪种初始化" in panel.plain and "正态，std 0.01" in panel.plain
        await pilot.press("1", "e")
        while app.main.answering:
            await pilot.pause(0.05)
        await pilot.pause()
        said = _entries(app)[-1]
        assert said.endswith("你预测的是「Xavier」：答对了。")


async def test_the_transcript_records_each_prediction_against_the_measure(tmp_path):
    lesson = load_lesson_file("vanishing-sigmoid")
    answer = answer_checkpoint(lesson, lesson.checkpoints[0])
    app = make_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)
        await pilot.press("2", "e")
        path = tmp_path / "class.md"
        await pilot.press("w")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        text = path.read_text(encoding="utf-8")
        predictions = text.split("## Predictions", 1)[1]
        assert "- Before step 2: How much of the output's gradient will reach layer 1?" in (
            predictions
        )
        assert (
            "You predicted about 1: off by" in predictions
            and shown(SHARE, answer.value) in predictions
        )
        assert "off by 3 decades" in predictions


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_question_leaves_the_detail_and_the_log_as_the_step_left_them(lang):
    """80×24, residual-rescue: the question before step 2 opens above the chart, so the
    detail still shows the 2.55× step 1 said to read, and the log its entry."""
    lesson = load_lesson_file("residual-rescue")
    app = make_app(lesson, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)
        screen = app.main
        detail = screen.query_one("#detail")
        assert "2.55×" in " ".join(detail.visible_text.split())
        assert screen.query_one(ExplanationLog).region.height > 2
        assert screen.query_one(QuestionPanel).region.right <= detail.region.x


async def test_with_the_whole_detail_the_question_takes_a_column_and_the_detail_scrolls():
    """mnist-mlp at 80×24: e d, and the question before step 2 opens beside the whole
    detail, whose params 200,960 stays; where it is cut the wheel scrolls it, and its mark
    says so."""
    lesson = load_lesson_file("mnist-mlp")
    app = make_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)
        screen = app.main
        detail = screen.query_one("#detail")
        panel = screen.query_one(QuestionPanel)
        assert panel.region.area and not panel.is_cut
        assert "params 200,960" in " ".join(detail.visible_text.split())
        mark = detail.visible_text.splitlines()[-1]
        assert "press d" not in mark
        if detail.hidden_lines:
            assert "↓/PgDn/End" in mark
            hidden = detail.hidden_lines
            detail.post_message(events.MouseScrollDown(detail, 1, 1, 0, 1, 0, False, False, False))
            await pilot.pause()
            assert detail.hidden_lines == hidden - 1
        await pilot.press("d")
        assert detail.hidden_lines == 0 or "press d" in detail.visible_text.splitlines()[-1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_shipped_measure_is_said_in_words_not_in_code(lang):
    """The verdict names what was measured as the learner meets it, in both languages."""
    from gradtui.explain.predict import measure_words

    for lesson_id in lesson_ids():
        for checkpoint in load_lesson_file(lesson_id).checkpoints:
            for measure in (checkpoint.measure, checkpoint.than):
                if not measure or measure.replace(".", "").isdigit():
                    continue
                words = measure_words(measure, lang)
                assert words != measure_words("?", lang), (lesson_id, measure)
                for code in ("backward.", "forward.", "update.", "layers.", "_", "["):
                    assert code not in words, (lesson_id, measure, words)
    assert measure_words("backward.share_of_output[1]") == (
        "how much of the output's gradient reached layer 1"
    )
    assert measure_words("os.system(1)", lang) == measure_words("?", lang)


@pytest.mark.parametrize(("lang", "layer"), [("en", "layer 10"), ("zh", "第 10 层")])
def test_a_verdict_numbers_the_last_layer_as_the_chart_does_not_as_l(lang, layer):
    """clipping's question compares row 1 with the output's row L: its verdict says the
    layer's number, 10, which is what the chart shows, never the measure's symbol."""
    lesson = load_lesson_file("clipping")
    checkpoint = lesson.checkpoints[0]
    assert "[L]" in checkpoint.measure
    answer = answer_checkpoint(lesson, checkpoint)
    assert answer.depth == 10
    said = join(verdict(checkpoint, 0, answer, lang, lesson.variants), lang)
    assert layer in said
    assert "layer L" not in said and "第 L 层" not in said


def test_a_measure_s_layers_are_numbered_for_the_network_s_depth():
    from gradtui.explain.predict import measure_words

    words = measure_words("mean(forward.dead_fraction[1:L-1])", "en", 5)
    assert words == "the average of the share of dead units in each of layers 1 to 4"
    assert measure_words("backward.grad_a_norm[-1]", "zh", 7) == "第 7 层的 ‖∂L/∂a‖"
    assert "layer 20's Jacobian" in measure_words("jacobian_sv_max(L)", "en", 20)
    # Without a depth (options of a pick that differ in depth) L stays a symbol.
    assert measure_words("backward.grad_a_norm[L]") == "‖∂L/∂a‖ at layer L"


async def test_a_verdict_given_behind_the_whole_detail_is_announced_on_its_last_row():
    lesson = load_lesson_file("mnist-mlp")
    app = make_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, lesson)  # e d: the whole detail is up
        await pilot.press("0")
        app.main.follow_checkpoints()
        detail = app.main.query_one("#detail")
        assert detail.visible_text.splitlines()[-1] != "d: back to the log: it has the verdict"
        app.main._answered(lesson.checkpoints[0], answer_checkpoint(lesson, lesson.checkpoints[0]))
        await pilot.pause()
        assert detail.visible_text.splitlines()[-1].startswith("d: back to the log: it has")
        await pilot.press("d")
        assert not detail.verdict_waiting


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_verdicts_mark_fits_the_whole_detail_beside_the_form_at_80_columns(lang):
    # With the form open (maxout's step 2 applies there) the whole detail is 47 cells wide:
    # "… it has your prediction's answer" lost its last word.
    from rich.cells import cell_len

    from gradtui.explain import say

    assert cell_len(say("detail_whole_verdict", lang)) <= 46


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("measure", "english"),
    [
        ("forward.nope[1]", "measure 'forward.nope[1]': forward has no 'nope'; it has"),
        ("open('x')", "measure \"open('x')\": only max, min"),
        ("loss +", "measure 'loss +': invalid syntax"),
        ("speed.x", "measure 'speed.x': unknown section 'speed'"),
        ("x" * 400, "measure 'xxxx"),
        (3, "a measure is a text in quotes, not 3"),
    ],
)
def test_a_bad_measure_is_told_in_english_and_in_chinese(measure, english):
    from gradtui.lessons.expect import ExpectationError, parse_expectation
    from gradtui.lessons.measure import MeasureError, parse_measure

    with pytest.raises(MeasureError) as caught:
        parse_measure(measure)
    assert str(caught.value).startswith(english), str(caught.value)
    assert caught.value.message_in("en") == str(caught.value)
    chinese = caught.value.message_in("zh")
    assert _CHINESE.search(chinese) and chinese != str(caught.value), chinese
    # Inside a lesson's [[expect]], the measure's problem is said in the learner's language.
    table = {"measure": measure, "says": "x", "op": ">", "value": 1}
    with pytest.raises(ExpectationError) as wrapped:
        parse_expectation(table, "[[expect]] #1", {})
    assert chinese in wrapped.value.message_in("zh") or not isinstance(measure, str)


def test_a_measure_that_cannot_be_evaluated_yet_is_told_in_chinese():
    from gradtui.lessons.measure import MeasureError, evaluate_measure
    from gradtui.sim import Stepper

    stepper = Stepper(load_lesson_file("vanishing-sigmoid").config)
    with pytest.raises(MeasureError) as caught:
        evaluate_measure("loss", stepper.snapshot, stepper.layers)
    assert str(caught.value) == "measure 'loss': the loss is not computed yet"
    assert caught.value.message_in("zh") == "measure 'loss'：还没有计算损失；请先运行前向传播"


@pytest.mark.parametrize(
    ("table", "english", "chinese"),
    [
        (
            {"before": 9, "kind": "compare"},
            "there is no step 9; this lesson has steps 1 to 2",
            "没有第 9 步；这节课的步骤是 1 到 2",
        ),
        ({"before": 1, "kind": "guess"}, "kind 'guess' must be one of", "必须是"),
        (
            {"before": 1, "kind": "compare", "colour": 1},
            "unknown key 'colour'",
            "未知的键 'colour'",
        ),
        ({"before": 1, "kind": "compare"}, "needs 'question'", "需要 'question'"),
        (
            {"before": 1, "kind": "compare", "question": "?", "measure": "loss", "than": "nope"},
            "than: measure 'nope': unknown name 'nope'",
            "than：measure 'nope'：未知的名称",
        ),
    ],
)
def test_a_bad_checkpoint_is_told_in_english_and_in_chinese(table, english, chinese):
    from gradtui.lessons.checkpoint import CheckpointError, parse_checkpoint

    with pytest.raises(CheckpointError) as caught:
        parse_checkpoint(table, "[[checkpoint]] #1", ["forward_done", "backward_done"], {})
    assert english in str(caught.value), str(caught.value)
    assert str(caught.value).startswith("[[checkpoint]] #1")
    said = caught.value.message_in("zh")
    assert chinese in said and said.startswith("[[checkpoint]] #1"), said


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_question_opened_by_an_apply_at_80x24_shows_beside_the_form(lang):
    """clipping: the apply of clip.grad_norm = 1 reaches the step the question comes
    before, while the form has the chart's place; the question and the chart come back
    beside the form (never hidden behind it), digits answer it rather than typing into a
    field, and once it is answered the form has the chart's place again. (depth-scaling's
    question now waits for the pass after its apply.)"""
    from gradtui.tui.widgets.config_pane import ConfigPane

    lesson = load_lesson_file("clipping")
    app = make_app(lesson, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "0", "t")
        await app.main.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.progress.current == 1
        await pilot.press("c")
        await pilot.pause()
        pane = app.main.query_one(ConfigPane)
        pane.control("clip.grad_norm").focus()
        await pilot.pause()
        await pilot.press("home", "ctrl+k", "1", "enter")
        await pilot.pause()
        assert pane.display and app.main.question is lesson.checkpoints[0]
        panel = app.main.query_one(QuestionPanel)
        assert panel.region.area and not panel.is_cut
        assert not app.main.form_has_focus()
        assert app.main.query_one("#chart").region.area
        await pilot.press("1")
        await pilot.pause()
        assert app.main.question is None and not panel.display
        assert pane.display and not app.main.query_one("#chart").region.area
        assert app.main.query_one(ExplanationLog).region.area


def test_off_by_counts_from_the_measured_number_past_an_open_ended_option():
    """residual-rescue without shortcuts: 3.23×10⁻¹¹ is the "about 10⁻⁸ or less" option, but a
    prediction of about 1/1,000 is off by 7 decades of the number, not the 5 options."""
    lesson = load_lesson_file("residual-rescue")
    checkpoint = lesson.checkpoints[0]
    answer = answer_checkpoint(lesson, checkpoint)
    assert answer.value == pytest.approx(3.23e-11, rel=0.01)
    chosen = option_labels(checkpoint).index("about 1/1,000")
    assert answer.decades_off(checkpoint, chosen) == 7
    said = " ".join(verdict(checkpoint, chosen, answer))
    assert "off by 7 decades" in said and "10⁷ times smaller" in said
    # Between two closed options the options' own distance holds.
    middle = load_lesson_file("vanishing-sigmoid")
    answer = answer_checkpoint(middle, middle.checkpoints[0])
    assert answer.decades_off(middle.checkpoints[0], answer.correct - 2) == 2


async def test_the_transcript_keeps_the_predictions_of_every_lesson_of_the_session(tmp_path):
    """A course: vanishing-sigmoid's prediction, then residual-rescue's; the transcript
    lists both, each under its lesson's title (it kept only the last lesson's)."""
    first = load_lesson_file("vanishing-sigmoid")
    app = make_app(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_question(pilot, app, first)
        await pilot.press("2", "e")
        await pilot.pause()
        app.main.open_lesson("residual-rescue")
        await pilot.pause()
        second = app.main.lesson
        await _open_question(pilot, app, second)
        await pilot.press("1")
        # Its step 2 turns the shortcuts off before its e (an e before does not count).
        app.main.query_one(ConfigPane).control("network.residual").focus()
        await pilot.press("enter", "home", "down", "enter", "a", "e")
        await pilot.pause()
        lines = app.main.prediction_lines()
        assert len(lines) == 2, lines
        assert lines[0].startswith(f"{first.title}: Before step 2:")
        assert lines[1].startswith(f"{second.title}: Before step 2:")
        path = tmp_path / "course.md"
        await pilot.press("w")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        predictions = path.read_text(encoding="utf-8").split("## Predictions", 1)[1]
        assert first.title in predictions and second.title in predictions


# ------------------------------------------------------------- figures as the screen
def _numeric_fields():
    from dataclasses import fields

    from gradtui.lessons.measure import SECTIONS
    from gradtui.sim.snapshot import ClipStats

    sections = {**SECTIONS, "clip": ClipStats}
    for section, kind in sections.items():
        for field in fields(kind):
            if field.type in ("float", "int", "float | None") and field.name not in (
                "layer",
                "one_sign_units",
            ):
                yield f"{section}.{field.name}"


def test_every_statistic_a_measure_reads_declares_how_the_screen_writes_it():
    from gradtui.lessons.measure import FORMATS, STATISTIC_FORMATS, measure_format

    declared = set(STATISTIC_FORMATS)
    for name in _numeric_fields():
        assert name in declared, name
    for written in STATISTIC_FORMATS.values():
        assert written.alone in FORMATS and written.ratio in FORMATS
    assert measure_format("max(forward.dead_fraction)") == "percent"
    assert measure_format("backward.grad_w_norm[1] / backward.grad_w_norm[L]") == "ratio"
    assert measure_format("10 * backward.running_product[1]") == "ratio"
    assert measure_format("cost.sigmoid / cost.relu") == "factor"
    assert measure_format("jacobian_sv_max(5) / jacobian_sv_min(5)") == "number"
    assert measure_format("abs(update.prelu_alpha[1] - 0.25)") == "number"
    assert measure_format("sum(layers.exponentials)") == "count"


def test_a_verdict_writes_each_statistic_as_the_layer_detail_and_the_log_write_it():
    """For every statistic the layer detail shows, ``shown`` of its measure is the very
    text the detail has (105× for a ratio of gradients, 12% for a share of units, ×0.43
    for a local factor, 1/695 for an update); the clip's, as the log has them."""
    from gradtui.explain import explain_step
    from gradtui.lessons.measure import evaluate_measure
    from gradtui.sim import Stepper
    from gradtui.tui.draw.detail import layer_detail

    lesson = load_lesson_file("vanishing-sigmoid")
    for overrides in (
        ["network.depth=4", "network.activation=prelu", "init.std=3"],
        ["network.depth=4", "init.std=0.1", "clip.grad_value=1e-9"],
        ["network.depth=5", "network.batch_norm=true"],
    ):
        config = apply_overrides(lesson.config, overrides)
        stepper = Stepper(config)
        previous = stepper.run_to(Phase.CLIP)
        snapshot = stepper.run_to(Phase.UPDATE)
        measures = [
            "backward.grad_a_norm[{l}]",
            "backward.share_of_output[{l}]",
            "backward.grad_w_norm[{l}]",
            "backward.local_factor[{l}]",
            "backward.grad_in_norm[{l}]",
            "backward.running_product[{l}]",
            "backward.weight_norm[{l}]",
            "forward.z_mean[{l}]",
            "forward.z_std[{l}]",
            "forward.a_mean[{l}]",
            "forward.fprime_mean[{l}]",
            "forward.fprime_max[{l}]",
            "forward.fprime_min[{l}]",
            "forward.saturated_fraction[{l}]",
            "forward.dead_fraction[{l}]",
            "update.update_ratio[{l}]",
            "layers.parameter_count[{l}]",
            "backward.grad_a_norm[{l}] / backward.grad_a_norm[L]",
        ]
        if config.network.activation == "prelu":
            measures.append("update.prelu_alpha[{l}]")
        for layer in range(1, config.network.depth + 1):
            detail = layer_detail(snapshot, stepper.layers[layer - 1], layer).plain
            for template in measures:
                if "prelu" in template and layer == config.network.depth:
                    continue  # the output layer has no activation, so no α
                measure = template.format(l=layer)
                value = evaluate_measure(measure, snapshot, stepper.layers)
                assert shown(measure, value) in detail, (overrides, measure, value, detail)
        log = " ".join(explain_step(None, previous, config, stepper.layers))
        clip = previous.clip
        if clip is not None and config.clip.grad_value:
            fraction = "clip.value_clipped_fraction"
            assert shown(fraction, clip.value_clipped_fraction) in log, log
            assert shown("clip.norm_before", clip.norm_before) in log, log


def test_a_ratio_of_gradients_above_1_is_written_with_its_times_sign():
    """init-matters' normal(0, 1) option passes 105× the output's gradient on: the verdict
    writes it 105×, as the detail writes the running product, not 105."""
    assert shown("backward.running_product[1]", 105.2) == "105×"
    assert shown("backward.running_product[1]", 1 / 1130) == "1/1,130"
    assert shown("backward.grad_a_norm[1] / backward.grad_a_norm[L]", 8910.0) == "8,910×"
    assert shown("mean(forward.dead_fraction[1:L-1])", 0.486) == "49%"
    assert shown("layers.parameter_count[1]", 4160.0) == "4,160"
    assert shown("not a measure(", 0.5) == "0.5"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_decades_answer_lies_in_the_range_its_label_states(lang):
    """The right option is the measure's nearest power of ten, so each label says "about":
    0.398 is "about 1 or more" (never "1 or more", which it is not), 0.2 "about 1/10", and
    an open end holds everything past its power's half decade."""
    from gradtui.lessons.checkpoint import answer_from

    checkpoint = load_lesson_file("batchnorm-rescue").checkpoints[0]
    assert checkpoint.decades == (0, -4)
    labels = option_labels(checkpoint, lang)
    about = "约" if lang == "zh" else "about"
    assert all(label.startswith(about) for label in labels), labels
    assert labels[answer_from(checkpoint, 0.398).correct] == (
        "约 1 或更多" if lang == "zh" else "about 1 or more"
    )
    for exponent in [x / 20 for x in range(-140, 41)]:
        value = 10.0**exponent
        correct = answer_from(checkpoint, value).correct
        decade = checkpoint.option_decade(correct)
        if correct > 0:  # not the open top: below its power's upper half decade
            assert value < 10 ** (decade + 0.5), (value, labels[correct])
        if correct < checkpoint.option_count - 1:  # not the open bottom
            assert value >= 10 ** (decade - 0.5), (value, labels[correct])


def test_a_decades_verdict_on_an_infinite_measure_names_the_answer_without_a_crash():
    """An overflowed measure is the open top option; a wrong prediction is told the
    answer (it is no number of decades off)."""
    import math

    from gradtui.lessons.checkpoint import answer_from

    checkpoint = load_lesson_file("batchnorm-rescue").checkpoints[0]
    answer = answer_from(checkpoint, math.inf)
    said = verdict(checkpoint, 2, answer)
    assert said[0].endswith(": ∞ (about 1 or more).")
    assert said[1] == "You predicted about 1/100; the answer is about 1 or more."


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_yes_or_no_measure_is_answered_in_words_not_as_0_against_half(lang):
    # learning-rate's question: the verdict said "a finite number: 0, against 0.5".
    from gradtui.explain.predict import verdict

    lesson = load_lesson_file("learning-rate")
    point = lesson.checkpoints[0]
    sentences = verdict(point, 0, answer_checkpoint(lesson, point), lang)
    options = point.options_zh if lang == "zh" else point.options
    assert "0.5" not in sentences[0] and options[1] in sentences[0]  # no: NaN or infinite
