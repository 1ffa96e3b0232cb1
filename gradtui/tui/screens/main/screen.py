"""The main screen: the panes (config form, status, chart, lesson, layer detail, log) and
every key that acts on them.

``MainScreen`` owns the session it shows (the config, the ``Stepper``, the training history,
the lesson) and hands each new snapshot down to its panes; no pane touches the network.
Its actions are split by job into mixins beside this file (``stepping.py``, ``files.py``,
``views.py``): Textual looks an action up by name on the screen that holds the binding, so
the actions must be methods of the screen, and mixins let one screen keep one file per job.
Message handlers (``@on``) stay here, on the ``Screen`` class, where Textual collects them.
The keys themselves are declared once, in ``bindings.py``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input

from gradtui.config import Config
from gradtui.explain import describe_phase, explain_step, say, spaced_fill, start_line, ui
from gradtui.explain import format as fmt
from gradtui.explain.transcript import SessionPart
from gradtui.lessons import Lesson
from gradtui.lessons.progress import LessonProgress
from gradtui.sim import Phase, Snapshot, Stepper
from gradtui.tui.draw.detail import milliseconds
from gradtui.tui.keys import show_keys_in
from gradtui.tui.screens.main.bindings import BINDINGS
from gradtui.tui.screens.main.exercise import ExerciseActions
from gradtui.tui.screens.main.files import PROBLEMS, FileActions
from gradtui.tui.screens.main.panes import METRICS, NARROW, PaneActions
from gradtui.tui.screens.main.predicting import PredictingActions
from gradtui.tui.screens.main.stepping import DIGIT_KEYS, SteppingActions
from gradtui.tui.screens.main.views import ViewActions
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.footer import FittingFooter
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.layer_detail import LayerDetail
from gradtui.tui.widgets.lines import LinesView, app_lang
from gradtui.tui.widgets.question import QuestionPanel

if TYPE_CHECKING:  # the exercises load when one is opened, not at start-up
    from gradtui.exercises import Exercise
    from gradtui.sim.history import History  # and the history at the first update

__all__ = ["CHROME_ROWS", "METRICS", "NARROW", "SHORT", "WIDE", "MainScreen"]

WIDE = 160
"""From this many columns (a projector, a large window) the lesson and the log get more."""
SHORT = 32
"""Below this many rows the detail pane is shorter (its histogram is cropped)."""
CHROME_ROWS = 8
"""Rows that are not chart rows: header, status, the chart's 5 header lines with both
gradients (what it shows, the glyphs against row L, the W rows' own-size rule, the
bracket, the scale), footer."""


class MainScreen(
    PredictingActions,
    SteppingActions,
    FileActions,
    ViewActions,
    ExerciseActions,
    PaneActions,
    Screen[None],
):
    """Step a network's forward and backward passes and watch its gradients."""

    BINDINGS = BINDINGS
    BINDING_GROUP_TITLE = "gradtui"
    AUTO_FOCUS = "#chart"
    """The chart has the keys from the start (not the form's first field, as Textual's
    default would: one focus change, one footer, instead of two)."""

    metric: var[str] = var("both")
    """What the chart shows: "grad_a", "grad_w" or "both"."""
    selected_layer: var[int] = var(1)
    """The layer shown in the detail pane and marked in the chart (1..L)."""
    speed: var[int] = var(8)
    """Stages per second when running continuously."""

    def __init__(
        self,
        config: Config,
        *,
        title: str = "gradtui",
        config_path: str | None = None,
        lesson: Lesson | None = None,
        exercise: Exercise | None = None,
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.exercises_met = []
        self.session_parts: list[SessionPart] = []
        """The lessons (and other networks) of the session, in order (the transcript's)."""
        self.config = config
        self.lesson_title = title
        self.lesson = lesson
        self.progress = LessonProgress.of(lesson)
        self.config_path = config_path
        self.origin = config
        """The network as a lesson or a file gave it, before the form's edits."""
        self.ran: Config | None = None
        """The last config whose network ran a whole pass here without an error: the one
        the settings remember (None until one has)."""
        self.start_problem = ""
        """Why the asked-for network could not start, shown once mounted ("" if it did)."""
        try:
            self.stepper = Stepper(config)
        except PROBLEMS as error:
            self._start_from_default_lesson(error)
        self._history: History | None = None
        self._history_made = threading.Lock()
        self.history_lock = threading.Lock()
        self._recorded_step = 0
        self._previous: Snapshot | None = None
        self._runner: Timer | None = None
        self._training = False
        self._metric_chosen = False
        self._train_done = 0
        self._train_timer: Timer | None = None
        self._count = ""
        """The digits typed before t (stepping.py), "" when none wait."""
        self._shown_short: bool | None = None
        """Whether the panels were last shown for a short terminal (None: not yet)."""

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="∇")
        with Horizontal(id="main"):
            # Below NARROW columns the pane starts hidden: its form waits until c shows it.
            yield ConfigPane(self.config, id="config", build=self.app.size.width >= NARROW)
            with Vertical(id="centre"):
                yield LinesView(id="status", unwrapped=1)
                yield QuestionPanel(id="question")  # hidden until a question opens
                yield GradientChart(id="chart")
            with Vertical(id="side"):
                yield LinesView(id="lesson", unwrapped=1)
                yield LayerDetail(id="detail")
                yield ExplanationLog(id="log", scroll_key="shift+↓")
        yield FittingFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # The app's first resize chose the metric before the chart was mounted.
        self.query_one(GradientChart).metric = self.metric
        self.name_network()
        show_keys_in(self, self.lang)
        if self.app.size.width < NARROW:
            self.query_one("#config").display = False
        self.query_one(GradientChart).focus()
        self._show(self.stepper.snapshot, announce=False)
        self._show_lesson()
        if self.start_problem:
            self.notify(self.start_problem, severity="error", timeout=15, markup=False)
        if self.exercise is None:  # else opening it below begins the session
            self.begin_part(boundary=False)
        self._log(
            start_line(self._title(), self.stepper.depth, self.lang),
            *([self._say("start_next")] if self.hints_fit() else []),
            self._say("start_views"),
        )
        if self.exercise is not None:
            # Opened as X opens one (locks, goal, log); not yet open, so nothing is closed.
            exercise, self.exercise = self.exercise, None
            applied = self._ui("Applied the new configuration")
            self.open_exercise_edited(exercise, self.config, applied)

    @property
    def lang(self) -> str:
        """The app's language: "en" or "zh"."""
        return app_lang(self.app)

    # ------------------------------------------------------------------ words
    def _say(self, key: str, **fields: object) -> str:
        return say(key, self.lang, **fields)

    def _ui(self, text: str) -> str:
        return ui(text, self.lang)

    def _log(self, *sentences: str) -> None:
        self.query_one(ExplanationLog).add_entry(list(sentences), self.lang)

    def _title(self) -> str:
        """The name of the lesson or file the network came from."""
        if self.lesson:
            return self.lesson.text("title", self.lang)
        if self.exercise:
            return self.exercise.text("title", self.lang)
        if self.config_path:
            return Path(self.config_path).name
        return self._ui(self.lesson_title)

    def network_name(self) -> str:
        """What the header calls the network shown: its lesson's title or its file's name,
        or "your network (edited from …)" once the form changed it."""
        if self.config != self.origin:
            edited = self._ui("your network (edited from {name})")
            return spaced_fill(edited, {"name": self._title()})
        return self._title()

    def name_network(self) -> None:
        """Say in the header which network this is, so a learner always knows."""
        self.app.sub_title = self.network_name()

    def _digits_would_answer(self, current: int) -> bool:
        """Whether the step ``current`` types a digit (a count: ``200 t``) while its question
        is open: the digit would answer the question, so the panel says to answer it first."""
        tables = self.lesson.step_tables if self.lesson else ()
        keys = tables[current].keys if current < len(tables) else ()
        return self.question is not None and any(key in DIGIT_KEYS for key in keys)

    def _show_lesson(self) -> None:
        """The lesson panel: the lesson, the step to do now (whole), what to look at; where
        the panel has no more room it says that i shows the whole lesson. In a short
        terminal only the step and that mark: the header names the lesson, and the log
        needs the rows."""
        panel = self.query_one("#lesson", LinesView)
        self._shown_short = self.app.size.height < SHORT
        lesson = self.lesson
        panel.display = lesson is not None
        self.follow_checkpoints()  # a question before the step now current, its answers
        self._show_question()
        if lesson is None:
            return
        short = self.app.size.height < SHORT
        more = Text(self._say("lesson_more"), "bold")
        steps = lesson.text("steps", self.lang)
        text = Text(end="")
        if not short:
            text.append(self._say("lesson_label"), "bold")
            text.append(lesson.text("title", self.lang) + "\n", "bold")
        current = self.progress.current
        if steps and current is not None and current < len(steps):
            label = f"{current + 1}/{len(steps)}"
            text.append(f"▸ {label} ", "bold")
            if self._digits_would_answer(current):
                text.append(self._say("lesson_answer_first"), "bold")
            text.append(steps[current] + "\n")
        elif steps:
            text.append("✓ ", "bold")
            text.append(lesson.text("question", self.lang))
            text.append(self._say("lesson_done") + "\n", "dim")
        course = self.course_line()
        if course is not None:
            text.append_text(course).append("\n")
        look = lesson.text("look_at", self.lang)
        if short:
            text.append_text(more)
        elif look:
            text.append(look, "dim")
        panel.unwrapped = 0 if short else 1
        # The panel grows to the step (up to its max-height); where it cuts, it says so.
        panel.show(text, more=more)

    def on_resize(self) -> None:
        # Across SHORT the panels' content changes (see _show_lesson); within it they wrap
        # to their new size by themselves (and the first Resize, just after the first
        # frame, finds them shown for this size).
        if (self.app.size.height < SHORT) != self._shown_short:
            self._show_lesson()
            self.show_goal()

    # ------------------------------------------------------------------ keys
    def on_key(self, event: events.Key) -> None:
        """Digits make a count for t (stepping.py); a key reaches the screen here before
        its binding runs, so the count is read or forgotten first; while a question is open
        (predicting.py) digits answer it instead. The lesson's step counts its keys here
        (``gradtui.lessons.progress``), before the binding brings its milestone."""
        if self._question_key(event):
            return  # an answer, not a key of the step
        self._count_key(event)
        if self.progress.pressed(event.key):
            self.call_after_refresh(self._show_lesson)

    def on_screen_suspend(self) -> None:
        # A view a step's key opened: the rest of its keys are pressed there.
        if self.progress.left():
            self._show_lesson()

    def on_screen_resume(self) -> None:
        # Back from a view: a step that says escape returns has its escape.
        if self.progress.came_back():
            self._show_lesson()

    def hints_fit(self) -> bool:
        """Whether the log may say which key to press next ("press space to step"): not
        while the lesson's current step asks for another key (or for a field applied
        first), where it would contradict the lesson panel. A lesson of the older form
        names no keys: its hints stay."""
        return self.progress.next_key in (None, "space")

    # ------------------------------------------------------------------ showing
    def _show(self, snapshot: Snapshot, announce: bool = True) -> None:
        """Hand a snapshot down to the panes."""
        self._remember_if_ran(snapshot)
        chart = self.query_one(GradientChart)
        clip = self.stepper.config.clip
        chart.clipping = clip.grad_norm > 0 or clip.grad_value > 0
        chart.update_snapshot(snapshot)
        if snapshot.layer and snapshot.layer != self.selected_layer:
            self.selected_layer = snapshot.layer  # its watcher moves the cursor, shows detail
        else:
            self._show_detail()
        self._show_status(snapshot)
        # The lesson moves on first, so that the entry's hint of what to press next fits
        # the step now current; its verdict (follow_checkpoints) still comes after the entry.
        before = self.progress.done
        if self.lesson:
            self.progress.saw(snapshot, self.config)
        if announce:
            hints = self.hints_fit()
            sentences = explain_step(
                self._previous, snapshot, self.config, self.stepper.layers, self.lang, hints
            )
            if snapshot.phase == Phase.BACKWARD and snapshot.layer == 1 and snapshot.pass_seconds:
                # The pass just completed (by space or e): its time, for C8, before the
                # entry's last sentence (what to press next), which stays last.
                timing = self._say("pass_time", ms=milliseconds(snapshot.pass_seconds))
                sentences.insert(max(len(sentences) - 1, 1) if hints else len(sentences), timing)
            self._log(*sentences)
        self._previous = snapshot
        if announce:
            self.exercise_saw(snapshot)
        if self.lesson:
            if self.progress.done != before:
                self._show_lesson()
            self.follow_checkpoints()  # an answer may wait for this snapshot's numbers

    def _show_detail(self) -> None:
        layer = self.selected_layer
        layers = self.stepper.layers
        total = sum(info.parameter_count for info in layers)
        self.query_one(LayerDetail).show_layer(
            self.stepper.snapshot, layers[layer - 1], layer, total
        )

    def _show_status(self, snapshot: Snapshot) -> None:
        loss = "–" if snapshot.loss is None else fmt.number(snapshot.loss, 4)
        # While running, the speed comes first: one line, cut at its end when it is too long.
        running = f"▶{self.speed}/s " if self._runner else ""
        status = self._say(
            "status", phase=describe_phase(snapshot, self.lang), loss=loss, step=snapshot.step
        )
        line = self.query_one("#status", LinesView)
        if self._count:
            line.show(self._count_text(line.content_size.width or 80))
        else:
            line.show(Text(running + status))

    def watch_selected_layer(self) -> None:
        if self.is_mounted:
            self.query_one(GradientChart).cursor_layer = self.selected_layer
            self._show_detail()

    def watch_metric(self) -> None:
        if self.is_mounted:
            self.query_one(GradientChart).metric = self.metric
            self._show_status(self.stepper.snapshot)

    # ------------------------------------------------------------------ messages
    @on(GradientChart.LayerSelected)
    def _layer_clicked(self, message: GradientChart.LayerSelected) -> None:
        self.selected_layer = message.layer

    @on(Input.Submitted, "ConfigPane Input")
    def _field_submitted(self) -> None:
        self.action_apply()

    # ------------------------------------------------------------------ language
    def action_toggle_language(self) -> None:
        self.app.use_language("zh" if self.lang == "en" else "en")
        self._log(self._say("language"))
        self._show_status(self.stepper.snapshot)
        self._show_detail()
        self.query_one(GradientChart).redraw_header()
        self.query_one(ConfigPane).show_language(self.lang)
        self._show_lesson()
        self._lock_fields()
        self.show_goal()
        show_keys_in(self, self.lang)  # the app's own keys follow in use_language
        self.name_network()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the screen in front acts on keys; under a dialog (help, a prompt, a list)
        this screen's footer still shows, with the app's keys alone (help, quit). Escape
        leaves the form, and shows only while the form has focus."""
        if self.app.screen is not self:
            return False
        if action.startswith("detail_"):
            # Only the whole detail scrolls by keys; elsewhere ↑/↓ choose the layer.
            return self.has_class("detail-whole")
        if action == "cancel_count":
            return bool(self._count)  # escape cancels a count (and shows so) while one waits
        if action == "leave_field":
            # Shown while the form has focus, first in the footer (the pane declares it
            # too): a text field takes every other key the footer lists, and on a choice
            # the learner must see the way out.
            return self.form_has_focus()
        return True

    def auto_metric(self) -> None:
        """Until the learner picks one with g, chart both gradients when every layer's two
        rows fit on the screen, else ‖∂L/∂a‖ alone (the one that vanishes)."""
        if self._metric_chosen:
            return
        rows = self.app.size.height - CHROME_ROWS
        self.metric = "both" if 2 * self.stepper.depth <= rows else "grad_a"
