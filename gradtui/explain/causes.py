"""Why a layer's gradient is zero, small or large, named from the snapshot's own numbers.

Every cause is read off facts the pass measured, never guessed from the config alone:

- the local factor's parts, ‖∂L/∂a_{l-1}‖ ÷ ‖∂L/∂a_l‖ split along the chain rule
  ∂L/∂a_{l-1} = ((∂L/∂a_l ⊙ f'(z_l)) → batch norm → ·W_lᵀ) (+ the shortcut);
- whether f'(z) is 0 for every unit and example (``dead_fraction == 1``), whether ‖W_l‖ is 0,
  and whether a product of factors none of which is 0 came out 0 (underflow: every factor's
  norm is above 0, the product's is 0).

``zero_cause`` says why a layer passed exactly 0 on although something arrived; ``shrink_cause``
and ``growth_cause`` why it made the gradient much smaller or larger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import BackwardStats, ForwardStats, Snapshot

__all__ = [
    "RELU_FAMILY",
    "Cause",
    "FactorParts",
    "factor_parts",
    "growth_cause",
    "shrink_cause",
    "zero_cause",
    "zero_origin",
]

RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "rrelu"})
"""Activations whose slope is exactly 0 (ReLU) or a constant below 0: units can die."""
DEAD_SHARE = 0.2
"""From this share of dead (or saturated) units on, they are named as the cause."""
UNDERFLOW_BOUND = 1e-290
"""A product whose factors' norms multiply to less than this may round to 0 in float64
(smallest subnormal ≈ 4.9×10⁻³²⁴; the margin covers sums of many tiny terms)."""


class Cause(StrEnum):
    """What made the gradient passed on from a layer zero, small or large."""

    DEAD = "dead"
    """f'(z) = 0 for every unit and example (ReLU's dead units)."""
    ZERO_SLOPE_WHERE_IT_ARRIVES = "zero_slope_where"
    """Some slopes are 0 and the arriving gradient falls only on them."""
    SATURATED = "saturated"
    """sigmoid/tanh units where f'(z) is near 0, or rounds to exactly 0."""
    SIGMOID_SLOPE = "sigmoid"
    """σ' ≤ 1/4: each sigmoid layer quarters the gradient unless the weights make up."""
    SMALL_SLOPE = "small_slope"
    """Another activation's slope, well below 1 on this batch."""
    UNDERFLOW = "underflow"
    """No factor was 0, but the product fell below float64's smallest number."""
    ZERO_WEIGHT = "zero_weight"
    """W_l = 0 exactly (e.g. constant init 0)."""
    SMALL_WEIGHTS = "small_weights"
    LARGE_WEIGHTS = "large_weights"
    CONSTANT_WEIGHTS = "constant_weights"
    """Every weight has the same value v ≠ 0: each layer scales by about v·width."""
    BATCH_NORM = "batch_norm"
    """Batch norm's backward rescaled (or, for a 0, removed) the gradient."""
    RESIDUAL = "residual"
    """The shortcut carries the gradient (and adds it to the branch's)."""


@dataclass(frozen=True, slots=True)
class FactorParts:
    """The local factor ‖∂L/∂a_{l-1}‖ ÷ ‖∂L/∂a_l‖ along the chain rule. Without a shortcut
    ``local = activation · batch_norm · weights``; with one, ``branch`` is the branch's share
    and the shortcut adds ∂L/∂a_l (or ∂L/∂a_l·W_sᵀ) to it."""

    activation: float
    """‖∂L/∂z‖ ÷ ‖∂L/∂a‖: the activation's slope f'(z)."""
    batch_norm: float
    """‖∂L/∂h‖ ÷ ‖∂L/∂z‖: batch norm's rescaling (1 without batch norm)."""
    weights: float
    """‖∂L/∂h·Wᵀ‖ ÷ ‖∂L/∂h‖: the weights."""
    branch: float
    """‖∂L/∂h·Wᵀ‖ ÷ ‖∂L/∂a‖, the product of the three."""
    local: float


def _ratio(top: float, bottom: float) -> float:
    if bottom == 0:
        return math.inf if top else 1.0
    return top / bottom


def factor_parts(back: BackwardStats) -> FactorParts:
    """The local factor of ``back`` split into the activation's, batch norm's and the
    weights' parts."""
    grad_h = back.grad_z_norm if math.isnan(back.grad_h_norm) else back.grad_h_norm
    branch = back.grad_branch_norm
    if math.isnan(branch):  # a snapshot made before the branch was measured
        branch = back.grad_in_norm
    return FactorParts(
        activation=_ratio(back.grad_z_norm, back.grad_a_norm),
        batch_norm=_ratio(grad_h, back.grad_z_norm),
        weights=_ratio(branch, grad_h),
        branch=_ratio(branch, back.grad_a_norm),
        local=back.local_factor,
    )


def zero_cause(forward: ForwardStats, back: BackwardStats) -> Cause | None:
    """Why the layer of ``back`` passed exactly 0 back through its branch although
    ‖∂L/∂a_l‖ > 0; None when it did not (or nothing arrived)."""
    if back.grad_a_norm == 0 or math.isnan(back.grad_a_norm):
        return None
    parts = factor_parts(back)
    if parts.branch != 0:
        return None
    if back.grad_z_norm == 0:
        if forward.dead_fraction == 1.0:  # f'(z) = 0 for every unit and example
            return Cause.SATURATED if _saturating(forward.activation) else Cause.DEAD
        if forward.fprime_min > 0 or back.grad_a_norm * forward.fprime_max < UNDERFLOW_BOUND:
            return Cause.UNDERFLOW  # no slope was 0: only rounding makes x·y = 0
        return Cause.ZERO_SLOPE_WHERE_IT_ARRIVES
    grad_h = back.grad_z_norm if math.isnan(back.grad_h_norm) else back.grad_h_norm
    if grad_h == 0:
        return Cause.BATCH_NORM
    if back.weight_norm == 0:
        return Cause.ZERO_WEIGHT
    if grad_h * back.weight_norm < UNDERFLOW_BOUND:
        return Cause.UNDERFLOW
    return Cause.ZERO_WEIGHT  # the weights that meet it are 0, though not all of W is


def zero_origin(snapshot: Snapshot, layer: int) -> int | None:
    """The layer whose passing-on made ‖∂L/∂a_layer‖ exactly 0: the nearest layer above
    ``layer`` that received a gradient; None if ‖∂L/∂a_layer‖ is not 0 (or not known)."""
    back = snapshot.backward[layer - 1]
    if back is None or back.grad_a_norm != 0:
        return None
    for above in range(layer + 1, snapshot.depth + 1):
        later = snapshot.backward[above - 1]
        if later is None:
            return None
        if later.grad_a_norm != 0:
            return above
    return None  # the loss's own gradient is 0: nothing to learn from this batch


def shrink_cause(forward: ForwardStats, back: BackwardStats, info: LayerInfo) -> Cause:
    """The part of the local factor that shrank the gradient most, and its reason."""
    parts = factor_parts(back)
    smallest = min(parts.activation, parts.batch_norm, parts.weights)
    if smallest == parts.activation:
        activation = info.activation
        if forward.dead_fraction >= DEAD_SHARE and activation in RELU_FAMILY:
            return Cause.DEAD
        if forward.saturated_fraction >= DEAD_SHARE:
            return Cause.SATURATED
        if activation == "sigmoid":
            return Cause.SIGMOID_SLOPE
        return Cause.SMALL_SLOPE
    if smallest == parts.batch_norm and info.batch_norm:
        return Cause.BATCH_NORM
    if back.weight_norm == 0:
        return Cause.ZERO_WEIGHT
    return Cause.SMALL_WEIGHTS


def growth_cause(back: BackwardStats, info: LayerInfo, constant_init: bool) -> Cause:
    """The part of the local factor that grew the gradient most, and its reason."""
    parts = factor_parts(back)
    if info.shortcut != "none" and parts.branch < 1 < parts.local:
        return Cause.RESIDUAL  # the shortcut adds ∂L/∂a_l itself to a small branch
    largest = max(parts.activation, parts.batch_norm, parts.weights)
    if largest == parts.batch_norm and info.batch_norm:
        return Cause.BATCH_NORM
    return Cause.CONSTANT_WEIGHTS if constant_init else Cause.LARGE_WEIGHTS


def _saturating(activation: str) -> bool:
    info = ACTIVATION_INFO.get(activation)
    return bool(info and info.saturating)
