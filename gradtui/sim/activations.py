"""Activation functions, each computed together with its derivative.

Every function takes the pre-activation ``z`` of shape ``(batch, units)`` and returns
``(a, fprime)``: the activation and f'(z) elementwise, both of ``z``'s shape and dtype. They
are numerically stable (sigmoid and softplus of ±1000 are exact) and print no warnings.
Conventions follow PyTorch: relu'(0) = 0, leaky_relu'(0) = α, elu'(0) = α, gelu is the
exact erf form.

PReLU, RReLU and Maxout need more than ``z`` (a learned α, random slopes, several pieces);
their helpers are at the end and the network calls them directly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradtui.sim.numerics import erf

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def identity(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return z, np.ones_like(z)


def sigmoid(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # 1 / (1 + e^-z): for z < -709, e^-z overflows to inf and the result is the correct 0.
    a = np.negative(z)
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    fprime = 1.0 - a
    fprime *= a
    return a, fprime


def tanh(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.tanh(z)
    fprime = a * a
    np.subtract(1.0, fprime, out=fprime)
    return a, fprime


def relu(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    positive = z > 0
    return z * positive, positive.astype(z.dtype)


def leaky_relu_with(slope: float) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Leaky ReLU, max(0, z) + slope·min(0, z), with derivative ``slope`` for z ≤ 0."""

    def leaky_relu(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        fprime = np.where(z > 0, 1.0, slope).astype(z.dtype, copy=False)
        return z * fprime, fprime

    return leaky_relu


def elu_with(alpha: float) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """ELU: z for z > 0, α(e^z − 1) otherwise; derivative α·e^z there."""

    def elu(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        negative_part = np.expm1(np.minimum(z, 0.0))
        negative_part *= alpha
        positive = z > 0
        a = np.where(positive, z, negative_part)
        fprime = np.where(positive, 1.0, negative_part + alpha).astype(z.dtype, copy=False)
        return a, fprime

    return elu


def softplus(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): never overflows. PyTorch returns z itself
    # above z = 20 (its threshold); the exact value differs from that by less than 2e-9.
    a = np.log1p(np.exp(-np.abs(z)))
    a += np.maximum(z, 0.0)
    fprime, _ = sigmoid(z)
    return a, fprime


def gelu(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Exact GELU, z·Φ(z) (PyTorch's default approximate="none").
    cdf = erf(z * _SQRT_HALF)
    cdf += 1.0
    cdf *= 0.5
    with np.errstate(under="ignore"):
        pdf = np.exp(-0.5 * z * z)
    pdf *= _INV_SQRT_2PI
    return z * cdf, cdf + z * pdf


def silu(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s, _ = sigmoid(z)
    a = z * s
    # d/dz z·σ(z) = σ(z)·(1 + z·(1 − σ(z))) = σ(z) + a·(1 − σ(z))
    fprime = s + a * (1.0 - s)
    return a, fprime


def prelu(z: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PReLU with learned α of shape (1,) (one per layer) or (units,) (one per unit)."""
    positive = z > 0
    fprime = np.where(positive, 1.0, alpha).astype(z.dtype, copy=False)
    return z * fprime, fprime


def prelu_alpha_grad(grad_a: np.ndarray, z: np.ndarray, alpha_shape: tuple[int, ...]):
    """∂L/∂α for PReLU: Σ ∂L/∂a · min(0, z), over the batch (and units if α is shared)."""
    contribution = grad_a * np.minimum(z, 0.0)
    if alpha_shape == (1,):
        return np.array([contribution.sum()], dtype=z.dtype)
    return contribution.sum(axis=0)


def rrelu_slopes(
    shape: tuple[int, ...], lower: float, upper: float, rng: np.random.Generator, dtype
) -> np.ndarray:
    """RReLU's random negative slopes for training: one per element, uniform on [lower, upper]."""
    return rng.uniform(lower, upper, size=shape).astype(dtype, copy=False)


def rrelu(z: np.ndarray, slopes: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """RReLU with given slopes: drawn per element in training, (lower + upper)/2 in eval."""
    fprime = np.where(z > 0, 1.0, slopes).astype(z.dtype, copy=False)
    return z * fprime, fprime


def maxout(z: np.ndarray, pieces: int) -> tuple[np.ndarray, np.ndarray]:
    """Maxout over ``pieces`` linear pieces.

    ``z`` has shape (batch, units·pieces), unit j's pieces being columns j·pieces .. j·pieces +
    pieces − 1. Returns ``a`` of shape (batch, units) and the index of the winning piece
    (batch, units): the gradient flows only into that piece (slope 1).
    """
    batch, columns = z.shape
    grouped = z.reshape(batch, columns // pieces, pieces)
    winner = grouped.argmax(axis=2)
    a = np.take_along_axis(grouped, winner[:, :, None], axis=2)[:, :, 0]
    return a, winner


def maxout_backward(grad_a: np.ndarray, winner: np.ndarray, pieces: int) -> np.ndarray:
    """Scatter ∂L/∂a (batch, units) into ∂L/∂z (batch, units·pieces) at the winning pieces."""
    batch, units = grad_a.shape
    grad_z = np.zeros((batch, units, pieces), dtype=grad_a.dtype)
    np.put_along_axis(grad_z, winner[:, :, None], grad_a[:, :, None], axis=2)
    return grad_z.reshape(batch, units * pieces)


@dataclass(frozen=True)
class ActivationInfo:
    """What the statistics need to know about an activation."""

    name: str
    symbol: str
    """How the explanation names the derivative, e.g. σ' for sigmoid."""
    fprime_range: tuple[float, float]
    """Where f'(z) lives: the histogram's range."""
    saturating: bool
    """True for sigmoid and tanh, whose derivative goes to 0 on both sides."""
    max_slope: float
    """The largest value f'(z) takes."""
    needs_exp: bool
    """True when computing it takes an exponential (C8, C13)."""


# GELU's derivative ranges over about [-0.1700, 1.1289] and SiLU's over [-0.0998, 1.0998].
ACTIVATION_INFO: dict[str, ActivationInfo] = {
    "identity": ActivationInfo("identity", "f'", (0.0, 1.0), False, 1.0, False),
    "sigmoid": ActivationInfo("sigmoid", "σ'", (0.0, 0.25), True, 0.25, True),
    "tanh": ActivationInfo("tanh", "tanh'", (0.0, 1.0), True, 1.0, True),
    "relu": ActivationInfo("relu", "relu'", (0.0, 1.0), False, 1.0, False),
    "leaky_relu": ActivationInfo("leaky_relu", "f'", (0.0, 1.0), False, 1.0, False),
    "prelu": ActivationInfo("prelu", "f'", (0.0, 1.0), False, 1.0, False),
    "rrelu": ActivationInfo("rrelu", "f'", (0.0, 1.0), False, 1.0, False),
    "elu": ActivationInfo("elu", "f'", (0.0, 1.0), False, 1.0, True),
    "maxout": ActivationInfo("maxout", "f'", (0.0, 1.0), False, 1.0, False),
    "softplus": ActivationInfo("softplus", "f'", (0.0, 1.0), False, 1.0, True),
    "gelu": ActivationInfo("gelu", "f'", (-0.17, 1.13), False, 1.13, True),
    "silu": ActivationInfo("silu", "f'", (-0.1, 1.1), False, 1.1, True),
}


def elementwise(
    name: str, *, leaky_slope: float = 0.01, elu_alpha: float = 1.0
) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None:
    """The (a, f'(z)) function for an activation that needs only z; None for the others."""
    simple = {
        "identity": identity,
        "sigmoid": sigmoid,
        "tanh": tanh,
        "relu": relu,
        "softplus": softplus,
        "gelu": gelu,
        "silu": silu,
    }
    if name in simple:
        return simple[name]
    if name == "leaky_relu":
        return leaky_relu_with(leaky_slope)
    if name == "elu":
        return elu_with(elu_alpha)
    return None
