"""The question panel: a lesson's checkpoint, asked before a step, with its options and the
keys that answer it (see ``gradtui.lessons.checkpoint``). It only shows; the main screen
reads the keys (``gradtui.tui.screens.main.predicting``)."""

from __future__ import annotations

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
        border-top: hkey $panel;
        display: none;
    }
    """

    def ask(
        self,
        checkpoint: Checkpoint,
        labels: list[str],
        number: int,
        total: int,
        lang: str,
    ) -> None:
        """Show ``checkpoint`` (question ``number`` of ``total`` of the lesson)."""
        # Text from the lesson file is never read as markup: Text.append takes it as it is.
        text = Text(end="")
        heading = say("predict_heading", lang, number=number, total=total, step=checkpoint.step + 1)
        text.append("? " + heading + "\n", "bold")
        text.append(checkpoint.text(lang) + "\n")
        for key, label in enumerate(labels, start=1):
            text.append(f" {key} ", "reverse bold")
            text.append(f" {label}\n")
        text.append(say("predict_keys", lang, last=len(labels)), "dim")
        self.display = True
        self.show(text)

    def close(self) -> None:
        self.display = False
