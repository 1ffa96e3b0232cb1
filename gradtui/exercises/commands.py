"""The command line's exercises: ``gradtui exercises`` lists them, and ``gradtui run
--exercise ID|FILE [CONFIG] [--set ...] --check`` marks a network against one's goal.

The check prints each condition with the number measured and its target, then the
verdict; its exit code is 0 when the goal is met and 1 when it is not (a broken exercise or
config is 2, as every gradtui command's problem). A teacher marks a class's configs with::

    for f in submitted/*.toml; do gradtui run --exercise relu-init "$f" --check; done
"""

from __future__ import annotations

from gradtui.config import Config
from gradtui.exercises import Exercise, list_exercises
from gradtui.explain import say

__all__ = ["exercises_listing", "marking_report"]


def exercises_listing(lang: str = "en", teacher: bool = False) -> str:
    """Every shipped exercise: its id, title and claims (with ``teacher``, its goal, the
    solution and why it works), then how to open or check one."""
    exercises = list_exercises()
    width = max(len(exercise.id) for exercise in exercises)
    lines = []
    for exercise in exercises:
        claims = ", ".join(exercise.claims)
        lines.append(f"{exercise.id.ljust(width)}  {exercise.text('title', lang)}  [{claims}]")
        if teacher:
            lines += [
                "    " + say("exercise_goal", lang) + exercise.text("goal", lang),
                "    " + say("exercise_solution", lang, solution=" ".join(exercise.solution)),
                "    " + exercise.text("why", lang),
                "",
            ]
    lines += ["", say("exercises_usage", lang)]
    return "\n".join(lines) + "\n"


def marking_report(
    exercise: Exercise, config: Config, name: str, lang: str = "en"
) -> tuple[str, bool]:
    """What ``run --check`` prints for ``config`` (called ``name``) against the exercise's
    goal, and whether the goal is met."""
    marking = exercise.mark(config)
    count = len(marking.results)
    lines = [
        f"{exercise.id}: {exercise.text('title', lang)}",
        say("exercise_checked", lang, name=name, goal=exercise.text("goal", lang)),
        *(f"  {line}" for line in marking.lines(lang)),
    ]
    fields = {
        "id": exercise.id,
        "count": count,
        "passed": marking.passed_count,
        "seed": config.seed,
    }
    if marking.met:
        lines.append(say("exercise_met", lang, **fields))
    else:
        lines.append(say("exercise_not_met", lang, **fields))
        if exercise.hint:
            lines.append(say("exercise_try", lang, hint=exercise.text("hint", lang)))
    return "\n".join(lines) + "\n", marking.met
