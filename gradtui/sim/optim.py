"""Optimisers and clipping with PyTorch's semantics (``torch.optim``, ``torch.nn.utils``).

Parameters and gradients are lists of arrays, updated in place.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.sim.numerics import norm


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[float, float]:
    """``clip_grad_norm_(params, max_norm)``: scale every gradient by
    min(1, max_norm / (total + 1e-6)), total being the 2-norm of all of them together.

    Returns (total norm before, total norm after). As in PyTorch (error_if_nonfinite=False),
    an infinite total scales by 0 and a NaN total by NaN.
    """
    before = total_norm(grads)
    coefficient = max_norm / (before + 1e-6)
    if coefficient < 1.0 or math.isnan(coefficient):
        for grad in grads:
            grad *= coefficient
    return before, total_norm(grads)


def clip_grad_value(grads: list[np.ndarray], clip_value: float) -> float:
    """``clip_grad_value_(params, clip_value)``: clamp every entry to [−v, v].

    Returns the share of entries that were clamped.
    """
    clamped = 0
    entries = 0
    for grad in grads:
        clamped += int(np.count_nonzero(np.abs(grad) > clip_value))
        entries += grad.size
        np.clip(grad, -clip_value, clip_value, out=grad)
    return clamped / entries if entries else 0.0


def total_norm(arrays: list[np.ndarray]) -> float:
    """The 2-norm of all arrays taken together."""
    return norm(np.array([norm(array) for array in arrays]))


class SGD:
    """``torch.optim.SGD(lr, momentum, weight_decay)`` (dampening 0, no Nesterov)."""

    def __init__(self, lr: float, momentum: float = 0.0, weight_decay: float = 0.0):
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.buffers: list[np.ndarray | None] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if self.buffers is None:
            self.buffers = [None] * len(params)
        for index, (param, grad) in enumerate(zip(params, grads, strict=True)):
            direction = grad + self.weight_decay * param if self.weight_decay else grad
            if self.momentum:
                buffer = self.buffers[index]
                if buffer is None:
                    buffer = direction.copy()
                else:
                    buffer *= self.momentum
                    buffer += direction
                self.buffers[index] = buffer
                direction = buffer
            param -= self.lr * direction

    def state(self) -> object:
        """A copy of the optimiser's state, to restore when stepping back over an update."""
        if self.buffers is None:
            return None
        return [None if buffer is None else buffer.copy() for buffer in self.buffers]

    def restore(self, state: object) -> None:
        self.buffers = state  # type: ignore[assignment]


class Adam:
    """``torch.optim.Adam(lr, betas, eps, weight_decay)`` (L2 weight decay, no AMSGrad),
    with PyTorch's order of operations."""

    def __init__(
        self,
        lr: float,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weight_decay = weight_decay
        self.steps = 0
        self.first: list[np.ndarray] | None = None
        self.second: list[np.ndarray] | None = None

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if self.first is None or self.second is None:
            self.first = [np.zeros_like(param) for param in params]
            self.second = [np.zeros_like(param) for param in params]
        self.steps += 1
        correction1 = 1.0 - self.beta1**self.steps
        correction2_sqrt = math.sqrt(1.0 - self.beta2**self.steps)
        step_size = self.lr / correction1
        for param, grad, first, second in zip(params, grads, self.first, self.second, strict=True):
            direction = grad + self.weight_decay * param if self.weight_decay else grad
            first *= self.beta1
            first += (1.0 - self.beta1) * direction
            second *= self.beta2
            second += (1.0 - self.beta2) * direction * direction
            denominator = np.sqrt(second) / correction2_sqrt
            denominator += self.eps
            param -= step_size * (first / denominator)

    def state(self) -> object:
        if self.first is None or self.second is None:
            return (self.steps, None, None)
        return (
            self.steps,
            [array.copy() for array in self.first],
            [array.copy() for array in self.second],
        )

    def restore(self, state: object) -> None:
        self.steps, self.first, self.second = state  # type: ignore[misc]
