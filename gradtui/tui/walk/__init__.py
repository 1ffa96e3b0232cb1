"""The lesson walker: carry out a lesson's steps in the app, as a learner would, and check
that what each step names is on the screen when it says so.

For each ``[[step]]`` (see ``gradtui.lessons.steps``), at a terminal size and in a
language: the step's words must be visible whole in the lesson panel before it starts; its
``set`` fields are typed into the config form (c opens it, each field is focused and typed
into, enter or a applies it, and the form is closed again where it covers the side pane);
its keys are pressed, waiting for training to finish after t; the lesson panel must have
moved past the step (its keys pressed in order and its milestone reached, after the apply
of its ``set``: ``gradtui.lessons.progress``);
and each word or figure of ``shows`` must be on the screen.

A step with a checkpoint (see ``gradtui.lessons.checkpoint``) must open its question, whole
in the question panel with every option; the walker answers it (a different option from
step to step and size to size, or skips it with 0), and once the step's keys are pressed the
log must hold the verdict for the number measured on the app's network: the walker reads
the measure from the network itself and checks the log's sentence against it.

The walk is in three parts: ``reading`` reads the screen as a terminal shows it,
``walker`` carries out one lesson at one size in one language, and this module runs it
(in a settings folder of its own) at each size and language.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Iterator

from gradtui.lessons import Lesson
from gradtui.tui.walk.reading import screen_rows
from gradtui.tui.walk.walker import LANGS, SIZES, Problem, Walk

__all__ = [
    "SIZES",
    "Problem",
    "screen_rows",
    "walk_lesson",
    "walk_lesson_everywhere",
]


@contextlib.contextmanager
def _own_settings() -> Iterator[None]:
    """A walk applies configs and switches languages: it keeps its settings in a folder of
    its own, so the learner's (their theme, their last network) stay as they were."""
    before = os.environ.get("XDG_CONFIG_HOME")
    with tempfile.TemporaryDirectory(prefix="gradtui-walk-") as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("XDG_CONFIG_HOME", None)
            else:
                os.environ["XDG_CONFIG_HOME"] = before


async def walk_lesson(
    lesson: Lesson, size: tuple[int, int] = (80, 24), lang: str = "en"
) -> list[Problem]:
    """Walk ``lesson`` in the app at ``size`` in ``lang``: the problems found (warnings
    for steps that cannot be checked)."""
    from gradtui.tui.app import GradtuiApp

    with _own_settings():
        app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang=lang)
        async with app.run_test(size=size) as pilot:
            return await Walk(app, pilot, lesson, lang).run()


def walk_lesson_everywhere(lesson: Lesson, sizes=SIZES, langs=LANGS) -> list[Problem]:
    """Walk ``lesson`` at every size in every language (for ``gradtui run --check``)."""

    async def walk_all() -> list[Problem]:
        problems: list[Problem] = []
        for lang in langs:
            for size in sizes:
                problems += await walk_lesson(lesson, size, lang)
        return problems

    return asyncio.run(walk_all())
