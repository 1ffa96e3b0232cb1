"""Record a PyTorch training run's gradient flow into a watch file (needs ``gradtui[torch]``).

::

    from gradtui.watch import watch

    w = watch(model, "run.gradtui")
    for x, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        w.step(loss)  # after backward, before optimizer.step()
        optimizer.step()

Rows, in the order the forward pass first calls them: every module that owns parameters
(``W`` rows: ‖∂L/∂θ‖ and ‖θ‖ over all the parameters it owns itself, weight and bias
together, and the update's size ‖Δθ‖ ÷ ‖θ‖) and every activation module (``a`` rows: the norm
of the gradient arriving at its output, the share of dead units for ReLU and ReLU6, a unit
being one entry of the output apart from its first, batch, dimension, whose output is
exactly 0 for every example; the share of saturated entries for sigmoid and tanh, f' below
``SATURATION_SHARE`` of the largest slope, as gradtui's simulator counts them). A module
called several times in one step (one ``nn.ReLU`` used after every layer) counts all its
calls together. Norms are float64 and do not underflow (``gradtui.sim.numerics.norm``).

The update: ``step()`` runs before ``optimizer.step()``, so the update is seen at the next
call: step t's record holds ‖θ_t − θ_{t−1}‖ ÷ ‖θ_{t−1}‖, the update the optimizer made after
step t − 1 (NaN at the first step, and where step t − 1's parameters were not kept). That
needs no optimizer hook, sees whatever changed the weights (weight decay, clipping, a
scheduler) and costs one copy of the parameters.

The cost: recording a step reads every parameter and its gradient a few times in float64,
which for a wide network at a small batch costs as much as the step itself. So by default a
step is recorded only while recording has taken at most ``BUDGET`` (5%) of the training's
time; the others are skipped (``budget=None`` records them all; ``recorded`` counts them).

inf and NaN: when the loss or any recorded value is not finite, the step records where they
first appeared: the first module, in forward order, whose output holds one, else the first
in backward order (from the output) whose gradients do, else the loss.
"""

from __future__ import annotations

import math
import os
import time
import warnings

import numpy as np
import torch
from torch import nn

from gradtui.sim.activations import ACTIVATION_INFO
from gradtui.sim.numerics import norm as exact_norm
from gradtui.sim.numerics import safe_ratio
from gradtui.sim.stats import SATURATION_SHARE
from gradtui.watch.fileformat import DEFAULT_CAPACITY, STATS, WHERE, Header, Row, Writer

__all__ = ["ACTIVATIONS", "BUDGET", "Watch", "watch"]

ACTIVATIONS: tuple[type[nn.Module], ...] = (
    nn.Sigmoid,
    nn.Tanh,
    nn.ReLU,
    nn.ReLU6,
    nn.LeakyReLU,
    nn.PReLU,
    nn.RReLU,
    nn.ELU,
    nn.SELU,
    nn.CELU,
    nn.GELU,
    nn.SiLU,
    nn.Mish,
    nn.Softplus,
    nn.Softsign,
    nn.Hardtanh,
    nn.Hardsigmoid,
    nn.Hardswish,
    nn.LogSigmoid,
    nn.Tanhshrink,
)
"""Activation modules that get an ``a`` row."""
_DEAD = (nn.ReLU, nn.ReLU6)
"""Where an output of exactly 0 means f'(z) = 0: a unit that is 0 for every example is dead."""
_SATURATING = {
    nn.Sigmoid: ACTIVATION_INFO["sigmoid"].fprime_range[1],
    nn.Tanh: ACTIVATION_INFO["tanh"].fprime_range[1],
}
"""Largest slopes, from the simulator's table."""
_SUMSQ_LOW = 1e-280
BUDGET = 0.05
MAX_CALLS = 256
"""Calls of one module kept between two ``step`` calls at most (a loop that forgets to call
``step`` must not keep every activation it ever made)."""
"""Share of the training's time the recording may take, by default."""


def watch(
    model: nn.Module,
    path: str | os.PathLike[str],
    *,
    capacity: int = DEFAULT_CAPACITY,
    updates: bool = True,
    budget: float | None = BUDGET,
) -> Watch:
    """Start recording ``model``'s gradients into ``path``: call ``step(loss)`` after each
    ``loss.backward()``.

    ``budget``: the share of the training's time recording may take (5% by default). A
    step is recorded in full while the recording so far took at most that share of the
    time between ``step`` calls; past it, steps are skipped until it is back within (the
    file has the real step numbers, so a big model is recorded every few steps, a small one
    at every step). ``budget=None`` records every step whatever it costs. A step whose loss
    is inf or NaN is always recorded. ``updates=False`` skips ‖Δθ‖ ÷ ‖θ‖ (and its copy of
    the parameters). ``capacity``: steps the file keeps one per record at the least."""
    return Watch(model, path, capacity=capacity, updates=updates, budget=budget)


class _Entry:
    """What the hooks gather for one module during one step."""

    __slots__ = ("grads", "kind", "module", "name", "order", "outputs", "params")

    def __init__(self, name: str, module: nn.Module, kind: str) -> None:
        self.name = name
        self.module = module
        self.kind = kind
        self.outputs: list[torch.Tensor] = []
        self.grads: list[torch.Tensor] = []
        self.params: list[nn.Parameter] = []
        self.order = math.inf


class Watch:
    """The hooks on ``model`` and the file they write; see the module doc."""

    def __init__(
        self, model: nn.Module, path, *, capacity: int, updates: bool, budget: float | None
    ) -> None:
        self.model = model
        self.path = os.fspath(path)
        self._capacity = capacity
        self._updates = updates
        self._entries: list[_Entry] = []
        self._handles = []
        self._calls = 0
        self._rows: list[_Entry] | None = None
        self._writer: Writer | None = None
        self._previous: list[torch.Tensor] | None = None
        self._previous_step: int | None = None
        self._weight_norms: tuple[int, list[float]] = (-1, [])
        self._budget = budget
        self._armed = True
        self._recorded = 0
        self._train_seconds = 0.0
        self._own_seconds = 0.0
        self._since = time.perf_counter()
        self.steps = 0
        self._closed = False
        self.problem: str | None = None
        """Why recording stopped (the file could not be written), else None."""
        # A file that cannot be written is refused now, before the training starts.
        with open(self.path, "ab"):
            pass
        parents: dict[str, str] = {}
        for name, module in model.named_modules():
            own = [p for p in module.parameters(recurse=False) if p.requires_grad]
            label = name or type(module).__name__
            for child, _ in module.named_children():
                parents[f"{name}.{child}" if name else child] = name
            if own:
                entry = _Entry(label, module, "W")
                entry.params = own
                self._entries.append(entry)
            if isinstance(module, ACTIVATIONS):
                self._entries.append(_Entry(label, module, "a"))
        self._parents = parents
        watched: dict[int, list[_Entry]] = {}
        for entry in self._entries:
            watched.setdefault(id(entry.module), []).append(entry)
        for entries in watched.values():
            module = entries[0].module
            self._handles.append(module.register_forward_hook(self._forward_hook(entries)))

    # ------------------------------------------------------------------ hooks
    def _forward_hook(self, entries: list[_Entry]):
        def hook(module, inputs, output):
            if not torch.is_grad_enabled():
                return  # evaluation: not a training step
            self._calls += 1
            if len(entries[0].outputs) >= MAX_CALLS:
                return  # step() is not being called: keep nothing more
            for entry in entries:
                if entry.order == math.inf:
                    entry.order = self._calls
                tensors = _tensors(output)
                entry.outputs.extend(t.detach() for t in tensors)
                if entry.kind == "a" and self._armed:
                    for tensor in tensors:
                        if tensor.requires_grad:
                            tensor.register_hook(entry.grads.append)

        return hook

    # ------------------------------------------------------------------ a step
    def step(self, loss: torch.Tensor | float) -> None:
        """Record this step: call after ``loss.backward()``, before ``optimizer.step()``.

        Within the budget (see ``watch``) the step is recorded in full; otherwise only its
        loss is looked at, and a step whose loss is inf or NaN is recorded all the same."""
        if self.problem is not None or self._closed:
            return
        start = time.perf_counter()
        self._train_seconds += start - self._since
        loss_value = float(loss.detach()) if isinstance(loss, torch.Tensor) else float(loss)
        try:
            if self._rows is None:
                self._start()
            if self._armed or not math.isfinite(loss_value):
                self._record(loss_value)
        except OSError as error:
            # The training goes on: a full disk must not cost the run, only its record.
            self.problem = f"cannot write {self.path}: {error.strerror or error}"
            warnings.warn(f"gradtui.watch: {self.problem}; recording stopped", stacklevel=2)
            self.close()
            return
        for entry in self._rows:
            entry.outputs.clear()
            entry.grads.clear()
        self.steps += 1
        if self.steps > 1:  # the first step's setup (the file, the rows) is not a step's cost
            self._own_seconds += time.perf_counter() - start
        budget = self._budget
        self._armed = budget is None or self._own_seconds <= budget * self._train_seconds
        if self._armed and self._updates:
            # The next step's update is θ_next − θ_now: keep θ_now.
            started = time.perf_counter()
            self._keep_weights()
            self._own_seconds += time.perf_counter() - started
        self._since = time.perf_counter()

    @property
    def recorded(self) -> int:
        """How many steps were recorded in full."""
        return self._recorded

    def _record(self, loss_value: float) -> None:
        rows = self._rows
        assert rows is not None and self._writer is not None
        values = np.full((len(rows), STATS), math.nan)
        grads, weights, grad_owner, weight_owner = [], [], [], []
        for index, entry in enumerate(rows):
            if entry.kind == "W":
                for parameter in entry.params:
                    weights.append(parameter.detach())
                    weight_owner.append(index)
                    if parameter.grad is not None:
                        grads.append(parameter.grad.detach())
                        grad_owner.append(index)
            else:
                grads.extend(g.detach() for g in entry.grads)
                grad_owner.extend([index] * len(entry.grads))
        values[:, 0] = _by_owner(grads, grad_owner, len(rows))
        weight_norms = _by_owner(weights, weight_owner, len(rows))
        update = self._update_norms(weights, weight_owner, len(rows))
        shares = self._activation_shares(rows)
        for index, entry in enumerate(rows):
            if entry.kind == "W":
                values[index, 1] = weight_norms[index]
                values[index, 2] = update[index]
            else:
                values[index, 1], values[index, 2] = shares[index]
        self._weight_norms = (self.steps, weight_norms)
        bad_row, bad_where = -1, 0
        if not (math.isfinite(loss_value) and np.isfinite(values[:, :2]).all()):
            bad_row, bad_where = self._first_nonfinite(rows, loss_value)
        self._writer.append(self.steps, loss_value, bad_row, bad_where, values)
        self._recorded += 1

    def _start(self) -> None:
        """The rows, in the order the first forward pass called them; modules never called
        (a MultiheadAttention's out_proj, used through its weights) follow their parent."""
        entries = self._entries

        def order(entry: _Entry) -> tuple[float, int]:
            name = entry.name
            while entry.order == math.inf and name in self._parents:
                name = self._parents[name]
                parent = next((e for e in entries if e.name == name), None)
                if parent is not None and parent.order != math.inf:
                    return (parent.order + 0.5, entries.index(entry))
            return (entry.order, entries.index(entry))

        self._rows = sorted(entries, key=order)
        header = Header(
            type(self.model).__name__,
            tuple(
                Row(e.name, type(e.module).__name__, e.kind, sum(p.numel() for p in e.params))
                for e in self._rows
            ),
            self._capacity,
        )
        self._writer = Writer(self.path, header)

    def _keep_weights(self) -> None:
        """Copy the parameters as they are now (into the same buffers after the first)."""
        weights = [p.detach() for entry in self._rows or () for p in entry.params]
        with torch.no_grad():
            previous = self._previous
            if previous is not None and [p.shape for p in previous] == [w.shape for w in weights]:
                torch._foreach_copy_(previous, weights)
            else:
                self._previous = [w.clone() for w in weights]
        self._previous_step = self.steps - 1  # called just after the step was counted

    def _update_norms(self, weights, owner, rows) -> list[float]:
        """‖θ_t − θ_{t−1}‖ ÷ ‖θ_{t−1}‖ of each row (NaN unless θ_{t−1} was kept)."""
        result = [math.nan] * rows
        previous = self._previous
        if (
            not self._updates
            or previous is None
            or self._previous_step != self.steps - 1
            or [p.shape for p in previous] != [w.shape for w in weights]
        ):
            return result
        with torch.no_grad():
            step, norms = self._weight_norms
            before = norms if step == self.steps - 1 else _by_owner(previous, owner, rows)
            torch._foreach_sub_(previous, weights)  # θ_{t−1} − θ_t, in place
            delta = _by_owner(previous, owner, rows)
        self._previous_step = None
        for index in range(rows):
            if not math.isnan(before[index]):
                result[index] = safe_ratio(delta[index], before[index])
        return result

    def _activation_shares(self, rows) -> dict[int, tuple[float, float]]:
        """(dead share, saturated share) of each ``a`` row: NaN where it does not apply."""
        counts, where = [], []
        for index, entry in enumerate(rows):
            if entry.kind != "a" or not entry.outputs:
                continue
            module = entry.module
            if isinstance(module, _DEAD):
                for out in entry.outputs:
                    flat = out.reshape(out.shape[0], -1) if out.dim() > 1 else out.reshape(-1, 1)
                    counts.append((flat != 0).any(dim=0).logical_not().sum())
                    counts.append(torch.tensor(flat.shape[1]))
                    where.append((index, "dead"))
            slope = next((s for t, s in _SATURATING.items() if isinstance(module, t)), None)
            if slope is not None:
                limit = SATURATION_SHARE * slope
                for out in entry.outputs:
                    y = out.double()
                    fprime = y * (1 - y) if isinstance(module, nn.Sigmoid) else 1 - y * y
                    counts.append((fprime < limit).sum())
                    counts.append(torch.tensor(out.numel()))
                    where.append((index, "saturated"))
        numbers = torch.stack(counts).tolist() if counts else []
        totals: dict[tuple[int, str], list[int]] = {}
        for number, (index, name) in enumerate(where):
            total = totals.setdefault((index, name), [0, 0])
            total[0] += numbers[2 * number]
            total[1] += numbers[2 * number + 1]
        shares = {}
        for index, entry in enumerate(rows):
            if entry.kind != "a":
                continue
            dead = totals.get((index, "dead"))
            saturated = totals.get((index, "saturated"))
            shares[index] = (
                dead[0] / dead[1] if dead and dead[1] else math.nan,
                saturated[0] / saturated[1] if saturated and saturated[1] else math.nan,
            )
        return shares

    def _first_nonfinite(self, rows, loss_value: float) -> tuple[int, int]:
        with torch.no_grad():
            for index, entry in enumerate(rows):
                if any(not bool(torch.isfinite(out).all()) for out in entry.outputs if _real(out)):
                    return index, WHERE.index("forward")
            for index in range(len(rows) - 1, -1, -1):
                entry = rows[index]
                grads = (
                    entry.grads
                    if entry.kind == "a"
                    else [p.grad for p in entry.params if p.grad is not None]
                )
                if any(not bool(torch.isfinite(g).all()) for g in grads):
                    return index, WHERE.index("backward")
        if not math.isfinite(loss_value):
            return -1, WHERE.index("loss")
        return -1, 0  # a weight itself is inf or NaN: its row shows it

    def close(self) -> None:
        """Remove the hooks and close the file (what is written stays readable); later
        ``step`` calls do nothing."""
        self._closed = True
        for handle in self._handles:
            handle.remove()
        self._handles.clear()
        for entry in self._entries:
            entry.outputs.clear()
            entry.grads.clear()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.close()
            except OSError as error:
                warnings.warn(f"gradtui.watch: cannot finish {self.path}: {error}", stacklevel=2)

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _tensors(output) -> list[torch.Tensor]:
    if isinstance(output, torch.Tensor):
        return [output]
    if isinstance(output, (tuple, list)):
        return [t for item in output for t in _tensors(item)]
    return []


def _real(tensor: torch.Tensor) -> bool:
    return tensor.is_floating_point() or tensor.is_complex()


def tensor_norm(tensor: torch.Tensor) -> float:
    """‖tensor‖ in float64, as gradtui's simulator computes norms (``gradtui.sim.numerics``):
    the sum of squares in float64 (float32 entries are widened as they are read, so their
    squares can neither underflow nor overflow), and, only where that sum could be wrong
    (below 1e-280, or not finite), the scaled norm. inf and NaN give inf and NaN.

    The sum is NumPy's ``einsum``: one thread and no BLAS, so it neither allocates nor
    competes with the training's own threads for the cores."""
    t = tensor.detach()
    if t.device.type != "cpu":
        t = t.to("cpu")
    if t.dtype not in (torch.float32, torch.float64):
        t = t.float()
    flat = t.reshape(-1).numpy()
    total = float(np.einsum("i,i->", flat, flat, dtype=np.float64))
    if _SUMSQ_LOW < total < math.inf:
        return math.sqrt(total)
    return exact_norm(flat)


def _by_owner(tensors, owner, rows) -> list[float]:
    """The norm over each row's tensors (NaN for a row with none), combined by
    ``math.hypot``, which neither underflows nor overflows."""
    parts: list[list[float]] = [[] for _ in range(rows)]
    with torch.no_grad():
        for tensor, index in zip(tensors, owner, strict=True):
            parts[index].append(tensor_norm(tensor))
    return [math.hypot(*norms) if norms else math.nan for norms in parts]
