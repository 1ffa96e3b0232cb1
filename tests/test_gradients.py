"""Every gradient against central finite differences in float64 (relative error ≤ 1e-7).

The differences are central five-point ones, (8(f(+h) − f(−h)) − (f(+2h) − f(−2h)))/12h
(error O(h⁴)), taken with h = 1e-6, 1e-5, 1e-4 and 1e-3; the estimate nearest the analytic
value counts. One step size cannot serve every case: batch norm over a few examples curves
sharply (truncation error wants a small h) while its cancellations make the loss noisy
(rounding error wants a large h). A wrong gradient misses all four.

The error is measured as the largest difference over the largest entry of the gradient
(both over the probed entries). Probes whose ±h moves a ReLU-family kink or a maxout
winner are dropped: the function is not differentiable there.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gradtui.config import ACTIVATIONS, INITIALIZERS, Config
from gradtui.sim import losses
from gradtui.sim.activations import sigmoid
from gradtui.sim.network import Network

STEPS = (1e-6, 1e-5, 1e-4, 1e-3)
TOLERANCE = 1e-7


def make_problem(config: Config, batch: int, features: int, outputs: int, seed: int):
    rng = np.random.default_rng(seed + 1000)
    x = rng.normal(0.0, 1.0, size=(batch, features))
    if config.loss == "cross_entropy":
        targets = rng.integers(0, outputs, size=batch)
    elif config.loss == "bce":
        targets = rng.integers(0, 2, size=(batch, 1)).astype(np.float64)
    else:
        targets = rng.normal(0.0, 1.0, size=(batch, outputs))
    network = Network(config, features, 1 if config.loss == "bce" else outputs)
    return network, x, targets


def run(network: Network, x: np.ndarray, targets, loss_name: str, training: bool = True):
    """Forward and loss: (loss, caches, pattern of kinks)."""
    caches = []
    a = x
    for index in range(1, network.depth + 1):
        cache = network.forward_layer(index, a, training, (7, 0, index))
        caches.append(cache)
        a = cache.a
    output = caches[-1]
    loss, grad_a, grad_z = losses.evaluate(loss_name, output.z, output.a, targets)
    pattern = tuple(
        (cache.winner.tobytes() if cache.winner is not None else (cache.z > 0).tobytes())
        for cache in caches
    )
    return loss, caches, grad_a, grad_z, pattern


def analytic(network: Network, x, targets, loss_name, training=True):
    _, caches, grad_a, grad_z, _ = run(network, x, targets, loss_name, training)
    grads = [None] * network.depth
    for index in range(network.depth, 0, -1):
        grads[index - 1] = network.backward_layer(index, grad_a, caches[index - 1], grad_z)
        grad_a, grad_z = grads[index - 1].grad_in, None
    return grads


def _five_point(network, x, targets, loss_name, training, flat, pick, step, base_pattern):
    """(8(f(+h) − f(−h)) − (f(+2h) − f(−2h))) / 12h, or None if a probe crosses a kink."""
    original = flat[pick]
    values = []
    for offset in (step, -step, 2 * step, -2 * step):
        flat[pick] = original + offset
        loss, *_, pattern = run(network, x, targets, loss_name, training)
        if pattern != base_pattern:
            flat[pick] = original
            return None
        values.append(loss)
    flat[pick] = original
    plus, minus, plus2, minus2 = values
    return (8 * (plus - minus) - (plus2 - minus2)) / (12 * step)


def check_gradients(config: Config, batch=5, features=4, outputs=3, seed=0, probes=12):
    """Compare every parameter's and the input's gradient with central differences."""
    network, x, targets = make_problem(config, batch, features, outputs, seed)
    training = config.mode == "train"
    grads = analytic(network, x, targets, config.loss, training)
    base_loss, _, _, _, base_pattern = run(network, x, targets, config.loss, training)
    rng = np.random.default_rng(seed)
    checked = 0
    arrays = [("x", x, grads[0].grad_in)]
    for layer, layer_grads in zip(network.layers, grads, strict=True):
        for (name, array), grad in zip(
            layer.parameters(), layer_grads.parameter_grads(layer), strict=True
        ):
            arrays.append((f"{name}{layer.info.index}", array, grad))
    for label, array, grad in arrays:
        flat = array.reshape(-1)
        picks = rng.choice(flat.size, size=min(probes, flat.size), replace=False)
        numeric, exact = [], []
        for pick in picks:
            estimates = [
                _five_point(
                    network, x, targets, config.loss, training, flat, pick, step, base_pattern
                )
                for step in STEPS
            ]
            estimates = [value for value in estimates if value is not None]
            if not estimates:
                continue
            wanted = grad.reshape(-1)[pick]
            numeric.append(min(estimates, key=lambda value: abs(value - wanted)))
            exact.append(wanted)
        if not exact:
            continue
        numeric_arr, exact_arr = np.array(numeric), np.array(exact)
        # Below 1e-3·max(1, |L|) the bound becomes absolute: a difference quotient's rounding
        # noise is about 1e-16·|L| / h, so a gradient that is exactly 0 reads as ±1e-11·|L|.
        scale = max(np.max(np.abs(exact_arr)), 1e-3 * max(1.0, abs(base_loss)))
        error = np.max(np.abs(numeric_arr - exact_arr)) / scale
        assert error <= TOLERANCE, f"{label}: relative error {error:.2e}"
        checked += 1
    assert checked >= 3


def small_config(**overrides) -> Config:
    config = Config()
    config.network.depth = 3
    config.network.width = 5
    config.init.name = "xavier_normal"
    config.init.bias = 0.1
    for key, value in overrides.items():
        section, _, field = key.rpartition(".")
        target = getattr(config, section) if section else config
        setattr(target, field, value)
    return config


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", ["mse", "cross_entropy", "bce"])
def test_every_activation_and_loss(activation, loss):
    check_gradients(small_config(**{"network.activation": activation, "loss": loss}))


@pytest.mark.parametrize("initializer", INITIALIZERS)
def test_every_initializer(initializer, tmp_path):
    config = small_config(**{"network.activation": "tanh", "init.name": initializer})
    if initializer == "constant":
        config.init.value = 0.3
    if initializer == "file":
        # The weights of a network drawn as small_config draws them, read back from a file.
        drawn = Network(small_config(**{"network.activation": "tanh"}), 4, 3)
        arrays = {}
        for index, layer in enumerate(drawn.layers, start=1):
            arrays[f"W{index}"], arrays[f"b{index}"] = layer.weights, layer.bias
        np.savez(tmp_path / "weights.npz", **arrays)
        config.init.path = str(tmp_path / "weights.npz")
    check_gradients(config)


@pytest.mark.parametrize(
    ("activation", "batch_norm", "residual"),
    list(
        itertools.product(
            ["sigmoid", "relu", "prelu", "maxout", "rrelu"], [False, True], [False, True]
        )
    ),
)
def test_layer_kinds(activation, batch_norm, residual):
    # Width 4 from 4 features: layer 1 has an identity shortcut; widths 4 -> 6 a projection.
    config = small_config(
        **{
            "network.activation": activation,
            "network.batch_norm": batch_norm,
            "network.residual": residual,
            "network.widths": [4, 6],
        }
    )
    check_gradients(config, batch=6)


def test_prelu_per_unit_alpha():
    check_gradients(small_config(**{"network.activation": "prelu", "network.prelu_per_unit": True}))


@pytest.mark.parametrize("activation", ["rrelu", "sigmoid"])
def test_eval_mode(activation):
    config = small_config(
        **{"network.activation": activation, "network.batch_norm": True, "mode": "eval"}
    )
    check_gradients(config)


def test_mixed_activations():
    config = small_config(
        **{"network.depth": 5, "network.activations": ["sigmoid", "relu", "elu", "gelu"]}
    )
    check_gradients(config)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**16),
    depth=st.integers(1, 5),
    width=st.integers(1, 7),
    batch=st.integers(2, 6),
    features=st.integers(1, 5),
    activation=st.sampled_from(ACTIVATIONS),
    loss=st.sampled_from(["mse", "cross_entropy", "bce"]),
    batch_norm=st.booleans(),
    residual=st.booleans(),
)
def test_random_networks(
    seed, depth, width, batch, features, activation, loss, batch_norm, residual
):
    # Batch norm over 2 or 3 examples pins each unit near ±1 (exactly, but for eps): the
    # gradient through it is of eps's size, below what float64 differences can resolve to
    # 1e-7. Larger batches are the meaningful case.
    assume(not batch_norm or batch >= 4)
    config = small_config(
        **{
            "seed": seed,
            "network.depth": depth,
            "network.width": width,
            "network.activation": activation,
            "network.batch_norm": batch_norm,
            "network.residual": residual,
            "loss": loss,
        }
    )
    check_gradients(config, batch=batch, features=features, outputs=3, seed=seed)


def test_bce_of_saturated_outputs_is_finite_and_exact():
    """σ(z) = 1 in float64 beyond z ≈ 37, so 1 − σ(z) is 0; the loss's gradients must come
    from σ(−z) instead (item: ‖∂L/∂a_L‖ was NaN while the loss was finite)."""
    logits = np.array([[40.0], [-40.0], [60.0], [-60.0], [500.0], [-3.0]])
    target = np.array([[1.0], [0.0], [0.0], [1.0], [1.0], [0.0]])
    probabilities, _ = sigmoid(logits)
    loss, grad_a, grad_z = losses.binary_cross_entropy(logits, probabilities, target)
    n = logits.size
    assert np.isfinite(loss) and np.all(np.isfinite(grad_a)) and np.all(np.isfinite(grad_z))
    for (z,), (y,), (ours_a,), (ours_z,) in zip(logits, target, grad_a, grad_z, strict=True):
        sigma = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        sigma_neg = 1.0 / (1.0 + math.exp(z)) if z < 700 else 0.0
        # ∂L/∂a = (−y/a + (1 − y)/(1 − a))/n, ∂L/∂z = (a − y)/n, with 1 − a = σ(−z).
        expected_a = (-1.0 / sigma if y == 1 else 1.0 / sigma_neg) / n
        expected_z = (-sigma_neg if y == 1 else sigma) / n
        assert ours_a == pytest.approx(expected_a, rel=1e-14)
        assert ours_z == pytest.approx(expected_z, rel=1e-14, abs=0.0)
    # The loss against five-point differences in z, one logit at a time.
    for pick in range(n):
        estimates = []
        for step in STEPS:
            values = []
            for offset in (step, -step, 2 * step, -2 * step):
                moved = logits.copy()
                moved[pick] += offset
                values.append(losses.binary_cross_entropy(moved, sigmoid(moved)[0], target)[0])
            plus, minus, plus2, minus2 = values
            estimates.append((8 * (plus - minus) - (plus2 - minus2)) / (12 * step))
        best = min(estimates, key=lambda value: abs(value - grad_z[pick, 0]))
        assert abs(best - grad_z[pick, 0]) <= TOLERANCE * max(abs(grad_z[pick, 0]), 1e-3 * loss)


def _bce_pass(init_scale: float):
    """A finished pass of a small tanh network with a bce output, weights scaled up."""
    from gradtui.sim import Stepper

    config = small_config(**{"loss": "bce", "network.activation": "tanh"})
    config.data.name = "blobs"
    config.data.classes = 2
    config.init.scale = init_scale
    stepper = Stepper(config)
    return stepper, stepper.finish_pass()


def test_a_saturated_bce_output_reports_finite_numbers_through_the_pass():
    stepper, snapshot = _bce_pass(40.0)
    logits = stepper.pass_arrays()["z3"]
    assert np.max(np.abs(logits)) > 40  # σ(z) is 1 or 0 in float64 there
    assert snapshot.first_nonfinite is None
    for back in snapshot.backward:
        values = (back.grad_a_norm, back.local_factor, back.running_product, back.grad_w_norm)
        assert all(math.isfinite(value) for value in values), back
        assert back.finite


def test_a_bce_gradient_beyond_float64_is_reported():
    """Where the true ∂L/∂a_L is beyond float64 (z > 709 with y = 0), it is inf, and the
    pass says where it appeared."""
    logits = np.array([[800.0], [1.0]])
    target = np.array([[0.0], [1.0]])
    _, grad_a, grad_z = losses.binary_cross_entropy(logits, sigmoid(logits)[0], target)
    assert np.isinf(grad_a[0, 0]) and np.all(np.isfinite(grad_z))
    _, snapshot = _bce_pass(5000.0)  # this seed's batch has an output beyond 709
    output = snapshot.backward[-1]
    assert math.isinf(output.grad_a_norm) and math.isfinite(output.grad_w_norm)
    assert not output.finite and snapshot.first_nonfinite == "backward layer 3"
