"""Share codes: a network as a short code a teacher reads aloud or writes on the board.

A code is a base network (a shipped lesson's or exercise's, named by its place in the
frozen list ``bases.toml``, or the default config) and the fields the network changes in
it, in a few characters of Crockford's base 32 grouped by four (``0C4K-9TZ2``), the last
two a check that catches every mistyped character and every swap of two neighbours.

``share_code(config, lesson="relu-he")`` writes one, ``read_code("0c4k-9tz2")`` reads it
back: the very same ``Config`` (floats to the last bit), and the base's kind and id, so
that the app can open the lesson beside it. A code says which format wrote it; the tables
of each format are frozen (``gradtui.share.table``), so a code made by this release opens
the same network in every later one. What goes wrong is a ``ShareError`` that says what
to do, in English or Chinese (``message_in``); a code that checks out but whose network
cannot be used is the config's own ``ConfigError``.

Bits, in order: the format (3 bits), the base's number, the count of changed fields, then
each field's number and value. Whole numbers go in groups of 4 bits (3 for small
counts and choice indices), each with a bit saying whether another follows; a float is
its shortest decimal (sign, digits, power of ten: 0.1 is 1 and -1) or, where that is
longer, its 64 bits; a text is its UTF-8 bytes; a list its count and items.
"""

from __future__ import annotations

import math
import struct
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from gradtui.config import Config, config_by_name, config_from_dict
from gradtui.share.bits import (
    ALPHABET,
    BitReader,
    BitWriter,
    EndOfCode,
    add_check,
    check_holds,
    symbols_of,
)
from gradtui.share.table import CHOICES, DEFAULTS, FIELDS, FORMAT

__all__ = [
    "Base",
    "ShareError",
    "Shared",
    "base_config",
    "bases",
    "changes",
    "find_base",
    "group",
    "read_code",
    "share_code",
]

GROUP = 4
"""Characters between hyphens, for reading aloud."""
SMALL = 3
"""Bits per group of a count or a choice's index (most are below 8)."""
WIDE = 4
"""Bits per group of a whole number, a field's number or a base's."""

_WORDS: dict[str, tuple[str, str]] = {
    "empty": (
        "no code given; a code looks like 0C4K-9TZ2 (gradtui share prints one)",
        "没有给出分享码；分享码形如 0C4K-9TZ2（gradtui share 会打印一个）",
    ),
    "character": (
        "{code}: {character!r} is not a character of a code; codes use the digits and the "
        "letters A to Z but U (I and L are read as 1, O as 0)",
        "{code}：{character!r} 不是分享码里的字符；分享码只用数字和除 U 以外的字母 A–Z"
        "（I 和 L 读作 1，O 读作 0）",
    ),
    "short": (
        "{code}: too short for a code ({count} characters; a code has at least 5)",
        "{code}：太短，不是分享码（{count} 个字符；分享码至少 5 个）",
    ),
    "check": (
        "{code}: this code does not check out: a character is wrong, missing or two are "
        "swapped; copy it again, character by character",
        "{code}：分享码校验不通过：有字符写错、漏写或两个字符对调了；请逐个字符重新抄一遍",
    ),
    "newer": (
        "{code}: made by a newer gradtui (code format {format}; this one reads up to "
        "{newest}); upgrade gradtui to open it",
        "{code}：由更新版本的 gradtui 生成（分享码格式 {format}；本版本最多读格式 {newest}）；"
        "请升级 gradtui 后再打开",
    ),
    "unknown": (
        "{code}: names {what} this gradtui does not know; a newer release made it: "
        "upgrade gradtui to open it",
        "{code}：其中的{what_zh}本版本的 gradtui 不认识，它由更新的版本生成："
        "请升级 gradtui 后再打开",
    ),
    "broken": (
        "{code}: not a code gradtui wrote (its check holds but its contents do not); ask "
        "for it again",
        "{code}：不是 gradtui 生成的分享码（校验通过但内容不对）；请重新索取",
    ),
}


class ShareError(ValueError):
    """A code that cannot be read, or a network that cannot be written as one; the
    message says why and what to do (``message_in`` in English or Chinese)."""

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields
        super().__init__(self.message_in("en"))

    def message_in(self, lang: str) -> str:
        english, chinese = _WORDS[self.key]
        return (chinese if lang == "zh" else english).format(**self.fields)


@dataclass(frozen=True)
class Base:
    """A network a code can start from: a shipped lesson's or exercise's."""

    number: int
    """Its place in ``bases.toml`` (1 for the first; 0 is the default config)."""
    kind: str
    """"lesson" or "exercise"."""
    id: str
    values: dict[str, Any]
    """The fields whose value differs from the frozen defaults."""


@dataclass(frozen=True)
class Shared:
    """What a code holds."""

    config: Config
    kind: str
    """The base's kind, "lesson" or "exercise"; "" for the default config."""
    base_id: str
    """The base lesson's or exercise's id ("" for the default config)."""
    code: str
    """The code, grouped as ``share_code`` writes it."""


@cache
def bases() -> tuple[Base, ...]:
    """Every base network, in the order codes number them (from 1)."""
    text = resources.files(__name__).joinpath("bases.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(text)["base"]
    return tuple(
        Base(number, entry["kind"], entry["id"], dict(entry.get("values", {})))
        for number, entry in enumerate(entries, start=1)
    )


def find_base(kind: str, base_id: str) -> Base | None:
    """The newest base of that kind and id (a changed lesson is appended again), or None."""
    found = [base for base in bases() if base.kind == kind and base.id == base_id]
    return found[-1] if found else None


_KIND = {name: kind for _, name, kind in FIELDS}
_NUMBER = {name: number for number, name, _ in FIELDS}
_NAME = {number: name for number, name, _ in FIELDS}


def _flat(config: Config) -> dict[str, Any]:
    """Every field of ``config`` by its dotted name."""
    return config_by_name(config)


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for name, value in flat.items():
        section, dot, key = name.rpartition(".")
        (nested.setdefault(section, {}) if dot else nested)[key] = value
    return nested


def _same(kind: str, first: Any, second: Any) -> bool:
    """Equal to the last bit: 0.0 and -0.0 are two values here."""
    if kind == "float":
        return struct.pack("<d", float(first)) == struct.pack("<d", float(second))
    return first == second and type(first) is type(second)


def _base_values(base: Base | None) -> dict[str, Any]:
    return {**DEFAULTS, **(base.values if base else {})}


def base_config(base: Base | None) -> Config:
    """The network of a base (the default config for None), as codes decode it."""
    return config_from_dict(_nested(_base_values(base)), source="")


def changes(config: Config, *, kind: str = "", base_id: str = "") -> list[str]:
    """What a code of ``config`` changes in its base, as ``--set`` would write it
    (``network.depth=20``), in the order of the fields' numbers."""
    base = find_base(kind, base_id) if kind else None
    flat, start = _flat(config), _base_values(base)
    changed = sorted(
        (_NUMBER[name], name) for name in flat if not _same(_KIND[name], flat[name], start[name])
    )
    return [f"{name}={_said(flat[name])}" for _, name in changed]


def _said(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_said(item) for item in value)
    return repr(value) if isinstance(value, float) else str(value)


def share_code(config: Config, *, kind: str = "", base_id: str = "") -> str:
    """The code of ``config`` as an edit of the lesson or exercise ``base_id`` (``kind``
    "lesson" or "exercise"; "" for none, or one not in ``bases.toml``, such as a teacher's
    own lesson file: the code then holds the network alone)."""
    base = find_base(kind, base_id) if kind else None
    flat = _flat(config)
    missing = sorted(set(flat) - set(_KIND))
    if missing:
        raise ValueError(f"field {missing[0]} has no number in gradtui/share/table.py")
    start = _base_values(base)
    changed = [
        (_NUMBER[name], name) for name in flat if not _same(_KIND[name], flat[name], start[name])
    ]
    writer = BitWriter()
    writer.fixed(FORMAT, 3)
    writer.number(base.number if base else 0, WIDE)
    writer.number(len(changed), SMALL)
    for number, name in sorted(changed):
        writer.number(number, WIDE)
        _write_value(writer, name, _KIND[name], flat[name])
    return group(add_check(writer.symbols()))


def group(symbols: list[int]) -> str:
    """Symbols as the characters of a code, in groups of four joined by hyphens."""
    text = "".join(ALPHABET[symbol] for symbol in symbols)
    return "-".join(text[start : start + GROUP] for start in range(0, len(text), GROUP))


def _write_value(writer: BitWriter, name: str, kind: str, value: Any) -> None:
    if kind == "int":
        writer.number(value, WIDE)
    elif kind == "bool":
        writer.fixed(1 if value else 0, 1)
    elif kind == "choice":
        writer.number(CHOICES[name].index(value), SMALL)
    elif kind == "float":
        _write_float(writer, float(value))
    elif kind == "text":
        data = value.encode("utf-8")
        writer.number(len(data), WIDE)
        for byte in data:
            writer.fixed(byte, 8)
    elif kind == "ints":
        writer.number(len(value), WIDE)
        for item in value:
            writer.number(item, WIDE)
    else:  # choices
        writer.number(len(value), WIDE)
        for item in value:
            writer.number(CHOICES[name].index(item), SMALL)


def _decimal(value: float) -> tuple[int, int, int] | None:
    """``value`` as (sign, digits, power of ten) from its shortest repr, or None for inf
    and NaN. float() of the decimal gives ``value`` back exactly: repr is the shortest text
    that does."""
    if not math.isfinite(value):
        return None
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    mantissa = int("".join(map(str, digits)) or "0")
    while mantissa and mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    return sign, mantissa, exponent if mantissa else 0


def _write_float(writer: BitWriter, value: float) -> None:
    decimal = _decimal(value)
    short = BitWriter()
    if decimal is not None:
        sign, mantissa, exponent = decimal
        short.fixed(0, 1)
        short.fixed(sign, 1)
        short.number(mantissa, WIDE)
        short.signed(exponent, SMALL)
    if decimal is None or len(short.bits) > 65:
        writer.fixed(1, 1)
        writer.fixed(struct.unpack("<Q", struct.pack("<d", value))[0], 64)
    else:
        writer.bits.extend(short.bits)


def read_code(code: str) -> Shared:
    """The network a code holds; a ``ShareError`` when the text is not a code this release
    can read (a ``ConfigError`` when its network cannot be used here)."""
    symbols, bad = symbols_of(code)
    shown = code.strip()[:40]
    if bad is not None:
        raise ShareError("character", code=shown, character=bad)
    if not symbols:
        raise ShareError("empty")
    if len(symbols) < 5:
        raise ShareError("short", code=shown, count=len(symbols))
    if not check_holds(symbols):
        raise ShareError("check", code=shown)
    reader = BitReader(symbols[:-2])
    try:
        version = reader.fixed(3)
        if version > FORMAT:
            raise ShareError("newer", code=shown, format=version, newest=FORMAT)
        if version < 1:
            raise ShareError("broken", code=shown)
        values, base = _read_fields(reader, shown)
    except EndOfCode:
        raise ShareError("broken", code=shown) from None
    if not reader.only_padding_left():
        raise ShareError("broken", code=shown)
    config = config_from_dict(_nested(values), source=shown)
    return Shared(config, base.kind if base else "", base.id if base else "", group(symbols))


def _unknown(code: str, what: str, what_zh: str) -> ShareError:
    return ShareError("unknown", code=code, what=what, what_zh=what_zh)


def _read_fields(reader: BitReader, code: str) -> tuple[dict[str, Any], Base | None]:
    number = reader.number(WIDE)
    known = bases()
    if number > len(known):
        raise _unknown(code, "a lesson or exercise", "课程或练习")
    base = known[number - 1] if number else None
    values = _base_values(base)
    seen: set[int] = set()
    for _ in range(reader.number(SMALL)):
        field = reader.number(WIDE)
        if field not in _NAME:
            raise _unknown(code, "a config field", "配置字段")
        if field in seen or (seen and field < max(seen)):
            raise ShareError("broken", code=code)  # written once each, in order
        seen.add(field)
        name = _NAME[field]
        values[name] = _read_value(reader, name, _KIND[name], code)
    return values, base


def _choice(reader: BitReader, name: str, code: str) -> str:
    index = reader.number(SMALL)
    if index >= len(CHOICES[name]):
        raise _unknown(code, f"a value of {name}", f" {name} 的值")
    return CHOICES[name][index]


def _read_value(reader: BitReader, name: str, kind: str, code: str) -> Any:
    if kind == "int":
        return reader.number(WIDE)
    if kind == "bool":
        return bool(reader.fixed(1))
    if kind == "choice":
        return _choice(reader, name, code)
    if kind == "float":
        if reader.fixed(1):
            return struct.unpack("<d", struct.pack("<Q", reader.fixed(64)))[0]
        sign = "-" if reader.fixed(1) else ""
        mantissa = reader.number(WIDE)
        exponent = reader.signed(SMALL)
        if abs(exponent) > 400:
            raise ShareError("broken", code=code)
        return float(f"{sign}{mantissa}e{exponent}")
    if kind == "text":
        data = bytes(reader.fixed(8) for _ in range(reader.number(WIDE)))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ShareError("broken", code=code) from None
    count = reader.number(WIDE)
    if kind == "ints":
        return [reader.number(WIDE) for _ in range(count)]
    return [_choice(reader, name, code) for _ in range(count)]
