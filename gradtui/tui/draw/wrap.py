"""Wrapping that suits both English and Chinese.

Rich wraps at spaces only. Chinese has none inside a sentence, so a Chinese clause is one
"word" to Rich: it moves whole to the next line and leaves the line before it half empty
("• ReLU" alone, then the sentence). Here a line may also break between any two CJK
characters, but never before closing punctuation (，。：；！？）」』、) nor after an opening one
(（「『), as Chinese typesetting does; Latin words still break only at spaces, and a word
longer than the line is folded.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

__all__ = ["Wrapping", "fit_label", "has_wide", "wrap", "wrapping"]

_NO_LINE_START = set("，。：；！？）」』、,.:;!?)]》〉…·%")
_NO_LINE_END = set("（「『([《〈")
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def has_wide(plain: str) -> bool:
    """Whether ``plain`` holds a wide (CJK) character, which Rich's wrap cannot break at."""
    return _WIDE.search(plain) is not None


def _tokens(plain: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces a line may not break inside: a Latin word with the spaces
    after it, or one CJK character (with the punctuation that must stay beside it)."""
    pieces: list[tuple[int, int]] = []
    index, length = 0, len(plain)
    while index < length:
        if _WIDE.match(plain[index]):
            end = index + 1
        else:
            end = index
            while end < length and not plain[end].isspace() and not _WIDE.match(plain[end]):
                end += 1
            end = max(end, index + 1)
        while end < length and plain[end].isspace():
            end += 1
        if pieces and (plain[index] in _NO_LINE_START or plain[pieces[-1][1] - 1] in _NO_LINE_END):
            pieces[-1] = (pieces[-1][0], end)  # kept with the piece before it
        else:
            pieces.append((index, end))
        index = end
    return pieces


def _fold(piece: str, width: int) -> list[int]:
    """Offsets (within ``piece``) at which a piece wider than the line is cut."""
    cuts, used = [], 0
    for offset, character in enumerate(piece):
        cells = cell_len(character)
        if used + cells > width and used:
            cuts.append(offset)
            used = 0
        used += cells
    return cuts


def _line_breaks(plain: str, width: int) -> list[int]:
    """Where each line after the first starts, for one paragraph (no newline in it)."""
    breaks: list[int] = []
    used = 0
    for start, end in _tokens(plain):
        piece = plain[start:end]
        shown = cell_len(piece.rstrip())  # trailing spaces may hang past the edge
        if used and used + shown > width:
            breaks.append(start)
            used = 0
        if shown > width:  # longer than a whole line: fold it
            cuts = _fold(piece.rstrip(), width)
            breaks.extend(start + cut for cut in cuts)
            last = cuts[-1] if cuts else 0
            used = cell_len(piece[last:])
        else:
            used += cell_len(piece)
    return breaks


def wrap(text: Text, width: int, console: Console) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, styles kept; paragraphs (newlines) stay
    apart. Text without wide characters is wrapped by Rich itself (folding a word longer than
    the line), so English reads exactly as before."""
    width = max(width, 1)
    if not has_wide(text.plain):
        return list(text.wrap(console, width, overflow="fold"))
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        breaks = _line_breaks(paragraph.plain, width)
        for line in paragraph.divide(breaks) if breaks else [paragraph]:
            line.rstrip()
            lines.append(line)
    return lines


class Wrapping:
    """``text`` as a Rich renderable that wraps with ``wrap`` at whatever width it is given:
    for places that wrap a renderable themselves (an ``OptionList``'s options), where a Text
    would be wrapped by Rich or Textual at spaces only."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        joined = Text("\n").join(wrap(self.text, options.max_width, console))
        joined.no_wrap = True  # ends in a newline: Textual counts a renderable's lines by them
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(2, widest), widest)


def wrapping(text: Text) -> Text | Wrapping:
    """``text`` itself when it is English (wrapped at spaces as before), else a ``Wrapping``
    of it, so that a Chinese option breaks between characters."""
    return Wrapping(text) if has_wide(text.plain) else text


def fit_label(name: str, width: int) -> str:
    """``name`` in ``width`` cells, left-aligned; a longer one keeps its end (the most
    particular part of a dotted module name) after an ellipsis."""
    if cell_len(name) <= width:
        return name + " " * (width - cell_len(name))
    kept = name
    while kept and cell_len(kept) > width - 1:
        kept = kept[1:]
    return "…" + kept + " " * (width - 1 - cell_len(kept))
