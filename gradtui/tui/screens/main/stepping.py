"""The main screen's stepping and training: space, backspace, e, R, p, +/-, t, and a count
typed before t (``200t`` trains 200 steps, as in vim; escape forgets it).

Each stage comes from the ``Stepper`` as a new snapshot, which ``MainScreen._show`` hands
down to the panes. Training runs in a thread worker; the history view follows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.worker import get_current_worker

from gradtui.explain import describe_phase, explain_step
from gradtui.explain import format as fmt
from gradtui.sim import Phase, Snapshot
from gradtui.tui.draw.detail import milliseconds
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.lines import LinesView

if TYPE_CHECKING:
    from gradtui.sim.history import History

__all__ = ["SPEEDS", "TRAIN_MOST", "TRAIN_STEPS", "SteppingActions"]

TRAIN_STEPS = 100
"""What t alone trains."""
TRAIN_MOST = 10_000
"""The most a count before t trains at once: 10,000 steps of the largest shipped lesson
take minutes, and p stops them sooner."""
COUNT_DIGITS = 6
"""Digits kept of a count; more are ignored (anything above ``TRAIN_MOST`` trains that)."""
DIGIT_KEYS = frozenset("0123456789")
SPEEDS = (1, 2, 4, 8, 16, 32, 64)


class SteppingActions:
    """Step, step back, run, train: the actions that move the network (a mixin of
    ``MainScreen``, whose attributes they use)."""

    @property
    def history(self) -> History:
        """The training history of the network shown, made when first read (the first
        update recorded, or the history view), not at start-up."""
        history = self._history
        if history is None:
            with self._history_made:  # a training thread may be the first to read it
                if self._history is None:
                    from gradtui.sim.history import History

                    self._history = History(self.stepper.depth)
                history = self._history
        return history

    @history.setter
    def history(self, history: History | None) -> None:
        """A history to go on with; None for a new network's (empty, made when read)."""
        self._history = history

    @property
    def training(self) -> bool:
        """Whether training runs now, in its thread (p stops it)."""
        return self._training

    def _busy(self) -> bool:
        if self._training:
            self.notify(
                self._ui("Training is running; press p to stop it first."), timeout=3, markup=False
            )
        return self._training

    def _remember_if_ran(self, snapshot: Snapshot) -> None:
        """Remember the config once its network has run a whole pass (forward, the loss,
        backward to layer 1) without an error. Only what has run is remembered: a config
        that was only applied, or whose pass raised, is never what the next launch opens."""
        whole_pass = snapshot.step > 0 or (snapshot.phase == Phase.BACKWARD and snapshot.layer == 1)
        if whole_pass and self.ran is not self.config:
            self.ran = self.config
            self.app.remember_settings()

    def _record(self, snapshot: Snapshot) -> None:
        """Add a finished training step to the history (once, even after stepping back)."""
        if snapshot.phase == Phase.UPDATE and snapshot.step > self._recorded_step:
            with self.history_lock:  # the history view reads it while training runs
                self.history.record(snapshot)
            self._recorded_step = snapshot.step

    # ------------------------------------------------------------------ count before t
    def _count_key(self, event: events.Key) -> None:
        """A digit adds to the count that t will train; escape (its binding) and t use
        it; any other key forgets it, then does what it always does."""
        if event.key in DIGIT_KEYS:
            event.stop()  # a digit is a count here, whatever else might read it
            if self._busy():
                return
            if len(self._count) < COUNT_DIGITS:
                self._count += event.key
            self._count_changed()
        elif self._count and event.key not in ("t", "escape"):
            self._forget_count()

    def _forget_count(self) -> None:
        self._count = ""
        self._count_changed()

    def _count_changed(self) -> None:
        self._show_status(self.stepper.snapshot)
        self.refresh_bindings()  # the footer shows escape only while a count waits

    def action_cancel_count(self) -> None:
        self._forget_count()

    def _count_text(self, width: int) -> Text:
        """The status line while a count waits: what t will do, and that escape cancels,
        the long form when it fits the line's width."""
        count = int(self._count)
        key = "count_too_many" if count > TRAIN_MOST else "count_pending"
        fields = {"count": self._count, "most": f"{TRAIN_MOST:,}"}
        text = self._say(key, **fields)
        if cell_len(text) > width:
            text = self._say(f"{key}_short", **fields)  # the footer still shows escape
        return Text(text, style="bold")

    def _take_count(self) -> int | None:
        """The count typed before t (forgotten once taken); None when none was typed."""
        if not self._count:
            return None
        count = int(self._count)
        self._forget_count()
        return count

    def action_step(self) -> None:
        if not self._busy():
            snapshot = self.stepper.step()
            self._record(snapshot)
            self._show(snapshot)
            self._say_if_unapplied()

    def _say_if_unapplied(self) -> None:
        """After a step: while the form holds an edit not applied, the log says (once per
        edit) that the network stepped is the applied one, and what applies the edit."""
        changes = tuple(self.query_one(ConfigPane).overrides())
        if changes and changes != getattr(self, "_unapplied_said", ()):
            self._log(self._say("unapplied_step", changes=", ".join(changes)))
        self._unapplied_said = changes

    def action_back(self) -> None:
        if self._busy():
            return
        before = self.stepper.snapshot
        snapshot = self.stepper.back()
        if snapshot is before:
            self.notify(self._say("back_at_start"), timeout=3, markup=False)
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
            self.progress.saw(snapshot, self.config)
            hints = self.hints_fit()
            entries.append(
                explain_step(self._previous, snapshot, self.config, layers, self.lang, hints)
            )
            self._previous = snapshot
            self._record(snapshot)
        self.query_one(ExplanationLog).add_entries(entries, self.lang)
        self._show(snapshot)
        self._say_if_unapplied()

    def action_reset(self) -> None:
        if self._busy():
            return
        self._stop_running()
        self.history = None  # a new one, made when first read
        self._recorded_step = 0
        self._show(self.stepper.reset(), announce=False)
        self._log(self._say("reset"), *([self._say("step_next")] if self.hints_fit() else []))

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
        if self.query(GradientChart):
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

    def action_train(self) -> None:
        typed = self._take_count()
        if self._busy():
            return
        steps = TRAIN_STEPS if typed is None else min(typed, TRAIN_MOST)
        if steps == 0:
            self.notify(
                self._say("count_zero", most=f"{TRAIN_MOST:,}", default=TRAIN_STEPS),
                timeout=5,
                markup=False,
            )
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
        progress = self._ui("training {done}/{total} · p stops")
        self.query_one("#status", LinesView).show(
            Text(progress.format(done=f"{self._train_done:,}", total=f"{total:,}"))
        )

    @work(thread=True, exclusive=True, group="train")
    def _train(self, steps: int) -> None:
        worker = get_current_worker()
        done = 0  # steps completed: what the log reports, also when p stopped them
        pass_seconds = 0.0
        for _ in range(steps):
            if not self._training or worker.is_cancelled:
                break
            snapshot = self.stepper.train(1)
            pass_seconds += snapshot.pass_seconds or 0.0
            self._record(snapshot)
            done += 1
            self._train_done = done
        self.app.call_from_thread(self._trained, done, pass_seconds)

    def _trained(self, done: int, pass_seconds: float = 0.0) -> None:
        self._training = False
        if self._train_timer is not None:
            self._train_timer.stop()
        snapshot = self.stepper.snapshot
        self._show(snapshot, announce=False)
        loss = "–" if snapshot.loss is None else fmt.number(snapshot.loss, 4)
        timing = [self._say("trained_pass", ms=milliseconds(pass_seconds / done))] if done else []
        self.progress.event(
            "train", self.config
        )  # first: the entry's hint fits the step now current
        hints = self.hints_fit()
        self._log(
            self._say("trained", steps=done, loss=loss),
            *timing,
            *explain_step(None, snapshot, self.config, self.stepper.layers, self.lang, hints),
        )
        self._say_if_unapplied()
        self._show_lesson()
        from gradtui.tui.screens.history_view import HistoryScreen

        if isinstance(self.app.screen, HistoryScreen):
            self.app.screen.redraw()
