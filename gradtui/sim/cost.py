"""The bare cost of an activation (C8): f(z) and f'(z) over a fixed array, timed here and now.

A pass of a network does much more than its activations (matrix products, and the statistics
gradtui gathers at every layer), so the time of a pass hides most of the difference between
a sigmoid and a ReLU. This measures the activation alone: the same function the network
calls, computing a and f'(z) together, on ``SIZE`` numbers spread over [−6, 6]. Each
activation is timed ``REPEATS`` times, the activations taking turns so that a burst of load
on a shared machine slows them all alike, and the fastest run is kept (the others were
slowed by something else). Nothing is cached: every call measures again.
"""

from __future__ import annotations

from collections.abc import Sequence
from time import perf_counter

import numpy as np

from gradtui.sim import activations

__all__ = ["ACTIVATIONS", "REPEATS", "SIZE", "activation_costs"]

ACTIVATIONS = ("relu", "leaky_relu", "elu", "sigmoid", "tanh", "softplus", "silu", "gelu")
"""The activations the table compares, cheapest kinds first (ReLU is the reference)."""
SIZE = 16_384
"""Numbers per run: large enough that one call's overhead is a small part, small enough
that every activation's runs take a fraction of a second in all."""
REPEATS = 9
"""Runs per activation; the fastest is kept."""


def activation_costs(
    names: Sequence[str] = ACTIVATIONS,
    *,
    size: int = SIZE,
    repeats: int = REPEATS,
    leaky_slope: float = 0.01,
    elu_alpha: float = 1.0,
) -> dict[str, float]:
    """Seconds per element of f(z) and f'(z) together for each activation of ``names`` that
    needs only z (others are left out), the fastest of ``repeats`` runs, measured now."""
    z = np.linspace(-6.0, 6.0, size).reshape(1, size)
    functions = {}
    for name in names:
        function = activations.elementwise(name, leaky_slope=leaky_slope, elu_alpha=elu_alpha)
        if function is not None:
            function(z)  # the first call pays for what numpy sets up once
            functions[name] = function
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeats):
        for name, function in functions.items():
            start = perf_counter()
            function(z)
            best[name] = min(best[name], perf_counter() - start)
    return {name: seconds / size for name, seconds in best.items()}
