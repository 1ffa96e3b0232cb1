"""The regime of a layer's gradient: vanishing, healthy, exploding, overflow (or pending).

A layer's gradient is judged against the output layer's gradient of the same kind, because
that is what the chain rule multiplies: what is left of the output's gradient by the time it
reaches layer l. Below ``VANISHING_BELOW`` of it the layer barely learns; above
``EXPLODING_ABOVE`` times it, a step overshoots; inf or NaN is overflow. The chart, the
explanations and the lessons all use these same thresholds.

Judged so, row L is always healthy and a row as large as row L too, however large both are
(every weight 5: each ‖∂L/∂W_l‖ is 3.81×10¹³). ‖∂L/∂W‖ sets how far an update moves the
weights, so a ``W`` row is also exploding when the value itself is above ``HUGE_ABOVE``
(``classify_weights``); ‖∂L/∂a‖ moves nothing, and its rows are judged against row L only.
"""

from __future__ import annotations

import math
from enum import StrEnum

__all__ = [
    "EXPLODING_ABOVE",
    "HUGE_ABOVE",
    "VANISHING_BELOW",
    "Regime",
    "classify",
    "classify_weights",
]

VANISHING_BELOW = 1e-2
"""A gradient smaller than 1/100 of the output's is vanishing."""
EXPLODING_ABOVE = 1e2
"""A gradient larger than 100× the output's is exploding."""
HUGE_ABOVE = 1e2
"""A ‖∂L/∂W‖ larger than 100 is exploding whatever the output's is: one plain SGD step at
the lessons' learning rates (0.01 to 1) then moves the layer's weights by more than 1 to
100 in norm, as much as or more than the weights themselves. Where a shipped lesson
trains well, its first pass stays below 10; every weight 5 gives 3.81×10¹³."""


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


def classify_weights(value: float | None, reference: float | None) -> Regime:
    """The regime of a ‖∂L/∂W‖ ``value``: as ``classify`` against ``reference`` (the output
    layer's), and exploding whenever the value itself is above ``HUGE_ABOVE``."""
    regime = classify(value, reference)
    if regime in (Regime.HEALTHY, Regime.VANISHING) and value is not None and value > HUGE_ABOVE:
        return Regime.EXPLODING
    return regime
