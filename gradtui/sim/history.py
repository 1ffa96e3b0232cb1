"""A bounded record of training: loss and per-layer statistics, one row per training step.

``History`` keeps what a chart of the training so far needs (the loss, and for every layer
the gradient norms, the dead and saturated shares, the update ratio and PReLU's α) in
arrays allocated once, so its memory stays the same however long training runs.

How it stays bounded: rows are appended one per recorded step until ``capacity`` rows are
held. When one more step arrives, the older half of the rows is downsampled: adjacent rows
are merged in pairs, so that half shrinks to half its size, and the newer half is moved down
unchanged behind it. Each row remembers the first and last step it covers and how many
recorded steps went into it. Repeated merging therefore leaves the oldest part of training
at the coarsest resolution, while the most recent steps (at least the last half of
``capacity``) are always kept one row per step.

A merged row holds the mean of the steps it covers, weighted by how many steps each of the
two merged rows stands for, so it is exactly the mean over all those steps whatever order
the merges happened in. Gradient norms span hundreds of orders of magnitude when gradients
vanish or explode, so they are averaged geometrically (in log space, mantissa and binary
exponent handled apart so that 1e-200 and 1e-300 give 1e-250 to the last digit or so). A
zero then makes the merged norm 0, an inf makes it inf, and a NaN (or 0 merged with inf)
makes it NaN. The other statistics are plain arithmetic means, where inf and NaN propagate
as usual. inf and NaN are stored as values: recording never raises or warns because of them.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from gradtui.config import write_atomically

SERIES: tuple[str, ...] = ("grad_a", "grad_w", "dead", "saturated", "update_ratio", "alpha")
"""Names accepted by ``History.series``, in the order of the CSV columns.

``grad_a``: ‖∂L/∂a_l‖; ``grad_w``: ‖∂L/∂W_l‖; ``dead``: share of dead units; ``saturated``:
share of saturated entries; ``update_ratio``: ‖ΔW_l‖ / ‖W_l‖; ``alpha``: mean of PReLU's α
(NaN for other activations)."""

_GEOMETRIC = 2
"""The first ``_GEOMETRIC`` series (the gradient norms) are merged by geometric mean."""

MIN_CAPACITY = 4
"""The smallest capacity for which downsampling frees at least one row."""
MAX_ROWS = 2048
MEMORY_BUDGET = 16 * 2**20
"""Bytes the per-layer series may take when no capacity is given: a 1,000-layer network
keeps fewer rows than a 10-layer one rather than 100 MB of history."""


def default_capacity(depth: int) -> int:
    """``MAX_ROWS``, or fewer when that many rows of ``depth`` layers would pass the budget."""
    rows = MEMORY_BUDGET // (len(SERIES) * depth * 8)
    return int(min(MAX_ROWS, max(rows, 16 * MIN_CAPACITY)))


class History:
    """The training so far, one row per step, at most ``capacity`` rows (see the module doc).

    Call ``record(snapshot)`` once after each update (the stepper at its UPDATE phase, e.g.
    after ``stepper.train(1)``). Reading returns copies, safe to keep while recording goes on.
    """

    def __init__(self, depth: int, capacity: int | None = None):
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
            raise ValueError(f"depth must be a positive integer, not {depth!r}")
        if capacity is None:
            capacity = default_capacity(depth)
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < MIN_CAPACITY:
            raise ValueError(f"capacity must be an integer of at least {MIN_CAPACITY}")
        self._depth = depth
        self._capacity = capacity
        self._size = 0
        self._recorded = 0
        self._first = np.zeros(capacity, dtype=np.int64)
        self._last = np.zeros(capacity, dtype=np.int64)
        self._count = np.zeros(capacity, dtype=np.int64)
        # Rows past ``_size`` are never read, so they need not be filled: untouched memory
        # costs nothing until training reaches it.
        self._loss = np.empty(capacity)
        self._values = np.empty((len(SERIES), capacity, depth))

    # ------------------------------------------------------------------------- recording
    def record(self, snapshot: Any) -> None:
        """Append the training step ``snapshot`` reports (its ``step``, loss and statistics).

        Only attributes are read (``step``, ``depth``, ``loss``, ``forward``, ``backward``,
        ``update``); a statistic that is None is stored as NaN, and so is α for layers
        without PReLU. When ``capacity`` rows are already held, the older half is merged
        pairwise first (see the module doc).
        """
        if snapshot.depth != self._depth:
            raise ValueError(f"snapshot has depth {snapshot.depth}, this history {self._depth}")
        if self._size == self._capacity:
            self._downsample()
        row = self._size
        self._first[row] = self._last[row] = snapshot.step
        self._count[row] = 1
        self._loss[row] = _number(snapshot.loss)
        values = self._values[:, row, :]
        for index in range(self._depth):
            forward = snapshot.forward[index]
            backward = snapshot.backward[index]
            update = snapshot.update[index]
            if backward is not None:
                values[0, index] = _number(backward.grad_a_norm)
                values[1, index] = _number(backward.grad_w_norm)
            else:
                values[0:2, index] = math.nan
            if forward is not None:
                values[2, index] = _number(forward.dead_fraction)
                values[3, index] = _number(forward.saturated_fraction)
            else:
                values[2:4, index] = math.nan
            if update is not None:
                values[4, index] = _number(update.update_ratio)
                values[5, index] = _mean(update.prelu_alpha)
            else:
                values[4:6, index] = math.nan
        self._size += 1
        self._recorded += 1

    def _downsample(self) -> None:
        """Merge the older half of the rows pairwise, in place, and move the rest down.

        The first ``2 * pairs`` rows (``pairs = capacity // 4``) become ``pairs`` rows; the
        rows after them, the newer half, keep their values and move down by ``pairs``.
        """
        pairs = self._capacity // 4
        old = 2 * pairs
        size = self._size
        weight_a = self._count[0:old:2].copy()
        weight_b = self._count[1:old:2].copy()
        total = weight_a + weight_b
        share_a = weight_a / total
        share_b = weight_b / total
        with np.errstate(all="ignore"):
            self._loss[:pairs] = self._loss[0:old:2] * share_a + self._loss[1:old:2] * share_b
            values = self._values
            values[_GEOMETRIC:, :pairs] = (
                values[_GEOMETRIC:, 0:old:2] * share_a[:, None]
                + values[_GEOMETRIC:, 1:old:2] * share_b[:, None]
            )
            values[:_GEOMETRIC, :pairs] = _geometric_mean(
                values[:_GEOMETRIC, 0:old:2],
                values[:_GEOMETRIC, 1:old:2],
                weight_a[:, None],
                weight_b[:, None],
            )
        self._first[:pairs] = self._first[0:old:2]
        self._last[:pairs] = self._last[1:old:2]
        self._count[:pairs] = total
        kept = size - pairs
        for array in (self._first, self._last, self._count, self._loss):
            array[pairs:kept] = array[old:size]
        self._values[:, pairs:kept] = self._values[:, old:size]
        self._size = kept

    # --------------------------------------------------------------------------- reading
    @property
    def depth(self) -> int:
        return self._depth

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def recorded(self) -> int:
        """How many steps were recorded in all (merged ones included)."""
        return self._recorded

    def __len__(self) -> int:
        """How many rows are kept (at most ``capacity``)."""
        return self._size

    @property
    def steps(self) -> np.ndarray:
        """The last step each row covers, int64, shape (n,)."""
        return self._last[: self._size].copy()

    @property
    def first_steps(self) -> np.ndarray:
        """The first step each row covers, int64, shape (n,): equal to ``steps`` for rows
        that were never merged."""
        return self._first[: self._size].copy()

    @property
    def counts(self) -> np.ndarray:
        """How many recorded steps each row stands for, int64, shape (n,)."""
        return self._count[: self._size].copy()

    @property
    def loss(self) -> np.ndarray:
        """The loss of each row (mean over the steps it covers), float64, shape (n,)."""
        return self._loss[: self._size].copy()

    def series(self, name: str) -> np.ndarray:
        """One statistic of every layer, float64, shape (n, depth); column j is layer j + 1.

        ``name`` is one of ``SERIES``.
        """
        try:
            index = SERIES.index(name)
        except ValueError:
            raise ValueError(f"unknown series {name!r}; expected one of {SERIES}") from None
        return self._values[index, : self._size].copy()

    # ---------------------------------------------------------------------------- export
    def columns(self) -> list[str]:
        """The CSV header: ``step``, ``loss``, then ``<series>_<layer>`` for every series of
        ``SERIES`` and layer 1..L (``grad_a_1`` … ``grad_a_L``, ``grad_w_1`` …)."""
        layers = range(1, self._depth + 1)
        return ["step", "loss", *(f"{name}_{layer}" for name in SERIES for layer in layers)]

    def to_csv(self, target: str | os.PathLike[str] | TextIO) -> None:
        """Write the header and one line per kept row to ``target``, a path or a text stream
        (the header alone before any step is recorded).

        ``step`` is the last step the row covers. Floats are written as Python's ``repr``
        (``inf``, ``-inf``, ``nan`` included), so reading them back with ``float`` gives the
        same numbers. A path is written atomically: a temporary file beside it is renamed
        over it, so a reader never sees half a file.
        """
        if hasattr(target, "write"):
            self._write_csv(target)  # type: ignore[arg-type]
            return
        buffer = io.StringIO()
        self._write_csv(buffer)
        write_atomically(Path(os.fspath(target)), buffer.getvalue().encode("utf-8"))

    def _write_csv(self, stream: TextIO) -> None:
        import csv  # here: only an export needs it

        size = self._size
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(self.columns())
        steps = self._last[:size].tolist()
        losses = self._loss[:size].tolist()
        # The row's width is named, not inferred: reshape(0, -1) of no steps is ambiguous.
        series, _, depth = self._values.shape
        values = self._values[:, :size].transpose(1, 0, 2).reshape(size, series * depth).tolist()
        for step, loss, row in zip(steps, losses, values, strict=True):
            writer.writerow([step, repr(loss), *map(repr, row)])


def _number(value: Any) -> float:
    """``value`` as a float; None becomes NaN."""
    return math.nan if value is None else float(value)


def _mean(values: tuple[float, ...] | None) -> float:
    """The mean of ``values``; NaN when there are none. Never raises on inf or NaN."""
    if not values:
        return math.nan
    floats = [float(value) for value in values]
    total = sum(floats)
    if math.isinf(total) and all(math.isfinite(value) for value in floats):
        # The sum overflowed although the mean does not: scale first.
        return sum(value / len(floats) for value in floats)
    return total / len(floats)


def _geometric_mean(
    a: np.ndarray, b: np.ndarray, weight_a: np.ndarray, weight_b: np.ndarray
) -> np.ndarray:
    """The weighted geometric mean (a^wa · b^wb)^(1 / (wa + wb)), element by element.

    Each number is split into mantissa and binary exponent (``frexp``): the exponents are
    averaged exactly in integers and only the small remainder goes through log2 and exp2,
    so tiny and huge norms keep nearly all their digits. 0 gives log2 = -inf, so the mean is
    0; inf gives inf; NaN, a negative number, or 0 together with inf gives NaN.
    """
    with np.errstate(all="ignore"):
        mantissa_a, exponent_a = np.frexp(a)
        mantissa_b, exponent_b = np.frexp(b)
        total = weight_a + weight_b
        exponent_sum = weight_a * exponent_a.astype(np.int64) + weight_b * exponent_b.astype(
            np.int64
        )
        whole = exponent_sum // total
        remainder = exponent_sum - whole * total
        fraction = (
            remainder + weight_a * np.log2(mantissa_a) + weight_b * np.log2(mantissa_b)
        ) / total
        return np.ldexp(np.exp2(fraction), whole)
