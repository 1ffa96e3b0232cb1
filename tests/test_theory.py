"""Closed forms: the sigmoid window (C5) against a scan, χ against measured decay."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from gradtui.config import apply_overrides
from gradtui.lessons import load_lesson
from gradtui.sim import Stepper
from gradtui.sim.theory import mean_field_chi, sigmoid_window_peak, sigmoid_window_width


@pytest.mark.parametrize("weight", [4.5, 6.894, 10.0, -8.0, 30.0])
def test_window_matches_a_numeric_scan(weight):
    x = np.linspace(-3, 3, 600_001)
    u = weight * x + 0.3
    s = 1.0 / (1.0 + np.exp(-u))
    inside = np.abs(weight * s * (1 - s)) >= 1.0
    scanned = inside.sum() * (x[1] - x[0])
    assert math.isclose(sigmoid_window_width(weight), scanned, abs_tol=2e-5)


def test_window_is_empty_up_to_4_and_peaks_near_6_894():
    assert sigmoid_window_width(4.0) == 0.0 and sigmoid_window_width(-3.9) == 0.0
    weight, width = sigmoid_window_peak()
    assert round(weight, 3) == 6.894 and round(width, 4) == 0.4477


@pytest.mark.parametrize("weight", [1e16, 1e17, 1e300, 1.7e308, math.inf, -math.inf])
def test_window_of_a_huge_weight_is_finite_and_falls_to_0(weight):
    width = sigmoid_window_width(weight)
    assert math.isfinite(width) and 0.0 <= width < 1e-14
    if math.isfinite(weight):
        # The width is 2·log((1 + s)/(1 − s))/|w| with 1 − s ≈ 2/|w|: about 2·log|w|/|w|.
        assert math.isclose(width, 2.0 * math.log(abs(weight)) / abs(weight), rel_tol=1e-12)


def test_window_of_a_large_weight_agrees_with_the_textbook_form():
    for weight in (4.001, 4.5, 6.894, 20.0, 1e3, 1e8):
        s = math.sqrt(1.0 - 4.0 / weight)
        textbook = 2.0 * math.log((1.0 + s) / (1.0 - s)) / weight
        assert math.isclose(sigmoid_window_width(weight), textbook, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("changes", "direction"),
    [
        (["network.depth=10"], "vanish"),
        (["network.depth=50"], "vanish"),
        (["init.name=xavier_normal", "network.depth=50"], "vanish"),
        (["network.activation=relu", "init.name=kaiming_normal", "init.nonlinearity=relu"], "keep"),
        (["network.activation=tanh", "init.std=2.0", "network.depth=50"], "explode"),
    ],
)
def test_chi_predicts_the_direction_of_the_measured_decay(changes, direction):
    config = apply_overrides(load_lesson("vanishing-sigmoid"), changes)
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    predicted, measured = [], []
    for layer in range(2, snapshot.depth):  # hidden layers fed by a hidden layer
        # Layer l's factor: ∂L/∂a_{l-1} = (∂L/∂a_l ⊙ f'(z_l)) @ W_lᵀ, so f'(z_l) and W_l.
        forward = snapshot.forward[layer - 1]
        weights = stepper.network.layers[layer - 1].weights
        variance = float(weights.var()) * weights.shape[0]
        chi = mean_field_chi(forward.activation, variance, forward.z_mean, forward.z_std)
        predicted.append(0.5 * math.log10(chi))
        measured.append(math.log10(snapshot.backward[layer - 1].local_factor))
    mean_predicted, mean_measured = np.mean(predicted), np.mean(measured)
    if direction == "vanish":
        assert mean_predicted < 0 and mean_measured < 0
    elif direction == "explode":
        assert mean_predicted > 0 and mean_measured > 0
    else:
        assert abs(mean_predicted) < 0.1 and abs(mean_measured) < 0.1


def test_the_theory_view_uses_each_layer_s_own_negative_slope():
    from gradtui.lessons import load_lesson
    from gradtui.sim import Stepper
    from gradtui.tui.screens.theory_view import negative_slope

    stepper = Stepper(load_lesson("prelu-learns-alpha"))
    assert negative_slope(stepper, 1) == 0.25  # PReLU's α as initialised
    stepper.train(50)
    learned = float(stepper.network.layers[0].alpha.mean())
    assert learned != 0.25 and negative_slope(stepper, 1) == learned
    rrelu = Stepper(load_lesson("rrelu-train-vs-eval"))
    network = rrelu.config.network
    assert negative_slope(rrelu, 1) == (network.rrelu_lower + network.rrelu_upper) / 2


def test_the_whole_network_jacobian_is_the_product_of_the_layers():
    import numpy as np

    from gradtui.config import apply_overrides
    from gradtui.lessons import load_lesson
    from gradtui.sim import Stepper

    config = apply_overrides(load_lesson("tanh-saturates"), ["network.depth=5"])
    stepper = Stepper(config)
    assert stepper.network_jacobian_singular_values() is None  # not computed yet
    stepper.finish_pass()
    arrays = stepper.pass_arrays()
    product = np.eye(arrays["x"].shape[1])
    for layer in range(1, stepper.depth + 1):
        weights, z = arrays[f"W{layer}"], arrays[f"z{layer}"][0]
        slope = np.ones_like(z) if layer == stepper.depth else 1 - np.tanh(z) ** 2
        product = (slope[:, None] * weights.T) @ product
    expected = np.linalg.svd(product, compute_uv=False)
    measured = stepper.network_jacobian_singular_values()
    np.testing.assert_allclose(measured, expected, rtol=1e-10, atol=1e-300)


# ------------------------------------------------------------- the theory view's pictures


def test_the_activation_plot_and_the_window_are_pure_pictures():
    from rich.cells import cell_len

    from gradtui.tui.draw.theory import activation_plot, window_plot

    plot = activation_plot("sigmoid", 60, 12)
    lines = plot.plain.split("\n")
    assert plot.plain == activation_plot("sigmoid", 60, 12).plain
    assert len(lines) >= 12 and all(cell_len(line) <= 60 for line in lines)
    picture, sentence = window_plot(60, 10)
    assert picture.plain and "6.894" in sentence  # C5: the widest window, at |w| ≈ 6.89


def test_where_z_sits_and_the_tables_from_a_stepper():
    from rich.console import Console

    from gradtui.tui.draw.theory import chi_table, singular_value_table, where_z_sits

    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    while stepper.snapshot.phase.name != "BACKWARD" or stepper.snapshot.layer != 1:
        stepper.step()
    z = stepper.forward_values(1)[0]
    shown = where_z_sits("sigmoid", z, 40).plain
    assert "%" in shown
    weights = [stepper.network.layers[i].weights for i in range(stepper.depth)]
    variances = [float(w.var()) * w.shape[0] for w in weights]
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(chi_table(stepper.snapshot, stepper.layers, variances))
    layers = stepper.layers
    console.print(
        singular_value_table(
            layers,
            [stepper.weight_singular_values(info.index) for info in layers],
            [stepper.jacobian_singular_values(info.index) for info in layers],
        )
    )
    text = console.export_text()
    assert "agrees" in text and "E[f'(z)²]" in text


def test_the_plots_share_their_words():
    from gradtui.tui.draw.plots import axis_name, legend

    assert axis_name("step", 20).plain == " " * 8 + "step"
    line = legend([("braille", "loss"), ("•", "accuracy")])
    assert "loss" in line.plain and "accuracy" in line.plain and "\n" not in line.plain


def test_the_mean_field_applies_to_random_weights_of_mean_zero_only():
    from gradtui.tui.draw.theory import mean_field_reason, mean_field_unfit

    rng = np.random.default_rng(0)
    random = rng.normal(0.0, 0.3, (16, 16))
    assert mean_field_reason(random) is None
    assert mean_field_reason(np.full((4, 4), 5.0)) == "equal"
    assert mean_field_reason(np.zeros((4, 4))) == "equal"
    assert mean_field_reason(np.array([[5.0]])) == "equal"  # one weight has no spread
    assert mean_field_reason(random + 1.0) == "mean"
    assert mean_field_unfit([random, random]) == ""
    sentence = mean_field_unfit([np.full((2, 2), 5.0), random, random + 1.0])
    assert sentence.startswith("√χ does not apply to layer 1: ")
    assert "to layer 3: the weights' mean" in sentence
    several = mean_field_unfit([np.full((2, 2), 5.0)] * 4 + [random] + [np.ones((1, 1))] * 2)
    assert "layers 1–4, 6, 7:" in several


def test_the_bare_activation_cost_is_timed_not_written_down(monkeypatch):
    """C8's table: f and f' of each activation, timed by the clock at the moment (a fake
    clock that advances 1 s per reading gives 1 s per run, so 1/size per element)."""
    from gradtui.sim import cost

    clock = iter(range(10**6))
    monkeypatch.setattr(cost, "perf_counter", lambda: float(next(clock)))
    costs = cost.activation_costs(size=1000, repeats=3)
    assert list(costs) == list(cost.ACTIVATIONS)
    assert all(value == pytest.approx(1 / 1000) for value in costs.values())
    assert "prelu" not in cost.activation_costs(["prelu", "relu"], size=10, repeats=1)


def test_the_cost_table_marks_the_network_and_compares_with_relu():
    from rich.console import Console

    from gradtui.tui.draw.theory import cost_note, cost_table

    costs = {"relu": 4e-9, "leaky_relu": 3e-9, "sigmoid": 14e-9, "tanh": 20e-9}
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(cost_table(costs, {"sigmoid", "identity"}))
    rows = {line.split()[0]: line for line in console.export_text().splitlines() if line}
    assert rows["sigmoid"].split()[1:] == ["yes", "14", "×3.5", "◀", "this", "network"]
    assert rows["leaky_relu"].split()[1:] == ["no", "3", "×0.75"]
    assert "this network" not in rows["relu"]
    layers, batch = stepper.layers, 64
    note = cost_note(costs, layers, batch, 0.01, size=16384, repeats=9)
    values = sum(info.fan_out for info in layers if info.activation == "sigmoid") * batch
    assert "on 16,384 numbers, the fastest of 9 runs" in note
    assert "Per element, sigmoid costs 3.5× what relu costs." in note
    assert f"{values:,} values went through their activation" in note
    from gradtui.explain import format as fmt

    assert f"about {fmt.number(values * 14e-9 * 1e3, 2)} ms of the pass's 10 ms" in note
    untimed = cost_note(costs, layers, batch, None, "zh", size=16384, repeats=9)
    assert "sigmoid 的开销是 relu 的 3.5 倍" in untimed and "上一次传播" not in untimed
    assert "erf" not in note  # gelu is not in this table
    with_gelu = cost_note({**costs, "gelu": 60e-9}, layers, batch, None, size=16384, repeats=9)
    assert "gelu's row is mostly gradtui's own cost: NumPy has no erf" in with_gelu


def test_a_measure_may_time_activations_but_only_named_ones():
    from gradtui.lessons.measure import MeasureError, evaluate_measure, parse_measure

    stepper = Stepper(load_lesson("exp-cost"))
    ratio = evaluate_measure("cost.sigmoid / cost.relu", stepper.snapshot, stepper.layers)
    assert math.isfinite(ratio) and ratio > 0
    with pytest.raises(MeasureError, match="cost has no 'prelu'"):
        parse_measure("cost.prelu")
