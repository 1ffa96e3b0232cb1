"""Closed-form reasons behind the measurements (C5, C3/C19).

- The sigmoid window (C5): for one unit a = σ(w·x + b), the factor |w·σ'(w·x + b)| is ≥ 1
  only for x in an interval. Since σ'(u) = σ(u)(1 − σ(u)) ≥ 1/|w| exactly when
  σ(u) ∈ [(1 − s)/2, (1 + s)/2] with s = √(1 − 4/|w|), the interval in u is [−u*, u*] with
  u* = ln((1 + s)/(1 − s)), and in x its width is 2u*/|w|. It is empty for |w| ≤ 4 (σ' is
  at most 1/4) and largest, about 0.4477, at |w| ≈ 6.894: sigmoid networks rarely explode.
- The mean-field factor (Poole et al. 2016, Schoenholz et al. 2017): with weights of
  variance σ_w²/fan_in, a layer multiplies the squared gradient norm on average by
  χ = σ_w² · E[f'(z)²], z drawn from the layer's pre-activation distribution; the norm
  itself by √χ. χ < 1 predicts vanishing, χ > 1 exploding.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.sim import activations

_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def sigmoid_window_width(weight: float) -> float:
    """Width of the set of inputs x where |w·σ'(w·x + b)| ≥ 1 (any b); 0 for |w| ≤ 4."""
    magnitude = abs(weight)
    if magnitude <= 4.0:
        return 0.0
    if math.isinf(magnitude):
        return 0.0  # the limit: the width falls as log|w| / |w|
    s = math.sqrt(1.0 - 4.0 / magnitude)
    # log((1 + s) / (1 − s)) without 1 − s, which rounds to 0 for |w| above about 1e16:
    # 1 − s = (1 − s²) / (1 + s) = (4 / |w|) / (1 + s), so it is 2·log(1 + s) + log(|w| / 4)
    # (two logs, so that no product overflows either).
    return 2.0 * (2.0 * math.log1p(s) + math.log(magnitude / 4.0)) / magnitude


def sigmoid_window_peak(tolerance: float = 1e-12) -> tuple[float, float]:
    """(|w|, width) where the window is widest, by golden-section search on (4, 100)."""
    low, high = 4.0, 100.0
    left = high - _GOLDEN * (high - low)
    right = low + _GOLDEN * (high - low)
    while high - low > tolerance:
        if sigmoid_window_width(left) < sigmoid_window_width(right):
            low, left = left, right
            right = low + _GOLDEN * (high - low)
        else:
            high, right = right, left
            left = high - _GOLDEN * (high - low)
    best = (low + high) / 2.0
    return best, sigmoid_window_width(best)


_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(81)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def expected_square_slope(activation: str, mean: float, std: float, **parameters: float) -> float:
    """E[f'(z)²] for z ~ N(mean, std²), by 81-point Gauss–Hermite quadrature.

    ``parameters`` are the activation's (``leaky_slope``, ``elu_alpha``); PReLU and RReLU
    are taken at slope ``leaky_slope``, maxout as slope 1.
    """
    z = (mean + std * _NODES)[None, :]
    name = {"prelu": "leaky_relu", "rrelu": "leaky_relu", "maxout": "identity"}.get(
        activation, activation
    )
    function = activations.elementwise(name, **parameters)
    with np.errstate(all="ignore"):
        _, fprime = function(z)
    return float(np.dot(_WEIGHTS, fprime[0] ** 2))


def mean_field_chi(
    activation: str, weight_variance: float, mean: float, std: float, **parameters: float
) -> float:
    """χ = σ_w²·E[f'(z)²], with σ_w² = fan_in · Var(W) (the weights' variance times fan-in)."""
    return weight_variance * expected_square_slope(activation, mean, std, **parameters)
