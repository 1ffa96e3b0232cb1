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


async def footer_keys(pilot) -> list[str]:
    """The footer's keys once it has rebuilt itself for the focus (it recomposes later)."""
    footer = pilot.app.screen.query(Footer).first()
    await pilot.pause(0.1)  # the focus's change reaches the footer
    for _ in range(20):
        if footer.children:
            break
        await pilot.pause(0.05)  # emptied, and not yet filled again
    return [str(key.render()) for key in footer.children]


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
                pane.scroll_to_field(name)
                await pilot.pause()
                # The name, then the pane's edge or its scroll bar: not a longer name.
                whole = re.compile(re.escape(name) + r"[^\w.]")
                assert any(whole.match(line) for line in screen_lines(app)), (name, size)


def form_text(app) -> str:
    """The form's column of the screen, as one line."""
    return " ".join(line.split("▕")[0].strip() for line in screen_lines(app))


async def shows(pilot, text: str) -> bool:
    """Whether ``text`` comes on screen in the form within a second."""
    for _ in range(20):
        await pilot.pause(0.05)
        if text in form_text(pilot.app):
            return True
    return False


async def test_a_focused_field_shows_its_help_in_plain_words():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("optimizer.lr").focus()
        assert await shows(pilot, "Learning rate.")
        assert pane.control("optimizer.lr").tooltip == field_help("optimizer.lr")
        pane.control("network.depth").focus()
        assert await shows(pilot, "Number of Linear layers")
        assert "Learning rate." not in form_text(app)  # only the focused field's help
        app.screen.action_toggle_language()  # z would be typed into the field
        assert await shows(pilot, "线性层的层数")
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
        keys = await footer_keys(pilot)
        assert keys[0] == "⏎ Choose" and "space Step" in keys
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)


async def test_the_issue_sequence_pick_relu_apply_then_space_steps():
    """Tab to activation, open it, pick relu, press a: space steps again."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        choice = pane.control("network.activation")
        for _ in range(20):
            if app.focused is choice:
                break
            await pilot.press("tab")
        assert app.focused is choice
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.press("down", "down", "enter")  # sigmoid → tanh → relu
        assert choice.value == "relu" and app.focused is choice
        await pilot.press("a")
        assert app.config.network.activation == "relu"
        before = app.stepper.snapshot
        await pilot.press("space")
        assert not isinstance(app.screen, ChoiceMenu)
        assert app.stepper.snapshot != before and app.stepper.snapshot.phase == Phase.FORWARD
        assert "space Step" in await footer_keys(pilot)


async def test_enter_applies_a_text_field_then_space_steps_a_bad_value_keeps_focus():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.query_one(ConfigPane).control("network.depth")
        field.focus()
        field.value = "0"
        await pilot.press("enter")
        assert app.focused is field and app.stepper.depth == 10  # refused: fix it here
        field.value = "4"
        await pilot.press("enter")
        assert app.stepper.depth == 4 and app.focused is not field
        await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.FORWARD and field.value == "4"


@pytest.mark.parametrize("name", ["network.depth", "network.activation", "more"])
async def test_escape_leaves_the_form_from_every_kind_of_field(name):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        widget = pane.query_one("#more") if name == "more" else pane.control(name)
        widget.focus()
        keys = await footer_keys(pilot)
        assert "esc Leave form" in keys[:2], keys  # first after the field's own key
        await pilot.press("escape")
        assert app.focused is not None and pane not in app.focused.ancestors_with_self
        assert "esc Leave form" not in await footer_keys(pilot)
        await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.FORWARD


async def test_escape_in_an_open_list_closes_it_then_leaves_the_form():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        choice = pane.control("init.name")
        choice.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.press("escape")
        assert not isinstance(app.screen, ChoiceMenu) and app.focused is choice
        await pilot.press("escape")
        assert pane not in app.focused.ancestors_with_self


async def test_escape_leaves_the_form_shown_with_c_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        assert pane in app.focused.ancestors_with_self
        await pilot.press("escape")
        assert pane not in app.focused.ancestors_with_self
        await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.FORWARD


@pytest.mark.parametrize(("size", "bound"), [((120, 40), 72), ((80, 24), 32)])
async def test_the_main_screen_starts_with_few_widgets(size, bound):
    """Start-up memory and time grow with the widgets mounted (about 80 KB each here): the
    form's fields are built only where the pane shows (hidden below 118 columns, so at
    80×24 none until c), with no container per field, and the footer is built once for
    one set of keys. 120×40 has 69 widgets (88 before), 80×24 has 30."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause(0.3)  # the form's fields are built after the first frame
        assert len(list(app.screen.walk_children())) <= bound
        if size[0] < 118:
            await pilot.press("c")
            await pilot.pause()
            assert "network.depth" in app.query_one(ConfigPane).field_names()
