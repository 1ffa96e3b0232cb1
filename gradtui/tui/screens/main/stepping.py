"""The main screen's stepping and training: space, backspace, e, R, p, +/-, t.

Each stage comes from the ``Stepper`` as a new snapshot, which ``MainScreen._show`` hands
down to the panes. Training runs in a thread worker; the history view follows it.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.worker import get_current_worker

from gradtui.explain import describe_phase, explain_step
from gradtui.explain import format as fmt
from gradtui.sim import Phase, Snapshot
from gradtui.sim.history import History
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.lines import LinesView

__all__ = ["SPEEDS", "TRAIN_STEPS", "SteppingActions"]

TRAIN_STEPS = 100
SPEEDS = (1, 2, 4, 8, 16, 32, 64)


class SteppingActions:
    """Step, step back, run, train: the actions that move the network (a mixin of
    ``MainScreen``, whose attributes they use)."""

    @property
    def training(self) -> bool:
        """Whether training runs now, in its thread (p stops it)."""
        return self._training

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
        log = self.query_one(ExplanationLog)
        for _ in range(2 * self.stepper.depth + 5):
            snapshot = self.stepper.step()
            if snapshot.phase == Phase.BACKWARD and snapshot.layer == 1:
                break
            log.add_entry(
                explain_step(self._previous, snapshot, self.config, self.stepper.layers, self.lang),
                self.lang,
            )
            self._previous = snapshot
            self.progress.saw(snapshot)
            self._record(snapshot)
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
        self.query_one("#status", LinesView).show(
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
        self.app.call_from_thread(self._trained, done)

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

        if isinstance(self.app.screen, HistoryScreen):
            self.app.screen.redraw()
