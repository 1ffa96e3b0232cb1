"""The question panel: a lesson's checkpoint, asked before a step, with its options and the
keys that answer it (see ``gradtui.lessons.checkpoint``). It sits above the chart (in a
column of its own beside the whole detail), so that the detail and the log keep what the
step before measured. It only shows; the main screen reads the keys
(``gradtui.tui.screens.main.predicting``)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from gradtui.explain import say
from gradtui.lessons.checkpoint import Checkpoint
from gradtui.tui.widgets.lines import LinesView

__all__ = ["QuestionPanel"]


class QuestionPanel(LinesView):
    """The question, one option per line with its digit key, and how to skip."""

    DEFAULT_CSS = """
    QuestionPanel {
        height: auto;
        padding: 0 1;
        border-bottom: hkey $panel;
        display: none;
    }
    """

    _asked: tuple | None = None

    def ask(
        self,
        checkpoint: Checkpoint,
        labels: list[str],
        number: int,
        total: int,
        lang: str,
    ) -> None:
        """Show ``checkpoint`` (question ``number`` of ``total`` of the lesson)."""
        self._asked = (checkpoint, labels, number, total, lang)
        self.display = True
        self._draw()

    def _draw(self) -> None:
        if self._asked is None:
            return
        checkpoint, labels, number, total, lang = self._asked
        # Text from the lesson file is never read as markup: Text.append takes it as it is.
        text = Text(end="")
        heading = say("predict_heading", lang, number=number, total=total)
        text.append("? " + heading + ("" if lang == "zh" else " "), "bold")
        text.append(checkpoint.text(lang) + "\n")
        # Options side by side where they fit (the chart below keeps the rows left).
        width = self.content_size.width or 34
        cells = [cell_len(f" {key} {label}") for key, label in enumerate(labels, 1)]
        column = max(cells) + 1
        columns = max(1, min(3, (width + 1) // column))
        for start in range(0, len(labels), columns):
            for offset, label in enumerate(labels[start : start + columns]):
                key = start + offset + 1
                text.append(f" {key}", "reverse bold")
                text.append(f" {label}")
                if offset < columns - 1 and key < len(labels):
                    text.append(" " * (column - cells[key - 1]))
            text.append("\n")
        keys = say("predict_keys", lang, last=len(labels))
        text.append(keys, "dim")
        # The height follows the text; where it is cut, the keys are still said.
        self.show(text, more=Text(keys, "dim"))

    def on_resize(self) -> None:
        if self.display and self._asked is not None:
            self._draw()
        else:
            super().on_resize()

    def close(self) -> None:
        self._asked = None
        self.display = False
