"""Per-layer statistics, read from arrays the pass has already computed.

Each statistic is a single reduction over an array the pass made anyway: no extra passes
over weights in the forward or backward pass, no singular values unless asked for. Call
these inside ``np.errstate(all="ignore")``: inf and NaN are values to report.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.network import LayerCache, LayerGrads, LayerParams
from gradtui.sim.numerics import norm_unchecked as norm
from gradtui.sim.numerics import safe_ratio
from gradtui.sim.snapshot import BackwardStats, ForwardStats

HIST_BINS = 10
"""Bins of the f'(z) histogram."""
SATURATION_SHARE = 1 / HIST_BINS
"""A sigmoid or tanh entry is saturated where f'(z) is below this share of its largest slope
(the first bin of the histogram, whose range is [0, largest slope] for both)."""


def fprime_histogram(
    fprime: np.ndarray, low: float, high: float, smallest: float | None = None
) -> tuple[int, ...]:
    """Counts of f'(z) in ``HIST_BINS`` equal bins over [low, high]; values outside go to the
    end bins, NaN to the first. ``smallest`` is min f'(z) if already known (saves a pass)."""
    scaled = fprime.ravel() - low if low else fprime.ravel()
    scaled = scaled * (HIST_BINS / (high - low))
    largest = float(scaled.max())
    if smallest is None:
        smallest = float(fprime.min())
    finite = math.isfinite(largest) and math.isfinite(smallest)
    if not finite:
        np.nan_to_num(scaled, copy=False, nan=0.0, posinf=HIST_BINS - 1, neginf=0.0)
    bins = scaled.astype(np.intp)
    np.minimum(bins, HIST_BINS - 1, out=bins)
    if not (finite and smallest >= low):
        np.maximum(bins, 0, out=bins)
    return tuple(np.bincount(bins, minlength=HIST_BINS).tolist())


def _mean_and_std(array: np.ndarray, array_norm: float) -> tuple[float, float]:
    """Mean and (population) standard deviation, reusing the array's norm.

    var = ‖x‖²/n − mean² loses digits when the mean dwarfs the spread; then (or when the
    norm is not finite) the spread is taken the careful two-pass way.
    """
    flat = array.ravel()
    mean = float(flat.sum()) / flat.size
    root_mean_square = array_norm / math.sqrt(flat.size)
    if 1e-140 < root_mean_square < 1e140 and math.isfinite(mean):
        mean_square = root_mean_square * root_mean_square
        variance = mean_square - mean * mean
        if variance > 1e-6 * mean_square:
            return mean, math.sqrt(variance)
    centred = flat - mean
    return mean, norm(centred) / math.sqrt(flat.size)


def forward_stats(params: LayerParams, cache: LayerCache) -> ForwardStats:
    """Statistics of one layer's forward pass."""
    info = params.info
    activation = ACTIVATION_INFO[info.activation]
    fprime = cache.fprime
    z_norm = norm(cache.z)
    a_norm = norm(cache.a)
    z_mean, z_std = _mean_and_std(cache.z, z_norm)
    unit_max = fprime.max(axis=0)
    unit_min = fprime.min(axis=0)
    fprime_max = float(unit_max.max())
    fprime_min = float(unit_min.min())
    dead = np.count_nonzero((unit_max == 0) & (unit_min == 0))
    low, high = activation.fprime_range
    histogram = fprime_histogram(fprime, low, high, fprime_min)
    # Saturated: f'(z) below a tenth of the largest slope, the histogram's first bin.
    saturated_fraction = histogram[0] / fprime.size if activation.saturating else 0.0
    return ForwardStats(
        layer=info.index,
        activation=info.activation,
        z_norm=z_norm,
        z_mean=z_mean,
        z_std=z_std,
        a_norm=a_norm,
        a_mean=float(cache.a.sum()) / cache.a.size,
        fprime_mean=float(fprime.sum()) / fprime.size,
        fprime_max=fprime_max,
        fprime_hist=histogram,
        fprime_range=activation.fprime_range,
        saturated_fraction=saturated_fraction,
        dead_fraction=int(dead) / unit_max.size,
        finite=math.isfinite(z_norm) and math.isfinite(a_norm),
        fprime_min=fprime_min,
    )


def backward_stats(
    params: LayerParams,
    cache: LayerCache,
    grads: LayerGrads,
    grad_a_norm: float,
    output_grad_norm: float,
    weight_norm: float,
) -> BackwardStats:
    """Statistics of one layer's backward pass.

    ``grad_a_norm`` is ‖∂L/∂a_l‖ (the next layer's leaving norm, already known), and
    ``output_grad_norm`` is ‖∂L/∂a_L‖, the output's.
    """
    grad_in_norm = norm(grads.grad_in)
    grad_w_norm = norm(grads.grad_weights)
    grad_z_norm = norm(grads.grad_z)
    grad_b_norm = norm(grads.grad_bias)
    grad_h_norm = norm(grads.grad_h) if cache.bn is not None else grad_z_norm
    shortcut = params.info.shortcut
    if shortcut == "none":
        grad_branch_norm = grad_in_norm
    elif shortcut == "identity":
        # grad_in = branch + ∂L/∂a_l, so the difference is the branch up to one rounding of
        # ‖∂L/∂a_l‖'s size; exactly 0 when the branch passed exactly 0 back.
        grad_branch_norm = norm(grads.grad_in - grads.grad_a)
    else:  # projection: only where widths change, so the extra product is rare
        grad_branch_norm = norm(grads.grad_h @ params.weights.T)
    # C7: ∂L/∂W_ij = a_prev[0, i]·δ[0, j] for example 0; for a neuron with δ ≠ 0 the signs
    # agree exactly when the layer's input is of one sign.
    inputs = cache.a_prev[0]
    delta = grads.grad_h[0]
    one_signed = bool((inputs >= 0).all() or (inputs <= 0).all())
    nonzero_delta = int(np.count_nonzero(delta))
    same_sign_fraction = nonzero_delta / delta.size if one_signed else 0.0
    signs = np.sign(inputs * delta[0])
    positive = int(np.count_nonzero(signs > 0))
    negative = int(np.count_nonzero(signs < 0))
    norms = (grad_a_norm, grad_z_norm, grad_in_norm, grad_w_norm, grad_b_norm)
    return BackwardStats(
        layer=params.info.index,
        grad_a_norm=grad_a_norm,
        grad_z_norm=grad_z_norm,
        grad_w_norm=grad_w_norm,
        grad_b_norm=grad_b_norm,
        grad_in_norm=grad_in_norm,
        local_factor=safe_ratio(grad_in_norm, grad_a_norm),
        running_product=safe_ratio(grad_in_norm, output_grad_norm),
        weight_norm=weight_norm,
        same_sign_fraction=same_sign_fraction,
        neuron0_signs=(positive, negative, signs.size - positive - negative),
        finite=all(math.isfinite(value) for value in norms),
        grad_h_norm=grad_h_norm,
        grad_branch_norm=grad_branch_norm,
        share_of_output=safe_ratio(grad_a_norm, output_grad_norm),
        **unit_sign_stats(params, cache, grads),
    )


# ---- One unit's weight-gradient signs for example 0 (C7), for the layer detail ----
UNIT_SIGNS_KEPT = 16
"""How many of unit 1's incoming weight-gradient signs a snapshot keeps (the detail shows
them all on one line)."""


def unit_sign_stats(params: LayerParams, cache: LayerCache, grads: LayerGrads) -> dict:
    """``BackwardStats.unit1_signs`` and ``one_sign_units`` from example 0's row of the
    layer's input and of ∂L/∂h: O(fan_in + fan_out), no outer product is formed.

    ∂L/∂W_ij for example 0 is a_(l−1)[0, i]·δ[0, j], so its sign is sign(a_i)·sign(δ_j): a
    unit's incoming signs agree exactly when δ_j ≠ 0 and the input's nonzero entries share
    one sign."""
    inputs = cache.a_prev[0]
    delta = grads.grad_h[0]
    if cache.winner is not None:
        # Maxout: unit j's incoming weights are its winning piece's column of W.
        pieces = params.info.pieces
        delta = delta[np.arange(params.info.fan_out) * pieces + cache.winner[0]]
    input_signs = np.sign(inputs)
    unit1_signs = input_signs[:UNIT_SIGNS_KEPT] * np.sign(delta[0])
    one_signed = bool((input_signs >= 0).all() or (input_signs <= 0).all())
    any_nonzero = bool(np.count_nonzero(input_signs))
    # NaN compares false both ways, so a NaN input or δ never counts as agreeing.
    agreeing = int(np.count_nonzero(np.abs(delta) > 0)) if one_signed and any_nonzero else 0
    return {
        "unit1_signs": tuple(float(sign) for sign in unit1_signs),
        "one_sign_units": agreeing,
    }


def jacobian_singular_values(params: LayerParams, cache: LayerCache, example: int = 0):
    """Singular values of the layer's Jacobian ∂a_l/∂a_{l-1} for one example (C21)."""
    jacobian = layer_jacobian(params, cache, example)
    return np.linalg.svd(jacobian, compute_uv=False)


def layer_jacobian(params: LayerParams, cache: LayerCache, example: int = 0) -> np.ndarray:
    """The layer's Jacobian ∂a_l/∂a_{l-1} for one example, (fan_out × fan_in), float64.

    For a dense layer it is diag(f'(z))·Wᵀ, plus I or Wsᵀ for a shortcut. Batch norm enters
    through its per-unit scale γ/√(var + eps), with the batch statistics held fixed.
    Maxout's Jacobian takes each unit's winning column of W.
    """
    info = params.info
    weights = params.weights
    if cache.winner is not None:
        columns = np.arange(info.fan_out) * info.pieces + cache.winner[example]
        scale = np.ones(info.fan_out)
        if cache.bn is not None:
            scale = (cache.bn.gamma * cache.bn.inv_std)[columns]
        jacobian = (weights[:, columns] * scale).T
    else:
        scale = cache.fprime[example].astype(np.float64)
        if cache.bn is not None:
            scale = scale * cache.bn.gamma * cache.bn.inv_std
        jacobian = scale[:, None] * weights.T
    if params.shortcut_weights is not None:
        jacobian = jacobian + params.shortcut_weights.T
    elif info.shortcut == "identity":
        jacobian = jacobian + np.eye(info.fan_out)
    return jacobian.astype(np.float64)
