"""The whole lesson (i): its title and claims, summary, every step (✓ done, ▸ now), what to
look at and the question it answers, scrollable; the lesson panel shows only the step to do
now."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from gradtui.explain import say
from gradtui.lessons import Lesson
from gradtui.tui.screens.text_dialog import TextDialog
from gradtui.tui.widgets.lines import Wrapped

__all__ = ["LessonScreen", "lesson_page"]


def lesson_page(lesson: Lesson, current: int | None, lang: str = "en") -> Text:
    """All of ``lesson`` in ``lang``; ``current`` is the step to do now (None: all done)."""
    text = Text(end="")
    text.append(say("lesson_label", lang) + lesson.text("title", lang), Style(bold=True))
    text.append(f"  [{', '.join(lesson.claims)}]\n", Style(dim=True))
    text.append(lesson.text("summary", lang) + "\n")
    steps = lesson.text("steps", lang)
    if steps:
        text.append("\n" + say("lesson_steps", lang) + "\n", Style(bold=True))
    # A question still open (its step not done) keeps the steps after it back: they may
    # say the number it asks the learner to predict.
    waiting = [
        point.step for point in lesson.checkpoints if current is not None and current <= point.step
    ]
    for index, step in enumerate(steps):
        done = current is None or index < current
        mark = "✓" if done else ("▸" if index == current else "·")
        text.append(f"{mark} {index + 1}/{len(steps)} ", Style(bold=True))
        asked = next((before for before in waiting if index > before), None)
        if asked is None:
            text.append(step + "\n", Style(dim=done))
        else:
            text.append(say("lesson_step_after", lang, step=asked + 1) + "\n", Style(dim=True))
    for field, heading in (("look_at", "lesson_look_at"), ("question", "lesson_question")):
        words = lesson.text(field, lang)
        if words:
            text.append("\n" + say(heading, lang) + "\n", Style(bold=True))
            text.append(words + "\n")
    text.rstrip()
    return text


class LessonScreen(TextDialog):
    """The lesson open now, whole."""

    BINDINGS = [Binding("escape,q,i", "dismiss", "Return", tooltip="Back to the main screen")]

    def __init__(self, lesson: Lesson, current: int | None) -> None:
        super().__init__()
        self._lesson = lesson
        self._current = current

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Wrapped(
                lesson_page(self._lesson, self._current, self.lang), id="lesson-page", markup=False
            )
            yield Wrapped(say("lesson_keys", self.lang), classes="hint", markup=False)
