"""One lesson walked at one size in one language: each step's words, its fields typed into
the config form, its keys, its question answered, and what it shows checked on the screen
(see ``gradtui.tui.walk``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from gradtui.config import config_fields
from gradtui.lessons import Lesson
from gradtui.lessons.checkpoint import Checkpoint
from gradtui.lessons.steps import Step
from gradtui.tui.walk.reading import blocks_of, on_screen, region_text, screen_rows, squeezed

__all__ = ["LANGS", "SIZES", "TRAIN_TIMEOUT", "Problem", "Walk"]

SIZES = ((80, 24), (120, 40))
"""The sizes a lesson must work at: a terminal's default, and a laptop's window."""
LANGS = ("en", "zh")
TRAIN_TIMEOUT = 300.0
"""Seconds a training run may take in a walk before it is reported as stuck."""


@dataclass(frozen=True)
class Problem:
    """Something a step asks for that the screen did not give."""

    lesson: str
    size: tuple[int, int]
    lang: str
    step: int
    """The step's number (1-based); 0 for the lesson as a whole."""
    what: str
    screen: str = ""
    """What the screen showed (the part that matters), for the report."""
    warning: bool = False
    """True when the step could not be checked (it names no keys), not that it failed."""

    def line(self) -> str:
        width, height = self.size
        kind = "warning" if self.warning else "problem"
        where = f"{self.lesson} {width}×{height} {self.lang} step {self.step}"
        text = f"{kind}: {where}: {self.what}"
        if self.screen:
            shown = "\n".join(f"    | {row}" for row in self.screen.splitlines())
            text += f"\n  the screen showed:\n{shown}"
        return text


class Walk:
    """One lesson at one size in one language."""

    def __init__(self, app: App, pilot: Pilot, lesson: Lesson, lang: str) -> None:
        self.app = app
        self.pilot = pilot
        self.lesson = lesson
        self.lang = lang
        self.problems: list[Problem] = []
        self.main = app.main  # type: ignore[attr-defined]
        self.choices = {spec.name: spec.choices for spec in config_fields()}
        self.log_before = 0
        self.predicted_before = 0

    def problem(self, step: int, what: str, screen: str = "", warning: bool = False) -> None:
        self.problems.append(
            Problem(self.lesson.id, tuple(self.app.size), self.lang, step, what, screen, warning)
        )

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            if self.main.training:
                await self.wait_for_training()

    async def wait_for_training(self) -> None:
        waited = 0.0
        while self.main.training and waited < TRAIN_TIMEOUT:
            await self.pilot.pause(0.05)
            waited += 0.05
        await self.pilot.pause()

    async def run(self) -> list[Problem]:
        await self.pilot.pause()
        for number, step in enumerate(self.lesson.step_tables, start=1):
            if not step.checkable:
                self.problem(
                    number,
                    "names no keys and no shows (a steps = [...] lesson): it cannot be "
                    "checked; write it as a [[step]] table",
                    warning=True,
                )
                continue
            keys = list(step.keys)
            if self.app.screen is not self.main and keys[:1] == ["escape"]:
                # The step before opened a view and said escape comes back; its words show
                # once it is closed.
                await self.press(keys.pop(0))
            self.check_words(number, step)
            checkpoint = self.lesson.checkpoint_before(number - 1)
            chosen = await self.answer(number, checkpoint) if checkpoint else None
            done_before = self.main.progress.done
            self.log_before = len(self.main.query_one("#log").entries)
            self.predicted_before = len(self.main.predictions)
            if step.set:
                await self.set_fields(number, step)
            await self.press(*keys)
            await self.pilot.pause()
            if self.main.progress.done <= done_before:
                self.problem(
                    number,
                    f"its keys and sets did not reach its milestone {step.until!r}: the "
                    "lesson panel did not move on",
                )
            self.check_shows(number, step)
            if checkpoint is not None:
                await self.check_verdict(number, checkpoint, chosen)
        return self.problems

    def state(self) -> tuple:
        """The app's snapshot, layers and singular values, for a measure."""
        stepper = self.main.stepper

        def spectra(kind: str, layer: int):
            if kind == "jacobian":
                return stepper.jacobian_singular_values(layer)
            return stepper.weight_singular_values(layer)

        return stepper.snapshot, stepper.layers, spectra

    async def answer(self, number: int, checkpoint: Checkpoint) -> int | None:
        """Answer the question before step ``number`` (or skip it); the option chosen."""
        from gradtui.explain.predict import option_labels

        main = self.main
        if main.question is not checkpoint:
            self.problem(number, "its checkpoint's question did not open before it")
            return None
        rows = screen_rows(self.app)
        panel = main.query_one("#question")
        shown = squeezed(region_text(rows, panel)) if panel.region.area else ""
        labels = option_labels(
            checkpoint, self.lang, self.lesson.variants, main.as_lesson(checkpoint)
        )
        for words in (checkpoint.text(self.lang), *labels):
            if squeezed(words) not in shown:
                self.problem(
                    number, f"its question panel does not show {words!r} whole", "\n".join(rows)
                )
        # A different answer from step to step and from walk to walk; 0 skips.
        choice = (number + self.app.size.width // 40 + len(self.lesson.id)) % (len(labels) + 1)
        await self.press(str(choice))
        if main.question is not None:
            self.problem(number, f"pressing {choice} did not close its question")
        return choice - 1 if choice else None

    async def check_verdict(self, number: int, checkpoint: Checkpoint, chosen: int | None) -> None:
        """The log holds the prediction beside the number measured on the app's network."""
        from gradtui.explain import join
        from gradtui.explain.predict import verdict
        from gradtui.lessons.checkpoint import answer_checkpoint, answer_from
        from gradtui.lessons.measure import evaluate_measure
        from gradtui.tui.widgets.explanation_log import ExplanationLog

        main = self.main
        waited = 0.0
        while main.answering and waited < TRAIN_TIMEOUT:
            await self.pilot.pause(0.05)
            waited += 0.05
        made = [p for p in main.predictions if p.checkpoint is checkpoint]
        if not made:
            self.problem(number, "the log gave no answer to its checkpoint's question")
            return
        if checkpoint.kind == "pick":
            # Each option run headlessly from the lesson file: the app's form must have
            # built the same network.
            answer = answer_checkpoint(self.lesson, checkpoint)
        else:
            # The measures read from the app's network as the step left it.
            value = evaluate_measure(checkpoint.measure, *self.state())
            other = evaluate_measure(checkpoint.than, *self.state()) if checkpoint.than else 0.0
            other = other if checkpoint.than else math.nan
            answer = answer_from(checkpoint, value, other, self.state()[0].depth)
        if made[-1].chosen != chosen:
            self.problem(number, f"the app took {made[-1].chosen} for the answer {chosen}")
        sentences = verdict(
            checkpoint, chosen, answer, self.lang, self.lesson.variants, made[-1].as_lesson
        )
        expected = join(sentences, self.lang)
        entries = main.query_one(ExplanationLog).entries
        if expected not in entries:
            self.problem(
                number,
                f"the log does not say {expected!r}, what the measured number gives",
                "\n".join(entries[-3:]),
            )

    def check_words(self, number: int, step: Step) -> None:
        """The step's words are visible whole in the lesson panel before it starts."""
        rows = screen_rows(self.app)
        if self.app.screen is not self.main:
            self.problem(
                number,
                "its words are hidden behind a view: the step before must close it (its "
                "keys end with escape), or this step's keys begin with escape",
                "\n".join(rows),
            )
            return
        panel = self.main.query_one("#lesson")
        shown = region_text(rows, panel) if panel.display and panel.region.area else ""
        if squeezed(step.text(self.lang)) not in squeezed(shown):
            self.problem(
                number,
                f"its words are not visible whole in the lesson panel: {step.text(self.lang)!r}",
                shown,
            )

    def check_shows(self, number: int, step: Step) -> None:
        rows = screen_rows(self.app)
        # The lesson's own words are not evidence that the screen shows what they name.
        blocks = blocks_of(self.app, self.without_lesson_panel(rows))
        missing = [item for item in step.expected(self.lang) if not on_screen(item, blocks)]
        main = self.main
        if missing and (len(main.predictions) > self.predicted_before or main.question):
            # A checkpoint's verdict (or the next question, in the log's place at 80×24)
            # came after the step's own entry: that entry counts, though pushed up the log.
            added = [squeezed(entry) for entry in main.query_one("#log").entries[self.log_before :]]
            missing = [item for item in missing if not on_screen(item, added)]
        if missing and main.question:
            # The next step's question shortens the detail at this size: what it cut is
            # read once the learner answers or skips it (0), so it is a warning to fix in
            # the lesson's layout, not a step that cannot be followed.
            detail = [squeezed(main.query_one("#detail").plain)]
            behind = [item for item in missing if on_screen(item, detail)]
            if behind:
                self.problem(
                    number,
                    "behind the next step's question until it is answered or skipped: "
                    + ", ".join(repr(item) for item in behind),
                    warning=True,
                )
            missing = [item for item in missing if item not in behind]
        if missing:
            self.problem(
                number,
                "not on the screen after its keys: " + ", ".join(repr(item) for item in missing),
                "\n".join(rows),
            )

    def without_lesson_panel(self, rows: list[str]) -> list[str]:
        """``rows`` with the lesson panel's cells blanked (when the main screen shows)."""
        panel = self.main.query_one("#lesson")
        if self.app.screen is not self.main or not panel.display:
            return rows
        region = panel.region
        blanked = list(rows)
        for y in range(region.y, min(region.bottom, len(rows))):
            cells, column = [], 0
            for character in rows[y]:
                inside = region.x <= column < region.right
                cells.append(" " * cell_len(character) if inside and character else character)
                column += cell_len(character)
            blanked[y] = "".join(cells)
        return blanked

    async def set_fields(self, number: int, step: Step) -> None:
        """Type each field's value into the form and apply, as a learner does."""
        from gradtui.tui.widgets.choice import Choice
        from gradtui.tui.widgets.config_pane import ConfigPane

        pane = self.main.query_one(ConfigPane)
        opened = not pane.display
        if opened:
            await self.press("c")
        await self.pilot.pause()
        control: Widget | None = None
        for name, value in step.set:
            control = pane.control(name)
            await self.pilot.pause()  # fields behind "more settings" are built on demand
            control.focus()  # what tab (or a click) on the field does
            await self.pilot.pause()
            if isinstance(control, Choice):
                labels = ["true", "false"] if self.choices.get(name) is None else None
                options = labels or list(self.choices[name] or ())
                if value not in options:
                    self.problem(number, f"set {name}: {value!r} is not one of its choices")
                    continue
                await self.press("enter", "home", *["down"] * options.index(value), "enter")
            else:
                await self.press("home", "ctrl+k", *value)
        if isinstance(control, Input):
            await self.press("enter")  # enter in a field applies the form
        else:
            await self.press("a")
        if isinstance(self.app.focused, Input):
            await self.press("escape")  # leave the field: keys step again
        if opened:
            await self.press("c")  # the form covered the side pane: close it
        await self.pilot.pause()
        problem = pane.problem_text(step.set[-1][0]) if step.set else ""
        if problem:
            self.problem(number, f"the form refused the set: {problem}")
