"""Losses with PyTorch's default reductions, each returning the loss and its gradient."""

from __future__ import annotations

import numpy as np

from gradtui.sim.activations import sigmoid


def mse(prediction: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """``nn.MSELoss()``: mean over every element of (ŷ − y)². Returns (loss, ∂L/∂ŷ)."""
    diff = prediction - target
    loss = float(np.mean(diff * diff))
    grad = diff * (2.0 / diff.size)
    return loss, grad


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, stable for any finite logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """``nn.CrossEntropyLoss()``: softmax, then mean negative log-likelihood over the batch.

    ``logits`` (n, classes), ``labels`` (n,) integers. Returns (loss, ∂L/∂logits).
    """
    n = logits.shape[0]
    log_probs = log_softmax(logits)
    rows = np.arange(n)
    loss = float(-log_probs[rows, labels].mean())
    grad = np.exp(log_probs)
    grad[rows, labels] -= 1.0
    grad /= n
    return loss, grad


def binary_cross_entropy(
    logits: np.ndarray, probabilities: np.ndarray, target: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Binary cross-entropy of one sigmoid output, mean over the batch.

    Computed from the logits z, as ``nn.BCEWithLogitsLoss()`` does, which equals
    ``nn.BCELoss()(sigmoid(z), y)`` wherever PyTorch's BCELoss does not clamp its logs at
    −100. Returns (loss, ∂L/∂a, ∂L/∂z) with a = σ(z).

    Every term is written with σ(z) and σ(−z), each computed directly from z, never as
    1 − σ(z): a saturated output has σ(z) = 1 in float64 (z > 37), and 1 − σ(z) would be 0
    where σ(−z) = e^−z/(1 + e^−z) is still about 10⁻¹⁷. So
    ∂L/∂z = ((1 − y)·σ(z) − y·σ(−z))/n and ∂L/∂a = ((1 − y)/σ(−z) − y/σ(z))/n are exact to
    rounding; ∂L/∂a is inf only where its true value is beyond float64 (|z| > 709 on the
    wrong side), and the stepper reports that as a non-finite value.
    """
    n = logits.size
    # log(1 + e^z) − y·z, written so that it never overflows.
    loss_terms = np.maximum(logits, 0.0) - logits * target + np.log1p(np.exp(-np.abs(logits)))
    loss = float(loss_terms.mean())
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        sigma_neg, _ = sigmoid(-logits)  # σ(−z) = 1 − σ(z), without the cancellation
        positive = target != 0
        negative = target != 1
        weight_neg = 1.0 - target
        grad_logits = np.where(negative, weight_neg * probabilities, 0.0)
        grad_logits -= np.where(positive, target * sigma_neg, 0.0)
        grad_logits /= n
        # Each term only where its weight is not 0: 0/σ with σ = 0 would be NaN.
        grad_probabilities = np.where(negative, weight_neg / sigma_neg, 0.0)
        grad_probabilities -= np.where(positive, target / probabilities, 0.0)
        grad_probabilities /= n
    dtype = probabilities.dtype
    return loss, grad_probabilities.astype(dtype, copy=False), grad_logits.astype(dtype, copy=False)


def evaluate(
    name: str, logits: np.ndarray, output: np.ndarray, target: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray | None]:
    """The loss ``name`` of the output layer: (loss, ∂L/∂a_L, ∂L/∂z_L or None).

    ``logits`` is z_L and ``output`` a_L (the same array except for bce, where a_L = σ(z_L));
    ∂L/∂z_L is given only where the loss computes it directly (bce).
    """
    if name == "mse":
        loss, grad = mse(output, target)
        return loss, grad, None
    if name == "cross_entropy":
        loss, grad = cross_entropy(output, target)
        return loss, grad, None
    if name == "bce":
        return binary_cross_entropy(logits, output, target)
    raise ValueError(f"unknown loss {name!r}")
