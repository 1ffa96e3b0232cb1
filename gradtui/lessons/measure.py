"""Measures: small arithmetic expressions over a snapshot's statistics, for expectations.

A measure reads like the statistics' names: ``backward.grad_w_norm[1] /
backward.grad_w_norm[L]``, ``forward.dead_fraction[2]``, ``max(forward.saturated_fraction)``,
``update.update_ratio[1]``, ``loss``, ``layers.parameter_count[2]``, ``clip.norm_after``,
``cost.sigmoid / cost.relu`` (an activation's bare cost per element, f and f' timed now on
this machine: see ``gradtui.sim.cost``; a ratio of two is what a lesson can rely on).
Layers are numbered 1..L; ``L`` is the depth and negative indices count from the end. A
section without an index is the list over all layers, ``[2:L-1]`` the list over layers 2 to
L − 1 (both included), for ``max``, ``min``, ``mean``. Only
these names, numbers, + − × ÷ **, and the functions max, min, mean, sum, abs, isfinite (1
or 0), log10, sigmoid_window(w) (C5's width, see ``gradtui.sim.theory``), rnn_keep(T) and
lstm_keep(T) (what is left of the gradient after T steps back through time, C17) are allowed:
a lesson file can never run code.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, NamedTuple

import numpy as np

from gradtui.config.words import Said, SaidError
from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import BackwardStats, ClipStats, ForwardStats, Snapshot, UpdateStats
from gradtui.text import printable, shown


class MeasureError(SaidError):
    """A measure that cannot be parsed or evaluated; the message says why, in one
    printable line (``message_in(lang)``: in the learner's language)."""


MAX_MEASURE = 300
"""Characters of a measure: the shipped ones are under 80."""
MAX_THROUGH_TIME = 1000
"""The longest sequence ``rnn_keep(T)`` and ``lstm_keep(T)`` may run (as ``--through-time``)."""


SECTIONS = {
    "forward": ForwardStats,
    "backward": BackwardStats,
    "update": UpdateStats,
    "layers": LayerInfo,
}


# ------------------------------------------------------------ how a measure is written
FORMATS = ("number", "percent", "factor", "ratio", "share", "count")
"""How the screen writes a number, by name (``gradtui.explain.predict.shown`` writes it):
``number`` 0.193 or 2.3×10⁻⁷; ``percent`` 12% (a share of units or entries); ``factor``
×0.43 (a multiplier); ``ratio`` 105× above 1, 1/1,130 below (a ratio of gradients, as the
running product); ``share`` 1/695 below a tenth, else 0.42 (an update's size); ``count``
72 (a whole number)."""


class Written(NamedTuple):
    """How the screen writes a statistic (``alone``) and a ratio of two of them
    (``ratio``: ``update.update_ratio[1] / update.update_ratio[L]``)."""

    alone: str
    ratio: str = "number"


_GRADIENT = Written("number", "ratio")
"""A gradient's norm: a ratio of two is how many times larger (the running product's)."""
STATISTIC_FORMATS: dict[str, Written] = {
    "forward.z_norm": Written("number"),
    "forward.z_mean": Written("number"),
    "forward.z_std": Written("number"),
    "forward.a_norm": Written("number"),
    "forward.a_mean": Written("number"),
    "forward.fprime_mean": Written("number"),
    "forward.fprime_max": Written("number"),
    "forward.fprime_min": Written("number"),
    "forward.saturated_fraction": Written("percent", "ratio"),
    "forward.dead_fraction": Written("percent", "ratio"),
    "backward.grad_a_norm": _GRADIENT,
    "backward.grad_z_norm": _GRADIENT,
    "backward.grad_w_norm": _GRADIENT,
    "backward.grad_b_norm": _GRADIENT,
    "backward.grad_in_norm": _GRADIENT,
    "backward.grad_h_norm": _GRADIENT,
    "backward.grad_branch_norm": _GRADIENT,
    "backward.local_factor": Written("factor", "ratio"),
    "backward.running_product": Written("ratio", "ratio"),
    "backward.share_of_output": Written("ratio", "ratio"),
    "backward.weight_norm": Written("number", "ratio"),
    "backward.same_sign_fraction": Written("percent", "ratio"),
    "update.delta_w_norm": Written("number", "ratio"),
    "update.update_ratio": Written("share", "ratio"),
    "update.weight_norm": Written("number", "ratio"),
    "update.prelu_alpha": Written("number"),
    "layers.parameter_count": Written("count", "factor"),
    # Exponentials per unit is a count per unit (1, 2), not how many times larger (×1).
    "layers.exponentials": Written("count"),
    "layers.fan_in": Written("count", "factor"),
    "layers.fan_out": Written("count", "factor"),
    "layers.pieces": Written("count", "factor"),
    "layers.index": Written("count"),
    "clip.norm_before": _GRADIENT,
    "clip.norm_after": _GRADIENT,
    "clip.value_clipped_fraction": Written("percent", "ratio"),
    "cost": Written("number", "factor"),
    "loss": Written("number"),
    "L": Written("count"),
    "rnn_keep": Written("share", "ratio"),
    "lstm_keep": Written("share", "ratio"),
    "sigmoid_window": Written("number"),
    "jacobian_sv_max": Written("number"),
    "jacobian_sv_min": Written("number"),
    "weight_sv_max": Written("number"),
    "weight_sv_min": Written("number"),
}
"""How the screen writes each statistic a measure can read (the detail's, the log's, the
theory view's): ``cost`` is any activation's (the theory view's "× relu" column writes a
ratio of two as a factor), a function's name its value. A flag (``finite``,
``clipped_by_norm``) is a number, 1 or 0."""


def measure_format(text: str) -> str:
    """The name (one of ``FORMATS``) of the way the screen writes the value of measure
    ``text``: a statistic's own (also through max, min, mean, abs, a layer's index or a
    constant factor), a ratio of two statistics' ``ratio``, anything else a number. Raises
    MeasureError for a measure that does not parse."""
    return _written(parse_measure(text).body).alone


_NUMBER = Written("number")


def _written(node: ast.AST) -> Written:
    if isinstance(node, ast.Name):
        return STATISTIC_FORMATS.get(node.id, _NUMBER)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "cost":
            return STATISTIC_FORMATS["cost"]
        return STATISTIC_FORMATS.get(f"{node.value.id}.{node.attr}", _NUMBER)
    if isinstance(node, ast.Subscript):
        return _written(node.value)
    if isinstance(node, ast.UnaryOp):
        return _written(node.operand)
    if isinstance(node, ast.BinOp):
        left, right = node.left, node.right
        constant = ast.Constant
        if isinstance(node.op, ast.Mult) and isinstance(left, constant):
            return _written(right)
        if isinstance(node.op, ast.Mult | ast.Div) and isinstance(right, constant):
            return _written(left)
        if isinstance(node.op, ast.Div) and not isinstance(left, constant):
            first, second = _written(left), _written(right)
            if first == second:
                return Written(first.ratio)
        return _NUMBER
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in ("max", "min", "mean", "sum", "abs") and node.args:
            kinds = {_written(argument) for argument in node.args}
            return kinds.pop() if len(kinds) == 1 else _NUMBER
        return STATISTIC_FORMATS.get(name, _NUMBER)
    return _NUMBER


def _through_time(cell: str) -> Callable[[float], float]:
    """‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of a cell on the seeded memory task (C17): batch 16, 4 inputs,
    16 hidden units, seed 0, recurrent weights orthogonal × 0.9."""

    def keep(steps: float) -> float:
        from gradtui.sim.recurrent import compare_cells

        if not (math.isfinite(steps) and steps == int(steps) and 2 <= steps <= MAX_THROUGH_TIME):
            raise MeasureError(
                Said("measure_keep_steps", cell=cell, limit=MAX_THROUGH_TIME, steps=f"{steps:g}")
            )
        result = compare_cells(int(steps), seed=0)[cell]
        return float(result.grad_h_norms[0] / result.grad_h_norms[-1])

    return keep


# statistics and gradtui.sim.theory (which builds a quadrature table with numpy.polynomial
# when imported) are imported when a measure is evaluated: every start of the app parses
# the default lesson's measures, and together they held about 2 MB resident for nothing.
def _mean(values: Sequence[float]) -> float:
    import statistics

    return statistics.fmean(values)


def _sigmoid_window(weight: float) -> float:
    from gradtui.sim.theory import sigmoid_window_width

    return sigmoid_window_width(weight)


FUNCTIONS: dict[str, Callable[..., float]] = {
    "max": max,
    "min": min,
    "mean": _mean,
    "abs": abs,
    "isfinite": lambda value: float(math.isfinite(value)),
    "sigmoid_window": _sigmoid_window,
    "log10": lambda value: (
        math.log10(value) if value > 0 else -math.inf if value == 0 else math.nan
    ),
    "sum": lambda values: float(math.fsum(values)),
    "rnn_keep": _through_time("rnn"),
    "lstm_keep": _through_time("lstm"),
}
SPECTRUM_FUNCTIONS = ("jacobian_sv_max", "jacobian_sv_min", "weight_sv_max", "weight_sv_min")
"""Largest and smallest singular value of layer l's Jacobian ∂a_l/∂a_{l-1} (example 0) or
of its weights W_l (C21): ``jacobian_sv_max(3)``."""
Spectra = Callable[[str, int], np.ndarray]
"""(``"jacobian"`` or ``"weight"``, layer) -> singular values, supplied by the caller."""


def _power(base: float, exponent: float) -> float:
    """``base ** exponent`` as a float: inf where it overflows (Python raises), NaN where it
    is not real (Python gives a complex number)."""
    try:
        result = base**exponent
    except OverflowError:
        odd = exponent == int(exponent) and int(exponent) % 2 == 1
        return -math.inf if base < 0 and odd else math.inf
    except ZeroDivisionError:  # 0 ** -1
        return math.inf
    return result if isinstance(result, float | int) else math.nan


_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b if b != 0 else (math.copysign(math.inf, a) if a else math.nan),
    ast.Pow: _power,
}


def parse_measure(text: str) -> ast.Expression:
    """Parse and check a measure (names, operators, functions); raise MeasureError if bad."""
    if not isinstance(text, str):
        raise MeasureError(Said("measure_kind", value=shown(text)))
    if len(text) > MAX_MEASURE:
        raise MeasureError(
            Said("measure_long", measure=shown(text), length=len(text), limit=MAX_MEASURE)
        )
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        # SyntaxError for bad text; ValueError for a NUL byte; the others for nesting that
        # the parser itself refuses (MAX_MEASURE keeps it well below that).
        reason = error.msg if isinstance(error, SyntaxError) else "cannot be read"
        raise MeasureError(Said("measure_syntax", measure=shown(text), reason=reason)) from None
    for node in ast.walk(tree):
        allowed = (
            ast.Expression,
            ast.BinOp,
            ast.UnaryOp,
            ast.USub,
            ast.UAdd,
            ast.Constant,
            ast.Name,
            ast.Attribute,
            ast.Subscript,
            ast.Call,
            ast.Slice,
            ast.Load,
            *_OPERATORS,
        )
        if not isinstance(node, allowed):
            raise MeasureError(Said("measure_node", measure=shown(text), node=type(node).__name__))
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, int | float)
        ):
            raise MeasureError(
                Said("measure_not_number", measure=shown(text), value=repr(node.value))
            )
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name)
            and node.func.id in (*FUNCTIONS, *SPECTRUM_FUNCTIONS)
            and not node.keywords
        ):
            names = ", ".join((*FUNCTIONS, *SPECTRUM_FUNCTIONS))
            raise MeasureError(Said("measure_calls", measure=shown(text), names=names))
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name):
                raise MeasureError(Said("measure_attribute", measure=shown(text)))
            _check_field(text, node.value.id, node.attr)
        if isinstance(node, ast.Name) and node.id not in (
            *FUNCTIONS,
            *SPECTRUM_FUNCTIONS,
            "loss",
            "L",
            *SECTIONS,
            "clip",
            "cost",
        ):
            raise MeasureError(
                Said("measure_unknown_name", measure=shown(text), name=repr(node.id))
            )
    return tree


def _check_field(text: str, section: str, name: str) -> None:
    if section == "cost":
        from gradtui.sim.cost import ACTIVATIONS

        if name not in ACTIVATIONS:
            raise MeasureError(
                Said(
                    "measure_no_cost",
                    measure=shown(text),
                    name=repr(name),
                    names=", ".join(ACTIVATIONS),
                )
            )
        return
    kind = SECTIONS.get(section, ClipStats if section == "clip" else None)
    if kind is None:
        raise MeasureError(
            Said("measure_unknown_section", measure=shown(text), section=repr(section))
        )
    names = [field.name for field in fields(kind)]
    if name not in names:
        raise MeasureError(
            Said(
                "measure_no_field",
                measure=shown(text),
                section=section,
                name=repr(name),
                names=", ".join(names),
            )
        )


def evaluate_measure(
    text: str, snapshot: Snapshot, layers: Sequence[LayerInfo], spectra: Spectra | None = None
) -> float:
    """The value of a measure for a snapshot (raise MeasureError where a value is missing).

    ``spectra`` gives singular values for the spectrum functions; without it they fail."""
    tree = parse_measure(text)
    depth = snapshot.depth
    timed = sorted(
        {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "cost"
        }
    )
    costs: dict[str, float] = {}
    if timed:
        # Timed together, taking turns, so that a ratio of two sees the same machine.
        from gradtui.sim.cost import activation_costs

        costs = activation_costs(timed)

    def column(section: str, name: str) -> list[Any]:
        if section == "layers":
            rows: Sequence[Any] = layers
        else:
            rows = getattr(snapshot, section)
        values = []
        for index, row in enumerate(rows, start=1):
            if row is None:
                raise MeasureError(
                    Said("measure_not_computed", measure=shown(text), section=section, layer=index)
                )
            value = getattr(row, name)
            # A statistic with one value per unit (PReLU's α) reads as its mean.
            if isinstance(value, tuple):
                value = _mean(value)
            values.append(math.nan if value is None else value)
        return values

    def layer_number(node: ast.AST | None, default: int) -> int:
        if node is None:
            return default
        position = visit(node)
        if isinstance(position, list) or not math.isfinite(position):
            raise MeasureError(Said("measure_whole_layer", measure=shown(text)))
        if position != int(position):
            raise MeasureError(Said("measure_whole_layer", measure=shown(text)))
        layer = int(position)
        if layer < 0:
            layer = depth + 1 + layer
        if not 1 <= layer <= depth:
            raise MeasureError(
                Said("measure_layer_range", measure=shown(text), layer=int(position), depth=depth)
            )
        return layer

    def visit(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return visit(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id == "L":
                return float(depth)
            if node.id == "loss":
                if snapshot.loss is None:
                    raise MeasureError(Said("measure_no_loss", measure=shown(text)))
                return snapshot.loss
            raise MeasureError(Said("measure_needs_statistic", measure=shown(text), name=node.id))
        if isinstance(node, ast.Attribute):
            section = node.value.id  # type: ignore[attr-defined]
            if section == "cost":
                return costs[node.attr]
            if section == "clip":
                if snapshot.clip is None:
                    raise MeasureError(Said("measure_no_clip", measure=shown(text)))
                return float(getattr(snapshot.clip, node.attr))
            return column(section, node.attr)
        if isinstance(node, ast.Subscript):
            values = visit(node.value)
            if not isinstance(values, list):
                raise MeasureError(Said("measure_subscript", measure=shown(text)))
            if isinstance(node.slice, ast.Slice):
                first = layer_number(node.slice.lower, 1)
                last = layer_number(node.slice.upper, depth)
                return values[first - 1 : last]
            return float(values[layer_number(node.slice, depth) - 1])
        if isinstance(node, ast.UnaryOp):
            value = _number(visit(node.operand))
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            return _OPERATORS[type(node.op)](_number(visit(node.left)), _number(visit(node.right)))
        if isinstance(node, ast.Call):
            name = node.func.id  # type: ignore[attr-defined]
            arguments = [visit(argument) for argument in node.args]
            if name in SPECTRUM_FUNCTIONS:
                if spectra is None or len(arguments) != 1:
                    raise MeasureError(
                        Said("measure_needs_stepper", measure=shown(text), name=name)
                    )
                kind, _, which = name.partition("_sv_")
                values = spectra(kind, layer_number(node.args[0], depth))
                return float(values.max() if which == "max" else values.min())
            if name in ("max", "min", "mean", "sum"):
                if len(arguments) == 1 and isinstance(arguments[0], list):
                    values = [float(value) for value in arguments[0]]
                else:
                    values = [_number(argument) for argument in arguments]
                if not values:
                    raise MeasureError(Said("measure_of_nothing", measure=shown(text), name=name))
                return float(FUNCTIONS[name](values))
            if len(arguments) != 1:
                raise MeasureError(Said("measure_one_number", measure=shown(text), name=name))
            # Read as a number before the call: a list's MeasureError already names the
            # measure, and the wrap below is for the function's own (rnn_keep's T).
            argument = _number(arguments[0])
            try:
                return float(FUNCTIONS[name](argument))
            except MeasureError as error:
                raise MeasureError(
                    Said("measure_problem", measure=shown(text), problem=error)
                ) from None
            except (ArithmeticError, ValueError) as error:
                # e.g. sigmoid_window of a weight so large that the window's formula divides
                # by zero: a number outside what the function is for.
                raise MeasureError(
                    Said(
                        "measure_not_computable",
                        measure=shown(text),
                        name=name,
                        value=f"{argument:g}",
                        reason=printable(str(error) or type(error).__name__),
                    )
                ) from None
        raise MeasureError(
            Said("measure_cannot_evaluate", measure=shown(text), node=type(node).__name__)
        )

    def _number(value: Any) -> float:
        if isinstance(value, list):
            raise MeasureError(Said("measure_needs_layer", measure=shown(text)))
        return float(value)

    return _number(visit(tree))
