"""Choose a lesson: type to search by id, title (English or Chinese) or claim; enter opens
the highlighted one. A path to a lesson file (.toml) opens a teacher's own lesson. The
course's lessons come first, numbered in its order with their minutes, then the others."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from gradtui.explain import ui
from gradtui.lessons.course import COURSE, COURSE_MINUTES, course_index
from gradtui.tui.draw.wrap import wrapping
from gradtui.tui.widgets.lines import Wrapped

__all__ = ["LessonPicker"]


class LessonPicker(ModalScreen[str | None]):
    """Dismisses with a lesson id or a path, or None (escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]
    DEFAULT_CSS = """
    LessonPicker {
        align: center middle;
    }
    LessonPicker > Vertical {
        width: 96;
        max-width: 100%;
        height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    LessonPicker OptionList {
        height: 1fr;
        border: none;
    }
    LessonPicker .hint {
        color: $text-muted;
    }
    """

    def __init__(self, lessons: list, lang: str = "en", default: str | None = None) -> None:
        """``default``: the id of the lesson a fresh start opens, marked, and first: the
        course starts with it; so the way back to it is the first entry."""
        super().__init__()
        self._default = default

        def order(lesson) -> tuple[int, int]:
            # The course in its order, then the default (if the course lacks it), the rest.
            index = course_index(lesson.id)
            if index is not None:
                return (0, index)
            return (1, 0) if lesson.id == default else (2, 0)

        self._lessons = sorted(lessons, key=order)
        self._lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            lang = self._lang
            yield Label(
                ui("Lessons: type to search (id, title, claim such as C17), enter opens", lang),
                markup=False,
            )
            course = ui(
                "First the course: {count} lessons for a {minutes}-minute class, in order; "
                "then the others.",
                lang,
            ).format(count=len(COURSE), minutes=COURSE_MINUTES)
            yield Wrapped(course, classes="hint", markup=False)
            field = Input(placeholder=ui("search, or a path/to/lesson.toml", lang))
            field.cursor_blink = False
            yield field
            yield OptionList(*self._options(""), markup=False)
            yield Label(
                ui("↑/↓ choose · enter open · escape cancel", lang), classes="hint", markup=False
            )

    def _options(self, query: str) -> list[Option]:
        words = query.lower().split()
        options = []
        found = []
        for lesson in self._lessons:
            haystack = " ".join(
                [lesson.id, lesson.title, lesson.text("title", "zh"), *lesson.claims]
            ).lower()
            if all(word in haystack for word in words):
                found.append((lesson, haystack))
        # Lessons where each word starts a word come first (enter opens the first): "elu"
        # opened relu-he, the course's, before elu-mean-zero.
        found.sort(key=lambda hit: not all(_starts_a_word(word, hit[1]) for word in words))
        for lesson, _haystack in found:
            title = lesson.text("title", self._lang)
            claims = ", ".join(lesson.claims)
            # Text, not a string: as markup, "[C15]" would be read as a style and vanish.
            prompt = Text()
            index = course_index(lesson.id)
            if index is not None:
                stop = COURSE[index]
                minutes = ui("{minutes} min", self._lang).format(minutes=stop.minutes)
                prompt.append(f"{index + 1:>2}. {minutes:<7}", "bold")
            prompt.append(f"{lesson.id}  {title}  [{claims}]")
            if index is not None:
                prompt.append(f" · {stop.text(self._lang)}", "dim")
            if lesson.id == self._default:
                prompt.append(ui("  (default: what a fresh start opens)", self._lang), "bold")
            options.append(Option(wrapping(prompt), id=lesson.id))
        return options

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), options.option_count - 1)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text.endswith(".toml"):
            self.dismiss(text)
            return
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _starts_a_word(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` at the start of a word (``elu`` in elu-mean-zero,
    not in relu)."""
    at = text.find(word)
    while at != -1:
        if at == 0 or not text[at - 1].isalnum():
            return True
        at = text.find(word, at + 1)
    return False
