"""The main screen's exercise: X picks one; its goal shows beside the lesson panel; every
applied network and every finished pass says how far it is from the goal; a locked field
is marked in the form and refused at apply; an exercise met goes into the transcript.

The goal is measured as ``gradtui run --exercise ID CONFIG --check`` measures it: on a fresh
network from the applied config's seed (see ``gradtui.exercises.goal.mark``), so the app
and the teacher's marking always agree. The marking is kept per applied config: a pass or
a language change costs nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from gradtui.config import Config
from gradtui.sim import Phase, Snapshot
from gradtui.tui.screens.main.files import PROBLEMS
from gradtui.tui.served import served
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.exercise_goal import ExerciseGoal

if TYPE_CHECKING:  # the exercises load when one is opened, not at start-up
    from gradtui.exercises import Exercise
    from gradtui.exercises.goal import Marking

__all__ = ["ExerciseActions"]


class ExerciseActions:
    """X and the exercise's goal (a mixin of ``MainScreen``, whose attributes it uses)."""

    exercise: Exercise | None = None
    """The exercise open (None when there is none)."""
    exercises_met: list[str]
    """A line per exercise met in this session, for the transcript."""
    _marking: tuple[Config, Marking] | None = None
    _measuring: tuple[Exercise, Config] | None = None
    """The exercise and config being measured now (None when none is)."""
    _goal_pending: tuple[bool, bool, bool] = (False, False, False)
    """What ``show_goal`` was asked to say while the marking was being measured."""

    def action_exercises(self) -> None:
        """Pick an exercise (shipped, or a teacher's file by path) and open it."""
        from gradtui.exercises import list_exercises
        from gradtui.tui.screens.exercise_picker import ExercisePicker

        try:
            exercises = list_exercises()
        except PROBLEMS as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return

        def chosen(name: str | None) -> None:
            if name:
                self.open_exercise(name)

        self.app.push_screen(ExercisePicker(exercises, self.lang), chosen)

    def open_exercise(self, name: str | Exercise) -> bool:
        """Open exercise ``name`` (an id, a path, or one loaded); on a problem keep the
        current network."""
        from gradtui.exercises import exercise_ids, load_exercise

        if not isinstance(name, str):
            exercise = name
        else:
            if served() and name not in exercise_ids():
                message = self._ui(
                    "In the browser, exercises open from the shipped list only: press X."
                )
                self.notify(message, severity="error", timeout=8, markup=False)
                return False
            try:
                exercise = load_exercise(name)
            except PROBLEMS as error:
                self.notify(
                    self.app.problem_text(error, self._ui("The current network keeps running.")),
                    severity="error",
                    timeout=12,
                    markup=False,
                )
                return False
        self.config_path = None
        self.lesson_title = exercise.title
        if not self._use(exercise.config, exercise.text("title", self.lang), lesson=None):
            return False
        self.exercise = exercise
        self.origin = exercise.config
        self._lock_fields()
        self.name_network()
        self._log(
            self._say(
                "exercise_opened",
                id=exercise.id,
                summary=exercise.text("summary", self.lang),
                fields=", ".join(exercise.may_change),
            )
        )
        self.show_goal(announce=True)
        return True

    def open_exercise_edited(self, exercise: Exercise, config: Config, what: str) -> None:
        """Open ``exercise``, then ``config`` (a share code's edit of its network) as if the
        learner had made the edit in the form: a locked field changed is refused."""
        opened = self.open_exercise(exercise)
        if opened and config != exercise.config and not self.refuse_locked(config):
            self._use(config, what, lesson=None, edited=True)

    def close_exercise(self) -> None:
        """The network shown is no longer the exercise's (a lesson or a file opened)."""
        if self.exercise is None:
            return
        self._log(self._say("exercise_closed", id=self.exercise.id))
        self.exercise = None
        self._marking = None
        self.query_one(ConfigPane).set_locked((), "")
        self.show_goal()

    def _lock_fields(self) -> None:
        exercise = self.exercise
        if exercise is not None:
            reason = self._say(
                "exercise_lock_reason", id=exercise.id, fields=", ".join(exercise.may_change)
            )
            self.query_one(ConfigPane).set_locked(sorted(exercise.locked), reason)

    def refuse_locked(self, candidate: Config) -> bool:
        """Whether ``candidate`` changes a field the exercise locks (then say so: the lock
        holds whatever the form lets through)."""
        from gradtui.exercises.goal import value_text

        exercise = self.exercise
        if exercise is None:
            return False
        changes = exercise.locked_changes(candidate)
        if not changes:
            return False
        field, start, _ = changes[0]
        self.notify(
            self._say(
                "exercise_refused",
                field=field,
                start=value_text(start),
                fields=", ".join(exercise.may_change),
            ),
            severity="error",
            timeout=10,
            markup=False,
        )
        return True

    def current_marking(self) -> Marking | None:
        """The applied network against the goal, None while it is being measured (once per
        applied config, in a thread: a goal after 200 training steps takes a second or
        more, and the screen keeps answering meanwhile)."""
        if self.exercise is None:
            return None
        if self._marking is not None and self._marking[0] == self.config:
            return self._marking[1]
        if self._measuring != (self.exercise, self.config):
            self._measuring = (self.exercise, self.config)
            self._measure(self.exercise, self.config)
        return None

    @work(thread=True, exclusive=True, group="exercise")
    def _measure(self, exercise: Exercise, config: Config) -> None:
        try:
            marking, problem = exercise.mark(config), None
        except PROBLEMS as error:
            marking, problem = None, error
        self.app.call_from_thread(self._measured, exercise, config, marking, problem)

    def _measured(
        self,
        exercise: Exercise,
        config: Config,
        marking: Marking | None,
        problem: Exception | None,
    ) -> None:
        if self._measuring == (exercise, config):
            self._measuring = None
        if exercise is not self.exercise or config != self.config:
            return  # another network was applied meanwhile: its own marking follows
        if problem is not None or marking is None:
            self.notify(self.app.problem_text(problem), severity="error", markup=False)
            return
        self._marking = (config, marking)
        announce, hint, toast = self._goal_pending
        self._goal_pending = (False, False, False)
        self.show_goal(announce, hint, toast)

    def show_goal(self, announce: bool = False, hint: bool = True, toast: bool = False) -> None:
        """The goal panel; with ``announce``, the log says how far the network is (and,
        with ``hint``, what to try while it is not met); with ``toast``, a notice says the
        verdict too (below 118 columns the form, open for the edit, covers the log)."""
        exercise = self.exercise
        marking = self.current_marking()
        panels = list(self.query(ExerciseGoal))
        if exercise is not None and not panels:
            # Mounted below the lesson panel when the first exercise opens: a session
            # without one does not build it.
            panels = [ExerciseGoal(id="goal", unwrapped=1)]
            self.query_one("#side").mount(panels[0], after="#lesson")
        for panel in panels:
            panel.show_goal(exercise, marking, self.lang, self.app.size.height < 32)
        if exercise is None:
            return
        if marking is None:
            # Said once measured (a pass that ends meanwhile asks again: one entry).
            before = self._goal_pending
            self._goal_pending = (before[0] or announce, before[1] or hint, before[2] or toast)
            return
        if announce:
            self._log(*self._goal_sentences(exercise, marking, hint))
        if toast:
            count = len(marking.results)
            verdict = (
                self._say("exercise_state_met")
                if marking.met
                else self._say("exercise_state_not_met", passed=marking.passed_count, count=count)
            )
            lines = "\n".join(marking.lines(self.lang))
            self.notify(
                f"{exercise.id}: {verdict}\n{lines}",
                severity="information" if marking.met else "warning",
                timeout=8,
                markup=False,
            )

    def _goal_sentences(self, exercise: Exercise, marking: Marking, hint: bool) -> list[str]:
        fields = {
            "id": exercise.id,
            "count": len(marking.results),
            "passed": marking.passed_count,
            "seed": self.config.seed,
        }
        # Each condition a sentence of the log entry, which runs sentences together.
        stop = "。" if self.lang == "zh" else "."
        lines = [line + stop for line in marking.lines(self.lang)]
        if marking.met:
            self._note_met(exercise, marking)
            return [self._say("exercise_met", **fields), *lines, self._say("exercise_next")]
        sentences = [self._say("exercise_not_met", **fields), *lines]
        if hint and exercise.hint:
            sentences.append(self._say("exercise_try", hint=exercise.text("hint", self.lang)))
        return sentences

    def _note_met(self, exercise: Exercise, marking: Marking) -> None:
        """Remember an exercise met for the transcript (once per network that met it)."""
        from gradtui.exercises.goal import flatten, value_text

        title = exercise.text("title", self.lang)
        start, now = flatten(exercise.config), flatten(self.config)
        changes = [
            f"{name}={value_text(now[name], form=False)}"
            for name in exercise.may_change
            if now[name] != start[name]
        ]
        numbers = ("；" if self.lang == "zh" else "; ").join(marking.lines(self.lang))
        entry = f"{exercise.id} ({title}), {', '.join(changes) or '–'}: {numbers}"
        if entry not in self.exercises_met:
            self.exercises_met.append(entry)

    def exercise_saw(self, snapshot: Snapshot) -> None:
        """After a finished pass, how far the applied network is from the goal."""
        if self.exercise is None:
            return
        if snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
            self.show_goal(announce=True, hint=False)
