"""Text from a person, a file or a path, made safe to quote in a one-line message.

A message quotes what it is about: a file name, a key, a value. Those came from outside and
may hold anything: an escape sequence that clears the terminal, a newline that splits the
message in two, a list of a hundred thousand items. ``printable`` is the one function every
message uses to quote them: one line, nothing a terminal acts on, at most ``limit``
characters.
"""

from __future__ import annotations

import math
import reprlib

__all__ = ["MESSAGE_LIMIT", "PATH_LIMIT", "VALUE_LIMIT", "printable", "shown"]

VALUE_LIMIT = 80
"""Characters of one quoted value (a key, a path, a number, a list)."""
PATH_LIMIT = 160
"""Characters of a quoted file name: long paths are common, and worth showing whole."""
MESSAGE_LIMIT = 600
"""Characters of a whole message: room for a few quoted values and the advice."""

_ELLIPSIS = "…"


class _BoundedRepr(reprlib.Repr):
    """reprlib's repr, which bounds the work as well as the result (a 100,000-item list is
    never joined whole), and which also takes integers too long for ``repr`` (Python
    refuses to write one of more than 4,300 digits)."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() <= 128:
            return super().repr_int(x, level)
        digits = int(x.bit_length() * math.log10(2)) + 1
        return f"{'-' if x < 0 else ''}<a whole number of about {digits} digits>"


_REPR = _BoundedRepr()
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 8
_REPR.maxdict = 6
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = VALUE_LIMIT
_REPR.maxlong = 40


def _escape(character: str) -> str:
    # repr's escape of a character that is not printable: \n, \x1b, \u202e (a bidi
    # override that would reverse the rest of the line), \U000e0001 ...
    return repr(character)[1:-1]


def printable(value: object, limit: int = VALUE_LIMIT) -> str:
    """``value`` as one printable line of at most ``limit`` characters.

    Text is kept as it is, except that every character a terminal would act on (control
    characters, newlines, tabs, bidi overrides, separators: whatever ``str.isprintable``
    refuses, the space aside) is written as its escape, ``\\x1b``, ``\\n``. Anything else is
    shown by a bounded ``repr``. Text longer than ``limit`` ends in ``…``.
    """
    text = value if isinstance(value, str) else _REPR.repr(value)
    # Only the first ``limit`` characters can be shown, so only they are looked at.
    head = text[: limit + 1]
    if not head.isprintable():
        head = "".join(
            character if character.isprintable() else _escape(character) for character in head
        )
    if len(head) > limit:
        return head[: max(limit - 1, 0)] + _ELLIPSIS
    return head


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """``value`` quoted as Python writes it (``'sigmoind'``, ``[1, 2]``), shortened and
    printable: for a key or a value inside a sentence."""
    return printable(_REPR.repr(value), limit)
