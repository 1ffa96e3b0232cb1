"""What the plots share: plotext set up the same way, and the words around a plot (its
legend, the name of its x axis) drawn outside it, in the learner's language.

plotext counts a Chinese character as one cell where a terminal gives it two, which would
push a plot's frame out of line; so only ASCII and symbols go inside a plot.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

__all__ = ["axis_name", "drawn", "legend", "new_figure"]

GLYPHS = {"braille": "⢕⢕", "•": "••", "x": "xx", "+": "++", "o": "oo", "*": "**", "hd": "▞▞"}
"""How plotext draws each marker in its own legends."""

DIM = Style(dim=True)


def new_figure(width: int, height: int):
    """plotext, cleared and sized, in the theme that leaves colours to the terminal."""
    import plotext as plt  # about 76 ms: only when a plot is first drawn

    plt.clear_figure()
    plt.plot_size(max(width, 20), max(height, 8))
    plt.theme("clear")
    return plt


def drawn(plt) -> Text:
    """The figure plotext has built, without its trailing empty line."""
    return Text.from_ansi(plt.build().rstrip("\n"))


def legend(items: list[tuple[str, str]]) -> Text:
    """One line: each series' marker (a plotext marker name) and its label."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for index, (marker, label) in enumerate(items):
        if index:
            text.append("   ")
        text.append(GLYPHS.get(marker, marker) + " ")
        text.append(label, DIM)
    return text


def axis_name(name: str, width: int) -> Text:
    """The x axis's name, centred under a plot ``width`` cells wide."""
    return Text(" " * max((width - cell_len(name)) // 2, 0) + name, DIM, end="")
