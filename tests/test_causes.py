"""Causes under test: each sentence that names why a gradient is zero, small or large is
checked on a network built so that the cause is known, and on one without it.

Real stepper, real ``explain_step``: a network is stepped through one whole pass and every
backward sentence (English and Chinese) is collected.
"""

from __future__ import annotations

import pytest

from gradtui.config import Config, apply_overrides
from gradtui.explain import explain_step, join, rows_spoken_of
from gradtui.explain.catalogue import EN, ZH
from gradtui.explain.causes import Cause
from gradtui.lessons import load_lesson
from gradtui.sim import Phase, Stepper


def said_in_one_step(config: Config, lang: str = "en", train: int = 0) -> str:
    """Every sentence of one training step (after ``train`` steps), up to and with the
    update, joined as the log joins them."""
    stepper = Stepper(config)
    if train:
        stepper.train(train)
    said, previous = [], None
    while True:
        snapshot = stepper.step()
        said += explain_step(previous, snapshot, config, stepper.layers, lang)
        previous = snapshot
        if snapshot.phase == Phase.UPDATE:
            return join(said, lang)


_said = said_in_one_step


def _relu_net(*overrides: str) -> Config:
    """A small ReLU network; a bias of −10 on every unit kills them all."""
    base = ["network.depth=4", "network.width=6", "network.activation=relu"]
    return apply_overrides(load_lesson("relu-he"), [*base, *overrides])


UNDERFLOW = "underflowed"
DEAD = "are dead: f'(z) = 0 for every unit and every example"
ZERO_WEIGHT = "is exactly 0 (init"
SHORTCUT = "The shortcut carries"
BATCH_NORM = "from batch norm"
SATURATED = "units are saturated, where the slope is nearly 0"
CLIPPED = "Clipping scaled every gradient"


def test_all_units_dead_is_named_and_not_called_underflow():
    text = _said(_relu_net("init.bias=-10"))
    assert DEAD in text and "exactly 0" in text
    assert UNDERFLOW not in text and "float64's smallest" not in text
    assert DEAD not in _said(_relu_net())


def test_the_dead_relu_lesson_after_training_names_dead_units():
    text = _said(load_lesson("dead-relu"), train=200)
    assert DEAD in text and "It became 0 passing through layer" in text and UNDERFLOW not in text


def test_a_long_product_that_underflows_is_called_so():
    config = apply_overrides(load_lesson("vanishing-sigmoid"), ["network.depth=1000"])
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    assert snapshot.backward[0].grad_a_norm == 0  # 1000 sigmoid layers: below 5e-324
    final = " ".join(explain_step(None, snapshot, config, stepper.layers))
    assert "exactly 0" in final and "underflowed" in final and "NaN" not in final
    assert DEAD not in final
    # Where it happened: a layer with no zero factor passed exactly 0 on.
    origin = next(
        back.layer
        for back in reversed(snapshot.backward)
        if back.grad_a_norm > 0 and back.grad_in_norm == 0
    )
    forward = snapshot.forward[origin - 1]
    assert forward.fprime_min > 0 and snapshot.backward[origin - 1].weight_norm > 0
    assert (
        f"It became 0 passing through layer {origin} (row {origin} still has a gradient)" in final
    )
    assert UNDERFLOW not in _said(load_lesson("vanishing-sigmoid"))


def test_a_zero_weight_is_named():
    config = _relu_net("init.name=constant", "init.value=0", "init.bias=0.1")
    text = _said(config)
    assert ZERO_WEIGHT in text and "constant 0" in text
    assert UNDERFLOW not in text and DEAD not in text
    assert ZERO_WEIGHT not in _said(_relu_net())


def test_saturation_is_named():
    config = apply_overrides(
        load_lesson("vanishing-sigmoid"), ["network.activation=tanh", "init.scale=20"]
    )
    text = _said(config)
    assert SATURATED in text and "The gradient has vanished" in text
    assert "sigmoid's slope" not in text and DEAD not in text
    assert SATURATED not in _said(load_lesson("vanishing-sigmoid"))  # σ' ≤ 1/4 is its cause


def test_clipping_is_named_at_the_update():
    config = apply_overrides(load_lesson("exploding-constant-5"), ["clip.grad_norm=1"])
    text = _said(config)
    assert CLIPPED in text and "clip.grad_norm = 1" in text
    # With clipping on, the what-next does not offer clipping again.
    assert "clip.grad_norm = 1: f grad_norm" not in text
    unclipped = _said(load_lesson("exploding-constant-5"))
    assert CLIPPED not in unclipped and "clip.grad_norm = 1: f grad_norm" in unclipped


def test_clipping_says_it_leaves_the_backward_pass_and_the_chart_as_they_were():
    """Clipped to norm 1 after twenty steps, the clipping lesson's rows 1–5 still read ▲:
    the clip stage says the bars are before clipping and why ▲ remains; a clipped network
    that does not explode has no such sentence."""
    from gradtui.lessons import load_lesson_file

    clipped = load_lesson_file("clipping").variant_config("clipped")
    text = _said(clipped, train=20)
    assert "was scaled down to 1: every parameter's gradient" in text
    assert "the chart's bars are the backward pass's gradients, before clipping" in text.lower()
    assert "Rows 1–5 still read ▲: clipping changes nothing in the backward pass" in text
    assert "(8,910× at row 1)" in text
    chinese = _said(clipped, "zh", train=20)
    assert "第 1–5 行仍然显示 ▲" in chinese and "裁剪前的梯度" in chinese
    calm = _said(apply_overrides(load_lesson("vanishing-sigmoid"), ["clip.grad_norm=0.0001"]))
    assert "was scaled down to 10⁻⁴" in calm and "still read ▲" not in calm


def test_batch_norm_is_named_in_the_split():
    with_bn = _said(apply_overrides(load_lesson("vanishing-sigmoid"), ["network.batch_norm=true"]))
    assert BATCH_NORM in with_bn
    assert BATCH_NORM not in _said(load_lesson("vanishing-sigmoid"))


def test_a_residual_path_is_named_and_carries_a_dead_branch_exactly():
    residual = _said(_relu_net("network.residual=true", "init.bias=-10"))
    assert SHORTCUT in residual
    assert "The branch passes back exactly 0" in residual and DEAD in residual
    assert "local factor ×1." in residual  # the shortcut alone: exactly ∂L/∂a_l
    plain = _said(_relu_net("init.bias=-10"))
    assert SHORTCUT not in plain


def test_flat_weight_gradient_is_explained():
    text = _said(load_lesson("exploding-constant-5"))
    assert "‖a₈‖ ÷ ‖a₉‖ = ×0.2, which cancels it" in text
    assert "which cancels it" not in _said(load_lesson("vanishing-sigmoid"))


def test_every_sentence_speaks_of_named_rows():
    config = load_lesson("vanishing-sigmoid")
    stepper = Stepper(config)
    snapshot = stepper.run_to(Phase.BACKWARD, 10)
    assert rows_spoken_of(snapshot) == (10, 9)
    text = " ".join(explain_step(None, snapshot, config, stepper.layers))
    back = snapshot.backward[9]
    # Row 10's bar is ‖∂L/∂a_10‖; the sentence gives it first, then row 9's.
    assert text.startswith("Layer 10 back: the output's gradient ‖∂L/∂a₁₀‖ = 0.253 arrives")
    assert "‖∂L/∂a₉‖ = 0.514 on to layer 9 (row 9)" in text
    assert back.local_factor == pytest.approx(0.514 / 0.253, rel=1e-2)
    last = stepper.run_to(Phase.BACKWARD, 1)
    assert rows_spoken_of(last) == (1,)
    assert rows_spoken_of(stepper.step()) == (1, 10)  # clip compares rows 1 and L


def test_the_comparison_names_the_winner_when_the_usual_one_loses():
    from types import SimpleNamespace

    import numpy as np

    from gradtui.explain import agreement
    from gradtui.explain.through_time import through_time_verdict

    # The theory view: ×0.2 measured beside ×0.41 predicted is not agreement.
    assert agreement(0.41, 0.2) == "2× smaller than √χ"
    assert agreement(0.2, 0.41) == "2× larger than √χ"
    assert agreement(0.41, 0.4).startswith("agrees")

    def cell(first_over_last, gate=None):
        return SimpleNamespace(grad_h_norms=np.array([first_over_last, 1.0]), forget_gate_mean=gate)

    usual = through_time_verdict({"rnn": cell(0.01), "lstm": cell(0.5, np.array([0.9]))})
    assert "the LSTM keeps 50× more" in usual
    upset = through_time_verdict({"rnn": cell(0.5), "lstm": cell(0.01, np.array([0.2]))})
    assert "the RNN keeps 50× more" in upset and "LSTM keeps" not in upset
    assert "RNN 保留的是 LSTM 的 50 倍" in through_time_verdict(
        {"rnn": cell(0.5), "lstm": cell(0.01, np.array([0.2]))}, "zh"
    )


@pytest.mark.parametrize("cause", list(Cause))
def test_every_cause_has_its_words_in_both_languages(cause):
    for key in (f"because_{cause.value}",):
        if cause in (
            Cause.SIGMOID_SLOPE,
            Cause.SMALL_SLOPE,
            Cause.SMALL_WEIGHTS,
            Cause.LARGE_WEIGHTS,
            Cause.CONSTANT_WEIGHTS,
            Cause.RESIDUAL,
        ):
            continue  # causes of a small or large factor, never of an exact 0
        assert key in EN and key in ZH, key


def test_the_through_time_verdict_gives_the_factor_per_step():
    """The LSTM's forget gates average 0.71, yet it keeps 1/16,800 over 49 steps, far more
    than 0.71⁴⁹: the verdict gives each cell's factor per step (the geometric mean), which
    a learner can check against the gates."""
    from types import SimpleNamespace

    import numpy as np

    from gradtui.explain.through_time import through_time_verdict

    def cell(norms, gate=None):
        return SimpleNamespace(grad_h_norms=np.array(norms), forget_gate_mean=gate)

    results = {"rnn": cell([0.25, 0.5, 1.0]), "lstm": cell([0.81, 0.9, 1.0], np.array([0.7]))}
    said = through_time_verdict(results)
    assert "×0.5 against ×0.9 a step on average" in said
    assert "平均每步分别是 ×0.5 和 ×0.9" in through_time_verdict(results, "zh")
