"""The export: its keys, and a PyTorch rebuild of the same pass giving the same gradients.

The PyTorch cross-check runs where PyTorch is installed (CI installs the CPU build); the
export's contents are checked without it too.
"""

from __future__ import annotations

import dataclasses
import importlib.util

import numpy as np
import pytest

from gradtui.cli import main
from gradtui.config import Config
from gradtui.sim import Stepper

HAS_TORCH = importlib.util.find_spec("torch") is not None
PLAIN_KEYS = ("W", "b", "z", "a", "grad_W", "grad_b", "grad_z", "grad_a")


def configure(**changes) -> Config:
    config = Config()
    network = {"depth": 4, "width": 6}
    network.update({k: v for k, v in changes.items() if k in Config().network.__dict__})
    top = {k: v for k, v in changes.items() if k not in network}
    config.network = dataclasses.replace(config.network, **network)
    config.init = dataclasses.replace(config.init, name="xavier_normal", bias=0.05)
    if top.get("loss") in ("cross_entropy", "bce"):
        classes = 2 if top["loss"] == "bce" else 3
        config.data = dataclasses.replace(config.data, name="blobs", classes=classes)
    return dataclasses.replace(config, **top)


def test_export_has_exactly_the_documented_keys(tmp_path):
    path = tmp_path / "pass.npz"
    assert main(["run", "--lesson", "vanishing-sigmoid", "--export", str(path)]) == 0
    with np.load(path) as data:
        keys = set(data.files)
    depth = 10
    expected = {"x", "y", "loss"} | {
        f"{kind}{layer}" for kind in PLAIN_KEYS for layer in range(1, depth + 1)
    }
    assert keys == expected


def _torch_pass(arrays: dict, config: Config, layers):
    import torch

    tensor = {key: torch.tensor(value) for key, value in arrays.items()}
    params = {}
    for key in tensor:
        learned = key[0] in "Wb" and key[1:].isdigit()
        if learned or key.startswith(("gamma", "beta", "alpha", "Ws")):
            tensor[key].requires_grad_(True)
            params[key] = tensor[key]
    net = config.network
    functional = torch.nn.functional
    a = tensor["x"]
    for info in layers:
        index = info.index
        z = a @ tensor[f"W{index}"] + tensor[f"b{index}"]
        if info.batch_norm:
            if config.mode == "train":
                mean = z.mean(0)
                var = z.var(0, unbiased=False)
            else:
                mean, var = tensor[f"bn_mean{index}"], tensor[f"bn_var{index}"]
            z = (z - mean) / torch.sqrt(var + net.bn_eps) * tensor[f"gamma{index}"] + tensor[
                f"beta{index}"
            ]
        last_z = z
        name = info.activation
        if name == "maxout":
            out = z.reshape(z.shape[0], info.fan_out, info.pieces).max(dim=2).values
        elif name == "prelu":
            out = functional.prelu(z, tensor[f"alpha{index}"])
        elif name == "rrelu":
            slope = tensor.get(f"rrelu_slope{index}", (net.rrelu_lower + net.rrelu_upper) / 2)
            out = torch.where(z > 0, z, z * slope)
        else:
            out = {
                "identity": lambda t: t,
                "sigmoid": torch.sigmoid,
                "tanh": torch.tanh,
                "relu": torch.relu,
                "leaky_relu": lambda t: functional.leaky_relu(t, net.leaky_slope),
                "elu": lambda t: functional.elu(t, net.elu_alpha),
                "softplus": lambda t: torch.log1p(torch.exp(-t.abs())) + t.clamp(min=0),
                "gelu": functional.gelu,
                "silu": functional.silu,
            }[name](z)
        if info.shortcut == "identity":
            out = out + a
        elif info.shortcut == "projection":
            out = out + a @ tensor[f"Ws{index}"]
        a = out
    if config.loss == "mse":
        loss = functional.mse_loss(a, tensor["y"])
    elif config.loss == "cross_entropy":
        loss = functional.cross_entropy(a, tensor["y"])
    else:
        loss = functional.binary_cross_entropy_with_logits(last_z, tensor["y"])
    loss.backward()
    return loss.item(), {key: value.grad.numpy() for key, value in params.items()}


def _close(ours, theirs, tolerance=1e-10):
    # A gradient that is 0 in exact arithmetic (a bias before batch norm) reads as ±1e-16.
    scale = max(np.max(np.abs(theirs)), 1e-5)
    return np.max(np.abs(ours - theirs)) / scale <= tolerance


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch cross-check: pip install torch==2.13.0")
@pytest.mark.parametrize(
    "changes",
    [
        {"activation": name}
        for name in (
            "identity",
            "sigmoid",
            "tanh",
            "relu",
            "leaky_relu",
            "elu",
            "softplus",
            "gelu",
            "silu",
            "prelu",
            "rrelu",
            "maxout",
        )
    ]
    + [
        {"activation": "tanh", "batch_norm": True},
        {"activation": "relu", "residual": True, "widths": [6, 5, 5]},
        {"activation": "rrelu", "batch_norm": True, "mode": "eval"},
        {"activation": "tanh", "loss": "cross_entropy"},
        {"activation": "tanh", "loss": "bce"},
    ],
    ids=str,
)
def test_pytorch_rebuilds_the_same_pass(changes):
    config = configure(**changes)
    stepper = Stepper(config)
    stepper.finish_pass()
    arrays = stepper.pass_arrays()
    loss, grads = _torch_pass(arrays, config, stepper.layers)
    assert abs(loss - float(arrays["loss"])) <= 1e-12 * max(1.0, abs(loss))
    assert grads
    for key, grad in grads.items():
        assert _close(arrays[f"grad_{key}"], grad), key


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch cross-check: pip install torch==2.13.0")
def test_pytorch_agrees_on_bce_with_saturated_outputs():
    """BCEWithLogitsLoss in float64 against ours where σ(z) rounds to 0 or 1."""
    config = configure(activation="tanh", loss="bce")
    stepper = Stepper(config)
    output = stepper.network.layers[-1]
    output.bias[...] = 60.0  # z_L near 60: σ(z) is 1 in float64, right or wrong by the label
    snapshot = stepper.finish_pass()
    arrays = stepper.pass_arrays()
    assert np.max(np.abs(arrays[f"z{stepper.depth}"])) > 37
    loss, grads = _torch_pass(arrays, config, stepper.layers)
    assert abs(loss - float(arrays["loss"])) <= 1e-12 * max(1.0, abs(loss))
    for key, grad in grads.items():
        assert _close(arrays[f"grad_{key}"], grad), key
    assert snapshot.first_nonfinite is None
    assert all(np.isfinite(arrays[f"grad_a{index}"]).all() for index in range(1, 5))
