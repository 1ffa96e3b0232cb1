"""The main screen's checkpoints: a question before a lesson's step, the learner's
prediction, and the measured answer beside it in the log (see
``gradtui.lessons.checkpoint``).

When a step with a checkpoint becomes the lesson's current step, the question panel opens
at once, above the chart (in a column of its own beside the whole detail, d): the layer
detail and the log keep what the step before measured, the figures its words told the
learner to read (80×24: residual-rescue's 2.55×, tanh-saturates' 41%), so the learner
reads the result and predicts the next one with both in view. Opening it on a later key
instead would leave digits meaning a count for t with the question unseen. The chart's
first rows stay below it; the chart is what the question asks about, not its answer yet.
Keys while it is open:

- 1 to 9 answer (one key, the option's number); 0 or escape skips the question;
- space skips it and steps, as space always does;
- every other key does what it always does, and the question stays open.

Digits are a count for t (``200t``) only while no question is open: answer or skip first,
then type the count. Whatever the learner did, once the step's milestone is reached and
the measure can be computed on the network as it then is, the log says what was predicted
beside the measured number: right, off by so many powers of ten, or the right option. A
question the step passed unanswered is answered in the log the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, work

from gradtui.config import ConfigError
from gradtui.explain import join, say
from gradtui.explain.predict import measure_words, option_labels, verdict, verdict_line
from gradtui.lessons.checkpoint import Answer, Checkpoint, answer_on, network_before
from gradtui.lessons.measure import MeasureError
from gradtui.tui.screens.main.panes import NARROW
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.layer_detail import LayerDetail
from gradtui.tui.widgets.question import QuestionPanel

__all__ = ["PredictingActions", "Prediction"]

ANSWER_KEYS = frozenset("123456789")


@dataclass(frozen=True)
class Prediction:
    """A checkpoint met: what the learner chose (None: skipped or not answered), and the
    simulator's answer."""

    checkpoint: Checkpoint
    chosen: int | None
    answer: Answer
    as_lesson: bool = True
    """Whether the network was the lesson's own (the options' labels hold as written)."""
    lines: tuple[str, str] = ("", "")
    """The transcript's line for it, in English and in Chinese, written when it was
    answered (with that lesson's variants, which a later lesson does not have)."""
    lesson: tuple[str, str] = ("", "")
    """The lesson's title, in English and in Chinese."""


class PredictingActions:
    """Ask, take the answer, set it beside the measure (a mixin of ``MainScreen``)."""

    question: Checkpoint | None = None
    """The checkpoint whose question is open now (None when none is)."""

    def _checkpoint_state(self) -> None:
        """Start afresh for a new lesson (or a lesson opened again): nothing asked yet."""
        self._predict_for = self.progress
        self._asked: set[int] = set()
        self._predictions_pending: dict[int, int | None] = {}
        self._waiting_said: set[int] = set()
        self._computing: set[int] = set()
        """Steps whose ``pick`` answer a thread is computing (it runs networks)."""
        # A course's earlier lessons' predictions stay for the transcript.
        done = [*getattr(self, "_earlier", ()), *getattr(self, "predictions", ())]
        self._earlier: list[Prediction] = done
        self.predictions: list[Prediction] = []
        self._close_question()

    def _variants(self) -> dict:
        return dict(self.lesson.variants or {}) if self.lesson else {}

    def as_lesson(self, checkpoint: Checkpoint) -> bool:
        """Whether the network is the lesson's own at the checkpoint's step (not edited)."""
        try:
            return self.lesson is not None and self.config == network_before(
                self.lesson, checkpoint
            )
        except ConfigError:
            return False

    def follow_checkpoints(self) -> None:
        """After anything that may move the lesson on: give the answers that are due, close
        a question whose step has been done, and open the next one."""
        if getattr(self, "_predict_for", None) is not self.progress:
            self._checkpoint_state()
        lesson = self.lesson
        if lesson is None or not lesson.checkpoints:
            return
        done = self.progress.done
        open_now = self.question
        if open_now is not None and done > open_now.step:
            # The learner did the step without answering: it is answered in the log.
            self._close_question()
            self._predictions_pending[open_now.step] = None
        for step in sorted(self._predictions_pending):
            if done > step:
                self._resolve(step)
        current = self.progress.current
        if self.question is None and current is not None:
            checkpoint = lesson.checkpoint_before(current)
            if checkpoint is not None and checkpoint.step not in self._asked:
                self._open_question(checkpoint)

    def _open_question(self, checkpoint: Checkpoint) -> None:
        self._asked.add(checkpoint.step)
        self.question = checkpoint
        if self._count:
            self._forget_count()  # from now digits answer
        self.set_class(True, "asking")
        narrow_form = self.has_class("-form-open") and self.app.size.width < NARROW
        if self.form_has_focus() or narrow_form:
            # The form stays beside the question (narrow, the question and the chart take
            # the side pane's place until it is answered: app.tcss): the apply is done, and
            # 1-9 answer now instead of typing in a field.
            self._focus_out()
        self._show_question()

    def _show_question(self) -> None:
        checkpoint = self.question
        if checkpoint is None or self.lesson is None:
            return
        points = self.lesson.checkpoints
        self._question_panel().ask(
            checkpoint,
            option_labels(checkpoint, self.lang, self._variants(), self.as_lesson(checkpoint)),
            points.index(checkpoint) + 1,
            len(points),
            self.lang,
        )

    def _question_panel(self) -> QuestionPanel:
        """The question panel, mounted above the chart when the first question opens: a
        session that meets none (most lessons have none) does not build it."""
        for panel in self.query(QuestionPanel):
            return panel
        panel = QuestionPanel(id="question")
        self.query_one("#centre").mount(panel, before="#chart")
        return panel

    def _close_question(self) -> None:
        self.question = None
        self.set_class(False, "asking")
        if self.is_mounted:
            for panel in self.query(QuestionPanel):
                panel.close()
            if self.has_class("-form-open") and self.app.size.width < NARROW:
                self._focus_out()  # the chart gives its place back to the form: the log

    def _question_key(self, event: events.Key) -> bool:
        """A key while a question is open; True when it answered or skipped (and is used)."""
        checkpoint = self.question
        if checkpoint is None or self.form_has_focus():
            return False
        key = event.key
        if key in ANSWER_KEYS or key in ("0", "escape"):
            event.stop()  # neither a count for t nor escape's other jobs
            if key in ("0", "escape"):
                self._take_answer(checkpoint, None)
            elif int(key) <= checkpoint.option_count:
                self._take_answer(checkpoint, int(key) - 1)
            else:
                last = checkpoint.option_count
                self.notify(self._say("predict_range", last=last), timeout=4, markup=False)
            return True
        if key == "space":
            self._take_answer(checkpoint, None)  # then space steps, as its binding says
        return False

    def _take_answer(self, checkpoint: Checkpoint, chosen: int | None) -> None:
        self._close_question()
        self._show_lesson()  # its "answer the question first" goes with the question
        self._predictions_pending[checkpoint.step] = chosen
        step = checkpoint.step + 1
        if chosen is None:
            self._log(self._say("predict_skipped", step=step))
        else:
            labels = option_labels(
                checkpoint, self.lang, self._variants(), self.as_lesson(checkpoint)
            )
            self._log(self._say("predict_noted", chosen=labels[chosen], step=step))
        if self.lesson and self.lesson.step_tables[checkpoint.step].until == "read":
            self._resolve(checkpoint.step)  # nothing to wait for: the screen shows it now

    def _resolve(self, step: int) -> None:
        """Measure now and say the verdict; wait while the measure cannot be computed (a
        new network before its first pass)."""
        checkpoint = self.lesson.checkpoint_before(step) if self.lesson else None
        if checkpoint is None:
            self._predictions_pending.pop(step, None)
            return
        if checkpoint.kind == "pick":
            # Each option is a network of its own to run: in a thread, the screen stays live.
            if step not in self._computing:
                self._computing.add(step)
                self._pick(checkpoint, self._predict_for, self.config, self._variants())
            return
        try:
            answer = answer_on(checkpoint, self.stepper, self.config, self._variants())
        except MeasureError:
            if step not in self._waiting_said:
                self._waiting_said.add(step)
                self._log(
                    self._say(
                        "predict_waiting",
                        step=step + 1,
                        measure=measure_words(
                            checkpoint.measure, self.lang, self.stepper.snapshot.depth
                        ),
                    )
                )
            return
        self._answered(checkpoint, answer)

    @property
    def answering(self) -> bool:
        """Whether a ``pick`` answer is being computed (its verdict is not in the log yet)."""
        return bool(getattr(self, "_computing", ()))

    @work(thread=True, group="predict")
    def _pick(self, checkpoint: Checkpoint, progress: object, config, variants: dict) -> None:
        try:
            answer = answer_on(checkpoint, self.stepper, config, variants)
        except MeasureError as error:
            self.app.call_from_thread(self._pick_failed, checkpoint, progress, str(error))
            return
        self.app.call_from_thread(self._picked, checkpoint, progress, answer)

    def _picked(self, checkpoint: Checkpoint, progress: object, answer: Answer) -> None:
        if progress is self._predict_for:  # not a lesson left since
            self._computing.discard(checkpoint.step)
            self._answered(checkpoint, answer)

    def _pick_failed(self, checkpoint: Checkpoint, progress: object, problem: str) -> None:
        if progress is self._predict_for:
            self._computing.discard(checkpoint.step)
            self._predictions_pending.pop(checkpoint.step, None)
            self._log(problem)

    def _answered(self, checkpoint: Checkpoint, answer: Answer) -> None:
        chosen = self._predictions_pending.pop(checkpoint.step)
        as_lesson = self.as_lesson(checkpoint)
        lines = tuple(
            self._prediction_line(checkpoint, chosen, answer, as_lesson, lang)
            for lang in ("en", "zh")
        )
        lesson = self.lesson
        titles = (lesson.text("title"), lesson.text("title", "zh")) if lesson else ("", "")
        self.predictions.append(Prediction(checkpoint, chosen, answer, as_lesson, lines, titles))
        # Shown with the entry it speaks of (the step's numbers), above it where the two
        # are taller than the log: appended, it would turn the page to the verdict alone.
        self.query_one(ExplanationLog).add_verdict(
            verdict(
                checkpoint, chosen, answer, self.lang, self._variants(), self.as_lesson(checkpoint)
            ),
            self.lang,
        )
        self.query_one(LayerDetail).say_verdict_waits()

    def _prediction_line(
        self, checkpoint: Checkpoint, chosen: int | None, answer: Answer, as_lesson: bool, lang
    ) -> str:
        # Spaced in English; in Chinese a full-width colon or stop needs no space after it.
        asked = say("transcript_checkpoint_asked", lang, step=checkpoint.step + 1)
        said = verdict_line(checkpoint, chosen, answer, lang, self._variants(), as_lesson)
        return join([asked, checkpoint.text(lang), said], lang)

    def prediction_lines(self) -> list[str]:
        """Each prediction against its measured answer, one line each (the transcript):
        this session's, lesson after lesson (each named when there are several: a course)."""
        made = [*getattr(self, "_earlier", ()), *self.predictions]
        index = 1 if self.lang == "zh" else 0
        several = len({p.lesson for p in made}) > 1
        colon = "：" if self.lang == "zh" else ": "
        return [(f"{p.lesson[index]}{colon}" if several else "") + p.lines[index] for p in made]
