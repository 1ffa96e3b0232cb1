"""The main screen's ways out to the other screens: L picks a lesson; H, C, B and T open the
history, compare, through-time and theory views; D goes back to the default lesson, i
shows the whole lesson and G the glossary; f asks for a field of the form to edit; n opens
the course's next lesson and S the share code. Each view is imported when first opened, so
that start-up pays only for the main screen."""

from __future__ import annotations

from rich.text import Text

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

    def action_go_to_field(self) -> None:
        """f: type part of a field's name (or of its help, in English or Chinese) and edit
        that field; the form opens if hidden (a prompt, as L's lesson picker is)."""
        from gradtui.tui.widgets.field_finder import FieldFinder

        pane = self.query_one(ConfigPane)

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if not pane.display:
                self.action_toggle_config()
            pane.focus_field(name)

        self.app.push_screen(FieldFinder(pane.finder_entries(), self.lang), chosen)

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

    def shipped_lesson(self) -> str:
        """The id of the shipped lesson shown ("" for none, or a teacher's lesson file)."""
        from gradtui.lessons import lesson_ids

        lesson = self.lesson
        if lesson and lesson.id in lesson_ids() and lesson.source.endswith(f"/{lesson.id}.toml"):
            return lesson.id
        return ""

    def course_line(self) -> Text | None:
        """The lesson panel's line once a course lesson's steps are all done (not while the
        last is still to do): what n opens next."""
        from gradtui.lessons.course import COURSE, COURSE_MINUTES, course_index

        index = course_index(self.shipped_lesson())
        if index is None or not self.progress.finished:
            return None
        last = index + 1 == len(COURSE)
        if last and self._course_missing():
            said = self._ui("{count}/{count} done; L lists the course")
            return Text(said.format(count=len(COURSE)), "bold")
        if last:
            said = self._ui("Course done ({count} lessons, {minutes} min)")
            return Text(said.format(count=len(COURSE), minutes=COURSE_MINUTES), "bold")
        stop = COURSE[index + 1]
        said = self._ui("n: next lesson, {number}/{count} ({minutes} min)")
        return Text(said.format(number=index + 2, count=len(COURSE), minutes=stop.minutes), "bold")

    def _course_missing(self) -> int:
        """How many of the course's lessons were not opened in this session: "Course done"
        is said only when none is missing (opening the last one directly is not the course)."""
        from gradtui.lessons.course import COURSE

        taken = {part.lesson for part in self.session_parts}
        return sum(stop.lesson not in taken for stop in COURSE)

    def action_next_lesson(self) -> None:
        """The course's next lesson, once this one's steps are done."""
        from gradtui.lessons.course import COURSE, COURSE_MINUTES, course_index

        index = course_index(self.shipped_lesson())
        if index is None:
            said = self._ui(
                "n opens the next lesson of the course, and this network is not one of its "
                "lessons: L lists the course first."
            )
        elif not self.progress.finished:
            said = self._ui(
                "n opens the next lesson once this one's steps are done (now step "
                "{now} of {total}); L picks any lesson."
            ).format(now=self.progress.done + 1, total=len(self.progress.until))
        elif index + 1 == len(COURSE) and (missing := self._course_missing()):
            said = self._ui(
                "The course's last lesson ({count}/{count}) is done; {missing} of its lessons "
                "were not taken in this session: L lists the course."
            ).format(count=len(COURSE), missing=missing)
        elif index + 1 == len(COURSE):
            said = self._ui(
                "Course done: {count} lessons, {minutes} minutes. L picks any lesson."
            ).format(count=len(COURSE), minutes=COURSE_MINUTES)
        else:
            self.open_lesson(COURSE[index + 1].lesson)
            return
        self.notify(said, timeout=8, markup=False)

    def action_share(self) -> None:
        """The applied network's share code, and a field to open someone else's."""
        from gradtui.exercises import exercise_ids
        from gradtui.share import changes, share_code
        from gradtui.tui.screens.share import ShareScreen

        exercise = self.exercise
        if exercise is not None and exercise.id in exercise_ids():
            kind, base_id = "exercise", exercise.id
        else:
            base_id = self.shipped_lesson()
            kind = "lesson" if base_id else ""
        code = share_code(self.config, kind=kind, base_id=base_id)
        edits = ", ".join(changes(self.config, kind=kind, base_id=base_id))
        if kind == "exercise":
            holds = self._ui("exercise {exercise}").format(exercise=base_id)
        elif base_id:
            holds = self._ui("lesson {lesson}").format(lesson=base_id)
        else:
            holds = self._ui("the default config")
        if edits:
            holds = self._ui("{holds}, changed: {edits}").format(holds=holds, edits=edits)
        note = ""
        if self.lesson and not base_id:
            note = self._ui(
                "{source} is not a shipped lesson: the code holds its network, not its texts."
            ).format(source=self.lesson.source)
        self.app.push_screen(ShareScreen(code, holds, note), self._open_shared)

    def _open_shared(self, shared) -> None:
        """Open the network of a code typed in the share dialog, with its lesson."""
        from gradtui.lessons import lesson_ids, load_lesson_file

        if shared is None:
            return
        if self._open_shared_exercise(shared):
            return
        lesson = None
        if shared.kind == "lesson" and shared.base_id in lesson_ids():
            lesson = load_lesson_file(shared.base_id)
        what = self._ui("Opened the code {code}").format(code=shared.code)
        before = (self.lesson_title, self.config_path)
        self.lesson_title, self.config_path = "a network from a share code", None
        if not self._use(shared.config, what, lesson=lesson):
            self.lesson_title, self.config_path = before
            return
        if lesson is not None and lesson.config != shared.config:
            self.origin = lesson.config  # the header says what it was edited from
            self.name_network()

    def _open_shared_exercise(self, shared) -> bool:
        """An exercise's code opens the exercise (its goal and locks), then the code's
        edits of it, as if the learner had made them in the form."""
        from gradtui.exercises import exercise_ids, load_exercise

        if shared.kind != "exercise" or shared.base_id not in exercise_ids():
            return False
        what = self._ui("Opened the code {code}").format(code=shared.code)
        self.open_exercise_edited(load_exercise(shared.base_id), shared.config, what)
        return True

    def action_glossary(self) -> None:
        from gradtui.tui.screens.glossary_view import GlossaryScreen

        self.app.push_screen(GlossaryScreen())

    def action_through_time(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.through_time import ThroughTimeScreen

            self.app.push_screen(ThroughTimeScreen(seed=self.config.seed))

    def action_history(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.history_view import HistoryScreen

            self.app.push_screen(HistoryScreen(self.history))

    def action_theory(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.theory_view import TheoryScreen

            self.app.push_screen(TheoryScreen(self.stepper, self.selected_layer))
