"""The ``.gradtui`` watch file: what a training run recorded, step by step.

Layout: the 16-byte magic ``GRADTUI-WATCH 1\\n``, then records. Each record is a 9-byte
frame, ``<u32 payload length><u32 CRC-32 of the payload><u8 kind>`` (little-endian), and its
payload. Kind ``H`` (the first record) is the header, UTF-8 JSON: the model's class and one
entry per row (module name, type, kind ``W`` for a module with parameters or ``a`` for an
activation). Kind ``S`` is one step (or several merged): ``<u64 last step><u64 first
step><u32 steps merged><f64 loss><i32 row of the first inf/NaN, −1 for none><u8 where: 0
none, 1 forward, 2 backward, 3 loss>`` then ``3 × rows`` float64, row by row: for a ``W``
row ‖∂L/∂θ‖, ‖θ‖ and ‖Δθ‖ ÷ ‖θ‖, for an ``a`` row ‖∂L/∂a‖, the dead share and the
saturated share. A step costs 9 + 33 + 24 × rows bytes. Kind ``E`` (empty) says the run
ended (``Watch.close``).

Safe to read while written: the writer appends each record with one ``write``; a reader
takes a record only once its whole payload is there and its checksum matches, so a partly
written last record is left for the next read. Bounded: once the file holds
``2 × capacity`` steps, the writer merges the older half pairwise (as the history view does:
geometric means for the gradient norms, weighted by the steps each row stands for; plain
means for the rest) and replaces the file, atomically, with the merged one. A reader sees the
file change (its inode, or its size going down) and reads it again from the start.
"""

from __future__ import annotations

import json
import math
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gradtui.config import write_atomically
from gradtui.sim.history import _geometric_mean

__all__ = [
    "MAGIC",
    "WHERE",
    "Header",
    "Reader",
    "Row",
    "Steps",
    "WatchFileError",
    "Writer",
    "step_bytes",
]

MAGIC = b"GRADTUI-WATCH 1\n"
_FRAME = struct.Struct("<IIB")
_STEP = struct.Struct("<QQIdiB")
STATS = 3
"""Values per row and step."""
WHERE = ("", "forward", "backward", "loss")
"""Where inf or NaN first appeared, by the code stored in a step record."""
DEFAULT_CAPACITY = 2048
"""Steps kept one per record at the least: the file holds 2 × capacity records at most."""
MEMORY_BUDGET = 16 * 2**20
"""Bytes the writer's copy of the file's numbers may take (fewer steps for huge models)."""
MAX_PAYLOAD = 64 * 2**20
"""A length past this is not a record of ours: the file is damaged."""


class WatchFileError(Exception):
    """A file that is not a watch file, or is damaged."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the chart: a module with parameters (``W``) or an activation (``a``)."""

    name: str
    type: str
    kind: str
    parameters: int = 0


@dataclass(frozen=True, slots=True)
class Header:
    model: str
    rows: tuple[Row, ...]
    capacity: int = DEFAULT_CAPACITY

    def to_bytes(self) -> bytes:
        document = {
            "model": self.model,
            "capacity": self.capacity,
            "rows": [
                {"name": r.name, "type": r.type, "kind": r.kind, "parameters": r.parameters}
                for r in self.rows
            ],
        }
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, payload: bytes) -> Header:
        try:
            document = json.loads(payload.decode("utf-8"))
            rows = tuple(
                Row(str(r["name"]), str(r["type"]), str(r["kind"]), int(r.get("parameters", 0)))
                for r in document["rows"]
            )
            if any(row.kind not in ("W", "a") for row in rows):
                raise ValueError("a row's kind is neither W nor a")
            return cls(str(document["model"]), rows, int(document.get("capacity", 0)) or 1)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise WatchFileError(f"the file's header is damaged ({error})") from None


def step_bytes(rows: int) -> int:
    """Bytes one step record takes for a model of ``rows`` rows."""
    return _FRAME.size + _STEP.size + 8 * STATS * rows


def _frame(kind: bytes, payload: bytes) -> bytes:
    return _FRAME.pack(len(payload), zlib.crc32(payload), kind[0]) + payload


@dataclass
class Steps:
    """Step records held as arrays (one entry per record, oldest first)."""

    rows: int
    last: list[int] = field(default_factory=list)
    first: list[int] = field(default_factory=list)
    count: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    bad_row: list[int] = field(default_factory=list)
    bad_where: list[int] = field(default_factory=list)
    values: list[np.ndarray] = field(default_factory=list)
    """Each (rows, 3) float64."""

    def __len__(self) -> int:
        return len(self.last)

    def append(self, last, first, count, loss, bad_row, bad_where, values) -> None:
        self.last.append(int(last))
        self.first.append(int(first))
        self.count.append(int(count))
        self.loss.append(float(loss))
        self.bad_row.append(int(bad_row))
        self.bad_where.append(int(bad_where))
        self.values.append(values)

    def record(self, index: int) -> bytes:
        payload = (
            _STEP.pack(
                self.last[index],
                self.first[index],
                self.count[index],
                self.loss[index],
                self.bad_row[index],
                self.bad_where[index],
            )
            + np.ascontiguousarray(self.values[index], dtype="<f8").tobytes()
        )
        return _frame(b"S", payload)

    def merge_older_half(self) -> None:
        """Merge the older half of the records pairwise (``History``'s rule: weighted
        geometric means for the gradient norms, weighted means for the rest)."""
        pairs = len(self) // 4
        if pairs == 0:
            return
        old = 2 * pairs
        weight_a = np.array(self.count[0:old:2], dtype=np.int64)
        weight_b = np.array(self.count[1:old:2], dtype=np.int64)
        total = weight_a + weight_b
        a = np.stack(self.values[0:old:2])
        b = np.stack(self.values[1:old:2])
        share_a = (weight_a / total)[:, None, None]
        share_b = (weight_b / total)[:, None, None]
        with np.errstate(all="ignore"):
            merged = a * share_a + b * share_b
            # Gradient norms geometrically, as the history view merges them.
            merged[:, :, 0] = _geometric_mean(
                a[:, :, 0], b[:, :, 0], weight_a[:, None], weight_b[:, None]
            )
            loss_a = np.array(self.loss[0:old:2])
            loss_b = np.array(self.loss[1:old:2])
            loss = loss_a * share_a[:, 0, 0] + loss_b * share_b[:, 0, 0]
        bad_row, bad_where = [], []
        for index in range(0, old, 2):
            first_bad = index if self.bad_where[index] else index + 1
            bad_row.append(self.bad_row[first_bad])
            bad_where.append(self.bad_where[first_bad])
        self.last[:old] = self.last[1:old:2]
        self.first[:old] = self.first[0:old:2]
        self.count[:old] = total.tolist()
        self.loss[:old] = loss.tolist()
        self.bad_row[:old] = bad_row
        self.bad_where[:old] = bad_where
        self.values[:old] = list(merged)

    def to_jsonable(self, index: int) -> dict:
        return {
            "step": self.last[index],
            "first_step": self.first[index],
            "steps": self.count[index],
            "loss": self.loss[index],
        }


class Writer:
    """Appends step records to ``path`` (replacing any file there), bounded as the module
    doc says. Not thread-safe: one training loop writes."""

    def __init__(self, path: str | os.PathLike[str], header: Header) -> None:
        self.path = Path(path)
        self.header = header
        rows = max(len(header.rows), 1)
        budget = MEMORY_BUDGET // (STATS * 8 * rows) // 2
        self.capacity = int(min(header.capacity, max(budget, 8)))
        self.steps = Steps(len(header.rows))
        self.header = Header(header.model, header.rows, self.capacity)
        self._rewrite()

    def _rewrite(self) -> None:
        """Write the header and every kept record as a new file, atomically."""
        parts = [MAGIC, _frame(b"H", self.header.to_bytes())]
        parts += [self.steps.record(index) for index in range(len(self.steps))]
        write_atomically(self.path, b"".join(parts))
        self._stream = open(self.path, "ab", buffering=0)  # noqa: SIM115 (kept open)

    def append(self, step, loss, bad_row, bad_where, values: np.ndarray) -> None:
        if len(self.steps) >= 2 * self.capacity:
            self.steps.merge_older_half()
            self._stream.close()
            self._rewrite()
        self.steps.append(step, step, 1, loss, bad_row, bad_where, values)
        self._stream.write(self.steps.record(len(self.steps) - 1))

    def close(self) -> None:
        """Mark the run as ended (kind ``E``, empty) and close the file."""
        if not self._stream.closed:
            self._stream.write(_frame(b"E", b""))
            self._stream.close()


class Reader:
    """Reads a watch file as it grows: ``poll()`` takes the records written since the last
    call (cheap when nothing changed: one ``stat``). A partly written last record waits for
    the next poll; a file replaced by the writer's merge is read again from the start."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.header: Header | None = None
        self.steps = Steps(0)
        self.ended = False
        """True once the writer closed the file (its last record)."""
        self.generation = 0
        """How many times the file was read again from the start (after a merge)."""
        self._inode: tuple[int, int] | None = None
        self._offset = 0
        self._size = -1
        self._pending = b""

    def _reset(self) -> None:
        self.header = None
        self.ended = False
        self.steps = Steps(0)
        self._offset = 0
        self._pending = b""
        self.generation += 1

    def poll(self) -> int:
        """Read what is new; return how many step records arrived (after a reset, all of
        them). Raises ``OSError`` when the file cannot be read, ``WatchFileError`` when it
        is not a watch file."""
        status = os.stat(self.path)
        inode = (status.st_dev, status.st_ino)
        if inode == self._inode and status.st_size == self._size:
            return 0
        with open(self.path, "rb") as stream:
            status = os.fstat(stream.fileno())
            inode = (status.st_dev, status.st_ino)
            if self._inode is not None and (
                inode != self._inode or status.st_size < self._offset + len(self._pending)
            ):
                self._reset()
            self._inode = inode
            stream.seek(self._offset + len(self._pending))
            data = self._pending + stream.read()
            self._size = self._offset + len(data)
        return self._parse(data)

    def _parse(self, data: bytes) -> int:
        position = 0
        if self._offset == 0:
            if len(data) < len(MAGIC):
                if MAGIC.startswith(data):
                    self._pending = data
                    return 0
                raise WatchFileError("not a gradtui watch file (it does not start as one)")
            if not data.startswith(MAGIC):
                raise WatchFileError("not a gradtui watch file (it does not start as one)")
            position = len(MAGIC)
        arrived = 0
        while len(data) - position >= _FRAME.size:
            length, checksum, kind = _FRAME.unpack_from(data, position)
            if length > MAX_PAYLOAD:
                raise WatchFileError(f"the record at byte {self._offset + position} is damaged")
            end = position + _FRAME.size + length
            if end > len(data):
                break  # the rest of the record is still being written
            payload = data[position + _FRAME.size : end]
            if zlib.crc32(payload) != checksum:
                if end < len(data):
                    raise WatchFileError(f"the record at byte {self._offset + position} is damaged")
                break  # the last record, not yet all there
            self._take(kind, payload)
            arrived += kind == ord("S")
            position = end
        self._offset += position
        self._pending = data[position:]
        return arrived

    def _take(self, kind: int, payload: bytes) -> None:
        if kind == ord("H"):
            self.header = Header.from_bytes(payload)
            self.steps = Steps(len(self.header.rows))
            return
        if kind == ord("E"):
            self.ended = True
            return
        if kind != ord("S"):
            return  # a kind this version does not know: skipped
        if self.header is None:
            raise WatchFileError("the file's header is missing")
        rows = len(self.header.rows)
        if len(payload) != _STEP.size + 8 * STATS * rows:
            raise WatchFileError("a step record does not fit the header's rows")
        last, first, count, loss, bad_row, bad_where = _STEP.unpack_from(payload)
        values = np.frombuffer(payload, dtype="<f8", offset=_STEP.size).reshape(rows, STATS)
        self.steps.append(last, first, count, loss, bad_row, bad_where, values)


def where_text(steps: Steps, header: Header, index: int) -> str | None:
    """``"forward 3.act"`` for a step whose values went inf/NaN, else None."""
    where = steps.bad_where[index]
    if not where:
        return None
    if WHERE[where] == "loss":
        return "loss"
    row = steps.bad_row[index]
    name = header.rows[row].name if 0 <= row < len(header.rows) else "?"
    return f"{WHERE[where]} {name}"


def finite_or_text(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)
