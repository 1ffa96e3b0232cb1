"""Choose an exercise: type to search by id, title (English or Chinese) or claim; enter
opens the highlighted one. A path to an exercise file (.toml) opens a teacher's own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList

from gradtui.explain import ui
from gradtui.tui.screens.lesson_picker import LessonPicker

__all__ = ["ExercisePicker"]


class ExercisePicker(LessonPicker):
    """Dismisses with an exercise id or a path, or None (escape). The lesson picker's
    search and keys, over the exercises."""

    DEFAULT_CSS = LessonPicker.DEFAULT_CSS.replace("LessonPicker", "ExercisePicker")

    def __init__(self, exercises: list, lang: str = "en") -> None:
        super().__init__(exercises, lang, None)

    def compose(self) -> ComposeResult:
        with Vertical():
            lang = self._lang
            yield Label(
                ui("Exercises: type to search (id, title, claim such as C19), enter opens", lang),
                markup=False,
            )
            field = Input(placeholder=ui("search, or a path/to/exercise.toml", lang))
            field.cursor_blink = False
            yield field
            yield OptionList(*self._options(""), markup=False)
            yield Label(
                ui("↑/↓ choose · enter open · escape cancel", lang), classes="hint", markup=False
            )
