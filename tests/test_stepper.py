"""The stepper: stages in order, stepping equals a whole pass, back() undoes, seeds repeat."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest

from gradtui.config import Config
from gradtui.lessons import load_lesson
from gradtui.sim import Phase, Stepper


def small(**network) -> Config:
    config = Config()
    config.network = dataclasses.replace(config.network, **{"depth": 4, "width": 6, **network})
    return config


def test_stage_order():
    stepper = Stepper(small())
    depth = stepper.depth
    seen = [(stepper.snapshot.phase, stepper.snapshot.layer)]
    for _ in range(2 * depth + 4):
        snapshot = stepper.step()
        seen.append((snapshot.phase, snapshot.layer))
    expected = (
        [(Phase.READY, 0)]
        + [(Phase.FORWARD, layer) for layer in range(1, depth + 1)]
        + [(Phase.LOSS, 0)]
        + [(Phase.BACKWARD, layer) for layer in range(depth, 0, -1)]
        + [(Phase.CLIP, 0), (Phase.UPDATE, 0), (Phase.READY, 0)]
    )
    assert seen == expected
    assert stepper.snapshot.batch == 1
    assert stepper.snapshot.step == 1


def test_statistics_fill_in_as_the_pass_moves():
    stepper = Stepper(small())
    snapshot = stepper.run_to(Phase.FORWARD, 2)
    assert snapshot.forward[0] is not None and snapshot.forward[1] is not None
    assert snapshot.forward[2] is None
    assert all(stats is None for stats in snapshot.backward)
    assert snapshot.loss is None
    snapshot = stepper.run_to(Phase.BACKWARD, 3)
    assert snapshot.loss is not None
    assert [stats is None for stats in snapshot.backward] == [True, True, False, False]


def _pass_by_steps(config):
    stepper = Stepper(config)
    snapshot = stepper.snapshot
    while not (snapshot.phase == Phase.BACKWARD and snapshot.layer == 1):
        snapshot = stepper.step()
    return stepper, snapshot


@pytest.mark.parametrize(
    "network",
    [{}, {"activation": "rrelu", "batch_norm": True}, {"activation": "maxout", "residual": True}],
)
def test_stepping_equals_a_whole_pass(network):
    config = small(**network)
    stepped, by_steps = _pass_by_steps(config)
    whole = Stepper(config)
    at_once = whole.full_pass()
    assert by_steps == at_once
    arrays_stepped, arrays_whole = stepped.pass_arrays(), whole.pass_arrays()
    assert arrays_stepped.keys() == arrays_whole.keys()
    for key in arrays_whole:
        assert np.array_equal(arrays_stepped[key], arrays_whole[key]), key


def test_back_then_step_returns_the_same_snapshot():
    stepper = Stepper(small(batch_norm=True))
    snapshots = [stepper.snapshot]
    for _ in range(2 * stepper.depth + 3):
        snapshots.append(stepper.step())
    # Walk all the way back (over the update, which must restore the weights) and forward.
    weights_after = [layer.weights.copy() for layer in stepper.network.layers]
    for expected in reversed(snapshots[:-1]):
        assert stepper.back() == expected
    assert stepper.back() == snapshots[0]  # nothing before READY
    for expected in snapshots[1:]:
        assert stepper.step() == expected
    for layer, weights in zip(stepper.network.layers, weights_after, strict=True):
        assert np.array_equal(layer.weights, weights)


def test_same_seed_same_numbers_and_train_equals_steps():
    config = small()
    first = Stepper(config)
    first.train(5)
    second = Stepper(config)
    for _ in range(5):
        second.run_to(Phase.UPDATE)
    assert first.snapshot == second.snapshot
    for a, b in zip(first.network.parameters(), second.network.parameters(), strict=True):
        assert np.array_equal(a, b)
    other = Stepper(dataclasses.replace(config, seed=1))
    other.train(5)
    assert other.snapshot.loss != first.snapshot.loss


def test_training_reduces_the_loss():
    config = load_lesson("relu-he")
    stepper = Stepper(config)
    start = stepper.finish_pass().loss
    stepper.train(200)
    assert stepper.finish_pass().loss < start


def test_progress_is_reported():
    calls = []
    Stepper(small()).train(3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_overflow_is_reported_not_raised():
    config = small(depth=250, width=8, activation="identity")
    config.init = dataclasses.replace(config.init, name="constant", value=5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stepper = Stepper(config)
        snapshot = stepper.finish_pass()
    assert snapshot.first_nonfinite is not None
    assert snapshot.first_nonfinite.startswith("forward layer")
    first_bad = int(snapshot.first_nonfinite.split()[-1])
    assert all(stats.finite for stats in snapshot.forward[: first_bad - 1])
    assert not snapshot.forward[first_bad - 1].finite
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        snapshot = stepper.train(2)  # no exception, no warning
    assert snapshot.step == 1 or snapshot.step == 2


def test_clipping_reports_norms_before_and_after():
    config = small()
    config.clip = dataclasses.replace(config.clip, grad_norm=1e-3)
    snapshot = Stepper(config).run_to(Phase.CLIP)
    assert snapshot.clip.norm_before > 1e-3
    assert math.isclose(snapshot.clip.norm_after, 1e-3, rel_tol=1e-5)
    assert snapshot.clip.clipped_by_norm
    config.clip = dataclasses.replace(config.clip, grad_norm=0.0, grad_value=1e-4)
    snapshot = Stepper(config).run_to(Phase.CLIP)
    assert snapshot.clip.value_clipped_fraction > 0
    assert snapshot.clip.norm_after < snapshot.clip.norm_before


def test_update_size_and_prelu_alpha():
    stepper = Stepper(small(activation="prelu"))
    snapshot = stepper.run_to(Phase.UPDATE)
    for stats in snapshot.update:
        assert stats.update_ratio > 0
    alphas = [stats.prelu_alpha for stats in snapshot.update[:-1]]
    assert all(alpha is not None and alpha != (0.25,) for alpha in alphas)


def test_layers_are_read_once_per_network_and_follow_a_new_one():
    stepper = Stepper(small(activation="prelu", batch_norm=True))
    layers = stepper.layers
    assert stepper.layers is layers  # kept, not rebuilt at each stage
    stepper.train(3)  # PReLU's α and batch norm's buffers change; a layer's shape does not
    assert stepper.layers is layers
    assert layers == tuple(layer.info for layer in stepper.network.layers)
    stepper.reset()
    assert stepper.layers is not layers and stepper.layers == layers  # a new network
    stepper.network = Stepper(small(depth=3)).network
    assert [info.index for info in stepper.layers] == [1, 2, 3]


def test_jacobian_singular_values_of_orthogonal_linear_layers_are_one():
    config = small(activation="identity")
    config.init = dataclasses.replace(config.init, name="orthogonal")
    stepper = Stepper(config)
    values = stepper.jacobian_singular_values(2)
    assert np.allclose(values, 1.0, atol=1e-12)
    assert np.allclose(stepper.weight_singular_values(2), 1.0, atol=1e-12)


@pytest.mark.parametrize("init", ["normal", "constant"])
def test_statistics_match_numpy(init):
    config = small(activation="tanh")
    config.init = dataclasses.replace(config.init, name=init, value=0.7, bias=3.0)
    stepper = Stepper(config)
    snapshot = stepper.finish_pass()
    arrays = stepper.pass_arrays()
    for stats in snapshot.forward:
        z = arrays[f"z{stats.layer}"]
        assert math.isclose(stats.z_mean, z.mean(), rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(stats.z_std, z.std(), rel_tol=1e-7, abs_tol=1e-15)
        assert math.isclose(stats.z_norm, np.linalg.norm(z), rel_tol=1e-13)
    for stats in snapshot.backward:
        grad_w = arrays[f"grad_W{stats.layer}"]
        assert math.isclose(stats.grad_w_norm, np.linalg.norm(grad_w), rel_tol=1e-13)


def test_statistics_are_plain_python_numbers():
    snapshot = Stepper(small(activation="relu")).run_to(Phase.UPDATE)
    for group in (snapshot.forward, snapshot.backward, snapshot.update):
        for stats in group:
            for field in dataclasses.fields(stats):
                value = getattr(stats, field.name)
                values = value if isinstance(value, tuple) else (value,)
                assert all(type(item) in (int, float, str, bool, type(None)) for item in values), (
                    field.name
                )


def test_saturation_dead_units_and_histogram_match_numpy():
    stepper = Stepper(small(activation="sigmoid", width=12))
    snapshot = stepper.finish_pass()
    arrays = stepper.pass_arrays()
    for stats in snapshot.forward[:-1]:
        a = arrays[f"a{stats.layer}"]
        fprime = a * (1 - a)
        assert stats.saturated_fraction == pytest.approx(np.mean(fprime < 0.025), abs=1e-12)
        counts, _ = np.histogram(fprime, bins=10, range=(0.0, 0.25))
        assert stats.fprime_hist == tuple(counts)
        assert stats.fprime_min == fprime.min() and stats.fprime_max == fprime.max()
    relu = Stepper(small(activation="relu", width=12))
    snapshot = relu.finish_pass()
    arrays = relu.pass_arrays()
    for stats in snapshot.forward[:-1]:
        z = arrays[f"z{stats.layer}"]
        assert stats.dead_fraction == np.mean((z <= 0).all(axis=0))
