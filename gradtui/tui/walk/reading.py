"""The screen as the lesson walker reads it (see ``gradtui.tui.walk``).

The screen is read from ``App.export_screenshot()``: the SVG that Textual draws from the
composed screen, exactly the cells a terminal would show (modal views over the main screen,
panes cropped to their size, text cut with …), through a public API. Reading the widgets'
own text instead would find words that a pane holds but has cropped away. The SVG places
each run of text at its column and row; spaces are written as no-break spaces.
"""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App
from textual.widget import Widget

__all__ = ["blocks_of", "on_screen", "region_text", "screen_rows", "squeezed"]

_TEXT = re.compile(
    r'<text [^>]*?x="(?P<x>[\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(?P<row>\d+)\)"[^>]*>'
    r"(?P<text>.*?)</text>",
    re.S,
)
_CHAR_WIDTH = 20 * 0.61
"""The width of a cell in Rich's SVG: its line height (20) times its font aspect (0.61)."""


def screen_rows(app: App) -> list[str]:
    """The screen as text, one string per row, as a terminal would show it."""
    width, height = app.size
    cells = [[" "] * width for _ in range(height)]
    for match in _TEXT.finditer(app.export_screenshot()):
        row = int(match["row"])
        column = round(float(match["x"]) / _CHAR_WIDTH)
        text = html.unescape(match["text"]).replace("\xa0", " ")
        if row >= height:
            continue
        for character in text:
            if column >= width:
                break
            cells[row][column] = character
            if cell_len(character) == 2 and column + 1 < width:
                cells[row][column + 1] = ""  # the second half of a wide character
            column += cell_len(character)
    return ["".join(row).rstrip() for row in cells]


def region_text(rows: list[str], widget: Widget) -> str:
    """The rows of the screen inside ``widget``'s region, joined by newlines."""
    region = widget.region
    lines = []
    for row in rows[region.y : region.bottom]:
        # Cut by cells, not characters: a wide character takes two.
        cells, column = [], 0
        for character in row:
            if region.x <= column < region.right:
                cells.append(character)
            column += cell_len(character)
        lines.append("".join(cells))
    return "\n".join(lines)


def squeezed(text: str) -> str:
    """``text`` without white space: a wrapped line breaks anywhere (Chinese has no spaces)."""
    return "".join(text.split())


def blocks_of(app: App, rows: list[str]) -> list[str]:
    """Texts an item may be found in: each row, and each pane's rows read as one text
    (a sentence wraps over the rows of its pane)."""
    blocks = list(rows)
    for widget in app.screen.query("*"):
        if widget.display and widget.region.area and not widget.children:
            blocks.append(region_text(rows, widget))
    return [squeezed(block) for block in blocks]


def on_screen(item: str, blocks: list[str]) -> bool:
    """Whether ``item`` is in one of the blocks; "…" in an item stands for a short run of
    text (a figure that changes from machine to machine: "pass … ms"), at most 12
    characters, so that it cannot reach from one sentence into another; " | " separates
    figures of which any one will do (after training, where the last bits of a machine's
    arithmetic decide between them: "dead 38% | dead 50%")."""
    return any(_on_screen(choice, blocks) for choice in item.split(" | "))


def _on_screen(item: str, blocks: list[str]) -> bool:
    parts = [re.escape(part) for part in squeezed(item).split("…")]
    wanted = re.compile("".join(f"{part}.{{0,12}}?" for part in parts[:-1]) + parts[-1])
    return any(wanted.search(block) for block in blocks)
