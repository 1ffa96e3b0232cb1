"""Per-layer statistics of a snapshot as rows, and those rows as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, fields
from typing import Any

from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import BackwardStats, ForwardStats, Snapshot, UpdateStats

FORMATS = ("table", "json", "csv")

# Statistics of two sections that share a name get their own columns: the update's
# weight_norm (after the update) used to overwrite the pass's (during it), so that a
# report before any update showed none.
_COLUMN_NAMES = {
    (ForwardStats, "finite"): "forward_finite",
    (BackwardStats, "finite"): "backward_finite",
    (UpdateStats, "weight_norm"): "updated_weight_norm",
}


def _column(kind: type, name: str) -> str:
    return _COLUMN_NAMES.get((kind, name), name)


def layer_rows(snapshot: Snapshot, layers: tuple[LayerInfo, ...]) -> list[dict[str, Any]]:
    """One flat dict per layer: its shape, then forward, backward and update statistics
    (None where not computed). Every statistic has a column of its own: ``weight_norm`` is
    ‖W‖ during the pass, ``updated_weight_norm`` after the update; ``forward_finite`` and
    ``backward_finite`` say whether each half of the pass stayed finite."""
    rows = []
    for index, info in enumerate(layers):
        row: dict[str, Any] = {
            "layer": info.index,
            "fan_in": info.fan_in,
            "fan_out": info.fan_out,
            "activation": info.activation,
            "batch_norm": info.batch_norm,
            "shortcut": info.shortcut,
            "parameters": info.parameter_count,
        }
        for kind, stats in (
            (ForwardStats, snapshot.forward[index]),
            (BackwardStats, snapshot.backward[index]),
            (UpdateStats, snapshot.update[index]),
        ):
            for field in fields(kind):
                if field.name in ("layer", "activation"):
                    continue
                row[_column(kind, field.name)] = (
                    None if stats is None else getattr(stats, field.name)
                )
        rows.append(row)
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "-inf", "nan": JSON has no such numbers
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def to_json(snapshot: Snapshot, layers: tuple[LayerInfo, ...], extra: dict[str, Any]) -> str:
    document = {
        **extra,
        "phase": str(snapshot.phase),
        "batch": snapshot.batch,
        "step": snapshot.step,
        "loss": snapshot.loss,
        "first_nonfinite": snapshot.first_nonfinite,
        "clip": None if snapshot.clip is None else asdict(snapshot.clip),
        "layers": layer_rows(snapshot, layers),
    }
    return json.dumps(_jsonable(document), indent=2, ensure_ascii=False) + "\n"


def to_csv(snapshot: Snapshot, layers: tuple[LayerInfo, ...]) -> str:
    rows = layer_rows(snapshot, layers)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: ";".join(str(item) for item in value) if isinstance(value, tuple) else value
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if not math.isfinite(value):
        return str(value)
    return f"{value:.3g}"


TABLE_COLUMNS = (
    ("layer", "layer", "{}"),
    ("activation", "act", "{}"),
    ("a_norm", "‖a‖", None),
    ("fprime_mean", "f'(z) mean", None),
    ("grad_a_norm", "‖∂L/∂a‖", None),
    ("grad_w_norm", "‖∂L/∂W‖", None),
    ("local_factor", "factor", None),
    ("running_product", "product", None),
    ("dead_fraction", "dead", None),
    ("saturated_fraction", "saturated", None),
    ("update_ratio", "‖ΔW‖/‖W‖", None),
)


def to_table(snapshot: Snapshot, layers: tuple[LayerInfo, ...]) -> str:
    """A plain-text table for a terminal, plus a line with the loss."""
    rows = layer_rows(snapshot, layers)
    header = [title for _, title, _ in TABLE_COLUMNS]
    body = [
        [
            template.format(row[key]) if template else _number(row[key])
            for key, _, template in TABLE_COLUMNS
        ]
        for row in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *body, strict=True)]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(header, widths, strict=True))]
    lines += [
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in body
    ]
    loss = "-" if snapshot.loss is None else f"{snapshot.loss:.6g}"
    lines.append(f"loss {loss} after {snapshot.step} training steps (batch {snapshot.batch})")
    if snapshot.first_nonfinite:
        lines.append(f"inf or NaN first appeared in the {snapshot.first_nonfinite}")
    return "\n".join(lines) + "\n"
