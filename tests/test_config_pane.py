"""The config form through Pilot: its labels are the config's names, its keys leave the
screen's keys alone (space steps), and escape always leads out of it."""

from __future__ import annotations

import re

import pytest
from test_app import make_app, screen_lines
from textual.widgets import Footer

from gradtui.config import config_fields, field_help
from gradtui.sim import Phase
from gradtui.tui.widgets.choice import Choice, ChoiceMenu
from gradtui.tui.widgets.config_pane import ConfigPane


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def footer_keys(app) -> list[str]:
    return [str(key.render()) for key in app.screen.query(Footer).first().children]


async def test_every_label_is_a_config_name_shown_whole():
    """The form names a field as the lessons, the log, --set and TOML files do."""
    names = [field.name for field in config_fields()]
    for size in ((120, 40), (80, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            if size[0] < 118:
                await pilot.press("c")  # hidden below 118 columns
            await pilot.pause()
            pane = app.query_one(ConfigPane)
            pane.show_more()
            await pilot.pause()
            labels = pane.field_names()
            assert sorted(labels) == sorted(names)
            assert {"optimizer.lr", "clip.grad_norm", "init.name"} <= set(labels)
            # Each name has its own line, whole: scroll every row into view and read it.
            for name in names:
                pane.scroll_to_widget(pane.control(name).parent, animate=False)
                await pilot.pause()
                # The name, then the pane's edge or its scroll bar: not a longer name.
                whole = re.compile(re.escape(name) + r"[^\w.]")
                assert any(whole.match(line) for line in screen_lines(app)), (name, size)


async def test_a_focused_field_shows_its_help_in_plain_words():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("optimizer.lr").focus()
        await pilot.pause()
        shown = " ".join(line.split("▕")[0].strip() for line in screen_lines(app))
        assert "Learning rate." in shown
        assert pane.control("optimizer.lr").tooltip == field_help("optimizer.lr")
        pane.control("network.depth").focus()
        await pilot.pause()
        shown = " ".join(line.split("▕")[0].strip() for line in screen_lines(app))
        assert "Learning rate." not in shown and "Number of Linear layers" in shown
        app.screen.action_toggle_language()  # z would be typed into the field
        await pilot.pause()
        assert "线性层的层数" in " ".join(line for line in screen_lines(app))
        assert pane.control("optimizer.lr").tooltip.startswith("学习率")


async def test_space_on_a_choice_steps_and_only_enter_opens_it():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        choice = app.query_one(ConfigPane).control("network.activation")
        assert isinstance(choice, Choice)
        choice.focus()
        await pilot.press("space")
        assert not isinstance(app.screen, ChoiceMenu)
        assert app.stepper.snapshot.phase == Phase.FORWARD
        await pilot.pause(0.1)
        keys = footer_keys(app)
        assert keys[0] == "⏎ Choose" and "space Step" in keys
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
