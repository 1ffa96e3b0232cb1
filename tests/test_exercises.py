"""Exercises: each shipped one starts off its goal and its solution meets it; broken files
get clear messages; ``run --exercise --check`` marks configs; the app shows the goal, locks
fields and refuses a locked change; the transcript records an exercise met."""

from __future__ import annotations

import pytest

from gradtui.cli import main
from gradtui.config import apply_overrides, save_config
from gradtui.exercises import (
    ExerciseError,
    exercise_ids,
    list_exercises,
    load_exercise,
    parse_exercise,
)
from gradtui.tui.app import GradtuiApp
from gradtui.tui.screens.exercise_picker import ExercisePicker
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.exercise_goal import ExerciseGoal, goal_text
from gradtui.tui.widgets.explanation_log import ExplanationLog

CLAIMS = {f"C{number}" for number in range(1, 25)}


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_each_exercise_starts_off_its_goal_and_its_solution_meets_it(exercise_id):
    exercise = load_exercise(exercise_id)
    start = exercise.mark(exercise.config)
    assert not start.met, start.lines()
    assert not start.locked_changes
    solved = exercise.mark(exercise.solution_config())
    assert solved.met, solved.lines()
    # Every text a learner reads is there in both languages.
    for field in ("title", "summary", "goal", "hint", "why"):
        assert exercise.text(field, "en") and exercise.text(field, "zh") != exercise.text(
            field, "en"
        ), field
    for condition in exercise.conditions:
        assert condition.says and condition.says_zh


def test_at_least_ten_exercises_across_the_claims():
    exercises = list_exercises()
    assert len(exercises) >= 10
    covered = {claim for exercise in exercises for claim in exercise.claims}
    assert covered <= CLAIMS and len(covered) >= 12


GOOD = """
[exercise]
id = "mine"
title = "Mine"
summary = "A teacher's exercise."
goal = "Keep layer 1's gradient."
may_change = ["network.depth"]

[teacher]
solution = ["network.depth=2"]
why = "Fewer layers, fewer factors."

[config.network]
depth = 12
width = 4
activation = "sigmoid"

[[goal]]
says = "A tenth reaches layer 1"
measure = "backward.running_product[1]"
op = ">="
value = 0.1

[[goal]]
says = "Still sigmoid"
field = "network.activation"
op = "=="
value = "sigmoid"
"""


def test_a_teachers_exercise_loads_from_a_path_and_marks_configs(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    exercise = load_exercise(str(path))
    assert exercise.locked == exercise.locked - {"network.depth"}
    assert "network.width" in exercise.locked

    # The exercise's own network misses: exit 1, with the number and the target.
    assert main(["run", "--exercise", str(path), "--check"]) == 1
    out = capsys.readouterr().out
    assert "✗ A tenth reaches layer 1: backward.running_product[1] = " in out
    assert "needs ≥ 0.1" in out and "goal not met yet, 1 of 2 conditions hold" in out

    # A learner's submitted config that meets it: exit 0.
    submitted = tmp_path / "alice.toml"
    save_config(apply_overrides(exercise.config, ["network.depth=2"]), str(submitted))
    assert main(["run", "--exercise", str(path), str(submitted), "--check"]) == 0
    out = capsys.readouterr().out
    assert "alice.toml against the goal" in out and "goal met, all 2 conditions hold" in out

    # One that meets the numbers by changing a locked field is not marked met.
    cheat = tmp_path / "bob.toml"
    save_config(apply_overrides(exercise.config, ["network.width=64"]), str(cheat))
    code = main(["run", "--exercise", str(path), str(cheat), "--set", "network.depth=2", "--check"])
    out = capsys.readouterr().out
    assert code == 1 and "✗ network.width is locked at 4 in this exercise, but is 64" in out

    # --set on the exercise's own network, and Chinese.
    code = main(["run", "--exercise", str(path), "--set", "network.depth=2", "--check"])
    assert code == 0
    capsys.readouterr()
    code = main(["run", "--exercise", "relu-init", "--check", "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 1 and "目标尚未达成" in out and "需要 ≤ 10" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[exercise]", "[exercize]"), "unknown table 'exercize'"),
        (('id = "mine"', 'id = "../x"'), "line 3: id '../x' must be letters"),
        (
            ('may_change = ["network.depth"]', 'may_change = ["network.dept"]'),
            "line 7: may_change names 'network.dept', which is not a config field",
        ),
        (
            ('solution = ["network.depth=2"]', 'solution = ["network.width=2"]'),
            "line 10: the solution changes network.width, which may_change does not list",
        ),
        (
            ('solution = ["network.depth=2"]', 'solution = ["network.depth=zero"]'),
            "line 10: solution: network.depth",
        ),
        (("depth = 12", "depth = -1"), "line 14: network.depth"),
        (
            ('measure = "backward.running_product[1]"', 'measure = "backward.nope[1]"'),
            "line 20: [[goal]] #1: measure 'backward.nope[1]': backward has no 'nope'",
        ),
        (
            ('field = "network.activation"', 'field = "network.colour"'),
            "line 26: [[goal]] #2: field 'network.colour' is not a config field",
        ),
        (('value = "sigmoid"', "value = 3"), "network.activation is a text in quotes"),
        (
            ('op = "=="\nvalue = "sigmoid"', 'op = "<"\nvalue = "sigmoid"'),
            "op '<' for network.activation must be one of == !=",
        ),
        (('goal = "Keep layer 1\'s gradient."\n', ""), "[exercise] needs a text 'goal'"),
        (("[teacher]", "[teacher]\nnote = 1"), "[teacher] has an unknown key 'note'"),
        (("summary = ", "colour = 1\nsummary = "), "[exercise] has an unknown key 'colour'"),
    ],
)
def test_a_broken_exercise_names_the_file_the_line_and_the_problem(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(ExerciseError) as raised:
        parse_exercise(GOOD.replace(old, new), "mine.toml")
    assert str(raised.value).startswith("mine.toml")
    assert message in str(raised.value)


def test_a_bad_exercise_or_config_exits_2(tmp_path, capsys):
    assert main(["run", "--exercise", "no-such-exercise", "--check"]) == 2
    assert "no exercise named 'no-such-exercise'" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("[exercise\n")
    assert main(["run", "--exercise", str(broken), "--check"]) == 2
    assert "broken.toml" in capsys.readouterr().err
    config = tmp_path / "learner.toml"
    config.write_text("[network]\ndepth = 'deep'\n")
    assert main(["run", "--exercise", "relu-init", str(config), "--check"]) == 2
    assert "network.depth" in capsys.readouterr().err


def test_gradtui_exercises_lists_them(capsys):
    assert main(["exercises"]) == 0
    out = capsys.readouterr().out
    for exercise_id in exercise_ids():
        assert exercise_id in out
    assert "gradtui --exercise ID" in out
    assert main(["exercises", "--lang", "zh"]) == 0
    assert "二十层 sigmoid" in capsys.readouterr().out


def test_the_app_refuses_a_locked_field_on_the_command_line(capsys):
    code = main(["--exercise", "relu-init", "--set", "network.depth=3"])
    assert code == 2
    assert "locked in exercise relu-init" in capsys.readouterr().err


def test_the_goal_text_says_met_with_the_numbers():
    exercise = load_exercise("relu-init")
    marking = exercise.mark(exercise.solution_config())
    text = goal_text(exercise, marking, "en").plain
    assert "✓ met" in text and "backward.running_product[1] = 0.937, needs ≤ 10" in text
    assert "You may change: init.name" in text
    assert "Measuring the applied network" in goal_text(exercise, None, "en").plain
    short = goal_text(exercise, marking, "zh", short=True).plain
    assert "✓ 已达成" in short and "目标：" in short


async def settle(app, pilot):
    """Wait for the goal's marking (measured in a thread) and its repaint."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def make_app(exercise_id="relu-init", **kwargs):
    exercise = load_exercise(exercise_id)
    return GradtuiApp(exercise.config, title=exercise.title, exercise=exercise, **kwargs)


async def test_the_app_shows_the_goal_locks_fields_and_marks_each_applied_network():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        goal = app.query_one(ExerciseGoal)
        assert goal.display and "✗ not met: 1 of 2" in goal.plain
        log = app.query_one(ExplanationLog)
        assert "goal not met yet" in log.entries[-1] and "Try:" in log.entries[-1]
        assert not any("is closed" in entry for entry in log.entries)
        pane = app.query_one(ConfigPane)
        assert pane.control("network.depth").disabled
        assert not pane.control("init.name").disabled
        # The solution, through the form.
        pane.control("init.name").value = "kaiming_normal"
        await pilot.pause()
        await pilot.press("a")
        await settle(app, pilot)
        assert app.config.init.name == "kaiming_normal"
        assert "✓ met" in goal.plain
        assert "goal met, all 2 conditions hold" in log.entries[-1]
        assert "backward.running_product[1] = 0.937" in log.entries[-1]
        assert log.entries[-1].endswith("X opens another exercise, L a lesson.")  # what next
        # A finished pass says it again, with the same numbers as the chart's.
        await pilot.press("e")
        await settle(app, pilot)
        assert "goal met" in log.entries[-1]
        product = app.stepper.snapshot.backward[0].running_product
        assert f"{product:.3f}" in log.entries[-1]
        assert app.main.exercises_met and "relu-init" in app.main.exercises_met[0]
        assert "init.name=kaiming_normal" in app.main.exercises_met[0]


async def test_a_locked_field_changed_anyway_is_refused_at_apply():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        # The form undoes a value set on a locked field, even from code...
        pane.control("network.depth").value = "3"
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.config.network.depth == 20
        # ...and whatever reaches apply another way (a config opened with o, say) is
        # refused there, with the field named.
        candidate = apply_overrides(app.config, ["network.depth=3"])
        assert app.main.refuse_locked(candidate)
        await pilot.pause()
        assert app.config.network.depth == 20
        messages = [notification.message for notification in app._notifications]
        assert any("network.depth is locked in this exercise" in text for text in messages)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "locked by the exercise orthogonal-spectrum; you may change init.name, "),
        ("zh", "这个字段被练习 orthogonal-spectrum 锁定；你可以修改 init.name, "),
    ],
)
async def test_going_to_a_locked_field_says_which_fields_may_change(lang, words):
    # f, then a locked field's name: the note says what the learner can do instead.
    app = make_app("orthogonal-spectrum", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.query_one(ConfigPane).go_to("network.activation")
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any(words in text for text in messages), messages


async def test_x_picks_an_exercise_and_a_lesson_closes_it():
    from gradtui.tui.screens.lesson_picker import LessonPicker

    app = GradtuiApp(load_exercise("relu-init").config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.query(ExerciseGoal)  # mounted when the first exercise opens
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ExercisePicker)
        await pilot.press(*"batchnorm", "enter")
        await settle(app, pilot)
        assert app.main.exercise.id == "batchnorm-switch"
        assert app.query_one(ExerciseGoal).display
        assert "batchnorm" in app.sub_title.lower() or "Batch norm" in app.sub_title
        pane = app.query_one(ConfigPane)
        assert pane.control("init.std").disabled
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.exercise is None
        assert not app.query_one(ExerciseGoal).display
        assert not pane.control("init.std").disabled


async def test_the_transcript_records_the_exercises_met(tmp_path):
    from gradtui.explain.transcript import session_transcript

    app = make_app("batchnorm-switch", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one(ConfigPane).control("network.batch_norm").value = "true"
        await pilot.pause()
        await pilot.press("a")
        await settle(app, pilot)
        assert "✓ 已达成" in app.query_one(ExerciseGoal).plain
        met = app.main.exercises_met
        text = session_transcript("t", app.config, ["entry"], "zh", met)
        assert "## 已完成的练习" in text and "batchnorm-switch" in text
        assert "network.batch_norm=true" in text


def test_the_readme_example_misses_and_its_solution_meets(tmp_path, capsys):
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exercises", 1)[1].split("\n## ", 1)[0]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my-sigmoid.toml"
    path.write_text(example, encoding="utf-8")
    exercise = load_exercise(str(path))
    assert main(["run", "--exercise", str(path), "--check"]) == 1
    overrides = [word for item in exercise.solution for word in ("--set", item)]
    assert main(["run", "--exercise", str(path), *overrides, "--check"]) == 0
    capsys.readouterr()
    for exercise_id in exercise_ids():
        assert f"`{exercise_id}`" in section


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_goal_s_numbers_are_written_as_its_words_and_the_form_write_them(lang):
    """A goal of "at most 20% dead" is measured in percent (49%, needs ≤ 20%), not as the
    fraction 0.486 against 0.2; a yes/no field reads on/off, as the form's list shows it."""
    dead = load_exercise("dead-relu-rate")
    line = dead.mark(dead.config).lines(lang)[0]
    assert "49%" in line and "≤ 20%" in line and "0.2" not in line
    plain = load_exercise("sigmoid-depth-20")
    line = plain.mark(plain.config).lines(lang)[1]
    assert "network.batch_norm = off" in line and "false" not in line
