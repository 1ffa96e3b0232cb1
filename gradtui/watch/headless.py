"""``gradtui watch FILE --format json|csv``: the recorded numbers, without a screen."""

from __future__ import annotations

import csv
import io
import json
import math

from gradtui.watch.diagnosis import diagnose, regimes
from gradtui.watch.fileformat import Header, Steps, where_text

__all__ = ["FORMATS", "STAT_NAMES", "to_csv", "to_json"]

FORMATS = ("json", "csv")
STAT_NAMES = {
    "W": ("grad_norm", "weight_norm", "update_ratio"),
    "a": ("grad_norm", "dead", "saturated"),
}
"""The three numbers of each row, by its kind (the file's columns, in order)."""


def _number(value: float) -> float | str | None:
    """JSON has no inf or NaN: "inf", "-inf"; a statistic that does not apply (NaN) is
    null."""
    if math.isnan(value):
        return None
    return value if math.isfinite(value) else str(value)


def to_json(header: Header, steps: Steps, lang: str = "en", ended: bool = False) -> str:
    """The rows, every kept step's numbers and the last step's regimes and diagnosis."""
    rows = []
    last = steps.values[-1] if len(steps) else None
    judged = regimes(header, last) if last is not None else [None] * len(header.rows)
    for index, row in enumerate(header.rows):
        rows.append(
            {
                "row": index + 1,
                "name": row.name,
                "type": row.type,
                "kind": row.kind,
                "parameters": row.parameters,
                "regime": judged[index].value if judged[index] is not None else None,
            }
        )
    records = []
    for index in range(len(steps)):
        record = steps.to_jsonable(index)
        record["loss"] = _number(record["loss"])
        record["first_nonfinite"] = where_text(steps, header, index)
        values = steps.values[index]
        record["rows"] = [
            {
                name: _number(float(values[row_index, stat]))
                for stat, name in enumerate(STAT_NAMES[row.kind])
            }
            for row_index, row in enumerate(header.rows)
        ]
        records.append(record)
    document = {
        "model": header.model,
        "ended": ended,
        "rows": rows,
        "steps": records,
        "diagnosis": diagnose(header, steps, -1, lang),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def columns(header: Header) -> list[str]:
    """``step``, ``first_step``, ``steps``, ``loss``, ``first_nonfinite``, then
    ``<name>:<statistic>`` for every row (a module with parameters and an activation of the
    same name get ``<name>:W:…`` and ``<name>:a:…``)."""
    names = [row.name for row in header.rows]
    out = ["step", "first_step", "steps", "loss", "first_nonfinite"]
    for row in header.rows:
        prefix = f"{row.name}:{row.kind}" if names.count(row.name) > 1 else row.name
        out += [f"{prefix}:{stat}" for stat in STAT_NAMES[row.kind]]
    return out


def to_csv(header: Header, steps: Steps) -> str:
    """One line per kept step; floats as Python's ``repr`` (``nan`` where a statistic does
    not apply, ``inf``), so ``float`` reads them back exactly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns(header))
    for index in range(len(steps)):
        line = [
            steps.last[index],
            steps.first[index],
            steps.count[index],
            repr(steps.loss[index]),
            where_text(steps, header, index) or "",
        ]
        line += [repr(float(value)) for value in steps.values[index].ravel()]
        writer.writerow(line)
    return buffer.getvalue()
