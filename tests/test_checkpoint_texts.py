"""Course stops 1 to 7: no text read before a checkpoint (title, summary, look-at, the steps
up to its question) writes its computed answer; and the path dialog speaks Chinese."""

from __future__ import annotations

import pytest

from gradtui.lessons import load_lesson_file
from gradtui.lessons.checkpoint import answer_checkpoint
from tests.test_checkpoint_spoilers import figures, read_before, written_in

# The course's first stops (gradtui/lessons/course.py), walked by hand in both languages;
# test_checkpoint_spoilers.py checks stops 8 to 13 with the same helpers (here a compare's
# other side and a pick's values count too).
WALKED = (
    "vanishing-sigmoid",
    "depth-scaling",
    "slow-early-layers",
    "init-matters",
    "relu-he",
    "batchnorm-rescue",
    "residual-rescue",
)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", WALKED)
def test_no_text_before_a_checkpoint_gives_its_answer(lesson_id, lang):
    lesson = load_lesson_file(lesson_id)
    assert lesson.checkpoints, f"{lesson_id} asks no question"
    for point in lesson.checkpoints:
        answer = answer_checkpoint(lesson, point)
        answers = set()
        for value in (answer.value, answer.other, *answer.values):
            answers |= figures(value)
        for field, text in read_before(lesson, point, lang).items():
            given = sorted(figure for figure in answers if written_in(figure, text))
            assert not given, f"{lesson_id} ({lang}): the {field} gives {given} away: {text}"


async def test_the_path_dialog_says_its_keys_in_chinese(tmp_path, monkeypatch):
    from textual.widgets import Label

    from gradtui.tui.app import GradtuiApp
    from gradtui.tui.screens.path_prompt import PathPrompt

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    lesson = load_lesson_file("init-matters")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        hints = [str(label.render()) for label in app.screen.query(Label)]
        assert "按回车确认，按 Esc 取消" in hints
