"""The regime of a layer's gradient: vanishing, healthy, exploding, overflow (or pending).

A layer's gradient is judged against the output layer's gradient of the same kind, because
that is what the chain rule multiplies: what is left of the output's gradient by the time it
reaches layer l. Below ``VANISHING_BELOW`` of it the layer barely learns; above
``EXPLODING_ABOVE`` times it, a step overshoots; inf or NaN is overflow. The chart, the
explanations and the lessons all use these same thresholds.
"""

from __future__ import annotations

import math
from enum import StrEnum

__all__ = ["EXPLODING_ABOVE", "VANISHING_BELOW", "Regime", "classify"]

VANISHING_BELOW = 1e-2
"""A gradient smaller than 1/100 of the output's is vanishing."""
EXPLODING_ABOVE = 1e2
"""A gradient larger than 100× the output's is exploding."""


class Regime(StrEnum):
    """Each regime has a glyph and a word, so it reads the same without colour."""

    PENDING = "pending"
    VANISHING = "vanishing"
    HEALTHY = "healthy"
    EXPLODING = "exploding"
    OVERFLOW = "overflow"

    @property
    def glyph(self) -> str:
        return _GLYPHS[self]

    @property
    def label(self) -> str:
        """A short word for a narrow column."""
        return _LABELS[self]

    @property
    def variable(self) -> str:
        """The theme variable holding this regime's colour."""
        return f"gradient-{self.value}"


_GLYPHS = {
    Regime.PENDING: "·",
    Regime.VANISHING: "▽",
    Regime.HEALTHY: "●",
    Regime.EXPLODING: "▲",
    Regime.OVERFLOW: "✖",
}
_LABELS = {
    Regime.PENDING: "",
    Regime.VANISHING: "vanish",
    Regime.HEALTHY: "ok",
    Regime.EXPLODING: "explode",
    Regime.OVERFLOW: "inf/NaN",
}


def classify(value: float | None, reference: float | None) -> Regime:
    """The regime of ``value`` against ``reference`` (the output layer's gradient)."""
    if value is None:
        return Regime.PENDING
    if not math.isfinite(value):
        return Regime.OVERFLOW
    if reference is None or not math.isfinite(reference):
        return Regime.HEALTHY if reference is None else Regime.OVERFLOW
    if value == 0:
        return Regime.VANISHING  # nothing arrives: nothing is learnt (dead units, underflow)
    if reference == 0:
        return Regime.EXPLODING
    ratio = value / reference
    if ratio < VANISHING_BELOW:
        return Regime.VANISHING
    if ratio > EXPLODING_ABOVE:
        return Regime.EXPLODING
    return Regime.HEALTHY
