"""A lesson says what any learner's machine will show. A network trained at a high learning
rate ends where the last bits of the arithmetic send it: two machines (another CPU's SIMD
exp, another BLAS kernel) differ there by about 10⁻¹⁶ a step, and after a few hundred steps
a dead share or a loss can differ in its first digit. So every shipped lesson that trains
is walked again, and its expectations checked again, with initial weights changed by
±10⁻⁹ of themselves: a figure that moves with them is not promised by the lesson's words
(its ``shows`` names each figure it can show, "dead 38% | dead 50%")."""

from __future__ import annotations

import numpy as np
import pytest

from gradtui.lessons import lesson_ids, load_lesson_file
from gradtui.lessons.expect import check_lesson
from gradtui.sim import stepper
from gradtui.tui.walk import walk_lesson

TRAINING = [
    lesson_id
    for lesson_id in lesson_ids()
    if any(step.until == "train" for step in load_lesson_file(lesson_id).step_tables)
]


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def nudge(monkeypatch, by: float) -> None:
    """Every network the app or a check builds starts from weights × (1 + by)."""
    built = stepper.Stepper.__init__

    def init(self, *args, **kwargs):
        built(self, *args, **kwargs)
        for layer in self.network.layers:
            weights = getattr(layer, "weights", None)
            if isinstance(weights, np.ndarray):
                weights *= 1 + by

    monkeypatch.setattr(stepper.Stepper, "__init__", init)


def test_the_lessons_that_train_are_found():
    assert {"learning-rate", "leaky-relu-rescue", "dead-relu"} <= set(TRAINING)


@pytest.mark.parametrize("by", [1e-9, -1e-9], ids=["up", "down"])
@pytest.mark.parametrize("lesson_id", TRAINING)
async def test_a_lesson_that_trains_can_be_followed_on_another_machine(lesson_id, by, monkeypatch):
    nudge(monkeypatch, by)
    problems = await walk_lesson(load_lesson_file(lesson_id), (80, 24), "en")
    failures = [problem for problem in problems if not problem.warning]
    assert not failures, "\n".join(problem.line() for problem in failures)


@pytest.mark.parametrize("by", [1e-9, -1e-9], ids=["up", "down"])
@pytest.mark.parametrize("lesson_id", TRAINING)
def test_its_expectations_hold_on_another_machine(lesson_id, by, monkeypatch):
    nudge(monkeypatch, by)
    failed = [result for result in check_lesson(load_lesson_file(lesson_id)) if not result.passed]
    assert not failed, [result.line() for result in failed]


def test_a_shows_item_names_figures_of_which_any_one_will_do():
    from gradtui.tui.walk.reading import on_screen

    # Blocks are read without white space, as the walker reads the screen.
    assert on_screen("dead 38% | dead 50%", ["relu'(z)mean0.3;dead50%"])
    assert on_screen("dead 38% | dead 50%", ["dead38%"])
    assert not on_screen("dead 38% | dead 50%", ["dead0%"])
