"""The frozen tables of share-code format 1: which number stands for which field, which
index for which choice, and what every field's value is when a code does not give it.

A code written today names fields and choices by these numbers, so they are frozen:
an entry is never changed, renumbered or removed. A later release may append (a new
field gets the next number, a new activation the next index), and codes made before it
still decode to exactly the same network. The defaults are frozen too, written out here
rather than read from ``Config()``: if a later release changes a default, a format-1 code
still means the value it meant when it was made.

Fields are numbered by how often a lesson's edit touches them, so that the common ones
take the fewest bits (numbers 0 to 15 take 5).
"""

from __future__ import annotations

from typing import Any

__all__ = ["CHOICES", "DEFAULTS", "FIELDS", "FORMAT"]

FORMAT = 1
"""The format this release writes (and the newest it reads)."""

ACTIVATIONS = (
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "rrelu",
    "elu",
    "maxout",
    "softplus",
    "gelu",
    "silu",
)
INITIALIZERS = (
    "normal",
    "uniform",
    "constant",
    "xavier_normal",
    "xavier_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "orthogonal",
    "eye",
    "file",
)

CHOICES: dict[str, tuple[str, ...]] = {
    "dtype": ("float64", "float32"),
    "loss": ("mse", "cross_entropy", "bce"),
    "mode": ("train", "eval"),
    "network.activation": ACTIVATIONS,
    "network.activations": ACTIVATIONS,
    "init.name": INITIALIZERS,
    "init.mode": ("fan_in", "fan_out"),
    "init.nonlinearity": ("linear", "conv1d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"),
    "data.name": ("teacher", "spirals", "blobs", "mnist-like", "ones", "file"),
    "optimizer.name": ("sgd", "adam"),
}
"""Each choice field's values; a value is written as its index here (append only)."""

# (number, dotted name, kind): kind is int, float, bool, choice, text, ints or choices.
FIELDS: tuple[tuple[int, str, str], ...] = (
    (0, "network.depth", "int"),
    (1, "network.activation", "choice"),
    (2, "init.name", "choice"),
    (3, "optimizer.lr", "float"),
    (4, "network.width", "int"),
    (5, "init.std", "float"),
    (6, "network.batch_norm", "bool"),
    (7, "network.residual", "bool"),
    (8, "clip.grad_norm", "float"),
    (9, "seed", "int"),
    (10, "optimizer.name", "choice"),
    (11, "init.scale", "float"),
    (12, "init.value", "float"),
    (13, "network.activations", "choices"),
    (14, "loss", "choice"),
    (15, "data.name", "choice"),
    (16, "dtype", "choice"),
    (17, "mode", "choice"),
    (18, "network.widths", "ints"),
    (19, "network.leaky_slope", "float"),
    (20, "network.prelu_init", "float"),
    (21, "network.prelu_per_unit", "bool"),
    (22, "network.rrelu_lower", "float"),
    (23, "network.rrelu_upper", "float"),
    (24, "network.elu_alpha", "float"),
    (25, "network.maxout_pieces", "int"),
    (26, "network.bn_momentum", "float"),
    (27, "network.bn_eps", "float"),
    (28, "init.mean", "float"),
    (29, "init.low", "float"),
    (30, "init.high", "float"),
    (31, "init.gain", "float"),
    (32, "init.mode", "choice"),
    (33, "init.nonlinearity", "choice"),
    (34, "init.a", "float"),
    (35, "init.bias", "float"),
    (36, "data.samples", "int"),
    (37, "data.features", "int"),
    (38, "data.outputs", "int"),
    (39, "data.classes", "int"),
    (40, "data.noise", "float"),
    (41, "data.path", "text"),
    (42, "data.batch_size", "int"),
    (43, "optimizer.momentum", "float"),
    (44, "optimizer.weight_decay", "float"),
    (45, "optimizer.beta1", "float"),
    (46, "optimizer.beta2", "float"),
    (47, "optimizer.eps", "float"),
    (48, "clip.grad_value", "float"),
    (49, "clip.weight", "float"),
    (50, "init.path", "text"),
)

DEFAULTS: dict[str, Any] = {
    "seed": 0,
    "dtype": "float64",
    "loss": "mse",
    "mode": "train",
    "network.depth": 10,
    "network.width": 16,
    "network.widths": [],
    "network.activation": "sigmoid",
    "network.activations": [],
    "network.leaky_slope": 0.01,
    "network.prelu_init": 0.25,
    "network.prelu_per_unit": False,
    "network.rrelu_lower": 0.125,
    "network.rrelu_upper": 0.3333333333333333,
    "network.elu_alpha": 1.0,
    "network.maxout_pieces": 2,
    "network.batch_norm": False,
    "network.bn_momentum": 0.1,
    "network.bn_eps": 1e-05,
    "network.residual": False,
    "init.name": "normal",
    "init.mean": 0.0,
    "init.std": 1.0,
    "init.low": 0.0,
    "init.high": 1.0,
    "init.value": 0.0,
    "init.gain": 1.0,
    "init.mode": "fan_in",
    "init.nonlinearity": "leaky_relu",
    "init.a": 0.0,
    "init.scale": 1.0,
    "init.bias": 0.0,
    "data.name": "teacher",
    "data.samples": 512,
    "data.features": 8,
    "data.outputs": 1,
    "data.classes": 3,
    "data.noise": 0.1,
    "data.path": "",
    "init.path": "",
    "data.batch_size": 32,
    "optimizer.name": "sgd",
    "optimizer.lr": 0.1,
    "optimizer.momentum": 0.0,
    "optimizer.weight_decay": 0.0,
    "optimizer.beta1": 0.9,
    "optimizer.beta2": 0.999,
    "optimizer.eps": 1e-08,
    "clip.grad_norm": 0.0,
    "clip.grad_value": 0.0,
    "clip.weight": 0.0,
}
"""Every field's value in format 1 when neither the base nor the code gives one."""
