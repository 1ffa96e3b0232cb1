"""The gradtui app: configure a network, step its passes, watch the gradient, read why.

Data flows one way: the app owns the ``Stepper``; a key becomes an action, the action asks
the stepper for a new snapshot, and the snapshot is handed down to the panes. No pane
touches the network.

The views and dialogs are imported when first opened, so that start-up pays only for the
main screen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input
from textual.worker import get_current_worker

from gradtui.config import Config, ConfigError, load_config, save_config, write_atomically
from gradtui.explain import describe_init, describe_phase, explain_step, say, ui
from gradtui.explain import format as fmt
from gradtui.lessons import Lesson, LessonError
from gradtui.lessons.progress import LessonProgress
from gradtui.sim import Phase, Snapshot, Stepper
from gradtui.sim.data import DataError
from gradtui.sim.history import History
from gradtui.tui.keys import in_language, show_keys_in
from gradtui.tui.settings import load_settings, save_settings
from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, load_themes
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.layer_detail import LayerDetail
from gradtui.tui.widgets.lines import LinesView

TRAIN_STEPS = 100
SPEEDS = (1, 2, 4, 8, 16, 32, 64)
NARROW = 118
"""Below this many columns the config pane starts hidden (c shows it): with it, the chart
would have fewer than 40 columns."""
WIDE = 160
"""From this many columns (a projector, a large window) the lesson and the log get more."""
SHORT = 32
"""Below this many rows the detail pane is shorter (its histogram is cropped)."""
CHROME_ROWS = 6
"""Rows that are not chart rows: header, status, the chart's 3 header lines, footer."""
METRICS = ("both", "grad_a", "grad_w")
PROBLEMS = (ConfigError, DataError, LessonError, OSError)
MAIN_SCREEN_ACTIONS = frozenset(
    {
        "step",
        "back",
        "finish_pass",
        "train",
        "run_pause",
        "faster",
        "slower",
        "reset",
        "toggle_metric",
        "next_layer",
        "previous_layer",
        "apply",
        "toggle_config",
        "open",
        "save",
        "copy_log",
        "leave_field",
        "lessons",
        "theory",
        "history",
        "compare",
        "through_time",
        "toggle_language",
        "write_transcript",
    }
)
"""Actions that act on the main screen's panes."""


class GradtuiApp(App[None]):
    """Step a network's forward and backward passes and watch its gradients."""

    CSS_PATH = "app.tcss"
    TITLE = "gradtui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("space,right,l", "step", "Step", id="step", tooltip="Step forward one stage"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (ctrl+q too)"),
        Binding("backspace,left,h", "back", "Back", id="back", tooltip="Step back one stage"),
        Binding(
            "e",
            "finish_pass",
            "End",
            id="finish_pass",
            tooltip="Run to the end of this pass (backward to layer 1)",
        ),
        Binding(
            "t",
            "train",
            "Train",
            id="train",
            tooltip=f"Train {TRAIN_STEPS} steps (p stops it)",
        ),
        Binding("p", "run_pause", "Run", id="run_pause", tooltip="Step continuously, or pause"),
        Binding(
            "plus,equals_sign", "faster", "Faster", id="faster", show=False, tooltip="Run faster"
        ),
        Binding("minus", "slower", "Slower", id="slower", show=False, tooltip="Run slower"),
        Binding(
            "R",
            "reset",
            "Reset",
            id="reset",
            tooltip="Reset: a fresh network from the config (same seed)",
        ),
        Binding(
            "g",
            "toggle_metric",
            "∂a/∂W",
            id="toggle_metric",
            show=False,
            tooltip="Chart ‖∂L/∂a‖, ‖∂L/∂W‖ or both",
        ),
        Binding(
            "down,j",
            "next_layer",
            "Next layer",
            id="next_layer",
            show=False,
            tooltip="Select the next layer (towards the output)",
        ),
        Binding(
            "up,k",
            "previous_layer",
            "Prev layer",
            id="previous_layer",
            show=False,
            tooltip="Select the previous layer (towards the input)",
        ),
        Binding(
            "a",
            "apply",
            "Apply",
            id="apply",
            show=False,
            tooltip="Apply the configuration (enter in a field does too)",
        ),
        Binding(
            "L",
            "lessons",
            "Lessons",
            id="lessons",
            tooltip="Choose a lesson (search by name or claim)",
        ),
        Binding(
            "H",
            "history",
            "History",
            id="history",
            tooltip="History: gradients, loss, update size, dead units over training",
        ),
        Binding(
            "C",
            "compare",
            "Compare",
            id="compare",
            tooltip="Compare the applied network with the edited form (or the lesson's variant)",
        ),
        Binding(
            "B",
            "through_time",
            "Time",
            id="through_time",
            tooltip="Through time (C17): an RNN's gradient against an LSTM's, step by step",
        ),
        Binding(
            "T",
            "theory",
            "Theory",
            id="theory",
            tooltip="Theory: activation and derivative, χ against measured, C5 window, C21",
        ),
        Binding(
            "z",
            "toggle_language",
            "中文/English",
            id="toggle_language",
            show=False,
            tooltip="Explanations in Chinese or English",
        ),
        Binding(
            "ctrl+s",
            "screenshot",
            "SVG",
            id="screenshot",
            show=False,
            tooltip="Save the screen as an SVG picture (for a slide)",
        ),
        Binding(
            "w",
            "write_transcript",
            "Transcript",
            id="write_transcript",
            show=False,
            tooltip="Save the explanation log as a Markdown transcript",
        ),
        Binding(
            "c",
            "toggle_config",
            "Config",
            id="toggle_config",
            tooltip="Show or hide the configuration pane",
        ),
        Binding("o", "open", "Open", id="open", show=False, tooltip="Open a config file (TOML)"),
        Binding("s", "save", "Save", id="save", show=False, tooltip="Save the config (TOML)"),
        Binding(
            "y",
            "copy_log",
            "Copy log",
            id="copy_log",
            show=False,
            tooltip="Copy the explanation log to the clipboard",
        ),
        Binding(
            "ctrl+t",
            "cycle_theme",
            "Theme",
            id="cycle_theme",
            show=False,
            tooltip="Switch to the next colour theme",
        ),
        Binding(
            "escape",
            "leave_field",
            "Leave field",
            id="leave_field",
            tooltip="Leave a text field (then keys step again)",
        ),
    ]

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
        theme: str | None = None,
        lang: str | None = None,
        lesson: Lesson | None = None,
        compare_with: tuple[Config, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.lesson_title = title
        self.lang = lang or "en"
        self._requested_lang = lang
        self.lesson = lesson
        self._compare_with = compare_with
        self.progress = LessonProgress(lesson.until if lesson else ())
        self.config_path = config_path
        self._requested_theme = theme
        self.stepper = Stepper(config)
        self.history = History(self.stepper.depth)
        self.history_lock = threading.Lock()
        self._recorded_step = 0
        self._previous: Snapshot | None = None
        self._runner: Timer | None = None
        self._training = False
        self._theme_problems: list[str] = []
        self._metric_chosen = False
        self._train_done = 0
        self._train_timer: Timer | None = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="∇")
        with Horizontal(id="main"):
            yield ConfigPane(self.config, id="config")
            with Vertical(id="centre"):
                yield LinesView(id="status", unwrapped=1)
                yield GradientChart(id="chart")
            with Vertical(id="side"):
                yield LinesView(id="lesson", unwrapped=1)
                yield LayerDetail(id="detail")
                yield ExplanationLog(id="log")
        yield Footer(compact=True, show_command_palette=False)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(GRADIENT_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        themes, self._theme_problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        self._theme_names = [theme.name for theme in themes]
        settings = load_settings()
        self.lang = self._requested_lang or settings.lang or "en"
        wanted = self._requested_theme or settings.theme or "gradtui-dark"
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.notify(
                f"No theme named {wanted!r}; using gradtui-dark. Themes: "
                + ", ".join(self._theme_names),
                severity="warning",
            )
            self.theme = "gradtui-dark" if "gradtui-dark" in self.available_themes else self.theme
        for problem in self._theme_problems + ([settings.problem] if settings.problem else []):
            self.notify(problem, severity="warning", timeout=10)
        self.title = "gradtui"
        self.sub_title = self._title()
        show_keys_in(self, self.lang)
        if self.size.width < NARROW:
            self._main.query_one("#config").display = False
        self._main.query_one(GradientChart).focus()
        self._show(self.stepper.snapshot, announce=False)
        self._show_lesson()
        self._log(
            self._say("start", title=self._title(), depth=self.stepper.depth),
            self._say("start_next"),
        )
        if self._compare_with is not None:
            from gradtui.tui.screens.compare import CompareScreen

            other, names = self._compare_with
            self.push_screen(CompareScreen((self.config, other), names))

    @property
    def _main(self) -> Screen:
        """The main screen (the panes), even while a view or dialog is on top of it."""
        return self.screen_stack[0]

    # ------------------------------------------------------------------ words
    def _say(self, key: str, **fields: object) -> str:
        return say(key, self.lang, **fields)

    def _ui(self, text: str) -> str:
        return ui(text, self.lang)

    def _problem(self, error: Exception, then: str = "") -> str:
        """A problem to show, then what happens next: a config's problem in the learner's
        language (others, from files and data, in English)."""
        text = error.message_in(self.lang) if isinstance(error, ConfigError) else str(error)
        if not then:
            return text
        return text + ("。" if self.lang == "zh" else ". ") + then

    def _log(self, *sentences: str) -> None:
        self._main.query_one(ExplanationLog).add_entry(list(sentences), self.lang)

    def _title(self) -> str:
        return self.lesson.text("title", self.lang) if self.lesson else self.lesson_title

    def _show_lesson(self) -> None:
        """The lesson panel: the lesson, the step to do now, what to look at."""
        panel = self._main.query_one("#lesson", LinesView)
        lesson = self.lesson
        panel.display = lesson is not None
        if lesson is None:
            return
        steps = lesson.text("steps", self.lang)
        text = Text(end="")
        text.append(self._say("lesson_label"), "bold")
        text.append(lesson.text("title", self.lang) + "\n", "bold")
        current = self.progress.current
        if steps and current is not None and current < len(steps):
            label = f"{current + 1}/{len(steps)}"
            text.append(f"▸ {label} ", "bold")
            text.append(steps[current] + "\n")
        elif steps:
            text.append("✓ ", "bold")
            text.append(lesson.text("question", self.lang) + "\n")
        look = lesson.text("look_at", self.lang)
        if look:
            text.append(look, "dim")
        panel.show(text)

    # ------------------------------------------------------------------ showing
    def _show(self, snapshot: Snapshot, announce: bool = True) -> None:
        """Hand a snapshot down to the panes."""
        self._main.query_one(GradientChart).update_snapshot(snapshot)
        if snapshot.layer and snapshot.layer != self.selected_layer:
            self.selected_layer = snapshot.layer  # its watcher moves the cursor, shows detail
        else:
            self._show_detail()
        self._show_status(snapshot)
        if announce:
            self._log(
                *explain_step(self._previous, snapshot, self.config, self.stepper.layers, self.lang)
            )
        self._previous = snapshot
        if self.lesson:
            before = self.progress.done
            self.progress.saw(snapshot)
            if self.progress.done != before:
                self._show_lesson()

    def _show_detail(self) -> None:
        layer = self.selected_layer
        self._main.query_one(LayerDetail).show_layer(
            self.stepper.snapshot, self.stepper.layers[layer - 1], layer
        )

    def _show_status(self, snapshot: Snapshot) -> None:
        loss = "–" if snapshot.loss is None else fmt.number(snapshot.loss, 4)
        # While running, the speed comes first: one line, cut at its end when it is too long.
        running = f"▶{self.speed}/s " if self._runner else ""
        status = self._say(
            "status", phase=describe_phase(snapshot, self.lang), loss=loss, step=snapshot.step
        )
        self._main.query_one("#status", LinesView).show(Text(running + status))

    def watch_selected_layer(self) -> None:
        if self.is_mounted:
            self._main.query_one(GradientChart).cursor_layer = self.selected_layer
            self._show_detail()

    def watch_metric(self) -> None:
        if self.is_mounted:
            self._main.query_one(GradientChart).metric = self.metric
            self._show_status(self.stepper.snapshot)

    # ------------------------------------------------------------------ stepping
    def _busy(self) -> bool:
        if self._training:
            self.notify(self._ui("Training is running; press p to stop it first."), timeout=3)
        return self._training

    def _record(self, snapshot: Snapshot) -> None:
        """Add a finished training step to the history (once, even after stepping back)."""
        if snapshot.phase == Phase.UPDATE and snapshot.step > self._recorded_step:
            with self.history_lock:  # the history view reads it while training runs
                self.history.record(snapshot)
            self._recorded_step = snapshot.step

    def action_step(self) -> None:
        if not self._busy():
            snapshot = self.stepper.step()
            self._record(snapshot)
            self._show(snapshot)

    def action_back(self) -> None:
        if self._busy():
            return
        before = self.stepper.snapshot
        snapshot = self.stepper.back()
        if snapshot is before:
            self.notify(self._say("back_at_start"), timeout=3)
            return
        self._previous = None
        self._show(snapshot, announce=False)
        self._log(self._say("back", where=describe_phase(snapshot, self.lang)))

    def action_finish_pass(self) -> None:
        """Run to the end of the pass, one stage at a time so the log tells all of it."""
        if self._busy():
            return
        # The stages' entries go to the log in one batch and the panes are shown once, at
        # the end: at depth 1000 that is 2,000 entries, and the log wraps only its last page.
        layers = self.stepper.layers  # built anew on each access: once per pass, not stage
        entries = []
        for _ in range(2 * self.stepper.depth + 5):
            snapshot = self.stepper.step()
            if snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
                break
            entries.append(explain_step(self._previous, snapshot, self.config, layers, self.lang))
            self._previous = snapshot
            self.progress.saw(snapshot)
            self._record(snapshot)
        self._main.query_one(ExplanationLog).add_entries(entries, self.lang)
        self._show(snapshot)

    def action_reset(self) -> None:
        if self._busy():
            return
        self._stop_running()
        self.history = History(self.stepper.depth)
        self._recorded_step = 0
        self._show(self.stepper.reset(), announce=False)
        self._log(self._say("reset"))

    def action_run_pause(self) -> None:
        if self._training:
            self._training = False  # the worker sees this and stops
            return
        if self._runner:
            self._stop_running()
        else:
            self._runner = self.set_interval(1 / self.speed, self._run_tick)
        self._show_status(self.stepper.snapshot)

    def _run_tick(self) -> None:
        """One stage of a continuous run; none once the panes are gone (the app quitting)."""
        if self._main.query(GradientChart):
            self.action_step()
        else:
            self._stop_running()

    def _stop_running(self) -> None:
        if self._runner:
            self._runner.stop()
            self._runner = None

    def action_faster(self) -> None:
        self._set_speed(+1)

    def action_slower(self) -> None:
        self._set_speed(-1)

    def _set_speed(self, change: int) -> None:
        index = min(max(SPEEDS.index(self.speed) + change, 0), len(SPEEDS) - 1)
        self.speed = SPEEDS[index]
        if self._runner:
            self._stop_running()
            self._runner = self.set_interval(1 / self.speed, self._run_tick)
        self._show_status(self.stepper.snapshot)

    def action_train(self, steps: int = TRAIN_STEPS) -> None:
        if self._busy():
            return
        self._stop_running()
        self._training = True
        self._train_done = 0
        self._log(self._say("training", steps=steps))
        # The status line follows from a timer here: the training thread never waits for
        # the screen.
        self._train_timer = self.set_interval(0.25, lambda: self._train_status(steps))
        self._train(steps)

    def _train_status(self, total: int) -> None:
        self._main.query_one("#status", LinesView).show(
            Text(f"training {self._train_done}/{total} · p stops")
        )

    @work(thread=True, exclusive=True, group="train")
    def _train(self, steps: int) -> None:
        worker = get_current_worker()
        done = 0
        for done in range(1, steps + 1):
            if not self._training or worker.is_cancelled:
                break
            self.stepper.train(1)
            self._record(self.stepper.snapshot)
            self._train_done = done
        self.call_from_thread(self._trained, done)

    def _trained(self, done: int) -> None:
        self._training = False
        if self._train_timer is not None:
            self._train_timer.stop()
        snapshot = self.stepper.snapshot
        self._show(snapshot, announce=False)
        loss = "–" if snapshot.loss is None else fmt.number(snapshot.loss, 4)
        self._log(
            self._say("trained", steps=done, loss=loss),
            *explain_step(None, snapshot, self.config, self.stepper.layers, self.lang),
        )
        self.progress.event("train")
        self._show_lesson()
        from gradtui.tui.screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            self.screen.redraw()

    # ------------------------------------------------------------------ layers, view
    def action_next_layer(self) -> None:
        self.selected_layer = min(self.selected_layer + 1, self.stepper.depth)

    def action_previous_layer(self) -> None:
        self.selected_layer = max(self.selected_layer - 1, 1)

    @on(GradientChart.LayerSelected)
    def _layer_clicked(self, message: GradientChart.LayerSelected) -> None:
        if len(self.screen_stack) == 1:  # the main screen's chart, not a view's
            self.selected_layer = message.layer

    def action_toggle_metric(self) -> None:
        self._metric_chosen = True
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]

    def action_toggle_config(self) -> None:
        pane = self._main.query_one("#config")
        pane.display = not pane.display
        if self.size.width < NARROW:
            # No room for three panes: the config takes the side pane's place.
            self._main.query_one("#side").display = not pane.display
        if pane.display:
            pane.focus()
        else:
            self._main.query_one(GradientChart).focus()

    def action_leave_field(self) -> None:
        if isinstance(self.focused, Input):
            self._main.query_one(GradientChart).focus()

    def action_cycle_theme(self) -> None:
        names = self._theme_names or [self.theme]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(self._ui("Theme: {theme}").format(theme=self.theme), timeout=2)
        self._remember()

    def action_help(self) -> None:
        from gradtui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen([in_language(binding, self.lang) for binding in self.BINDINGS]))

    def action_copy_log(self) -> None:
        self.copy_to_clipboard(self._main.query_one(ExplanationLog).transcript())
        self.notify(self._ui("The explanation log is on the clipboard."), timeout=3)

    # ------------------------------------------------------------------ config
    @on(Input.Submitted, "ConfigPane Input")
    def _field_submitted(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        if self._busy():
            return
        pane = self._main.query_one(ConfigPane)
        try:
            candidate = pane.candidate()
        except ConfigError as error:
            self.notify(
                self._problem(
                    error,
                    self._ui("The current network keeps running; fix the field and apply again."),
                ),
                severity="error",
                timeout=8,
            )
            return
        if self._use(candidate, self._ui("Applied the new configuration"), lesson=self.lesson):
            self.progress.event("apply")
            self._show_lesson()

    def _use(self, config: Config, what: str, lesson: Lesson | None = None) -> bool:
        """Build a network from ``config``; on failure keep the current one."""
        try:
            stepper = Stepper(config)
        except PROBLEMS as error:
            self.notify(
                self._problem(error, self._ui("The current network keeps running.")),
                severity="error",
                timeout=10,
            )
            return False
        self._stop_running()
        self.stepper = stepper
        self.history = History(stepper.depth)
        self._recorded_step = 0
        self.config = config
        self._previous = None
        if lesson is not self.lesson:
            self.lesson = lesson
            self.progress = LessonProgress(lesson.until if lesson else ())
            self._show_lesson()
        self.selected_layer = min(self.selected_layer, stepper.depth)
        self._auto_metric()
        self._main.query_one(GradientChart).reset_scale()
        self._main.query_one(ConfigPane).load(config)
        self._show(stepper.snapshot, announce=False)
        self._log(
            self._say(
                "applied",
                what=what,
                depth=stepper.depth,
                activation=config.network.activation,
                init=describe_init(config),
            )
        )
        self._remember()
        return True

    def action_open(self) -> None:
        def opened(path: str | None) -> None:
            if not path:
                return
            try:
                config = load_config(path)
            except PROBLEMS as error:
                self.notify(self._problem(error), severity="error", timeout=10)
                return
            if self._use(config, self._ui("Opened {path}").format(path=path), lesson=None):
                self.config_path = path
                self.sub_title = Path(path).name

        from gradtui.tui.screens.path_prompt import PathPrompt

        prompt = self._ui("Open a config (TOML):")
        self.push_screen(PathPrompt(prompt, self.config_path or ""), opened)

    def _save_to(self, prompt: str, default: str, write, saved) -> None:
        """Ask for a path, then ``write(path)``; a problem is shown and nothing else
        changes; on success ``saved(path)`` says what was written."""

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                write(path)
            except PROBLEMS as error:
                self.notify(self._problem(error), severity="error", timeout=10)
                return
            saved(path)

        from gradtui.tui.screens.path_prompt import PathPrompt

        self.push_screen(PathPrompt(prompt, default), chosen)

    def action_save(self) -> None:
        def saved(path: str) -> None:
            self.config_path = path
            self.notify(
                self._ui("Saved the applied config to {path}.").format(path=path), timeout=4
            )

        self._save_to(
            self._ui("Save the applied config as (TOML):"),
            self.config_path or "gradtui.toml",
            lambda path: save_config(self.config, path),
            saved,
        )

    def action_lessons(self) -> None:
        """Pick a lesson (shipped, or a teacher's file by path) and load it."""
        from gradtui.lessons import list_lessons, load_lesson_file
        from gradtui.tui.screens.lesson_picker import LessonPicker

        try:
            lessons = list_lessons()
        except LessonError as error:
            self.notify(str(error), severity="error", timeout=10)
            return

        def chosen(name: str | None) -> None:
            if not name:
                return
            try:
                lesson = load_lesson_file(name)
            except PROBLEMS as error:
                self.notify(
                    self._problem(error, self._ui("The current network keeps running.")),
                    severity="error",
                    timeout=12,
                )
                return
            if self._use(lesson.config, lesson.text("title", self.lang), lesson=lesson):
                self.lesson_title = lesson.title
                self.sub_title = lesson.text("title", self.lang)
                self.config_path = None

        self.push_screen(LessonPicker(lessons, self.lang), chosen)

    def action_compare(self) -> None:
        """Compare the applied config with the form's edits, or the lesson's first variant."""
        if self._busy():
            return
        pane = self._main.query_one(ConfigPane)
        try:
            edited = pane.candidate()
        except ConfigError as error:
            self.notify(
                self._problem(error, self._ui("Fix the field to compare.")),
                severity="error",
                timeout=8,
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
            )
            return
        from gradtui.tui.screens.compare import CompareScreen

        try:
            screen = CompareScreen((self.config, other), (self._ui("A: as applied"), f"B: {name}"))
        except PROBLEMS as error:
            self.notify(self._problem(error), severity="error", timeout=10)
            return
        self.push_screen(screen)

    def action_through_time(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.through_time import ThroughTimeScreen

            self.push_screen(ThroughTimeScreen(seed=self.config.seed))

    def action_history(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.history import HistoryScreen

            self.push_screen(HistoryScreen(self.history))

    def action_theory(self) -> None:
        if not self._busy():
            from gradtui.tui.screens.theory import TheoryScreen

            self.push_screen(TheoryScreen(self.stepper, self.selected_layer))

    def action_toggle_language(self) -> None:
        self.lang = "zh" if self.lang == "en" else "en"
        self._log(self._say("language"))
        self._show_status(self.stepper.snapshot)
        self._show_detail()
        self._main.query_one(GradientChart).redraw_header()
        self._main.query_one(ConfigPane).show_language(self.lang)
        self._show_lesson()
        show_keys_in(self, self.lang)
        if self.lesson:
            self.sub_title = self.lesson.text("title", self.lang)
        self._remember()

    def action_screenshot(self) -> None:
        """Save what is on screen now (the main screen or a view) as SVG."""
        svg = self.export_screenshot(title=f"gradtui · {self._title()}")

        def write(path: str) -> None:
            if not path.endswith(".svg"):
                raise ConfigError("", path, "an SVG file name ends in .svg", source=path)
            write_atomically(Path(path), svg.encode("utf-8"))

        self._save_to(
            self._ui("Save the screen as SVG:"),
            f"gradtui-{self.lesson.id if self.lesson else 'screen'}.svg",
            write,
            lambda path: self.notify(
                self._ui("Saved the screen as {path}.").format(path=path), timeout=4
            ),
        )

    def action_write_transcript(self) -> None:
        from gradtui.explain.transcript import session_transcript, write_transcript

        entries = self._main.query_one(ExplanationLog).entries
        text = session_transcript(self._title(), self.config, entries, self.lang)
        self._save_to(
            self._ui("Save the log as a Markdown transcript:"),
            f"gradtui-{self.lesson.id if self.lesson else 'session'}.md",
            lambda path: write_transcript(path, text),
            lambda path: self.notify(self._say("transcript_saved", path=path), timeout=5),
        )

    def _remember(self) -> None:
        problem = save_settings(self.theme, self.config, self.lang)
        if problem:
            self.notify(problem, severity="warning", timeout=6)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys of the main screen do nothing (and leave the footer) while another screen,
        a dialog or a view, is on top: they would act on panes that are not showing. Escape
        leaves a text field, and shows only while one has focus."""
        if len(self.screen_stack) > 1 and action not in ("quit", "help", "command_palette"):
            return action not in MAIN_SCREEN_ACTIONS
        if action == "leave_field":
            # Shown in the footer only while typing in a field, where the field takes every
            # other key the footer lists (and the footer would be empty).
            return isinstance(self.focused, Input)
        return True

    # ------------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for declared in self.BINDINGS:
            binding = in_language(declared, self.lang)
            if isinstance(binding, Binding) and binding.action not in ("quit", "leave_field"):
                action = binding.action
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip} ({binding.key.split(',')[0]})",
                    lambda action=action: self.run_action(action),
                )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")
        self.set_class(self.size.width >= WIDE, "wide")
        self.set_class(self.size.height < SHORT, "short")
        self._auto_metric()

    def _auto_metric(self) -> None:
        """Until the learner picks one with g, chart both gradients when every layer's two
        rows fit on the screen, else ‖∂L/∂a‖ alone (the one that vanishes)."""
        if self._metric_chosen:
            return
        rows = self.size.height - CHROME_ROWS
        self.metric = "both" if 2 * self.stepper.depth <= rows else "grad_a"
