"""The lesson walker: every shipped lesson can be followed with the keys it names, and
what each step points at is on the screen (gradtui.tui.walk)."""

from __future__ import annotations

import pytest

from gradtui.lessons import lesson_ids, load_lesson_file, parse_lesson
from gradtui.tui.walk import walk_lesson

# English at both sizes; Chinese at 80×24 only, the size where text is most often cut:
# the whole file stays within a few minutes on a two-core machine.
WALKS = [((80, 24), "en"), ((120, 40), "en"), ((80, 24), "zh")]


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.mark.parametrize(("size", "lang"), WALKS, ids=[f"{w}x{h}-{lang}" for (w, h), lang in WALKS])
@pytest.mark.parametrize("lesson_id", lesson_ids())
async def test_every_lesson_can_be_followed(lesson_id, size, lang):
    problems = await walk_lesson(load_lesson_file(lesson_id), size, lang)
    failures = [problem for problem in problems if not problem.warning]
    assert not failures, "\n".join(problem.line() for problem in failures)


BROKEN = """
[lesson]
id = "broken"
title = "Broken"
summary = "A step that points at what the screen never shows"
claims = ["C1"]

[[step]]
do = "Press e."
keys = "e"
until = "pass"
shows = ["backward ← 1", "a purple elephant"]

[config.network]
depth = 3
width = 4

[[expect]]
says = "it vanishes"
measure = "backward.running_product[1]"
op = "<"
value = 10
"""


async def test_a_step_that_names_what_is_not_on_screen_is_reported():
    lesson = parse_lesson(BROKEN, "broken.toml")
    problems = await walk_lesson(lesson, (120, 40), "en")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.step == 1 and not problem.warning
    assert "'a purple elephant'" in problem.what and "backward ← 1" not in problem.what
    assert "backward ← 1" in problem.screen  # what the screen showed instead


async def test_a_step_whose_keys_miss_its_milestone_is_reported():
    lesson = parse_lesson(BROKEN.replace('keys = "e"', 'keys = "space"'), "broken.toml")
    problems = await walk_lesson(lesson, (120, 40), "en")
    assert any("did not reach its milestone 'pass'" in problem.what for problem in problems)


async def test_old_steps_without_keys_are_warnings_not_failures():
    text = BROKEN.split("[[step]]")[0] + 'steps = ["Press e."]\n' + BROKEN.split("width = 4")[1]
    text = text.replace("[[expect]]", "[config.network]\ndepth = 3\nwidth = 4\n\n[[expect]]", 1)
    lesson = parse_lesson(text, "old.toml")
    problems = await walk_lesson(lesson, (80, 24), "en")
    assert [problem.warning for problem in problems] == [True]
    assert "cannot be checked" in problems[0].what


DEEPER = """
[lesson]
id = "deeper"
title = "Deeper"
summary = "The detail follows the network applied while the form hid it"
claims = ["C3"]

[[step]]
do = "Press e."
keys = "e"
until = "pass"
shows = ["Layer 1 of 10"]

[[step]]
do = "Set network.depth = 20 (c opens the form), apply, press e."
set = { "network.depth" = 20 }
keys = "e"
until = "apply"
shows = ["Layer 1 of 20"]

[config.network]
depth = 10
width = 8
activation = "sigmoid"

[[expect]]
says = "it vanishes"
measure = "backward.running_product[1]"
op = "<"
value = 1
"""


async def test_the_detail_shows_the_network_applied_while_the_form_covered_it():
    # At 80×24 the form covers the side pane: the detail was drawn at width 0 and its
    # painted lines were kept ("Layer 1 of 10" beside a 20-layer chart).
    problems = await walk_lesson(parse_lesson(DEEPER, "deeper.toml"), (80, 24), "en")
    assert not problems, "\n".join(problem.line() for problem in problems)


CHECKPOINT = BROKEN.replace('"a purple elephant"', '"running product"') + (
    '\n[[checkpoint]]\nbefore = 1\nkind = "decades"\n'
    'question = "How much reaches ∂L/∂x?"\nmeasure = "backward.running_product[1]"\n'
)


async def test_the_walker_answers_a_checkpoint_and_checks_the_logs_verdict():
    lesson = parse_lesson(CHECKPOINT, "checkpoint.toml")
    assert await walk_lesson(lesson, (80, 24), "en") == []


async def test_a_verdict_that_is_not_the_measured_ones_is_reported(monkeypatch):
    from gradtui.tui.screens.main import predicting

    def wrong(checkpoint, chosen, answer, *args):
        return ["Right."]  # whatever was measured

    monkeypatch.setattr(predicting, "verdict", wrong)
    lesson = parse_lesson(CHECKPOINT, "checkpoint.toml")
    problems = await walk_lesson(lesson, (80, 24), "en")
    assert len(problems) == 1 and "the log does not say" in problems[0].what
