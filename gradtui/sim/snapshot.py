"""What one step of the stepper reports: frozen, plain data that screens and tests read.

Layers are numbered 1..L here, as on the screen and in exports. A statistic that has not been
computed yet in the current pass is ``None`` (the whole ``ForwardStats`` or ``BackwardStats``
entry of a layer not reached yet is ``None``). Norms are Euclidean (Frobenius for matrices)
over the whole batch. inf and NaN are values, never exceptions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    """Where the stepper stands within one training step."""

    READY = "ready"
    """A new batch is loaded; nothing of this pass is computed yet."""
    FORWARD = "forward"
    """The forward pass has computed layers 1..``Snapshot.layer``."""
    LOSS = "loss"
    """The loss and its gradient with respect to the output are computed."""
    BACKWARD = "backward"
    """The backward pass has computed layers L..``Snapshot.layer``."""
    CLIP = "clip"
    """Gradient clipping has been applied (or skipped when it is off)."""
    UPDATE = "update"
    """The optimiser has updated the parameters; the next step loads the next batch."""


@dataclass(frozen=True, slots=True)
class ForwardStats:
    """One layer's forward pass: ``z = a_prev @ W + b`` (then batch norm), ``a = f(z)``."""

    layer: int
    activation: str
    z_norm: float
    """‖z_l‖, the pre-activation (after batch norm when it is on)."""
    z_mean: float
    z_std: float
    a_norm: float
    """‖a_l‖, the layer's output."""
    a_mean: float
    """Mean activation over batch and units (C13)."""
    fprime_mean: float
    """Mean of f'(z) over batch and units (C2). For maxout, the selected piece's slope (1)."""
    fprime_max: float
    fprime_hist: tuple[int, ...]
    """Counts of f'(z) in ``HIST_BINS`` equal bins over ``fprime_range``."""
    fprime_range: tuple[float, float]
    saturated_fraction: float
    """Share of (example, unit) entries with f'(z) below 10% of the activation's largest
    slope: sigmoid and tanh only, 0 for the others (C6)."""
    dead_fraction: float
    """Share of units whose f'(z) is 0 for every example of the batch (C9)."""
    finite: bool
    """False once z or a holds inf or NaN."""
    fprime_min: float = math.nan
    """Smallest f'(z): RReLU's smallest random slope in training, its fixed one in
    evaluation (C12)."""


@dataclass(frozen=True, slots=True)
class BackwardStats:
    """One layer's backward pass, from ∂L/∂a_l (arriving) to ∂L/∂a_{l-1} (leaving)."""

    layer: int
    grad_a_norm: float
    """‖∂L/∂a_l‖, the gradient arriving at this layer's output."""
    grad_z_norm: float
    """‖∂L/∂z_l‖."""
    grad_w_norm: float
    """‖∂L/∂W_l‖, what this layer learns from."""
    grad_b_norm: float
    grad_in_norm: float
    """‖∂L/∂a_{l-1}‖, the gradient leaving towards the input (∂L/∂x for layer 1)."""
    local_factor: float
    """‖∂L/∂a_{l-1}‖ / ‖∂L/∂a_l‖: how much this layer scaled the gradient (the chart's row
    l−1 against row l)."""
    running_product: float
    """‖∂L/∂a_{l-1}‖ / ‖∂L/∂a_L‖: what this layer passes on, against the output's gradient
    (C1, C2). In the README's words it is the running product of row l−1 (for layer 1, of
    ∂L/∂x, which has no row); ``share_of_output`` is row l's. Lessons and exports read it
    under this name."""
    weight_norm: float
    """‖W_l‖ during this pass."""
    same_sign_fraction: float
    """For example 0: share of this layer's neurons whose incoming weight gradients
    a_prev[0, i]·δ[0, j] (δ = ∂L/∂z) are all of one sign, zeros aside (C7). With sigmoid
    inputs (all positive) it is the share of neurons with δ[0, j] ≠ 0; with tanh, near 0."""
    neuron0_signs: tuple[int, int, int]
    """(positive, negative, zero) counts of neuron 1's incoming weight gradients for
    example 0 (C7)."""
    finite: bool
    """False once any of ‖∂L/∂a_l‖, ‖∂L/∂z_l‖, ‖∂L/∂a_{l-1}‖, ‖∂L/∂W_l‖, ‖∂L/∂b_l‖ is inf or
    NaN."""
    grad_h_norm: float = math.nan
    """‖∂L/∂h_l‖, below batch norm (h = a_{l-1} @ W + b); ‖∂L/∂z_l‖ without batch norm. Batch
    norm's share of the local factor is ‖∂L/∂h‖ / ‖∂L/∂z‖."""
    grad_branch_norm: float = math.nan
    """What the branch through W_l passes back, ‖∂L/∂h_l @ W_lᵀ‖; without a shortcut it is
    ‖∂L/∂a_{l-1}‖ itself, with one the shortcut adds ∂L/∂a_l (or ∂L/∂a_l @ W_sᵀ) to it."""
    share_of_output: float = math.nan
    """‖∂L/∂a_l‖ / ‖∂L/∂a_L‖: the running product of row l (1 at the output), what the
    chart's row l shows against the output's row."""

    # ---- One unit's weight-gradient signs for example 0 (C7), for the layer detail ----
    unit1_signs: tuple[float, ...] = ()
    """Signs (1, −1, 0; NaN for NaN) of unit 1's incoming weight gradients
    a_(l−1)[0, i]·δ[0, 1] for example 0 (δ = ∂L/∂h, below batch norm; maxout: the winning
    piece's column), for the first ``UNIT_SIGNS_KEPT`` inputs i."""
    one_sign_units: int = 0
    """Units whose incoming weight gradients for example 0 are all of one sign, zeros
    aside, and not all zero: every unit with δ[0, j] ≠ 0 when the layer's input is of one
    sign (sigmoid below), none when it has both signs (tanh below) (C7)."""


@dataclass(frozen=True, slots=True)
class ClipStats:
    """Gradient clipping of this step: the global 2-norm over every parameter's gradient."""

    norm_before: float
    norm_after: float
    clipped_by_norm: bool
    value_clipped_fraction: float
    """Share of gradient entries clamped by value clipping (0 when it is off)."""


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """One layer's parameter update."""

    layer: int
    delta_w_norm: float
    """‖ΔW_l‖ of this update."""
    update_ratio: float
    """‖ΔW_l‖ / ‖W_l‖ (W before the update): how fast this layer learns (C1, C22)."""
    weight_norm: float
    """‖W_l‖ after the update (and weight clipping)."""
    prelu_alpha: tuple[float, ...] | None
    """PReLU's α after the update (C11); None for other activations."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The state after one call to the stepper. Immutable; keep as many as you like."""

    phase: Phase
    layer: int
    """The layer just computed (1..L) in FORWARD and BACKWARD, else 0."""
    batch: int
    """Index of the current batch (0 for the first)."""
    step: int
    """Training steps (updates) completed."""
    depth: int
    loss: float | None
    forward: tuple[ForwardStats | None, ...]
    backward: tuple[BackwardStats | None, ...]
    update: tuple[UpdateStats | None, ...]
    """The most recent update's statistics: they stay from one step's UPDATE to the next's
    (all None before the first update)."""
    clip: ClipStats | None
    first_nonfinite: str | None
    """Where inf or NaN first appeared in this pass, e.g. ``"forward layer 7"``, ``"loss"``,
    ``"backward layer 3"``; None while every number is finite."""
    # ---- Time (C8) ----
    pass_seconds: float | None = field(default=None, compare=False)
    """Wall time (``time.perf_counter``) the stepper spent on the last complete forward and
    backward pass of a batch, layer 1 forward to layer 1 backward, the loss and the
    statistics included, the screen not; None until one pass has completed. It stays
    until the next pass completes. Not compared: two snapshots of the same numbers are
    equal however long they took."""
