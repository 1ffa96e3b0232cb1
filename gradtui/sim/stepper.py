"""The stepper: one training step as a sequence of small stages, each returning a snapshot.

One training step is ``READY → forward layer 1..L → LOSS → backward layer L..1 → CLIP →
UPDATE``; the step after UPDATE loads the next batch (READY again). ``step()`` runs one
stage, ``back()`` undoes one (within the current training step, the update included),
``run_to()`` and ``train()`` go faster. Every stage runs the same code whether reached one
at a time or in a run, so the numbers are bit-identical either way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter

import numpy as np

from gradtui.config import Config, validate
from gradtui.sim import losses, stats
from gradtui.sim.data import Dataset, make_dataset
from gradtui.sim.layers import batchnorm_running_update
from gradtui.sim.network import LayerCache, LayerGrads, LayerInfo, Network
from gradtui.sim.numerics import keep_freed_memory, norm, safe_ratio
from gradtui.sim.optim import SGD, Adam, clip_grad_norm, clip_grad_value, total_norm
from gradtui.sim.snapshot import (
    BackwardStats,
    ClipStats,
    ForwardStats,
    Phase,
    Snapshot,
    UpdateStats,
)
from gradtui.sim.weights import read_weights

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` during ``train``."""


@dataclass
class _Undo:
    """What ``back()`` needs to return to the state before a stage."""

    position: int
    snapshot: Snapshot
    parameters: list[np.ndarray] | None = None
    buffers: list[np.ndarray] | None = None
    optimizer_state: object = None


class Stepper:
    """Steps a network built from ``config`` through training, one stage at a time."""

    def __init__(self, config: Config):
        self.config = validate(config)
        self.dataset: Dataset = make_dataset(config.data, config.seed, config.dtype)
        self._output_size = self.dataset.output_size(config.loss)
        # init.name = "file": read once; a reset starts again from these numbers.
        self._weights_file = read_weights(config.init.path) if config.init.name == "file" else None
        self._layers: tuple[Network | None, tuple[LayerInfo, ...]] = (None, ())
        """The network ``layers`` was read from, and what it read."""
        self.reset()
        # After building, not before: what building the data set freed goes back to the
        # system (at every start of the app); what passes free from now on is kept.
        keep_freed_memory()

    # ----------------------------------------------------------------- public interface
    @property
    def depth(self) -> int:
        return self.network.depth

    @property
    def layers(self) -> tuple[LayerInfo, ...]:
        """The shape of every layer, 1..L."""
        # Read at every stage (0.27 s a pass at depth 1000 if rebuilt each time). A layer's
        # info is fixed when its network is built (PReLU's α is a parameter, not in it), so
        # the tuple is kept until the stepper holds another network (reset, or one assigned).
        cached_for, infos = self._layers
        if cached_for is not self.network:
            infos = tuple(layer.info for layer in self.network.layers)
            self._layers = (self.network, infos)
        return infos

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot of the current state."""
        return self._snapshot

    @property
    def training(self) -> bool:
        return self.config.mode == "train"

    def reset(self) -> Snapshot:
        """A fresh network from the config (same seed: the same numbers), batch 0, READY."""
        config = self.config
        self.network = Network(config, self.dataset.features, self._output_size, self._weights_file)
        opt = config.optimizer
        if opt.name == "adam":
            self.optimizer: SGD | Adam = Adam(
                opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weight_decay
            )
        else:
            self.optimizer = SGD(opt.lr, opt.momentum, opt.weight_decay)
        self._weight_norms = [norm(layer.weights) for layer in self.network.layers]
        self._steps_done = 0
        self._batch = 0
        self._update: list[UpdateStats | None] = [None] * self.depth
        self._undo: list[_Undo] = []
        self._pass_seconds: float | None = None
        self._load_batch()
        self._snapshot = self._make_snapshot()
        return self._snapshot

    def step(self) -> Snapshot:
        """Run the next stage and return its snapshot."""
        undo = _Undo(self._position, self._snapshot)
        stage = self._position
        depth = self.depth
        with np.errstate(all="ignore"):
            if stage == self._update_position:
                self._undo.clear()
                self._batch += 1
                self._load_batch()
                self._snapshot = self._make_snapshot()
                return self._snapshot
            if stage == self._update_position - 1:
                undo.parameters = [param.copy() for param in self.network.parameters()]
                undo.buffers = self._buffers_copy()
                undo.optimizer_state = self.optimizer.state()
            self._run_stage(stage + 1, depth)
        self._position = stage + 1
        self._undo.append(undo)
        self._snapshot = self._make_snapshot()
        return self._snapshot

    def back(self) -> Snapshot:
        """Return to the state before the last stage of this training step (no-op at READY)."""
        if not self._undo:
            return self._snapshot
        undo = self._undo.pop()
        if undo.parameters is not None:
            for param, saved in zip(self.network.parameters(), undo.parameters, strict=True):
                param[...] = saved
            self._restore_buffers(undo.buffers)
            self.optimizer.restore(undo.optimizer_state)
            self._weight_norms = [norm(layer.weights) for layer in self.network.layers]
            self._steps_done -= 1
        self._position = undo.position
        self._restore_from(undo.snapshot)
        return self._snapshot

    def run_to(self, phase: Phase, layer: int | None = None) -> Snapshot:
        """Step until the snapshot is at ``phase`` (and ``layer``, if given); at least one
        stage is run. Intermediate snapshots are not kept for ``back()`` beyond this step."""
        while True:
            snapshot = self.step()
            if snapshot.phase == phase and (layer is None or snapshot.layer == layer):
                return snapshot

    def finish_pass(self) -> Snapshot:
        """Run forward and backward to layer 1 (the end of this batch's pass)."""
        if self._position >= self._backward_position(1):
            self.run_to(Phase.READY)
        return self.run_to(Phase.BACKWARD, 1)

    def restart(self) -> Snapshot:
        """Back to READY of the current batch, undoing this step's update if it happened.

        After ``train()``, whose updates are final, it moves on to the next batch instead.
        """
        while self._undo:
            self.back()
        if self._position == self._update_position:
            self._batch += 1
            self._load_batch()
        elif self._position != 0:
            self._begin_pass()
        else:
            return self._snapshot
        self._snapshot = self._make_snapshot()
        return self._snapshot

    def full_pass(self) -> Snapshot:
        """The whole forward and backward pass of the current batch at once, with every
        statistic (no intermediate snapshots); starts with ``restart()`` if the pass has
        begun. Leaves the stepper at BACKWARD layer 1."""
        self.restart()
        depth = self.depth
        with np.errstate(all="ignore"):
            for stage in range(1, self._backward_position(1) + 1):
                self._run_stage(stage, depth)
        self._position = self._backward_position(1)
        self._undo.clear()
        self._snapshot = self._make_snapshot()
        return self._snapshot

    def train(self, steps: int, progress: ProgressCallback | None = None) -> Snapshot:
        """Complete ``steps`` training steps (updates), ending at UPDATE.

        The step in progress counts as the first. ``progress(done, steps)`` is called after
        each one.
        """
        depth = self.depth
        for done in range(1, steps + 1):
            if self._position == self._update_position:
                self._batch += 1
                self._load_batch()
            with np.errstate(all="ignore"):
                for stage in range(self._position + 1, self._update_position + 1):
                    self._run_stage(stage, depth)
            self._position = self._update_position
            if progress is not None:
                progress(done, steps)
        self._undo.clear()
        self._snapshot = self._make_snapshot()
        return self._snapshot

    def jacobian_singular_values(self, layer: int, example: int = 0) -> np.ndarray:
        """Singular values of layer ``layer``'s Jacobian ∂a_l/∂a_{l-1} for one example of the
        current batch (runs the forward pass up to that layer if needed)."""
        if self._caches[layer - 1] is None or self._position < layer:
            self.run_to(Phase.FORWARD, layer)
        return stats.jacobian_singular_values(
            self.network.layers[layer - 1], self._caches[layer - 1], example
        )

    def network_jacobian_singular_values(self, example: int = 0) -> np.ndarray | None:
        """Singular values of the whole network's Jacobian ∂a_L/∂x = J_L···J_1 for one
        example (C21), the product of the layers' Jacobians; None until the forward pass
        has reached the output. Never runs a stage. Under- and overflow are values."""
        if self._caches[-1] is None or self._position < self.depth:
            return None
        product = None
        with np.errstate(all="ignore"):
            for params, cache in zip(self.network.layers, self._caches, strict=True):
                jacobian = stats.layer_jacobian(params, cache, example)
                product = jacobian if product is None else jacobian @ product
            if not np.all(np.isfinite(product)):
                return np.full(min(product.shape), np.nan)
            return np.linalg.svd(product, compute_uv=False)

    def forward_values(self, layer: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Layer ``layer``'s (z, a) of this pass, read-only; None before the forward pass has
        reached it. Unlike ``jacobian_singular_values`` it never runs a stage."""
        cache = self._caches[layer - 1]
        if cache is None or self._position < layer:
            return None
        z, a = cache.z.view(), cache.a.view()
        z.flags.writeable = a.flags.writeable = False
        return z, a

    def weight_singular_values(self, layer: int) -> np.ndarray:
        """Singular values of W_l (C21)."""
        weights = self.network.layers[layer - 1].weights.astype(np.float64)
        return np.linalg.svd(weights, compute_uv=False)

    def pass_arrays(self) -> dict[str, np.ndarray]:
        """Every array of this batch's pass, keyed as in the export format (see README).

        Needs the backward pass to have reached layer 1. Weights are those the pass used
        (before this step's update); gradients are the raw ones (before clipping).
        """
        if self._position < self._backward_position(1):
            raise RuntimeError("the backward pass has not reached layer 1 yet")
        weights = self._weights_used_in_pass()
        arrays: dict[str, np.ndarray] = {
            "x": self._x,
            "y": self._targets,
            "loss": np.array(self._loss, dtype=self.network.dtype),
        }
        for index, layer in enumerate(self.network.layers, start=1):
            cache = self._caches[index - 1]
            grads = self._grads[index - 1]
            used = weights[index - 1]
            arrays[f"W{index}"] = used["W"]
            arrays[f"b{index}"] = used["b"]
            arrays[f"z{index}"] = cache.z
            arrays[f"a{index}"] = cache.a
            arrays[f"grad_W{index}"] = grads.grad_weights
            arrays[f"grad_b{index}"] = grads.grad_bias
            arrays[f"grad_z{index}"] = grads.grad_z
            arrays[f"grad_a{index}"] = grads.grad_a
            for name, _ in layer.parameters():
                if name not in ("W", "b"):
                    arrays[f"{name}{index}"] = used[name]
                    arrays[f"grad_{name}{index}"] = grads.extra[name]
            if cache.bn is not None:
                arrays[f"h{index}"] = cache.h
                arrays[f"bn_mean{index}"] = cache.bn.mean
                arrays[f"bn_var{index}"] = cache.bn.var
            if isinstance(cache.slopes, np.ndarray):
                arrays[f"rrelu_slope{index}"] = cache.slopes
        return arrays

    # ----------------------------------------------------------------- stages
    @property
    def _update_position(self) -> int:
        return 2 * self.depth + 3

    def _backward_position(self, layer: int) -> int:
        return 2 * self.depth + 2 - layer

    def _load_batch(self) -> None:
        x, y = self.dataset.batch(self._batch, self.config.data.batch_size, self.config.seed)
        self._x = x
        self._targets = self.dataset.targets(y, self.config.loss)
        self._begin_pass()

    def _begin_pass(self) -> None:
        """Forget this batch's pass (nothing of it is computed any more)."""
        depth = self.depth
        self._position = 0
        self._caches: list[LayerCache | None] = [None] * depth
        self._grads: list[LayerGrads | None] = [None] * depth
        self._forward: list[ForwardStats | None] = [None] * depth
        self._backward: list[BackwardStats | None] = [None] * depth
        self._clip: ClipStats | None = None
        self._loss: float | None = None
        self._loss_grads: tuple[np.ndarray, np.ndarray | None] | None = None
        self._output_grad_norm = math.nan
        self._effective_grads: list[np.ndarray] | None = None
        self._first_nonfinite: str | None = None
        # Each stage's time of this pass, kept per stage so that a stage run again after
        # back() replaces its time instead of adding to it.
        self._stage_seconds = [0.0] * (2 * depth + 1)

    def _run_stage(self, stage: int, depth: int) -> None:
        started = perf_counter()
        self._run_stage_untimed(stage, depth)
        if stage <= 2 * depth + 1:  # the pass: forward, loss, backward
            self._stage_seconds[stage - 1] = perf_counter() - started
            if stage == 2 * depth + 1:
                self._pass_seconds = math.fsum(self._stage_seconds)

    def _run_stage_untimed(self, stage: int, depth: int) -> None:
        if stage <= depth:
            self._forward_stage(stage)
        elif stage == depth + 1:
            self._loss_stage()
        elif stage <= 2 * depth + 1:
            self._backward_stage(2 * depth + 2 - stage)
        elif stage == 2 * depth + 2:
            self._clip_stage()
        else:
            self._update_stage()

    def _forward_stage(self, layer: int) -> None:
        a_prev = self._x if layer == 1 else self._caches[layer - 2].a
        cache = self.network.forward_layer(
            layer, a_prev, self.training, (self.config.seed, self._batch, layer)
        )
        self._caches[layer - 1] = cache
        forward = stats.forward_stats(self.network.layers[layer - 1], cache)
        self._forward[layer - 1] = forward
        if not forward.finite:
            self._note_nonfinite(f"forward layer {layer}")

    def _loss_stage(self) -> None:
        output = self._caches[-1]
        loss, grad_a, grad_z = losses.evaluate(self.config.loss, output.z, output.a, self._targets)
        self._loss = loss
        self._loss_grads = (grad_a, grad_z)
        self._output_grad_norm = norm(grad_a)
        if not math.isfinite(loss):
            self._note_nonfinite("loss")

    def _backward_stage(self, layer: int) -> None:
        depth = self.depth
        if layer == depth:
            grad_a, grad_z = self._loss_grads
            grad_a_norm = self._output_grad_norm
        else:
            grad_a, grad_z = self._grads[layer].grad_in, None
            grad_a_norm = self._backward[layer].grad_in_norm
        cache = self._caches[layer - 1]
        grads = self.network.backward_layer(layer, grad_a, cache, grad_z)
        self._grads[layer - 1] = grads
        backward = stats.backward_stats(
            self.network.layers[layer - 1],
            cache,
            grads,
            grad_a_norm,
            self._output_grad_norm,
            self._weight_norms[layer - 1],
        )
        self._backward[layer - 1] = backward
        if not backward.finite:
            self._note_nonfinite(f"backward layer {layer}")

    def _raw_grads(self) -> list[np.ndarray]:
        return [
            grad
            for params, grads in zip(self.network.layers, self._grads, strict=True)
            for grad in grads.parameter_grads(params)
        ]

    def _clip_stage(self) -> None:
        clip = self.config.clip
        raw = self._raw_grads()
        # The total norm before clipping, reusing the W and b norms of the backward pass.
        norms = []
        for params, grads_, stats_ in zip(
            self.network.layers, self._grads, self._backward, strict=True
        ):
            norms += [stats_.grad_w_norm, stats_.grad_b_norm]
            norms += [norm(grads_.extra[name]) for name, _ in params.parameters()[2:]]
        before = norm(np.array(norms))
        grads = raw
        value_fraction = 0.0
        after = before
        clipped_by_norm = False
        if clip.grad_norm > 0 or clip.grad_value > 0:
            grads = [grad.copy() for grad in raw]
            if clip.grad_value > 0:
                value_fraction = clip_grad_value(grads, clip.grad_value)
                after = total_norm(grads)
            if clip.grad_norm > 0:
                norm_in, after = clip_grad_norm(grads, clip.grad_norm)
                clipped_by_norm = not clip.grad_norm / (norm_in + 1e-6) >= 1.0
        self._effective_grads = grads
        self._clip = ClipStats(
            norm_before=before,
            norm_after=after,
            clipped_by_norm=clipped_by_norm,
            value_clipped_fraction=value_fraction,
        )

    def _update_stage(self) -> None:
        network = self.network
        before = [layer.weights.copy() for layer in network.layers]
        self.optimizer.step(network.parameters(), self._effective_grads)
        limit = self.config.clip.weight
        if limit > 0:
            for param in network.parameters():
                np.clip(param, -limit, limit, out=param)
        if self.training:
            momentum = self.config.network.bn_momentum
            for layer, cache in zip(network.layers, self._caches, strict=True):
                if cache.bn is not None:
                    layer.running_mean, layer.running_var = batchnorm_running_update(
                        layer.running_mean, layer.running_var, cache.bn, len(self._x), momentum
                    )
        self._steps_done += 1
        for index, layer in enumerate(network.layers):
            delta = norm(layer.weights - before[index])
            old_norm = self._weight_norms[index]
            new_norm = norm(layer.weights)
            self._weight_norms[index] = new_norm
            alpha = None if layer.alpha is None else tuple(float(v) for v in layer.alpha)
            self._update[index] = UpdateStats(
                layer=index + 1,
                delta_w_norm=delta,
                update_ratio=safe_ratio(delta, old_norm),
                weight_norm=new_norm,
                prelu_alpha=alpha,
            )

    # ----------------------------------------------------------------- helpers
    def _note_nonfinite(self, where: str) -> None:
        if self._first_nonfinite is None:
            self._first_nonfinite = where

    def _buffers_copy(self) -> list[np.ndarray]:
        return [
            array.copy()
            for layer in self.network.layers
            if layer.running_mean is not None
            for array in (layer.running_mean, layer.running_var)
        ]

    def _restore_buffers(self, saved: list[np.ndarray] | None) -> None:
        arrays = iter(saved or [])
        for layer in self.network.layers:
            if layer.running_mean is not None:
                layer.running_mean = next(arrays)
                layer.running_var = next(arrays)

    def _weights_used_in_pass(self) -> list[dict[str, np.ndarray]]:
        if self._position == self._update_position and self._undo:
            saved = iter(self._undo[-1].parameters)
            return [
                {name: next(saved) for name, _ in layer.parameters()}
                for layer in self.network.layers
            ]
        return [dict(layer.parameters()) for layer in self.network.layers]

    def _phase_and_layer(self) -> tuple[Phase, int]:
        position = self._position
        depth = self.depth
        if position == 0:
            return Phase.READY, 0
        if position <= depth:
            return Phase.FORWARD, position
        if position == depth + 1:
            return Phase.LOSS, 0
        if position <= 2 * depth + 1:
            return Phase.BACKWARD, 2 * depth + 2 - position
        if position == 2 * depth + 2:
            return Phase.CLIP, 0
        return Phase.UPDATE, 0

    def _make_snapshot(self) -> Snapshot:
        phase, layer = self._phase_and_layer()
        return Snapshot(
            phase=phase,
            layer=layer,
            batch=self._batch,
            step=self._steps_done,
            depth=self.depth,
            loss=self._loss,
            forward=tuple(self._forward),
            backward=tuple(self._backward),
            update=tuple(self._update),
            clip=self._clip,
            first_nonfinite=self._first_nonfinite,
            pass_seconds=self._pass_seconds,
        )

    def _restore_from(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._forward = list(snapshot.forward)
        self._backward = list(snapshot.backward)
        self._update = list(snapshot.update)
        self._clip = snapshot.clip
        self._loss = snapshot.loss
        self._first_nonfinite = snapshot.first_nonfinite
        self._pass_seconds = snapshot.pass_seconds
        if self._position <= self.depth:
            self._loss_grads = None
            self._output_grad_norm = math.nan
