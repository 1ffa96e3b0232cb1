"""Losses with PyTorch's default reductions, each returning the loss and its gradient."""

from __future__ import annotations

import numpy as np


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

    Computed from the logits z (``nn.BCEWithLogitsLoss()``), which equals
    ``nn.BCELoss()(sigmoid(z), y)`` wherever PyTorch's BCELoss does not clamp its logs at
    −100. Returns (loss, ∂L/∂a, ∂L/∂z) with a = σ(z): ∂L/∂z = (a − y)/n is exact and stable
    even where ∂L/∂a = (a − y) / (a(1 − a)·n) overflows.
    """
    n = logits.size
    # log(1 + e^z) − y·z, written so that it never overflows.
    loss_terms = np.maximum(logits, 0.0) - logits * target + np.log1p(np.exp(-np.abs(logits)))
    loss = float(loss_terms.mean())
    diff = probabilities - target
    grad_logits = diff / n
    with np.errstate(divide="ignore", invalid="ignore"):
        grad_probabilities = grad_logits / (probabilities * (1.0 - probabilities))
    return loss, grad_probabilities, grad_logits


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
