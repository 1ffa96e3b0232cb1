"""The pure math of each layer kind: forward and backward, no bookkeeping.

Shapes: a batch of ``n`` examples; a dense layer maps ``(n, fan_in)`` to ``(n, fan_out)``
with ``W`` of shape ``(fan_in, fan_out)`` and ``b`` of shape ``(fan_out,)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def linear_forward(a_prev: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """``h = a_prev @ W + b``: (n, fan_in) -> (n, fan_out)."""
    h = a_prev @ weights
    h += bias
    return h


def linear_backward(
    grad_h: np.ndarray, a_prev: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From ∂L/∂h (n, fan_out) to (∂L/∂a_prev (n, fan_in), ∂L/∂W (fan_in, fan_out), ∂L/∂b)."""
    grad_weights = a_prev.T @ grad_h
    grad_bias = grad_h.sum(axis=0)
    grad_in = grad_h @ weights.T
    return grad_in, grad_weights, grad_bias


@dataclass(frozen=True)
class BatchNormCache:
    """What the backward pass of BatchNorm1d needs from its forward pass."""

    normalized: np.ndarray
    """x̂ = (h − μ) / √(var + eps), (n, units)."""
    inv_std: np.ndarray
    """1 / √(var + eps), (units,)."""
    gamma: np.ndarray
    mean: np.ndarray
    """The mean used: the batch's in training, the running one in evaluation."""
    var: np.ndarray
    """The biased variance used: the batch's in training, the running one in evaluation."""
    training: bool


def batchnorm_forward(
    h: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    eps: float,
    training: bool,
    running_mean: np.ndarray,
    running_var: np.ndarray,
) -> tuple[np.ndarray, BatchNormCache]:
    """BatchNorm1d: ``z = γ · (h − μ) / √(var + eps) + β`` per unit, (n, units) -> (n, units).

    In training, μ and var are the batch's mean and biased variance; in evaluation, the
    running estimates. (Updating the running estimates is the caller's business: see
    ``batchnorm_running_update``.)
    """
    if training:
        mean = h.mean(axis=0)
        centred = h - mean
        var = np.mean(centred * centred, axis=0)
    else:
        mean = running_mean
        centred = h - mean
        var = running_var
    inv_std = 1.0 / np.sqrt(var + eps)
    normalized = centred * inv_std
    z = normalized * gamma
    z += beta
    return z, BatchNormCache(normalized, inv_std, gamma, mean, var, training)


def batchnorm_backward(
    grad_z: np.ndarray, cache: BatchNormCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From ∂L/∂z to (∂L/∂h, ∂L/∂γ, ∂L/∂β).

    In training the batch statistics depend on every example, which gives the usual
    ∂L/∂h = (inv_std / n) · (n·g − Σg − x̂·Σ(g·x̂)) with g = γ·∂L/∂z (Ioffe & Szegedy 2015).
    """
    grad_gamma = np.sum(grad_z * cache.normalized, axis=0)
    grad_beta = grad_z.sum(axis=0)
    grad_normalized = grad_z * cache.gamma
    if not cache.training:
        return grad_normalized * cache.inv_std, grad_gamma, grad_beta
    n = grad_z.shape[0]
    sum_g = grad_normalized.sum(axis=0)
    sum_gx = np.sum(grad_normalized * cache.normalized, axis=0)
    grad_h = grad_normalized * n
    grad_h -= sum_g
    grad_h -= cache.normalized * sum_gx
    grad_h *= cache.inv_std / n
    return grad_h, grad_gamma, grad_beta


def batchnorm_running_update(
    running_mean: np.ndarray,
    running_var: np.ndarray,
    cache: BatchNormCache,
    n: int,
    momentum: float,
) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's update: running ← (1 − momentum)·running + momentum·batch, with the
    batch variance made unbiased (× n / (n − 1)) as PyTorch does."""
    unbiased = cache.var * (n / (n - 1)) if n > 1 else cache.var
    new_mean = (1.0 - momentum) * running_mean + momentum * cache.mean
    new_var = (1.0 - momentum) * running_var + momentum * unbiased
    return new_mean, new_var
