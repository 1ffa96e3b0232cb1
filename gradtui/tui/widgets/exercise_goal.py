"""The exercise's goal, beside the lesson panel: what to reach, each condition with the
number measured on the applied network against its target, met or not, and the fields the
learner may change. ``goal_text`` is the pure part (exercise and marking in, Rich text
out), tested without an app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from gradtui.explain import say
from gradtui.tui.widgets.lines import LinesView

if TYPE_CHECKING:  # the exercises load when one is opened, not at start-up
    from gradtui.exercises import Exercise
    from gradtui.exercises.goal import Marking

__all__ = ["ExerciseGoal", "goal_text"]


def goal_text(exercise: Exercise, marking: Marking | None, lang: str, short: bool = False) -> Text:
    """The panel's text. ``short``: the goal and the verdict only (the header names the
    exercise; the log holds every number and the fields that may change; the form marks
    the locked ones)."""
    text = Text(end="")
    if not short:
        text.append(say("exercise_label", lang), "bold")
        text.append(exercise.text("title", lang) + "\n", "bold")
    text.append(say("exercise_goal", lang), "bold")
    text.append(exercise.text("goal", lang) + "\n")
    if marking is None:
        text.append(say("exercise_measuring", lang) + "\n", "italic")
    else:
        count = len(marking.results)
        if marking.met:
            text.append(say("exercise_state_met", lang) + "\n", "bold reverse")
        else:
            state = say("exercise_state_not_met", lang, passed=marking.passed_count, count=count)
            text.append(state + "\n", "bold")
        if not short:
            for line in marking.lines(lang):
                text.append(line + "\n")
    if not short:
        fields = ", ".join(exercise.may_change)
        text.append(say("exercise_may_change", lang, fields=fields), "dim")
    text.rstrip()
    return text


class ExerciseGoal(LinesView):
    """The goal of the exercise open, and how far the applied network is from it."""

    # Its size is in app.tcss (#goal), beside the lesson panel's, by the terminal's size.

    def show_goal(
        self, exercise: Exercise | None, marking: Marking | None, lang: str, short: bool
    ) -> None:
        """Show the goal of ``exercise`` (hidden when there is none)."""
        self.display = exercise is not None
        if exercise is None:
            return
        self.unwrapped = 0 if short else 1
        more = Text(say("exercise_more", lang), "bold")
        self.show(goal_text(exercise, marking, lang, short), more=more)
