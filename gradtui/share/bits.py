"""The bits of a share code and its characters: a bit writer and reader, Crockford's
base 32 (digits and letters without I, L, O and U, read case-insensitively, with I and L
as 1 and O as 0), and two check characters.

The check is a code over GF(32), the field of the 32 symbols: with ``v_i`` the symbol at
position ``i`` (the two check symbols included), every code satisfies
``Σ v_i = 0`` and ``Σ αⁱ·v_i = 0``. One wrong symbol changes the first sum; two swapped
neighbours ``a, b`` at ``i, i + 1`` leave it and change the second by
``αⁱ·(1 + α)·(a + b)``, which is never 0 for ``a ≠ b`` (α is a generator, and α ≠ 1). So
every single mistyped character and every swap of two neighbours is caught, whatever the
code's length; other mistakes get through once in 1,024.
"""

from __future__ import annotations

__all__ = [
    "ALPHABET",
    "BitReader",
    "BitWriter",
    "add_check",
    "check_holds",
    "symbols_of",
]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O (read as 1, 1, 0) and no U."""
_VALUE = {character: value for value, character in enumerate(ALPHABET)}
_VALUE.update({"I": 1, "L": 1, "O": 0})

# GF(32) with the primitive polynomial x⁵ + x² + 1; α = x (the symbol 2).
_EXP = [0] * 62
_LOG = [0] * 32
_value = 1
for _power in range(31):
    _EXP[_power] = _EXP[_power + 31] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 32:
        _value ^= 0b100101


def _times(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def _over(a: int, b: int) -> int:
    return 0 if a == 0 else _EXP[(_LOG[a] - _LOG[b]) % 31]


def _alpha_to(power: int) -> int:
    return _EXP[power % 31]


def _sums(symbols: list[int]) -> tuple[int, int]:
    plain = weighted = 0
    for position, symbol in enumerate(symbols):
        plain ^= symbol
        weighted ^= _times(_alpha_to(position), symbol)
    return plain, weighted


def add_check(symbols: list[int]) -> list[int]:
    """``symbols`` and the two check symbols that make both sums 0."""
    plain, weighted = _sums(symbols)
    count = len(symbols)
    # A ^ B = plain and αⁿ·A ^ αⁿ⁺¹·B = weighted, so B·αⁿ·(1 + α) = weighted ^ αⁿ·plain.
    second = _over(
        weighted ^ _times(_alpha_to(count), plain), _alpha_to(count) ^ _alpha_to(count + 1)
    )
    first = plain ^ second
    return [*symbols, first, second]


def check_holds(symbols: list[int]) -> bool:
    """Whether both sums of ``symbols`` (check symbols included) are 0."""
    return _sums(symbols) == (0, 0)


def symbols_of(text: str) -> tuple[list[int], str | None]:
    """The symbols of a typed code (hyphens and spaces skipped, any case), and the first
    character that is not one of a code's (``None`` when all are)."""
    symbols = []
    for character in text.upper():
        if character in "- \t":
            continue
        value = _VALUE.get(character)
        if value is None:
            return symbols, character
        symbols.append(value)
    return symbols, None


class BitWriter:
    """Bits appended most significant first; ``symbols()`` cuts them into 5-bit symbols,
    the last padded with zeros."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def fixed(self, value: int, width: int) -> None:
        """``value`` in exactly ``width`` bits."""
        self.bits.extend((value >> shift) & 1 for shift in range(width - 1, -1, -1))

    def number(self, value: int, group: int) -> None:
        """A non-negative whole number in groups of ``group`` bits, lowest group first,
        each followed by one bit: 1 when another group follows."""
        if value < 0:
            raise ValueError(f"cannot write the negative number {value}")
        while True:
            self.fixed(value & ((1 << group) - 1), group)
            value >>= group
            self.fixed(1 if value else 0, 1)
            if not value:
                return

    def signed(self, value: int, group: int) -> None:
        """A whole number of either sign: 0, -1, 1, -2, … as 0, 1, 2, 3, …"""
        self.number(2 * value if value >= 0 else -2 * value - 1, group)

    def symbols(self) -> list[int]:
        bits = self.bits + [0] * (-len(self.bits) % 5)
        return [
            int("".join(map(str, bits[start : start + 5])), 2) for start in range(0, len(bits), 5)
        ]


class EndOfCode(ValueError):
    """The code's bits ended before what they describe did."""


class BitReader:
    """Reads what ``BitWriter`` wrote, from symbols."""

    MAX_GROUPS = 32
    """More groups than any field needs (a 64-bit float's digits take 15): a longer run
    is a broken code, not a number to read."""

    def __init__(self, symbols: list[int]) -> None:
        self.bits = [(symbol >> shift) & 1 for symbol in symbols for shift in range(4, -1, -1)]
        self.position = 0

    def fixed(self, width: int) -> int:
        if self.position + width > len(self.bits):
            raise EndOfCode("the code ends too soon")
        value = 0
        for bit in self.bits[self.position : self.position + width]:
            value = (value << 1) | bit
        self.position += width
        return value

    def number(self, group: int) -> int:
        value = shift = 0
        for _ in range(self.MAX_GROUPS):
            value |= self.fixed(group) << shift
            shift += group
            if not self.fixed(1):
                return value
        raise EndOfCode("a number runs on too long")

    def signed(self, group: int) -> int:
        value = self.number(group)
        return value // 2 if value % 2 == 0 else -(value + 1) // 2

    def only_padding_left(self) -> bool:
        """Whether what is left is fewer than 5 bits, all 0 (the padding of the last
        symbol)."""
        rest = self.bits[self.position :]
        return len(rest) < 5 and not any(rest)
