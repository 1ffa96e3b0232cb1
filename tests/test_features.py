"""What lessons ask the screen for: a count before t, each layer's parameter count, the
range of f'(z), one unit's weight-gradient signs (C7), and the time of a pass (C8). Each
is checked in the simulator against the network's own arrays, in the renderer, and on
the screen through Pilot at 80×24."""

from __future__ import annotations

import dataclasses
import math
import re
import time

import numpy as np
import pytest

from gradtui.config import Config, apply_overrides
from gradtui.explain import format as fmt
from gradtui.lessons import load_lesson, load_lesson_file
from gradtui.sim import Phase, Stepper
from gradtui.sim import stepper as stepper_module
from gradtui.sim.stats import UNIT_SIGNS_KEPT
from gradtui.tui.app import GradtuiApp
from gradtui.tui.draw.detail import layer_detail, parameter_text, signs_text
from gradtui.tui.screens.main.stepping import TRAIN_MOST
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.layer_detail import LayerDetail
from gradtui.tui.widgets.lines import LinesView


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def _network(**network) -> Config:
    config = Config()
    return dataclasses.replace(
        config, network=dataclasses.replace(config.network, **{"depth": 4, "width": 8, **network})
    )


# ------------------------------------------------------------------ simulator
@pytest.mark.parametrize(
    "network",
    [
        {"activation": "sigmoid"},
        {"activation": "maxout"},
        {"activation": "relu", "batch_norm": True},
        {"activation": "prelu"},
        {"activation": "tanh", "residual": True, "width": 6},
    ],
)
def test_parameter_sizes_are_the_arrays_sizes(network):
    stepper = Stepper(_network(**network))
    for info, params in zip(stepper.layers, stepper.network.layers, strict=True):
        arrays = dict(params.parameters())
        assert dict(info.parameter_sizes) == {name: array.size for name, array in arrays.items()}
        assert sum(size for _, size in info.parameter_sizes) == info.parameter_count


def _direct_signs(arrays: dict, layer: int, winner_column: int = 0) -> np.ndarray:
    """sign(∂L/∂W_i1) for example 0 computed from the exported arrays: a_{l−1}[0, i]·δ[0, j]
    with δ = ∂L/∂z (no batch norm here), column j of unit 1's incoming weights."""
    inputs = arrays["x"] if layer == 1 else arrays[f"a{layer - 1}"]
    delta = arrays[f"grad_z{layer}"]
    return np.sign(inputs[0] * delta[0, winner_column])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_unit_signs_are_those_of_a_times_delta_for_example_0(activation):
    config = apply_overrides(load_lesson("sign-zigzag"), [f"network.activation={activation}"])
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    arrays = stepper.pass_arrays()
    for layer in range(1, snapshot.depth + 1):
        back = snapshot.backward[layer - 1]
        direct = _direct_signs(arrays, layer)
        assert back.unit1_signs == tuple(direct[:UNIT_SIGNS_KEPT])
        # Units whose incoming gradients for example 0 are of one sign, zeros aside.
        inputs = arrays["x"] if layer == 1 else arrays[f"a{layer - 1}"]
        outer = np.sign(inputs[0][:, None] * arrays[f"grad_z{layer}"][0][None, :])
        agreeing = sum(
            1
            for column in outer.T
            if np.count_nonzero(column) and len(set(column[column != 0].tolist())) == 1
        )
        assert back.one_sign_units == agreeing
    hidden = [back.one_sign_units for back in snapshot.backward[1:]]
    if activation == "sigmoid":  # C7: every unit of layers 2..L has one sign
        assert hidden == [info.fan_out for info in stepper.layers[1:]]
    else:
        assert max(hidden) == 0


def test_maxout_signs_follow_the_winning_piece():
    stepper = Stepper(_network(activation="maxout", maxout_pieces=2))
    snapshot = stepper.finish_pass()
    arrays = stepper.pass_arrays()
    z = arrays["z2"]  # (n, fan_out·k), unit j's pieces in columns j·k .. j·k + k − 1
    winner = int(np.argmax(z[0, :2]))
    assert snapshot.backward[1].unit1_signs == tuple(_direct_signs(arrays, 2, winner)[:16])


def test_a_pass_is_timed_once_it_completes_and_the_time_stays(monkeypatch):
    # The snapshot app swaps in a clock that ticks 1 ms a call (so every pass takes the
    # same time); this test compares two real passes' times.
    monkeypatch.setattr(stepper_module, "perf_counter", time.perf_counter)
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    assert stepper.snapshot.pass_seconds is None
    stepper.run_to(Phase.BACKWARD, 2)
    assert stepper.snapshot.pass_seconds is None  # not complete yet
    first = stepper.step().pass_seconds
    assert first is not None and first > 0
    assert stepper.step().pass_seconds == first  # clip: the last whole pass's time stays
    stepper.back()
    assert stepper.back().pass_seconds is None  # back before layer 1: no pass completed
    again = stepper.step().pass_seconds
    assert again is not None and again > 0
    stepper.run_to(Phase.FORWARD, 3)  # the next batch
    assert stepper.snapshot.pass_seconds == again
    trained = stepper.train(2)
    assert trained.pass_seconds is not None and trained.pass_seconds != again


# ------------------------------------------------------------------ renderer
def test_the_detail_names_parameters_and_the_network_total():
    stepper = Stepper(load_lesson("sign-zigzag"))
    total = sum(info.parameter_count for info in stepper.layers)
    text = layer_detail(stepper.snapshot, stepper.layers[4], 5, network_total=total).plain
    assert "params 72 = W 64 + b 8\n" in text
    assert f"network: params {total} (press e to time a pass)" in text
    assert "unit 1 ←" not in text and "σ'(z) min" not in text  # nothing computed yet
    maxout = Stepper(_network(activation="maxout", maxout_pieces=2)).layers[1]
    assert parameter_text(maxout) == "params 144 = W 128 + b 16 = 2 pieces × 72"
    norm = Stepper(_network(activation="relu", batch_norm=True)).layers[1]
    assert parameter_text(norm) == "params 88 = W 64 + b 8 + γ 8 + β 8"
    prelu = Stepper(_network(activation="prelu")).layers[1]
    assert parameter_text(prelu).endswith(" + α 1") or " + α 8" in parameter_text(prelu)
    assert parameter_text(norm, "zh") == "参数 88 = W 64 + b 8 + γ 8 + β 8"


def test_the_detail_shows_the_slope_range_signs_and_pass_time():
    stepper = Stepper(load_lesson("sign-zigzag"))
    snapshot = stepper.finish_pass()
    forward = snapshot.forward[4]
    text = layer_detail(snapshot, stepper.layers[4], 5).plain
    assert f"σ'(z) min {forward.fprime_min:.3g}\n" in text
    assert text.count(f"max {forward.fprime_max:.3g}") == 1  # said once, on the mean's line
    signs = "".join("+" if sign > 0 else "−" for sign in snapshot.backward[4].unit1_signs)
    assert f"unit 1 ← signs of ∂L/∂W (example 0): {signs}\n" in text
    assert len(set(signs)) == 1  # sigmoid below: one sign (C7)
    assert "units whose ∂L/∂W have one sign (example 0): 8 of 8" in text
    assert ", pass " in text and " ms" in text
    chinese = layer_detail(snapshot, stepper.layers[4], 5, "zh").plain
    assert "单元 1 ← ∂L/∂W 的符号（样本 0）" in chinese and "σ'(z) 最小" in chinese


def test_signs_beyond_those_kept_are_marked():
    assert signs_text((1.0, -1.0, 0.0, float("nan")), 4) == "+−0?"
    assert signs_text((1.0,) * 16, 784) == "+" * 16 + "…"


# ------------------------------------------------------------------ on the screen
def _app(lesson: str = "sign-zigzag", lang: str = "en") -> GradtuiApp:
    chosen = load_lesson_file(lesson)
    return GradtuiApp(chosen.config, title=chosen.title, lesson=chosen, lang=lang)


def _status(app) -> str:
    return app.main.query_one("#status", LinesView).plain


def _footer_keys(app) -> dict[str, str]:
    return {key: active.binding.description for key, active in app.main.active_bindings.items()}


async def test_a_count_before_t_trains_that_many_steps():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "2")
        assert _status(app).startswith("12 t…: ")
        assert "t trains 12 steps" in _status(app)
        assert app.main.check_action("cancel_count", ()) is True  # the footer shows escape
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.stepper.snapshot.step == 12
        log = app.query_one(ExplanationLog)
        assert "Trained 12 steps" in " ".join(log.entries[-1].split())
        assert " ms on average" in log.entries[-1]
        assert "12 t…" not in _status(app)
        assert app.main.check_action("cancel_count", ()) is False


async def test_escape_or_another_key_forgets_the_count():
    app = _app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("5")
        assert _status(app) == "5 t…: press t to train 5 steps, escape cancels"
        assert _footer_keys(app)["escape"] == "Cancel count"
        await pilot.press("escape")
        assert "escape" not in _footer_keys(app)
        assert "t…" not in _status(app)
        await pilot.press("7", "space")  # space steps, as always, and forgets the 7
        assert app.stepper.snapshot.phase == Phase.FORWARD
        assert "t…" not in _status(app)
        await pilot.press("t")  # t alone: 100, as before
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.stepper.snapshot.step == 100


async def test_a_count_above_the_most_says_so_and_zero_trains_nothing():
    app = _app()
    messages = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify = lambda message, **options: messages.append(message)
        await pilot.press(*"20000")
        assert f"t trains {TRAIN_MOST:,}, the most" in _status(app)
        await pilot.press("escape", "0", "t")
        await pilot.pause()
        assert app.stepper.snapshot.step == 0
        assert messages and "type a count from 1 to 10,000" in messages[-1]


async def test_the_footer_and_help_describe_the_count():
    app = _app()
    async with app.run_test(size=(120, 40)):
        keys = _footer_keys(app)
        assert keys["t"] == "Train"
        binding = next(b for b in app.main.BINDINGS if b.action == "train")
        assert "200t trains 200" in binding.tooltip


async def test_at_80x24_the_new_lines_show_with_d_and_a_mark_says_so():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = app.query_one(LayerDetail)
        shown = detail.visible_text  # before the pass: the parameters come second
        assert "params 72 = W 64 + b 8" in shown and "network: params 657" in shown
        await pilot.press("e")
        await pilot.pause()
        shown = detail.visible_text  # the backward numbers first, then the mark
        assert "running product" in shown
        assert "more lines: press d" in shown.splitlines()[-1]
        log = app.query_one(ExplanationLog)
        assert "Time: pass " in log.entries[-1] and " ms (forward and backward" in log.entries[-1]
        await pilot.press("0")  # skip the lesson's question before step 2: the detail's rows
        await pilot.press("j", "j", "j", "j")  # e ended at layer 1
        assert app.selected_layer == 5
        await pilot.press("d")
        await pilot.pause()
        shown = detail.visible_text
        for words in ("params 72", "network: ", " ms", "σ'(z) min", "unit 1 ← signs of ∂L/∂W"):
            assert words in shown, words
        assert "more lines" not in shown
        assert shown.splitlines()[-1] == "d: back to the chart and the log"
        await pilot.press("space")  # stepping goes on with the whole detail up
        assert app.stepper.snapshot.phase == Phase.CLIP
        await pilot.press("d")
        await pilot.pause()
        assert app.query_one(ExplanationLog).display and app.query_one("#chart").display


async def test_j_chooses_the_layer_after_applying_the_form_over_the_whole_detail():
    # sign-zigzag's step 2 at 80×24: the whole detail is up, f opens the form beside it,
    # a applies; the hidden log must not take j to scroll itself.
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "d", "0", "f", *"activation", "enter")
        await pilot.press("enter", "down", "enter", "a")  # sigmoid → tanh
        await pilot.pause()
        assert app.stepper.config.network.activation == "tanh"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("j", "j", "j", "j")
        assert app.selected_layer == 5
        assert "Layer 5 of 10 · tanh" in app.query_one(LayerDetail).visible_text


async def test_the_whole_detail_in_chinese_at_80x24():
    app = _app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "0", "d")  # 0 skips the lesson's question before step 2
        await pilot.pause()
        shown = app.query_one(LayerDetail).visible_text
        for words in ("参数 72", "整个网络：", "σ'(z) 最小", "单元 1 ← ∂L/∂W 的符号"):
            assert words in shown, words
        await pilot.press("3")
        assert _status(app).startswith("3 t…")


@pytest.mark.parametrize(
    "lesson", ["sign-zigzag", "exp-cost", "vanishing-sigmoid", "batchnorm-rescue"]
)
def test_the_local_factor_says_equal_only_when_its_parts_as_written_multiply_to_it(lesson):
    """ "local factor ×0.24 = ×0.21 (σ') ×1.1 (W)" was false as written: 0.21 × 1.1 = 0.23."""
    stepper = Stepper(load_lesson(lesson))
    snapshot = stepper.finish_pass()
    signs = set()
    for layer, info in enumerate(stepper.layers, start=1):
        text = layer_detail(snapshot, info, layer).plain
        found = re.search(r"local factor ×(\S+) ([=≈]) (.*)\n", text)
        if found is None or "×10" in found.group(0):
            continue
        local, sign, rest = found.groups()
        parts = [float(part) for part in re.findall(r"×([0-9.]+) \(", rest)]
        product = fmt.factor(math.prod(parts))
        assert (product == f"×{local}") == (sign == "="), found.group(0)
        signs.add(sign)
    assert signs  # at least one layer was checked
