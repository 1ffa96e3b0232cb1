"""The main screen's ways out to the other screens: L picks a lesson; H, C, B and T open the
history, compare, through-time and theory views; D goes back to the default lesson, i
shows the whole lesson and G the glossary. Each view is imported when first opened,
so that start-up pays only for the main screen."""

from __future__ import annotations

from gradtui.config import ConfigError
from gradtui.lessons import DEFAULT_LESSON, LessonError
from gradtui.tui.screens.main.files import PROBLEMS
from gradtui.tui.served import served
from gradtui.tui.widgets.config_pane import ConfigPane

__all__ = ["ViewActions"]


class ViewActions:
    """Lessons and the views (a mixin of ``MainScreen``, whose attributes they use)."""

    def action_lessons(self) -> None:
        """Pick a lesson (shipped, or a teacher's file by path) and load it."""
        from gradtui.lessons import list_lessons
        from gradtui.tui.screens.lesson_picker import LessonPicker

        try:
            lessons = list_lessons()
        except LessonError as error:
            self.notify(self.app.problem_text(error), severity="error", timeout=10, markup=False)
            return

        def chosen(name: str | None) -> None:
            if name:
                self.open_lesson(name)

        self.app.push_screen(LessonPicker(lessons, self.lang, DEFAULT_LESSON), chosen)

    def action_default_lesson(self) -> None:
        """Back to the lesson a fresh start opens, whatever the last learner left."""
        self.open_lesson(DEFAULT_LESSON)

    def open_lesson(self, name: str) -> None:
        """Load lesson ``name`` (an id or a path); on a problem keep the current network."""
        from gradtui.lessons import lesson_ids, load_lesson_file

        if served() and name not in lesson_ids():
            # A path would be read on the server: served, only the shipped list opens.
            message = self._ui("In the browser, lessons open from the shipped list only: press L.")
            self.notify(message, severity="error", timeout=8, markup=False)
            return
        try:
            lesson = load_lesson_file(name)
        except PROBLEMS as error:
            self.notify(
                self.app.problem_text(error, self._ui("The current network keeps running.")),
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        self.lesson_title = lesson.title
        self.config_path = None
        self._use(lesson.config, lesson.text("title", self.lang), lesson=lesson)

    def action_compare(self) -> None:
        """Compare the applied config with the form's edits, or the lesson's first variant."""
        if self._busy():
            return
        pane = self.query_one(ConfigPane)
        try:
            edited = pane.candidate()
        except ConfigError as error:
            self.notify(
                self.app.problem_text(error, self._ui("Fix the field to compare.")),
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        changes = pane.overrides()
        if changes:
            other, name = edited, ", ".join(changes)
        elif self.lesson and self.lesson.variants:
            variant = next(iter(self.lesson.variants))
            other = self.lesson.variant_config(variant)
            name = self._ui("variant {name}: ").format(name=variant)
            name += ", ".join(self.lesson.variants[variant])
        else:
            self.notify(
                self._ui(
                    "Edit a field in the config pane (c) without applying it, then press C "
                    "to compare the edited network with the applied one."
                ),
                timeout=8,
                markup=False,
            )
            return
        from gradtui.tui.screens.compare import CompareScreen

        try:
            screen = CompareScreen((self.config, other), (self._ui("A: as applied"), f"B: {name}"))
        except PROBLEMS as error:
            self.notify(self.app.problem_text(error), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(screen)

    def action_lesson_text(self) -> None:
        """The whole lesson, to read what the panel has no room for."""
        if self.lesson is None:
            self.notify(
                self._ui("No lesson is open: L picks one, D opens the default."), markup=False
            )
            return
        from gradtui.tui.screens.lesson_text import LessonScreen

        self.app.push_screen(LessonScreen(self.lesson, self.progress.current))

    def action_glossary(self) -> None:
        from gradtui.tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen())

    def action_through_time(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.through_time import ThroughTimeScreen

            self.app.push_screen(ThroughTimeScreen(seed=self.config.seed))

    def action_history(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.history import HistoryScreen

            self.app.push_screen(HistoryScreen(self.history))

    def action_theory(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.theory import TheoryScreen

            self.app.push_screen(TheoryScreen(self.stepper, self.selected_layer))
