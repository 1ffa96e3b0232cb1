"""Numbers for people: three significant digits, powers of ten as 10⁻⁴, ratios as ×0.21.

One style everywhere (the log, the chart's scale, the detail pane, transcripts):

- ``number(0.1934) == "0.193"``, ``number(41_234.0) == "4.12×10⁴"``,
  ``number(2.3e-7) == "2.3×10⁻⁷"``, ``number(8250.0) == "8,250"``; plain digits (thousands
  grouped) from 10⁻³ up to 10⁴.
- ``factor(0.21) == "×0.21"``, ``factor(4.0) == "×4"``.
- ``share(2.1e-4) == "1/4,760"`` (a ratio below a tenth), else ``"0.42"``;
  ``times(25.0) == "25×"``, ``times(11_912.0) == "11,900×"``.
- ``power(-4) == "10⁻⁴"``.
- ``percent(0.123) == "12%"``.

inf and NaN print as ``∞``/``−∞`` and ``NaN``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = [
    "factor",
    "factor_as_written",
    "multiple",
    "number",
    "percent",
    "power",
    "share",
    "spread",
    "subscripts",
    "times",
]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_NUMBERED = re.compile(r"(?<![A-Za-z0-9_])([aWzhbx])_(\d+)(?![A-Za-z0-9_])")


def subscripts(text: str) -> str:
    """A symbol's numbered index as subscript digits, one way everywhere: ``∂L/∂a_10`` and
    ``‖∂L/∂W_1‖`` become ``∂L/∂a₁₀`` and ``‖∂L/∂W₁‖``, as the lessons and exercises write
    them. A letter index stays as it is (``W_l``, ``a_(l−1)``, the conventions' own)."""
    return _NUMBERED.sub(lambda match: match[1] + match[2].translate(_SUBSCRIPT), text)


def power(exponent: int) -> str:
    """``10`` with a superscript exponent: ``power(-4) == "10⁻⁴"``."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return None


def _digits(value: float, significant: int) -> str:
    """``value`` to ``significant`` digits, without trailing zeros or exponent."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    decimals = max(significant - 1 - exponent, 0)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def number(value: float, significant: int = 3) -> str:
    """A float to ``significant`` digits, in plain digits or as ``m×10ⁿ``."""
    special = _special(value)
    if special:
        return special
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude < 1e4 and magnitude == int(magnitude):
        # A whole number below 10⁴ exactly: 5⁵ is 3,125, not 3,120.
        return f"{'−' if value < 0 else ''}{int(magnitude):,}"
    rounded = float(f"{magnitude:.{significant - 1}e}")
    exponent = math.floor(math.log10(rounded))
    sign = "−" if value < 0 else ""
    if -3 <= exponent < 4:
        # Thousands grouped as ``share`` groups them: 8,250× beside 1/16,800.
        whole, point, fraction = _digits(rounded, significant).partition(".")
        return f"{sign}{int(whole):,}{point}{fraction}"
    mantissa = _digits(rounded / 10.0**exponent, significant)
    if mantissa == "10":  # 9.999e-5 rounds up to 10×10⁻⁵
        mantissa, exponent = "1", exponent + 1
    if mantissa == "1":
        return sign + power(exponent)
    return f"{sign}{mantissa}×{power(exponent)}"


def _factor_digits(value: float) -> int:
    return 2 if 0.01 <= abs(value) < 10 else 3


def factor(value: float) -> str:
    """A multiplier: ``×0.21``, ``×4``, ``×3.1×10⁻⁵``."""
    return "×" + number(value, _factor_digits(value))


def factor_as_written(value: float) -> float:
    """The multiplier that ``factor`` writes for ``value`` (0.2139 → 0.21), to check whether
    factors as written multiply to their product as written."""
    if not math.isfinite(value):
        return value
    return float(f"{value:.{_factor_digits(value)}g}")


SHARE_DENOMINATOR_BELOW = 1e6
"""``share`` writes 1/N while N is below this (1/16,800, 1/204,000), and a power of ten for
smaller ratios (1.66×10⁻⁷, not 1/6,030,000): one rule of the value alone, so that a figure
reads the same in a verdict, the log and the detail whatever else they show beside it. Up
to 1/999,000, so that two running products of one detail (1/49,300 and 1/204,000) are
written alike."""


def share(value: float) -> str:
    """A ratio for people: ``1/4,760`` below a tenth (``1.66×10⁻⁷`` far below), else
    ``0.42``."""
    special = _special(value)
    if special:
        return special
    if 0 < value < 0.1:
        inverse = 1.0 / value
        if float(f"{inverse:.3g}") < SHARE_DENOMINATOR_BELOW:
            return f"1/{float(f'{inverse:.3g}'):,.0f}"
    return number(value)


TIMES_DIGITS_BELOW = 1e7
"""``times`` writes whole digits up to this (11,900×, 6,030,000×): a power of ten followed
by × (1.19×10⁴×) reads as a product."""


def multiple(value: float, significant: int = 3) -> str:
    """A "how many times" number: as ``number`` writes it, but whole digits from 10⁴ up to
    10⁷ (``11,900``), for a sentence that puts × or 倍 after it."""
    if math.isfinite(value) and abs(value) >= 1e4:
        rounded = float(f"{abs(value):.2e}")
        if rounded < TIMES_DIGITS_BELOW:
            return f"{'−' if value < 0 else ''}{rounded:,.0f}"
    return number(value, significant)


def times(value: float, lang: str = "en") -> str:
    """How many times larger: ``2×``, ``11,900×``; from 10⁷ a power of ten and a word,
    ``4.88×10⁸ times`` (``4.88×10⁸ 倍``)."""
    text = multiple(value)
    if "×10" in text:
        return text + (" 倍" if lang == "zh" else " times")
    return text + "×"


def percent(value: float) -> str:
    """A fraction as a percentage: ``12%``, ``0.3%``, ``<0.1%``, ``100%``."""
    special = _special(value)
    if special:
        return special
    pct = 100.0 * value
    if pct == 0:
        return "0%"
    if pct < 0.1:
        return "<0.1%"
    if pct < 10:
        return f"{_digits(pct, 2)}%"
    return f"{pct:.0f}%"


def spread(values: Sequence[float]) -> str:
    """One value as itself, several as ``lowest…highest`` (PReLU's α per unit)."""
    if len(values) == 1:
        return number(values[0])
    return f"{number(min(values))}…{number(max(values))}"


def runs(indices: Sequence[int]) -> str:
    """Layer or row numbers with runs of three or more joined: ``1–5``, ``2, 3, 7``."""
    groups: list[list[int]] = []
    for index in indices:
        if groups and index == groups[-1][-1] + 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    return ", ".join(
        f"{group[0]}–{group[-1]}" if len(group) > 2 else ", ".join(map(str, group))
        for group in groups
    )
