"""Explanations: numbers formatted for people, and the right cause and remedy named."""

from __future__ import annotations

import math
import string

import pytest

import gradtui
from gradtui.explain import causes, explain_step, ui
from gradtui.explain import format as fmt
from gradtui.explain.catalogue import CATALOGUES, EN, UI
from gradtui.explain.regime import Regime, classify
from gradtui.lessons import load_lesson
from gradtui.sim import Phase, Stepper


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1934, "0.193"),
        (41_234.0, "4.12×10⁴"),
        (2.3e-7, "2.3×10⁻⁷"),
        (1e-4, "10⁻⁴"),
        (9.9996e-5, "10⁻⁴"),
        (-0.001234, "−0.00123"),
        (0.0, "0"),
        (5.0, "5"),
        (3125.0, "3,125"),
        (-625.0, "−625"),
        (15625.0, "1.56×10⁴"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
        (math.nan, "NaN"),
    ],
)
def test_numbers_have_three_significant_digits_and_superscript_powers(value, text):
    assert fmt.number(value) == text


def test_numbered_symbols_take_subscripts_before_a_transpose():
    assert fmt.subscripts("a_8ᵀ·∂L/∂z_9 and ‖a_8‖") == "a₈ᵀ·∂L/∂z₉ and ‖a₈‖"
    assert fmt.subscripts("W_l and a_(l−1)") == "W_l and a_(l−1)"


def test_ratios_factors_and_shares():
    assert fmt.factor(0.21) == "×0.21"
    assert fmt.factor(4.0) == "×4"
    assert fmt.share(1 / 4800) == "1/4,800"
    assert fmt.share(0.42) == "0.42"
    assert fmt.share(1e-9) == "10⁻⁹"
    assert fmt.times(25.0) == "25×"
    assert fmt.percent(0.123) == "12%"
    assert fmt.percent(0.0004) == "<0.1%"
    assert fmt.power(-12) == "10⁻¹²"


def test_regimes_against_the_output():
    assert classify(None, 1.0) == Regime.PENDING
    assert classify(0.5e-2, 1.0) == Regime.VANISHING
    assert classify(0.02, 1.0) == Regime.HEALTHY
    assert classify(101.0, 1.0) == Regime.EXPLODING
    assert classify(math.inf, 1.0) == Regime.OVERFLOW
    assert classify(math.nan, 1.0) == Regime.OVERFLOW
    assert {regime.glyph for regime in Regime} == {"·", "▽", "●", "▲", "✖"}


def _whole_step(lesson: str) -> list[tuple[Phase, list[str]]]:
    config = load_lesson(lesson)
    stepper = Stepper(config)
    said, previous = [], None
    while True:
        snapshot = stepper.step()
        said.append((snapshot.phase, explain_step(previous, snapshot, config, stepper.layers)))
        previous = snapshot
        if snapshot.phase == Phase.UPDATE:
            return said


def test_the_default_lesson_names_sigmoid_and_suggests_relu_he():
    text = " ".join(" ".join(sentences) for _, sentences in _whole_step("vanishing-sigmoid"))
    assert "The gradient has vanished" in text
    assert "sigmoid's slope σ' is at most 0.25" in text
    assert "relu" in text and "kaiming_normal" in text
    # Layer 1 passes ∂L/∂x on; row 1 itself holds ‖∂L/∂a_1‖, 1/695 of the output's.
    assert "Running product of ∂L/∂x: 1/1,130 of the output's gradient" in text
    assert "(row 1, running product 1/695)" in text


def test_constant_five_is_named_as_the_cause_of_the_explosion():
    text = " ".join(" ".join(sentences) for _, sentences in _whole_step("exploding-constant-5"))
    assert "The gradient has exploded" in text
    assert "every weight is 5" in text
    assert "clip.grad_norm" in text
    assert "9,770,000× the output's" in text  # 5⁹·... at layer 1: 5^10 / 5 = 9,765,625 / 1


def test_relu_he_says_no_regime_change():
    text = " ".join(" ".join(sentences) for _, sentences in _whole_step("relu-he"))
    assert "vanished" not in text and "exploded" not in text


def test_every_stage_says_what_to_press_next_at_its_end():
    said = _whole_step("vanishing-sigmoid")
    loss = next(sentences for phase, sentences in said if phase == Phase.LOSS)
    assert "press space" in " ".join(loss).lower()
    clip = next(sentences for phase, sentences in said if phase == Phase.CLIP)
    assert "Press space to update" in " ".join(clip)
    update = said[-1][1]
    assert "next batch" in " ".join(update)


@pytest.mark.parametrize("lesson_id", ["vanishing-sigmoid", "batchnorm-rescue"])
def test_the_split_multiplies_back_to_the_local_factor(lesson_id):
    config = load_lesson(lesson_id)
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    for back in snapshot.backward:
        parts = causes.factor_parts(back)
        product = parts.activation * parts.batch_norm * parts.weights
        assert product == pytest.approx(back.local_factor, rel=1e-12)


def test_the_detail_and_the_log_split_a_batch_norm_layer_s_factor_alike():
    """batchnorm-rescue: the log says σ' ×a, batch norm ×b, weights ×c; the detail writes
    the same three parts (not σ' and "W" with batch norm hidden inside it)."""
    from gradtui.tui.draw.detail import layer_detail

    config = load_lesson("batchnorm-rescue")
    stepper = Stepper(config)
    said = {}
    previous = None
    while True:
        snapshot = stepper.step()
        if snapshot.phase == Phase.BACKWARD:
            said[snapshot.layer] = " ".join(
                explain_step(previous, snapshot, config, stepper.layers)
            )
        previous = snapshot
        if snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
            break
    for layer in range(1, snapshot.depth):
        back, info = snapshot.backward[layer - 1], stepper.layers[layer - 1]
        assert info.batch_norm
        parts = causes.factor_parts(back)
        activation, norm, weights = (
            fmt.factor(value) for value in (parts.activation, parts.batch_norm, parts.weights)
        )
        line = layer_detail(snapshot, info, layer).plain.splitlines()[2]
        # "≈" where the three as written do not multiply to the product as written
        assert line.replace(" ≈ ", " = ") == (
            f"local factor {fmt.factor(back.local_factor)} = {activation} (σ') "
            f"{norm} (batch norm) {weights} (W)"
        )
        assert (
            f"{activation} from σ', {norm} from batch norm, {weights} from the weights"
            in (said[layer])
        )


def test_every_language_has_every_sentence_with_the_same_fields():
    formatter = string.Formatter()

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in formatter.parse(template) if name}

    for lang, catalogue in CATALOGUES.items():
        assert set(catalogue) == set(EN), lang
        for key, template in catalogue.items():
            assert fields(template) == fields(EN[key]), (lang, key)


def _screen_labels() -> set[str]:
    """Every label the screen looks up with ``ui``: literal arguments in the source, and the
    descriptions of the keys of the app, its views and its dialogs."""
    import ast
    from pathlib import Path

    from gradtui.config import Config
    from gradtui.tui.app import GradtuiApp
    from gradtui.tui.screens import (
        compare,
        glossary_view,
        help,
        history_view,
        lesson_picker,
        lesson_text,
        paste_config,
        path_prompt,
        share,
        theory_view,
        through_time,
    )
    from gradtui.tui.screens.main import MainScreen
    from gradtui.tui.widgets import choice
    from gradtui.watch.app import WatchScreen

    labels = set()
    for path in Path(gradtui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ("ui", "_ui") and isinstance(first, ast.Constant):
                labels.add(first.value)
    owners = [
        GradtuiApp,
        MainScreen,
        compare.CompareScreen,
        help.HelpScreen,
        history_view.HistoryScreen,
        lesson_picker.LessonPicker,
        lesson_text.LessonScreen,
        glossary_view.GlossaryScreen,
        path_prompt.PathPrompt,
        paste_config.PasteConfig,
        share.ShareScreen,
        theory_view.TheoryScreen,
        through_time.ThroughTimeScreen,
        choice.ChoiceMenu,
        choice.Choice,
        WatchScreen,
    ]
    for owner in owners:
        for binding in owner.BINDINGS:
            labels.update(text for text in (binding.description, binding.tooltip) if text)
    # Textual adds the command palette's key to the app itself.
    for _, binding in GradtuiApp(Config())._bindings:
        labels.update(text for text in (binding.description, binding.tooltip) if text)
    # Looked up by a variable: Textual's own palette commands (all of them, whichever the
    # screen offers), and the name the command line gives a resumed network.
    labels.update(
        [
            "Theme",
            "Change the current theme",
            "Quit",
            "Quit the application as soon as possible",
            "Keys",
            "Show help for the focused widget and a summary of available keys",
            "Hide the keys and widget help panel",
            "Minimize",
            "Minimize the widget and restore to normal size",
            "Maximize",
            "Maximize the focused widget",
            "Screenshot",
            "Save an SVG 'screenshot' of the current screen",
            "your last applied network",
            "a network from a share code",
        ]
    )
    return labels


def test_every_label_of_the_screen_has_its_chinese_with_the_same_fields():
    formatter = string.Formatter()

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in formatter.parse(template) if name}

    labels = _screen_labels()
    assert len(labels) > 100
    assert labels - set(UI["zh"]) == set()
    assert set(UI["zh"]) - labels == set(), "translations nothing uses"
    for label in labels:
        assert fields(UI["zh"][label]) == fields(label), label
    assert ui("Step", "zh") == "单步" and ui("Step", "en") == "Step"
    assert ui("a label without a translation", "zh") == "a label without a translation"


def test_a_gradient_that_underflows_to_zero_is_called_so():
    from gradtui.config import apply_overrides

    config = apply_overrides(load_lesson("vanishing-sigmoid"), ["network.depth=1000"])
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    assert snapshot.backward[0].grad_a_norm == 0  # 1000 sigmoid layers: below 5e-324
    text = " ".join(explain_step(None, snapshot, config, stepper.layers))
    assert "exactly 0" in text and "underflowed" in text and "NaN" not in text


def test_the_compare_verdict_names_the_better_config():
    from gradtui.tui.screens.compare import verdict

    sigmoid = Stepper(load_lesson("vanishing-sigmoid")).finish_pass()
    relu = Stepper(load_lesson("relu-he")).finish_pass()
    text = verdict(("A", "B"), (sigmoid, relu))
    assert text.startswith("At layer 1, A: 1/1,130 of the output's gradient; B:")
    assert "B keeps the gradient nearer the output's" in text
    fresh = Stepper(load_lesson("relu-he")).snapshot
    assert "Step both" in verdict(("A", "B"), (sigmoid, fresh))


def _whole_step_in(lesson: str, lang: str) -> str:
    from test_causes import said_in_one_step

    return said_in_one_step(load_lesson(lesson), lang)


def test_the_causes_and_remedies_in_chinese():
    text = _whole_step_in("vanishing-sigmoid", "zh")
    assert "梯度消失了" in text and "σ' 最大只有 0.25" in text and "链式法则" in text
    assert "relu" in text and "kaiming_normal" in text and "批归一化" in text
    assert "1/1,130" in text  # the same numbers in either language
    text = _whole_step_in("exploding-constant-5", "zh")
    assert "梯度爆炸了" in text and "每个权重都等于 5" in text and "梯度裁剪" in text


def test_overflow_is_named_once_with_where_it_began():
    from gradtui.config import apply_overrides

    config = apply_overrides(load_lesson("exploding-constant-5"), ["network.depth=500"])
    stepper = Stepper(config)
    texts, previous = [], None
    for _ in range(2 * 500 + 1):
        snapshot = stepper.step()
        texts.append(" ".join(explain_step(previous, snapshot, config, stepper.layers)))
        previous = snapshot
    first_inf = next(text for text in texts if "Overflow" in text)
    assert "press R to reset" in first_inf.replace("Press R", "press R")
    assert sum("Overflow" in text for text in texts) == 1  # later layers say "again"
    assert any("inf or NaN again" in text for text in texts)
    backward = [text for text in texts if "became inf or NaN" in text]
    assert len(backward) == 1 and "(the forward pass at layer" in backward[0]
    zh = explain_step(None, stepper.snapshot, config, stepper.layers, "zh")
    assert "仍是 inf 或 NaN" in "".join(zh) or "前向传播的第" in "".join(zh)


def test_no_sentence_or_label_shows_tex_braces():
    """A subscript reads a_(l−1) on screen, never the TeX-like a_{l−1} (braces a learner
    would read literally)."""
    formatter = string.Formatter()

    def literal(template: str) -> str:
        return "".join(text for text, _, _, _ in formatter.parse(template))

    for lang, catalogue in CATALOGUES.items():
        for key, template in catalogue.items():
            assert "_{" not in literal(template), (lang, key)
    for label in _screen_labels():
        assert "_{" not in label, label
        assert "_{" not in ui(label, "zh"), label


def test_no_lesson_or_exercise_text_shows_tex_braces():
    """The same for every text a shipped lesson or exercise shows (both languages)."""
    from importlib import resources

    for package in ("gradtui.lessons", "gradtui.exercises"):
        for entry in resources.files(package).iterdir():
            if entry.name.endswith(".toml"):
                assert "_{" not in entry.read_text(encoding="utf-8"), entry.name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_after_training_to_nan_the_log_says_reset_not_load_the_next_batch(lang):
    """learning-rate at lr = 3: the loss is NaN after training; the log says what to do
    (R, a smaller optimizer.lr), not to go on stepping."""
    from gradtui.config import apply_overrides
    from gradtui.lessons import load_lesson_file
    from gradtui.sim import Stepper

    config = apply_overrides(load_lesson_file("learning-rate").config, ["optimizer.lr=3"])
    stepper = Stepper(config)
    snapshot = stepper.train(300)
    assert snapshot.loss != snapshot.loss  # NaN
    last = explain_step(None, snapshot, config, stepper.layers, lang)[-1]
    assert "NaN" in last and "R" in last and "optimizer.lr" in last
    assert "t 训练" not in last and "or t to train" not in last


def test_a_rows_running_product_joins_its_chinese_without_a_space():
    """The row's "第 9 行的累积乘积", as the rest of the Chinese log joins two Chinese
    words; before a formula ("∂L/∂x 的累积乘积") the space stays."""
    text = _whole_step_in("vanishing-sigmoid", "zh")
    assert "第 9 行的累积乘积" in text and "行 的" not in text
    assert "∂L/∂x 的累积乘积" in text


async def test_the_path_dialog_says_its_keys_in_chinese(tmp_path, monkeypatch):
    from textual.widgets import Label

    from gradtui.lessons import load_lesson_file
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


def test_chinese_sets_a_latin_word_or_number_filled_in_apart_by_a_space():
    """A field's Latin word, number or formula gets a space from the Chinese it touches,
    as the catalogue's own Chinese spaces them ("第 3 层", "sigmoid 的开销"); a Chinese
    field runs on ("的是正态"); a space already there is not doubled."""
    from gradtui.explain import say, spaced_fill

    assert spaced_fill("最接近{target}的是{answer}。", {"target": 1, "answer": "Xavier"}) == (
        "最接近 1 的是 Xavier。"
    )
    assert spaced_fill("的是{answer}。", {"answer": "正态，std 1"}) == "的是正态，std 1。"
    assert spaced_fill("第 {n} 层", {"n": 3}) == "第 3 层"
    assert spaced_fill("（{a}）：{b}", {"a": "x", "b": "y"}) == "（x）：y"
    assert say("measured_pick", "zh", measure="损失", values="…", best="最小", answer="He") == (
        "测得损失：…；最小的是 He。"
    )


@pytest.mark.parametrize(
    ("title", "lang", "line"),
    [
        ("Which layers learn first?", "en", "Which layers learn first? 4 layers, nothing"),
        ("哪些层先学起来？", "zh", "哪些层先学起来？共 4 层，尚未计算。"),
        ("Vanishing gradients", "en", "Vanishing gradients: 4 layers, nothing"),
        ("梯度消失", "zh", "梯度消失：共 4 层，尚未计算。"),
    ],
)
def test_the_log_s_first_line_joins_a_title_ending_in_a_question_mark_without_a_colon(
    title, lang, line
):
    from gradtui.explain import start_line

    said = start_line(title, 4, lang)
    assert said.startswith(line) and "?:" not in said and "？：" not in said


def test_the_chinese_layer_detail_names_batch_norm_and_the_shortcut_in_chinese():
    from gradtui.config import apply_overrides
    from gradtui.tui.draw.detail import layer_detail, layer_name

    config = apply_overrides(
        load_lesson("vanishing-sigmoid"), ["network.residual=true", "network.batch_norm=true"]
    )
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    info = stepper.layers[1]
    assert info.shortcut == "identity" and info.batch_norm
    assert (
        layer_name(info) == f"sigmoid {info.fan_in}→{info.fan_out} (batch norm, identity shortcut)"
    )
    header = layer_detail(snapshot, info, 2, "zh").plain.splitlines()[0]
    assert header.endswith("（批归一化、恒等捷径）"), header
    assert "shortcut" not in header and "batch norm" not in header


@pytest.mark.parametrize(("lang", "words"), [("en", "on or off"), ("zh", "on 或 off")])
def test_a_yes_no_field_s_help_in_the_form_says_on_or_off_as_its_list_does(lang, words):
    from gradtui.config import field_help

    assert field_help("network.residual", lang, form=True).endswith(
        words + ("。" if lang == "zh" else ".")
    )
    assert "true" not in field_help("network.residual", lang, form=True)
    assert "true" in field_help("network.residual")  # a file's comment: as the file writes it


def test_a_running_product_reads_the_same_in_the_detail_the_log_and_a_verdict():
    """Twenty sigmoid layers: row 1's running product is 1.66×10⁻⁷. A verdict wrote it
    1/6,030,000 while the detail wrote 1.66×10⁻⁷; one rule of the value alone now writes it
    on every surface, and a row's reads the same from either pane of the detail."""
    import re

    from gradtui.config import apply_overrides
    from gradtui.explain import row_running_product, running_text
    from gradtui.tui.draw.detail import layer_detail

    config = apply_overrides(load_lesson("vanishing-sigmoid"), ["network.depth=20"])
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    assert snapshot.backward[0].running_product < 1e-7  # too small for a readable 1/N
    row_texts, passed_texts = {}, {}
    for layer in range(1, 21):
        text = layer_detail(snapshot, stepper.layers[layer - 1], layer).plain
        row, passed = re.findall(r"running product (\S+)", text)
        row_texts[layer], passed_texts[layer] = row, passed
    for layer in range(2, 21):
        assert passed_texts[layer] == row_texts[layer - 1]
    row_1 = row_running_product(snapshot, 1)
    assert row_texts[1] == running_text(row_1) == fmt.share(row_1)
    assert "/" not in row_texts[1] and "×10⁻" in row_texts[1]
    assert passed_texts[1].endswith("×10⁻⁸")
    assert running_text(1 / 1130) == "1/1,130" and running_text(2.0) == "2×"
    assert fmt.share(1 / 16_800) == "1/16,800" and fmt.share(1 / 6_030_000) == "1.66×10⁻⁷"


def test_a_large_multiple_is_whole_digits_then_a_word_never_a_power_then_times():
    assert fmt.times(25.0) == "25×" and fmt.times(11_912.0) == "11,900×"
    assert fmt.times(6.03e6) == "6,030,000×"
    assert fmt.times(4.88e8) == "4.88×10⁸ times" and fmt.times(4.88e8, "zh") == "4.88×10⁸ 倍"
    assert fmt.multiple(11_912.0) == "11,900" and fmt.multiple(2.04) == "2.04"
    assert not any("×10" in fmt.times(v) and fmt.times(v).endswith("×") for v in (1e4, 1e6, 1e9))


def test_the_header_of_an_edited_chinese_lesson_runs_its_title_on_without_spaces():
    from gradtui.explain import spaced_fill

    edited = ui("your network (edited from {name})", "zh")
    assert spaced_fill(edited, {"name": "梯度裁剪"}) == "你的网络（由梯度裁剪修改而来）"
    assert spaced_fill(edited, {"name": "my.toml"}) == "你的网络（由 my.toml 修改而来）"


def test_a_mixed_network_is_not_named_by_its_fallback_activation():
    # mixed-activations alternates sigmoid and relu through network.activations, while
    # network.activation (relu) only fills an empty list: "10 layers, relu" was false.
    from gradtui.explain import describe_activation
    from gradtui.explain.transcript import describe_config

    mixed = load_lesson("mixed-activations")
    assert describe_activation(mixed) == "mixed sigmoid + relu"
    assert describe_activation(mixed, "zh") == "混用 sigmoid + relu"
    assert ", mixed sigmoid + relu, init kaiming_normal" in describe_config(mixed)
    assert describe_activation(load_lesson("relu-he")) == "relu"


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "; the larger is maxout"), ("zh", "；较大的是")]
)
def test_a_pick_of_two_names_the_larger_not_the_largest(lang, words):
    """Of two options one is the larger: "the largest" is said only of three or more."""
    from gradtui.explain.predict import verdict
    from gradtui.lessons import load_lesson_file
    from gradtui.lessons.checkpoint import answer_checkpoint

    lesson = load_lesson_file("maxout")
    checkpoint = lesson.checkpoints[0]
    answer = answer_checkpoint(lesson, checkpoint)
    said = " ".join(verdict(checkpoint, 0, answer, lang, lesson.variants))
    assert words in said
    assert "largest" not in said and "最大" not in said


def test_the_detail_says_prelu_alpha_is_the_one_after_the_update():
    """After 200 steps layer 1's detail read "f'(z) min 0.554" and "α 0.552": the pass used
    α before the update, the update line gives it after. "now α" says which."""
    from gradtui.tui.draw.detail import layer_detail

    stepper = Stepper(load_lesson("prelu-learns-alpha"))
    snapshot = stepper.train(3)
    text = layer_detail(snapshot, stepper.layers[0], 1).plain
    alpha = snapshot.update[0].prelu_alpha[0]
    assert f"· now α {fmt.spread((alpha,))}" in text
    assert "现在 α" in layer_detail(snapshot, stepper.layers[0], 1, "zh").plain
