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
step t − 1 (NaN at the first step, and where step t − 1 was not recorded). That needs no
optimizer hook and sees whatever changed the weights (weight decay, clipping, a scheduler):
θ_{t−1} is the float64 copy the step before made for its own norms (below).

The cost: every step is recorded. The parameters and gradients are copied, widened to
float64, into two flat buffers kept from step to step (the parameters' copy is also the
next step's θ_{t−1}), one ``torch._foreach_copy_`` each; their norms are one
``torch._foreach_norm`` per set (θ, θ_t − θ_{t−1}, ∂L/∂θ), and all of a step's numbers are
read back with a few ``stack`` + ``tolist``, not one ``.item()`` a module. The hooks keep no
output or gradient tensor: the forward hook reduces each output as it is made (its sum, to
know whether it is finite; a ReLU's per-unit sums and live-unit count; a sigmoid's or
tanh's saturated count), the gradient hook copies the gradient arriving at an activation's
output into a float64 buffer kept for that call from step to step. Everything runs on the
tensors' own device (NumPy only for the exact norm, where a sum of squares is below 1e-280
or not finite). Why float64 copies, even of a float32 model: a float32 sum of squares is
off by about 1e-7 of itself, and the squares of float32 numbers widened to float64 are
exact, so the recorded norms are those of the numbers the model holds to about 1e-15.
``budget`` (off by default) records a step only while recording (``step`` and the hooks)
has taken at most that share of the training's time (``recorded`` counts the steps
recorded).

inf and NaN: when the loss or any recorded value is not finite, the step records where they
first appeared: the first module, in forward order, whose output holds one (its sum, per
unit for a ReLU, is not finite: which is also the case of finite outputs so large that
their sum passes the largest float, 3.4e38 in float32: where the run overflows), else the
first in backward order (from the output) whose gradients do, else the loss.
"""

from __future__ import annotations

import itertools
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
_SUM_DTYPES = {torch.float16: torch.float32, torch.bfloat16: torch.float32}
"""An output's sum, whose finiteness tells whether the output holds inf or NaN, is taken
in float32 for half-precision outputs (65,504 is soon passed by a sum of finite ones)."""
BUDGET = 0.05
"""A share of the training's time to give ``budget``, where recording every step costs too
much (no budget by default)."""
MAX_CALLS = 256
"""Calls of one module kept between two ``step`` calls at most (a loop that forgets to call
``step`` must not keep every activation it ever made)."""


def watch(
    model: nn.Module,
    path: str | os.PathLike[str],
    *,
    capacity: int = DEFAULT_CAPACITY,
    updates: bool = True,
    budget: float | None = None,
) -> Watch:
    """Start recording ``model``'s gradients into ``path``: call ``step(loss)`` after each
    ``loss.backward()``.

    Every step is recorded unless ``budget`` is given: the share of the training's time
    recording may take (``BUDGET`` is 5%). A step is then recorded in full while the
    recording so far took at most that share of the time between ``step`` calls; past it,
    steps are skipped until it is back within (the file has the real step numbers), and a
    step whose loss is inf or NaN is always recorded (where it went inf or NaN, and its
    ``W`` rows; its ``a`` rows are NaN: a skipped step's hooks only check the outputs).
    ``updates=False`` skips ‖Δθ‖ ÷ ‖θ‖. ``capacity``: steps the file keeps one per record
    at the least."""
    return Watch(model, path, capacity=capacity, updates=updates, budget=budget)


class _Entry:
    """What the hooks gather for one module during one step: numbers still on the device
    (0-d tensors), never the outputs themselves; the output gradients as float64 copies in
    buffers kept from step to step."""

    __slots__ = ("calls", "counts", "grads", "kind", "module", "name", "order", "params")
    __slots__ += ("slots", "sums")

    def __init__(self, name: str, module: nn.Module, kind: str) -> None:
        self.name = name
        self.module = module
        self.kind = kind
        self.calls = 0
        self.sums: list[torch.Tensor] = []
        """Each output's sum (a ReLU's: per unit): not finite where the output holds inf or
        NaN."""
        self.counts: list[tuple[torch.Tensor, int, int]] = []
        """``a`` rows: (count, column, out of): live units (column 0), saturated entries (1)."""
        self.grads: list[torch.Tensor] = []
        """``a`` rows: this step's output gradients, in float64 (views of ``slots``)."""
        self.slots: list[torch.Tensor] = []
        self.params: list[nn.Parameter] = []
        self.order = math.inf

    def clear(self) -> None:
        self.calls = 0
        self.sums.clear()
        self.counts.clear()
        self.grads.clear()


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
        self._layout: _Layout | None = None
        self._budget = budget
        self._armed = True
        self._recorded = 0
        self._train_seconds = 0.0
        self._own_seconds = 0.0
        self._hook_seconds = 0.0
        self._scratch: dict[torch.device, torch.Tensor] = {}
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
        """Reduces the output where it is made: its sum (is it finite) and, for ReLU,
        sigmoid and tanh, the count of live units or saturated entries; keeps no output
        (a kept output is memory the allocator cannot give the backward pass: fresh pages
        at every step). What to do is settled here, once, not at every call."""
        module = entries[0].module
        activations = [e for e in entries if e.kind == "a"]
        dead = bool(activations) and isinstance(module, _DEAD)
        slope = next((s for t, s in _SATURATING.items() if isinstance(module, t)), None)
        slope = slope if activations else None
        sigmoid = isinstance(module, nn.Sigmoid)
        grad_hooks = [(e, self._grad_hook(e)) for e in activations]
        first = entries[0]

        def hook(module, inputs, output):
            if not torch.is_grad_enabled():
                return  # evaluation: not a training step
            start = time.perf_counter()
            self._calls += 1
            if first.calls >= MAX_CALLS:
                return  # step() is not being called: keep nothing more
            if type(output) is torch.Tensor:
                tensors = [output] if _real(output) and output.numel() else []
            else:
                tensors = [t for t in _tensors(output) if _real(t) and t.numel()]
            counts, sums = [], []
            armed = self._armed
            for tensor in tensors:
                out = tensor.detach()
                if not armed:  # a step outside the budget: only whether it is finite
                    sums.append(out.sum(dtype=_SUM_DTYPES.get(out.dtype)))
                    continue
                if dead:
                    flat = out.reshape(out.shape[0], -1) if out.dim() > 1 else out.reshape(-1, 1)
                    units = flat.sum(dim=0)
                    counts.append((torch.count_nonzero(units), 0, flat.shape[1]))
                    sums.append(units)  # finite where the output is
                    continue
                sums.append(out.sum(dtype=_SUM_DTYPES.get(out.dtype)))
                if slope is not None:
                    # f' in float64, in place: y(1 − y) for sigmoid, 1 − y² for tanh.
                    y = self._scratch_for(out).copy_(out)
                    if sigmoid:
                        fprime = torch.neg(y, out=self._scratch_for(out, 1)).add_(1).mul_(y)
                    else:
                        fprime = y.mul_(y).neg_().add_(1)
                    below = torch.count_nonzero(fprime < SATURATION_SHARE * slope)
                    counts.append((below, 1, y.numel()))
            for entry in entries:
                entry.calls += 1
                if entry.order == math.inf:
                    entry.order = self._calls
                entry.sums += sums
            for entry, grad_hook in grad_hooks:
                entry.counts += counts
                if armed:
                    for tensor in tensors:
                        if tensor.requires_grad:
                            tensor.register_hook(grad_hook)
            self._hook_seconds += time.perf_counter() - start

        return hook

    def _grad_hook(self, entry: _Entry):
        """Copies the gradient arriving at an output into a float64 buffer kept for that
        call from step to step (the gradient itself is not kept)."""
        slots = entry.slots
        grads = entry.grads

        def hook(grad: torch.Tensor) -> None:
            start = time.perf_counter()
            k = len(grads)
            slot = slots[k] if k < len(slots) else None
            if slot is None or slot.shape != grad.shape or slot.device != grad.device:
                slot = torch.empty(grad.shape, dtype=torch.float64, device=grad.device)
                if k < len(slots):
                    slots[k] = slot
                else:
                    slots.append(slot)
            grads.append(slot.copy_(grad.detach()))
            self._hook_seconds += time.perf_counter() - start

        return hook

    def _scratch_for(self, tensor: torch.Tensor, part: int = 0) -> torch.Tensor:
        """A float64 tensor shaped as ``tensor`` (``part`` 0 or 1: two that do not overlap),
        from a buffer kept from step to step: an activation's output is widened there
        without allocating (a fresh large tensor costs page faults at every step)."""
        size = tensor.numel()
        buffer = self._scratch.get(tensor.device)
        if buffer is None or buffer.numel() < 2 * size:
            buffer = torch.empty(2 * size, dtype=torch.float64, device=tensor.device)
            self._scratch[tensor.device] = buffer
        return buffer[part * size : (part + 1) * size].view(tensor.shape)

    # ------------------------------------------------------------------ a step
    def step(self, loss: torch.Tensor | float) -> None:
        """Record this step: call after ``loss.backward()``, before ``optimizer.step()``.

        Within the budget (see ``watch``) the step is recorded in full; otherwise only its
        loss is looked at, and a step whose loss is inf or NaN is recorded all the same."""
        if self.problem is not None or self._closed:
            return
        start = time.perf_counter()
        hooks, self._hook_seconds = self._hook_seconds, 0.0
        self._train_seconds += start - self._since - hooks
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
            entry.clear()
        self.steps += 1
        if self.steps > 1:  # the first step's setup (the file, the rows) is not a step's cost
            self._own_seconds += time.perf_counter() - start + hooks
        budget = self._budget
        self._armed = budget is None or self._own_seconds <= budget * self._train_seconds
        self._since = time.perf_counter()

    @property
    def recorded(self) -> int:
        """How many steps were recorded in full."""
        return self._recorded

    def _record(self, loss_value: float) -> None:
        rows = self._rows
        assert rows is not None and self._writer is not None
        layout = self._layout
        if layout is None or not layout.fits():
            layout = self._layout = _Layout(rows, self._updates)
        values = np.full((len(rows), STATS), math.nan)
        with torch.no_grad():
            weights, updates = layout.weights_and_updates(self.steps)
            grad_norms = layout.grad_norms()
            activations = _Activations(rows)
            norms = _read(grad_norms + activations.norms)
            counts = _read(activations.counts)
        grads = layout.grads(norms[: len(grad_norms)])
        activation_grads, shares = activations.finish(norms[len(grad_norms) :], counts)
        computed = itertools.chain(weights.values(), grads.values(), activation_grads.values())
        bad = not (math.isfinite(loss_value) and all(map(math.isfinite, computed)))
        for index, entry in enumerate(rows):
            if entry.kind == "W":
                values[index, 0] = grads.get(index, math.nan)
                values[index, 1] = weights[index]
                before = layout.before.get(index)
                if index in updates and before is not None:
                    values[index, 2] = safe_ratio(updates[index], before)
                layout.before[index] = weights[index]
            else:
                values[index, 0] = activation_grads.get(index, math.nan)
                values[index, 1], values[index, 2] = shares.get(index, (math.nan, math.nan))
        bad_row, bad_where = -1, 0
        if bad:
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

    def _first_nonfinite(self, rows, loss_value: float) -> tuple[int, int]:
        with torch.no_grad():
            for index, entry in enumerate(rows):
                if not all(bool(torch.isfinite(total).all()) for total in entry.sums):
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
            entry.clear()
            entry.slots.clear()
        self._scratch.clear()
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


def _exact(tensors) -> float:
    """The norm over ``tensors`` by ``tensor_norm``, combined by ``math.hypot``, which
    neither underflows nor overflows."""
    return math.hypot(*(tensor_norm(t) for t in tensors))


def _root(total: float, tensors) -> float:
    """√total, a sum of squares in float64, unless it may have underflowed or overflowed
    (below ``_SUMSQ_LOW``, or not finite): then the exact norm of ``tensors``."""
    if _SUMSQ_LOW < total < math.inf:
        return math.sqrt(total)
    return _exact(tensors)


def _read(tensors: list[torch.Tensor]) -> list:
    """The values of 0-d tensors of one dtype, read in one go: one ``stack`` and one
    ``tolist`` (one wait for the device where the tensors are not on the CPU); one by one
    where they are on several devices (a model split across devices)."""
    if not tensors:
        return []
    device = tensors[0].device
    if any(t.device != device for t in tensors):
        return [t.item() for t in tensors]
    return torch.stack(tensors).tolist()


class _Layout:
    """The ``W`` rows' parameters laid end to end, a row's own parameters side by side, in
    two float64 buffers on the parameters' device: ``now`` gets θ_t at each recorded step;
    ``spare`` holds θ_{t−1} (when step t − 1 was recorded), then θ_t − θ_{t−1}, then the
    gradients; the two swap after each step, so θ is copied once a step. Each copy is one
    ``torch._foreach_copy_`` over all the parameters, each set of norms one
    ``torch._foreach_norm`` (float64, over the widened copies), read back with one
    ``tolist``: no Python work per parameter beyond building the lists."""

    def __init__(self, rows: list[_Entry], updates: bool) -> None:
        self.params: list[nn.Parameter] = []
        self.owner: list[int] = []
        """The row of each parameter."""
        self.spans: dict[int, tuple[int, int]] = {}
        offsets = []
        start = 0
        for index, entry in enumerate(rows):
            if entry.kind != "W":
                continue
            first = start
            for parameter in entry.params:
                self.params.append(parameter)
                self.owner.append(index)
                offsets.append((start, start + parameter.numel()))
                start += parameter.numel()
            self.spans[index] = (first, start)
        self.members = {index: rows[index].params for index in self.spans}
        """Each row's parameters."""
        device = self.params[0].device if self.params else None
        self.now = torch.empty(start, dtype=torch.float64, device=device)
        self.spare = torch.empty_like(self.now)
        self._now_views = self._views(self.now, offsets)
        self._spare_views = self._views(self.spare, offsets)
        self._with_grad: list[int] = []
        self.updates = updates
        self.kept: int | None = None
        """The step whose θ ``spare`` holds, if any."""
        self.before: dict[int, float] = {}
        """Each row's ‖θ‖ at the step recorded last."""
        self._sizes = [p.numel() for p in self.params]

    def _views(self, buffer: torch.Tensor, offsets) -> list[torch.Tensor]:
        return [buffer[a:b].view(p.shape) for p, (a, b) in zip(self.params, offsets, strict=True)]

    def fits(self) -> bool:
        """Whether the parameters still have the sizes they had (else: a new layout)."""
        return self._sizes == [p.numel() for p in self.params]

    def _rows(self, numbers: list[float], which: list[int]) -> dict[int, float]:
        """Each row's sum of squares from its parameters' norms (``which``: the
        parameters the norms are of)."""
        totals: dict[int, float] = {}
        for i, number in zip(which, numbers, strict=True):
            row = self.owner[i]
            totals[row] = totals.get(row, 0.0) + number * number
        return totals

    def weights_and_updates(self, step: int) -> tuple[dict[int, float], dict[int, float]]:
        """Each row's ‖θ_t‖, and ‖θ_t − θ_{t−1}‖ where θ_{t−1} was kept."""
        now, spare = self.now, self.spare
        torch._foreach_copy_(self._now_views, [p.detach() for p in self.params])
        norms = list(torch._foreach_norm(self._now_views)) if self.params else []
        with_update = self.updates and self.kept == step - 1 and bool(self.params)
        if with_update:
            torch.sub(now, spare, out=spare)
            norms += torch._foreach_norm(self._spare_views)
        numbers = _read(norms)
        count = len(self.params)
        everyone = list(range(count))
        weights = {
            row: _root(total, self.members[row])
            for row, total in self._rows(numbers[:count], everyone).items()
        }
        updates = {}
        if with_update:
            for row, total in self._rows(numbers[count:], everyone).items():
                a, b = self.spans[row]
                updates[row] = _root(total, [spare[a:b]])
        self.kept = step if self.updates else None
        return weights, updates

    def grad_norms(self) -> list[torch.Tensor]:
        """The norms (0-d float64 tensors, not yet read) of the parameters' gradients,
        widened into ``spare``; ``grads`` reads them. Then the buffers swap: θ_t is kept
        for the next step."""
        have = self._with_grad = [i for i, p in enumerate(self.params) if p.grad is not None]
        views = [self._spare_views[i] for i in have]
        norms: list[torch.Tensor] = []
        if have:
            torch._foreach_copy_(views, [self.params[i].grad.detach() for i in have])
            norms = list(torch._foreach_norm(views))
        self.now, self.spare = self.spare, self.now
        self._now_views, self._spare_views = self._spare_views, self._now_views
        return norms

    def grads(self, numbers: list[float]) -> dict[int, float]:
        """Each row's ‖∂L/∂θ‖ over its parameters that have a gradient (no entry for a row
        with none), from ``grad_norms``' numbers."""
        grads = {}
        for row, total in self._rows(numbers, self._with_grad).items():
            own = [p.grad for p in self.members[row]]
            grads[row] = _root(total, [g for g in own if g is not None])
        return grads


class _Activations:
    """The ``a`` rows' numbers, not yet read: the norm of each call's output gradient (one
    ``_foreach_norm`` over the float64 copies the hooks made) and the hooks' counts."""

    def __init__(self, rows: list[_Entry]) -> None:
        self.rows = rows
        grads, self._grad_rows = [], []
        counts, self._where = [], []
        for index, entry in enumerate(rows):
            if entry.kind != "a":
                continue
            grads += entry.grads
            self._grad_rows += [index] * len(entry.grads)
            for count, column, size in entry.counts:
                counts.append(count)
                self._where.append((index, column, size))
        self.norms = list(torch._foreach_norm(grads)) if grads else []
        """Each call's ‖∂L/∂a‖ (float64)."""
        self.counts = counts
        """Each call's count (int64)."""

    def finish(
        self, norms: list[float], counts: list[int]
    ) -> tuple[dict[int, float], dict[int, tuple[float, float]]]:
        """‖∂L/∂a‖ of each ``a`` row over its calls (rows with some), and each ``a`` row's
        (dead share, saturated share): NaN where it does not apply."""
        rows = self.rows
        sums: dict[int, float] = {}
        for index, number in zip(self._grad_rows, norms, strict=True):
            sums[index] = sums.get(index, 0.0) + number * number
        grads = {index: _root(total, rows[index].grads) for index, total in sums.items()}
        totals: dict[int, list[float]] = {}
        for number, (index, column, size) in zip(counts, self._where, strict=True):
            total = totals.setdefault(index, [0.0, 0, 0.0, 0])
            # Dead: the units whose sum is 0; saturated: the entries counted.
            total[2 * column] += size - number if column == 0 else number
            total[2 * column + 1] += size
        shares = {}
        for index, entry in enumerate(rows):
            if entry.kind == "a":
                dead, units, saturated, entries = totals.get(index, (0.0, 0, 0.0, 0))
                shares[index] = (
                    dead / units if units else math.nan,
                    saturated / entries if entries else math.nan,
                )
        return grads, shares
