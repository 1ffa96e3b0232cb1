"""The main screen's network from a form or a file, and its words out to files: a (and
enter in a field) applies the form, o opens a config, s saves it, w writes the log as a
transcript, y copies the log. (ctrl+s, a picture of any screen, is the app's.)"""

from __future__ import annotations

import os

from gradtui.config import (
    Config,
    ConfigError,
    dumps_config,
    load_config,
    paths_beside,
    save_config,
)
from gradtui.explain import describe_activation, describe_init, ui
from gradtui.explain.transcript import SessionPart
from gradtui.lessons import Lesson, LessonError
from gradtui.lessons.progress import LessonProgress
from gradtui.sim import Stepper
from gradtui.sim.data import DataError
from gradtui.tui.screens.main.panes import NARROW
from gradtui.tui.served import check_served_config, config_from_paste, served
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart

__all__ = ["PROBLEMS", "FileActions"]

PROBLEMS = (ConfigError, DataError, LessonError, OSError)
"""What a config, a data file or a lesson can go wrong with: shown, never raised."""


class FileActions:
    """Apply, open, save, transcript, copy (a mixin of ``MainScreen``, whose attributes
    they use). ``_use`` is the one way a new network reaches the screen: the form, a file
    and a lesson all go through it."""

    def _start_from_default_lesson(self, error: Exception) -> None:
        """The config validated but its network cannot be built (a remembered data file
        since removed, say): start from the default lesson, and say why once mounted,
        rather than end the app before it has shown anything."""
        from gradtui.lessons import DEFAULT_LESSON, load_lesson_file
        from gradtui.text import MESSAGE_LIMIT, printable

        lesson = load_lesson_file(DEFAULT_LESSON)
        self.start_problem = printable(
            f"Could not start that network: {error}. Started from the default lesson "
            "instead: o opens a config, L picks a lesson.",
            MESSAGE_LIMIT,
        )
        self.config = self.origin = lesson.config
        self.lesson, self.lesson_title, self.config_path = lesson, lesson.title, None
        self.progress = LessonProgress.of(lesson)
        self.stepper = Stepper(lesson.config)

    def action_apply(self) -> None:
        if self._busy():
            return
        pane = self.query_one(ConfigPane)
        try:
            candidate = pane.candidate()
        except ConfigError as error:
            self.notify(
                self.app.problem_text(
                    error,
                    self._ui("The current network keeps running; fix the field and apply again."),
                ),
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        if self.refuse_locked(candidate):
            return
        applied = self._ui("Applied the new configuration")
        if self._use(candidate, applied, lesson=self.lesson, edited=True):
            self.progress.event("apply", self.config)
            self._show_lesson()
            # Applied: the edit is over, so keys go back to the network (space steps, even
            # after enter in a text field). A refused form keeps focus, to fix the field.
            self.action_leave_field()

    def _use(
        self, config: Config, what: str, lesson: Lesson | None = None, *, edited: bool = False
    ) -> bool:
        """Build a network from ``config``; on failure keep the current one. ``edited``: it
        is the form's edit of the network shown (the header then says what it was edited
        from), not a lesson or a file of its own."""
        try:
            check_served_config(config)
            stepper = Stepper(config)
        except PROBLEMS as error:
            self.notify(
                self.app.problem_text(error, self._ui("The current network keeps running.")),
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        self._stop_running()
        self.stepper = stepper
        self.history = None  # the new network's, made when first read
        self._recorded_step = 0
        self.config = config
        self._previous = None
        if not edited:
            self.origin = config
        if lesson is not self.lesson:
            self.lesson = lesson
            self.progress = LessonProgress.of(lesson)
            self._show_lesson()
            # A lesson's steps count j from layer 1 and name the figures of the chart and
            # the log: the last lesson's chosen layer, whole detail, form or chart (g)
            # would hide them.
            self.selected_layer = 1
            if self.has_class("detail-whole"):
                self.action_toggle_detail()
            if self.has_class("-form-open") and self.app.size.width < NARROW:
                self.action_toggle_config()  # narrow, the form had the chart's place
            self._metric_chosen = False  # g's choice would hide rows its steps name
        if not edited:
            self.begin_part()
        elif self.session_parts:
            self.session_parts[-1] = self.session_parts[-1]._replace(applied=config)
        self.selected_layer = min(self.selected_layer, stepper.depth)
        self.auto_metric()
        self.query_one(GradientChart).reset_scale()
        self.query_one(ConfigPane).load(config)
        self._show(stepper.snapshot, announce=False)
        # The previous network's scroll would hide the cursor's rows (row 1 for a lesson).
        self.query_one(GradientChart).show_cursor()
        self._log(
            self._say(
                "applied",
                what=what,
                again=self._say("applied_again") if edited else "",
                depth=stepper.depth,
                activation=describe_activation(config, self.lang),
                init=describe_init(config),
            ),
            *([self._say("step_next")] if self.hints_fit() else []),
        )
        self.name_network()
        if edited:
            self.show_goal(announce=True, toast=True)
        else:
            self.close_exercise()
        return True

    def begin_part(self, boundary: bool = True) -> None:
        """A lesson (or a file, an exercise, a code) begins: note it for the transcript's
        header and, with ``boundary``, mark it in the log with a heading that starts a new
        page, so its intro shows first (the log's first entry names the first one)."""
        from gradtui.lessons.course import COURSE, course_index

        lesson = self.lesson
        if lesson is not None:
            titles = (lesson.text("title", "en"), lesson.text("title", "zh"))
        elif self.config_path:
            titles = (os.path.basename(self.config_path),) * 2
        else:
            titles = (ui(self.lesson_title, "en"), ui(self.lesson_title, "zh"))
        heading = titles[1 if self.lang == "zh" else 0]
        index = course_index(self.shipped_lesson())
        if index is not None:
            heading = self._say(
                "log_heading_course", number=index + 1, count=len(COURSE), title=heading
            )
        lesson_id = lesson.id if lesson else ""
        self.session_parts.append(SessionPart(titles, heading, self.config, self.config, lesson_id))
        if boundary:
            self.query_one(ExplanationLog).add_heading(heading)

    def action_open(self) -> None:
        if served():
            self._open_pasted()
            return

        def opened(path: str | None) -> None:
            if not path:
                return
            try:
                # Its data and weights files are found beside it, as on the command line.
                config = paths_beside(load_config(path), os.path.dirname(path))
            except PROBLEMS as error:
                self.notify(
                    self.app.problem_text(error), severity="error", timeout=10, markup=False
                )
                return
            before = self.config_path
            self.config_path = path
            if not self._use(config, self._ui("Opened {path}").format(path=path), lesson=None):
                self.config_path = before

        from gradtui.tui.screens.path_prompt import PathPrompt

        prompt = self._ui("Open a config (TOML):")
        self.app.push_screen(PathPrompt(prompt, self.config_path or ""), opened)

    def _open_pasted(self) -> None:
        """Served: a config's pasted text, or a shipped lesson; never a path of the server."""

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            kind, text = choice
            if kind == "lessons":
                self.action_lessons()
                return
            try:
                config = config_from_paste(text)
            except ConfigError as error:
                self.notify(self.app.problem_text(error), severity="error", markup=False)
                return
            before = (self.lesson_title, self.config_path)
            self.lesson_title, self.config_path = "pasted config", None  # the log's heading
            if self._use(config, self._ui("Opened the pasted config"), lesson=None):
                self.app.sub_title = self._ui("pasted config")
            else:
                self.lesson_title, self.config_path = before

        from gradtui.tui.screens.paste_config import PasteConfig

        self.app.push_screen(PasteConfig(self.lang), chosen)

    def action_save(self) -> None:
        def saved(path: str) -> None:
            self.config_path = path
            self.notify(
                self._ui("Saved the applied config to {path}.").format(path=path),
                timeout=4,
                markup=False,
            )

        self.app.save_to(
            self._ui("Save the applied config as (TOML):"),
            self.config_path or "gradtui.toml",
            lambda path: save_config(self.config, path),
            saved,
            content=dumps_config(self.config),
        )

    def action_write_transcript(self) -> None:
        from gradtui.explain.transcript import session_transcript, write_transcript

        log = self.query_one(ExplanationLog)
        text = session_transcript(
            self._title(),
            self.config,
            log.entries,
            self.lang,
            self.exercises_met,
            self.prediction_lines(),
            log.headings,
            self.session_parts,
        )
        name = self.lesson.id if self.lesson else getattr(self.exercise, "id", "session")
        if len(self.session_parts) > 1:
            name = "session"  # a course's, not its last lesson's
        self.app.save_to(
            self._ui("Save the log as a Markdown transcript:"),
            f"gradtui-{name}.md",
            lambda path: write_transcript(path, text),
            lambda path: self.notify(
                self._say("transcript_saved", path=path), timeout=5, markup=False
            ),
            content=text,
        )

    def action_copy_log(self) -> None:
        self.app.copy_to_clipboard(self.query_one(ExplanationLog).transcript())
        self.notify(self._ui("The explanation log is on the clipboard."), timeout=3, markup=False)
