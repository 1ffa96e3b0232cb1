"""Weight initialisers with ``torch.nn.init``'s names and formulas.

gradtui stores a dense layer's weights as ``W`` of shape ``(fan_in, fan_out)`` (so that
``z = a @ W + b``); PyTorch's ``Linear.weight`` is the transpose, ``(fan_out, fan_in)``. The
formulas use fan_in and fan_out as PyTorch does, so the distributions are the same (the
random numbers differ: NumPy's generator is not PyTorch's).
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.config import InitConfig


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """``torch.nn.init.calculate_gain``: the recommended gain for a nonlinearity."""
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def init_weights(
    spec: InitConfig, fan_in: int, fan_out: int, rng: np.random.Generator, dtype
) -> np.ndarray:
    """A ``(fan_in, fan_out)`` weight matrix drawn as ``spec`` says, times ``spec.scale``.

    - normal: N(mean, std²); uniform: U(low, high); constant: every weight = value.
    - xavier_normal: std = gain·√(2 / (fan_in + fan_out));
      xavier_uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).
    - kaiming_normal: std = gain / √fan_mode; kaiming_uniform: b = gain·√(3 / fan_mode),
      gain = calculate_gain(nonlinearity, a), fan_mode = fan_in or fan_out as ``mode`` says.
    - orthogonal: a (semi-)orthogonal matrix times gain, from the QR decomposition of a
      standard normal matrix with the signs of R's diagonal folded in (as PyTorch).
    - eye: ones on the diagonal, zeros elsewhere (``torch.nn.init.eye_``; a rectangular
      matrix has min(fan_in, fan_out) ones), so W = scale·I at any width.
    - file: zeros, to be replaced by the file's weights (``gradtui.sim.weights``); nothing
      is drawn.
    """
    shape = (fan_in, fan_out)
    name = spec.name
    if name == "normal":
        weights = rng.normal(spec.mean, spec.std, size=shape)
    elif name == "uniform":
        weights = rng.uniform(spec.low, spec.high, size=shape)
    elif name == "constant":
        weights = np.full(shape, spec.value, dtype=np.float64)
    elif name == "xavier_normal":
        std = spec.gain * math.sqrt(2.0 / (fan_in + fan_out))
        weights = rng.normal(0.0, std, size=shape)
    elif name == "xavier_uniform":
        bound = spec.gain * math.sqrt(6.0 / (fan_in + fan_out))
        weights = rng.uniform(-bound, bound, size=shape)
    elif name in ("kaiming_normal", "kaiming_uniform"):
        fan = fan_in if spec.mode == "fan_in" else fan_out
        gain = calculate_gain(spec.nonlinearity, spec.a)
        if name == "kaiming_normal":
            weights = rng.normal(0.0, gain / math.sqrt(fan), size=shape)
        else:
            bound = gain * math.sqrt(3.0 / fan)
            weights = rng.uniform(-bound, bound, size=shape)
    elif name == "orthogonal":
        weights = _orthogonal(fan_in, fan_out, rng) * spec.gain
    elif name == "eye":
        # The same matrix in PyTorch's (fan_out, fan_in) orientation, transposed.
        weights = np.eye(fan_in, fan_out)
    elif name == "file":
        return np.zeros(shape, dtype=dtype)
    else:
        raise ValueError(f"unknown initializer {name!r}")
    # Huge (but valid) parameters overflow here to inf, which the chart shows as overflow:
    # a value, not a warning on the terminal.
    with np.errstate(over="ignore", invalid="ignore"):
        if spec.scale != 1.0:
            weights = weights * spec.scale
        return np.ascontiguousarray(weights, dtype=dtype)


def _orthogonal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    # PyTorch's orthogonal_ on its (fan_out, fan_in) weight: QR of a normal matrix of the
    # taller orientation, Q's columns multiplied by the signs of R's diagonal. We build that
    # matrix and transpose it into gradtui's (fan_in, fan_out).
    rows, cols = fan_out, fan_in
    flat = rng.normal(0.0, 1.0, size=(rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return q.T
