"""What the settings remember is only what has run, and a launch from a network that
cannot start opens the default lesson with a notice instead of ending."""

from __future__ import annotations

import pytest
from test_markup import Notices
from textual.widgets import Input

from gradtui.config import apply_overrides
from gradtui.lessons import DEFAULT_LESSON, load_lesson_file
from gradtui.sim import Stepper
from gradtui.tui.app import GradtuiApp
from gradtui.tui.settings import load_settings, save_settings
from gradtui.tui.widgets.config_pane import ConfigPane


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(config=None):
    lesson = load_lesson_file("vanishing-sigmoid")
    if config is not None:
        return GradtuiApp(config, title="your last applied network")
    return GradtuiApp(lesson.config, title=lesson.title, lesson=lesson)


async def apply_depth(pilot, app, depth: str) -> None:
    field = app.query_one(ConfigPane).control("network.depth")
    assert isinstance(field, Input)
    field.focus()
    field.value = depth
    await pilot.press("enter")
    await pilot.pause()


async def test_an_applied_config_is_remembered_only_once_it_has_run():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await apply_depth(pilot, app, "4")
        assert app.config.network.depth == 4
        remembered = load_settings().last_config
        assert remembered is None or remembered.network.depth != 4
        await pilot.press("e")  # a whole pass, forward and back
        await pilot.pause()
        assert load_settings().last_config == app.config


async def test_a_theme_change_keeps_the_config_that_ran_not_the_one_only_applied():
    ran = apply_overrides(load_lesson_file("vanishing-sigmoid").config, ["network.depth=3"])
    assert save_settings(None, ran) is None
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await apply_depth(pilot, app, "5")
        app.action_cycle_theme()
        await pilot.pause()
    assert load_settings().last_config == ran


async def test_a_config_whose_pass_raises_is_never_remembered(monkeypatch):
    app = make_app()
    with pytest.raises(RuntimeError, match="broken backward"):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await apply_depth(pilot, app, "6")

            def broken(self):
                raise RuntimeError("broken backward")

            monkeypatch.setattr(Stepper, "step", broken)
            app.main.focus()
            await pilot.press("e")
            await pilot.pause()
    remembered = load_settings().last_config
    assert remembered is None or remembered.network.depth != 6


async def test_a_network_that_cannot_start_opens_the_default_lesson_and_says_why(tmp_path):
    missing = tmp_path / "gone.npz"
    config = apply_overrides(
        load_lesson_file("vanishing-sigmoid").config,
        ["data.name=file", f"data.path={missing}"],
    )
    app, notices = make_app(config), Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await pilot.pause()
        assert app.lesson is not None and app.lesson.id == DEFAULT_LESSON
        assert app.config == app.lesson.config
        said = " ".join(notices.messages())
        assert str(missing) in said and "default lesson" in said
        notices.check_plain()
        before = app.stepper.snapshot
        await pilot.press("space")
        assert app.stepper.snapshot != before
