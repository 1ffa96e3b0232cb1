"""The simulator's numbers show what CLAIMS.md says (the claims issue 3 builds on)."""

from __future__ import annotations

import dataclasses

import numpy as np

from gradtui.config import Config
from gradtui.lessons import load_lesson
from gradtui.sim import Phase, Stepper


def test_c4_constant_five_chain_multiplies_the_gradient_by_exactly_5_to_the_10():
    stepper = Stepper(load_lesson("exploding-constant-5"))
    snapshot = stepper.finish_pass()
    first = snapshot.backward[0]
    assert first.running_product == 9_765_625.0
    assert all(stats.local_factor == 5.0 for stats in snapshot.backward)
    arrays = stepper.pass_arrays()
    assert abs(arrays["grad_a1"][0, 0] * 5) / abs(arrays["grad_a10"][0, 0]) == 9_765_625.0


def test_c1_c2_the_default_lesson_vanishes():
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    snapshot = stepper.run_to(Phase.UPDATE)
    first, last = snapshot.backward[0], snapshot.backward[-1]
    assert first.grad_w_norm / last.grad_w_norm < 1e-3
    assert first.running_product < 1e-2
    assert all(stats.fprime_max <= 0.25 for stats in snapshot.forward[:-1])
    assert snapshot.update[0].update_ratio < snapshot.update[-1].update_ratio / 100


def test_c19_relu_with_he_init_keeps_the_gradient():
    snapshot = Stepper(load_lesson("relu-he")).finish_pass()
    ratio = snapshot.backward[0].grad_w_norm / snapshot.backward[-1].grad_w_norm
    assert 1e-2 < ratio < 1e2


def test_c7_sigmoid_inputs_give_one_sign_tanh_mixed():
    def fraction(activation):
        config = Config()
        config.network = dataclasses.replace(
            config.network, depth=4, width=16, activation=activation
        )
        config.init = dataclasses.replace(config.init, name="xavier_normal")
        snapshot = Stepper(config).finish_pass()
        return [stats.same_sign_fraction for stats in snapshot.backward[1:]]

    assert all(value > 0.9 for value in fraction("sigmoid"))
    assert all(value == 0.0 for value in fraction("tanh"))


def test_c10_leaky_relu_has_no_dead_units_c14_maxout_doubles_parameters():
    config = Config()
    config.network = dataclasses.replace(config.network, depth=4, width=8, activation="leaky_relu")
    snapshot = Stepper(config).finish_pass()
    assert all(stats.dead_fraction == 0.0 for stats in snapshot.forward)
    relu = Stepper(
        dataclasses.replace(config, network=dataclasses.replace(config.network, activation="relu"))
    )
    maxout = Stepper(
        dataclasses.replace(
            config, network=dataclasses.replace(config.network, activation="maxout")
        )
    )
    assert maxout.layers[1].parameter_count == 2 * relu.layers[1].parameter_count


def test_c12_rrelu_slopes_random_in_training_fixed_in_eval():
    config = Config()
    config.network = dataclasses.replace(config.network, depth=3, width=8, activation="rrelu")
    train = Stepper(config)
    train.finish_pass()
    slopes = train.pass_arrays()["rrelu_slope1"]
    lower, upper = config.network.rrelu_lower, config.network.rrelu_upper
    assert slopes.min() >= lower and slopes.max() <= upper and slopes.std() > 0
    evaluation = Stepper(dataclasses.replace(config, mode="eval"))
    evaluation.finish_pass()
    assert "rrelu_slope1" not in evaluation.pass_arrays()
    fprime = evaluation.snapshot.forward[0]
    assert fprime.fprime_max == 1.0


def test_float32_is_an_option():
    config = dataclasses.replace(load_lesson("vanishing-sigmoid"), dtype="float32")
    stepper = Stepper(config)
    stepper.finish_pass()
    assert stepper.pass_arrays()["W1"].dtype == np.float32
