"""A lesson's progress (gradtui.lessons.progress): a step waits for its keys in order and
for its milestone, whichever comes last; a step that sets fields waits for their apply."""

from __future__ import annotations

import pytest

from gradtui.lessons import load_lesson_file
from gradtui.lessons.progress import LessonProgress
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog


def test_a_step_waits_for_its_second_key_after_its_milestone():
    progress = LessonProgress(("pass", "apply"), (("e", "d"), ()))
    assert progress.next_key == "e"
    assert not progress.pressed("e")
    progress.event("pass")
    assert progress.current == 0  # "press e, then d": the d is still to do
    assert progress.next_key == "d"
    assert not progress.pressed("j")  # another key between them does not count
    assert progress.pressed("d") and progress.current == 1


def test_a_step_waits_for_its_milestone_after_its_keys():
    progress = LessonProgress(("train", "read"), (("2", "0", "t", "d"), ("j",)))
    for key in ("2", "0", "t", "d"):
        assert not progress.pressed(key)  # d while it trains: the run is not done
    assert progress.current == 0 and progress.next_key == ""
    progress.event("train")
    assert progress.current == 1


def test_a_milestone_before_the_keys_that_come_before_its_key_is_not_the_steps():
    progress = LessonProgress(("pass", "forward"), (("2", "0", "t", "e"), ("space",) * 10))
    progress.event("pass")  # a pass by space before the training: not this step's
    for key in ("2", "0"):
        progress.pressed(key)
    progress.event("pass")
    for key in ("t", "e"):
        progress.pressed(key)
    assert progress.current == 0
    progress.event("pass")
    assert progress.current == 1
    for _ in range(3):  # a network of 3 layers: its forward pass at the third space
        progress.pressed("space")
    progress.event("forward")
    assert progress.current == 1  # seven more spaces to press
    for _ in range(7):
        progress.pressed("space")
    assert progress.finished


def test_a_step_that_sets_a_field_waits_for_the_apply_before_its_keys():
    progress = LessonProgress(("pass", "pass"), (("e",), ("e",)), (False, True))
    progress.pressed("e")
    progress.event("pass")
    assert progress.current == 1 and progress.next_key == ""  # the form first
    progress.pressed("e")  # e without applying the field
    progress.event("pass")
    assert progress.current == 1
    progress.event("apply")
    assert progress.current == 1 and progress.next_key == "e"
    progress.pressed("e")
    progress.event("pass")
    assert progress.finished


def test_a_step_that_sets_and_ends_at_the_apply_takes_its_keys_after_it():
    assert LessonProgress(("apply",), ((),), (True,)).next_key == ""  # the form, no key
    progress = LessonProgress(("apply",), (("d",),), (True,))
    assert not progress.pressed("d")  # before the apply: not yet
    progress.event("apply")
    assert progress.current == 0 and progress.next_key == "d"
    assert progress.pressed("d") and progress.finished


def test_keys_pressed_in_a_view_the_step_opened_count():
    progress = LessonProgress(("pass", "pass"), (("e", "T", "end"), ("escape", "e", "T")))
    progress.pressed("e")
    progress.event("pass")
    progress.pressed("question_mark")
    assert not progress.left()  # a view opened by a key that is not the step's (help)
    progress.pressed("T")
    assert progress.left() and progress.current == 1  # end is pressed in the theory view
    assert progress.next_key == "escape"
    assert not progress.came_back()  # escape closed the view: step 2's first key ...
    assert progress.next_key == "e"  # ... counted
    progress.pressed("e")
    progress.event("pass")
    assert progress.current == 1
    assert progress.pressed("T") and progress.finished  # its last key


def test_an_escape_that_leads_a_set_step_counts_before_its_apply():
    progress = LessonProgress(("pass",), (("escape", "e"),), (True,))
    progress.came_back()
    assert progress.next_key == ""  # now the form
    progress.pressed("e")
    assert progress.next_key == ""
    progress.event("apply")
    progress.pressed("e")
    progress.event("pass")
    assert progress.finished


def test_a_step_left_only_to_look_is_passed_over_by_the_next_steps_apply():
    progress = LessonProgress(("pass", "apply", "read"), (("e", "d"), (), ("j",)), (False, True))
    progress.pressed("e")
    progress.event("pass")  # d not pressed, but the learner goes on to set the field
    progress.event("apply")
    assert progress.current == 2


def test_a_step_still_waiting_for_its_milestone_is_not_passed_over():
    progress = LessonProgress(("train", "apply"), (("t",), ()), (False, True))
    progress.event("apply")
    assert progress.current == 0


def test_older_lessons_without_keys_move_on_at_their_milestones():
    progress = LessonProgress(("read", "pass", "read", "train"))
    assert progress.next_key is None  # nothing known: the log keeps its hints
    progress.event("pass")  # looking is not waited for when something comes after it
    assert progress.current == 2
    progress.pressed("d")
    assert progress.current == 2  # a read step without keys: only passed over
    progress.event("train")
    assert progress.finished


def test_a_shipped_lessons_steps_wait_for_their_keys_and_fields():
    lesson = load_lesson_file("batchnorm-rescue")
    progress = LessonProgress.of(lesson)
    assert tuple(bool(fields) for fields in progress.sets) == (False, True)
    progress.pressed("e")
    progress.event("pass")
    assert progress.current == 1
    progress.pressed("e")
    progress.event("pass")  # e before the form's batch_norm = off is applied
    assert progress.current == 1


# --------------------------------------------------------------------------------------
# In the app, at 80×24: the lesson panel waits for a step's second key


@pytest.fixture
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(lesson_id: str, **kwargs) -> GradtuiApp:
    lesson = load_lesson_file(lesson_id)
    return GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, **kwargs)


@pytest.mark.usefixtures("_own_config_home")
async def test_press_e_then_d_keeps_the_step_until_its_d():
    app = make_app("mnist-mlp")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one("#lesson")
        assert "▸ 1/2 Press e for a whole pass, then d" in " ".join(panel.plain.split())
        await pilot.press("e")
        await pilot.pause()
        assert app.main.progress.current == 0  # the pass came; the d is still to do
        assert "▸ 1/2 Press e for a whole pass, then d" in " ".join(panel.plain.split())
        log = app.query_one(ExplanationLog)
        assert "press space" not in log.entries[-1].lower()  # not what the step asks
        await pilot.press("d")
        await pilot.pause()
        assert app.main.progress.current == 1
        assert "▸ 2/2 Answer the question first" in " ".join(panel.plain.split())


@pytest.mark.usefixtures("_own_config_home")
async def test_e_before_the_steps_field_is_applied_does_not_tick_it():
    app = make_app("batchnorm-rescue")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert app.main.progress.current == 1
        await pilot.press("0", "e")  # skip the question; a pass with batch norm still on
        await pilot.pause()
        assert app.main.progress.current == 1
        assert app.main.progress.next_key == ""  # the form first: no "press space" hint
        pane = app.query_one(ConfigPane)
        app.main.action_toggle_config()
        await pilot.pause()
        pane.control("network.batch_norm").focus()
        await pilot.press("enter", "home", "down", "enter", "a")  # off, then apply
        await pilot.pause()
        assert not app.main.config.network.batch_norm
        assert app.main.progress.current == 1 and app.main.progress.next_key == "e"
        await pilot.press("e")
        await pilot.pause()
        assert app.main.progress.finished


@pytest.mark.usefixtures("_own_config_home")
async def test_the_log_names_the_keys_of_its_hints_and_keeps_the_verdict_with_its_entry():
    app = make_app("relu-he")
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.query_one(ExplanationLog)
        assert "Press space" not in log.entries[0]  # step 1 says e
        await pilot.press("2", "e")  # predict "about 1", then the pass
        await pilot.pause()
        shown = log.visible_text.splitlines()
        # The verdict first, whole; the pass's last entry below it, and how to read on.
        assert shown[0].startswith("• Measured how much of the")
        assert "• Layer 1 back" in log.visible_text
        last = log.render_line(log.size.height - 1).text.strip()
        assert last.startswith("↓ ") and last.endswith("more lines: shift+↓")
        await pilot.press("shift+down")
        await pilot.pause()
        assert log.visible_text.splitlines()[0] != shown[0]
        # Paged back from the chart, the way to the newest is the key that works there:
        # End would go to the chart's last row.
        await pilot.press("shift+up", "shift+up")
        await pilot.pause()
        assert not log.has_focus
        top = log.render_line(0).text.strip()
        assert top.startswith("↑ ") and top.endswith("shift+↓: later"), top
        assert "End" not in top
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)):
        # Its step 1 is "press space 10 times": the log's hint agrees with it.
        assert "Press space to step" in app.query_one(ExplanationLog).entries[0]


def test_the_key_that_passes_over_a_step_counts_for_the_next():
    progress = LessonProgress(("forward", "pass", "read"), (("space",) * 10, ("e",), ("j",)))
    progress.pressed("e")  # e at once: its forward reaches step 1's milestone ...
    progress.event("forward")
    assert progress.current == 0
    progress.event("pass")  # ... and its pass ends step 2, whose key it is
    assert progress.current == 2


@pytest.mark.parametrize(("lang", "space"), [("en", "press space"), ("zh", "按空格键")])
def test_without_hints_no_stage_of_a_step_says_to_press_space(lang, space):
    """What the log leaves out where a lesson's step asks for another key."""
    from gradtui.explain import explain_step
    from gradtui.sim import Stepper

    config = load_lesson_file("vanishing-sigmoid").config
    stepper = Stepper(config)
    previous, hinted = None, 0
    for _ in range(2 * stepper.depth + 5):  # a whole step: forward, loss, back, clip, update
        snapshot = stepper.step()
        for hints in (True, False):
            said = " ".join(explain_step(previous, snapshot, config, stepper.layers, lang, hints))
            if hints:
                hinted += space in said.lower()
            else:
                assert space not in said.lower(), said
        previous = snapshot
    # With hints: the forward's end, the loss, layer 1 back, clip, update, the next batch.
    assert hinted == 6
