"""The config form through Pilot: its labels are the config's names, its keys leave the
screen's keys alone (space steps), and escape always leads out of it."""

from __future__ import annotations

import re

import pytest
from test_app import make_app, screen_lines
from textual.widgets import Footer, Input

from gradtui.config import config_fields, field_help
from gradtui.lessons import load_lesson_file
from gradtui.sim import Phase
from gradtui.tui.widgets.choice import Choice, ChoiceMenu
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.field_finder import FieldFinder, matches
from gradtui.tui.widgets.form_lines import FormLines


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
    """Whether ``text`` comes on screen in the form within five seconds (a loaded CI
    machine repaints slowly; found sooner, it returns at once)."""
    for _ in range(100):
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


@pytest.mark.parametrize(("size", "bound"), [((120, 40), 37), ((80, 24), 27)])
async def test_the_main_screen_starts_with_few_widgets(size, bound):
    """Start-up memory and time grow with the widgets mounted (about 40 KB each here): the
    form is 6 widgets (its fields drawn as lines, one control moving between them), built
    with the pane where it shows, in the first frame (hidden below 118 columns, so at
    80×24 none until c); the footer is built once, with only the keys that fit; the
    exercise's goal panel is mounted when an exercise first opens. 120×40 has 35 widgets
    in English, 37 in Chinese (38 before the last two changes, 69 before the form was
    drawn as lines, 88 before that), 80×24 has 26 or 27 (as many keys as fit the
    footer)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        widgets = list(app.screen.walk_children())
        assert len(widgets) <= bound
        names = {type(widget).__name__ for widget in widgets}
        assert "ExerciseGoal" not in names
        if size[0] < 118:
            assert "FormLines" not in names
            await pilot.press("c")
            await pilot.pause()
        else:
            assert "FormLines" in names  # in the first frame, not built after it
        assert "network.depth" in app.query_one(ConfigPane).field_names()


async def test_the_form_is_a_few_widgets_with_every_field_editable():
    """The fields not being edited are lines of two widgets; one control moves between
    them. Every field, behind "More settings" too, still edits through control()."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.show_more()
        await pilot.pause()
        assert len(list(pane.walk_children())) <= 6
        pane.control("network.activation").value = "relu"
        pane.control("init.name").value = "kaiming_normal"
        pane.control("optimizer.momentum").value = "0.5"
        pane.control("network.depth").value = "4"
        assert sorted(pane.overrides()) == [
            "init.name=kaiming_normal",
            "network.activation=relu",
            "network.depth=4",
            "optimizer.momentum=0.5",
        ]
        await pilot.pause()
        lines = pane.form_lines()
        assert "  0.5" in lines and lines[lines.index("init.name") + 1].startswith(
            "  kaiming_normal"
        )
        assert re.fullmatch(r"  relu +▼", lines[lines.index("network.activation") + 1])


async def test_tab_and_shift_tab_walk_the_fields_in_order():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.go_to("network.depth")
        await pilot.pause()
        seen = []
        for _ in range(4):
            seen.append(app.focused.field)
            await pilot.press("tab")
        assert seen == ["network.depth", "network.width", "network.widths", "network.activation"]
        await pilot.press("shift+tab")
        assert app.focused.field == "network.activation"


async def test_a_bad_value_message_wraps_under_its_field_at_80_columns():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("network.width").value = "0"
        await pilot.pause()
        message = pane.problem_text("network.width")
        assert message
        lines = pane.form_lines()
        at = lines.index("network.width")
        under = " ".join(line.strip() for line in lines[at + 2 : at + 12])
        assert message in under  # after the field's help line, wrapped whole
        assert all(len(line) <= pane.content_region.width for line in lines)


async def test_locked_fields_are_marked_skipped_and_say_why():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("network.depth").focus()
        await pilot.pause()
        reason = "This exercise keeps the depth and batch norm as they are."
        pane.set_locked(["network.depth", "network.batch_norm"], reason)
        await pilot.pause()
        assert pane.locked == {"network.depth", "network.batch_norm"}
        # The control left the locked field for the first open one, focus kept.
        assert app.focused.field == "network.width"
        lines = pane.form_lines()
        assert lines[lines.index("network.depth") + 1] == "  10  (locked)"
        assert lines[lines.index("network.batch_norm") + 1] == "  off  (locked)"
        # Tab and shift+tab pass over them.
        await pilot.press("shift+tab")
        assert pane not in app.focused.ancestors_with_self
        pane.go_to("init.scale")
        await pilot.press("tab")
        assert app.focused.field == "network.residual"
        # Going to one (a click, f) says why, and nothing changes.
        app.clear_notifications()
        assert pane.go_to("network.depth") is False
        await pilot.pause()
        assert [n.message for n in app._notifications] == [reason]
        assert app.focused.field == "network.residual"
        pane.control("network.depth").value = "3"
        await pilot.pause()
        assert pane.overrides() == [] and pane.control("network.depth").value == "10"
        pane.set_locked((), "")
        await pilot.pause()
        assert pane.locked == set() and "  10" in pane.form_lines()
        assert pane.go_to("network.depth")
        await pilot.pause()
        assert app.focused.field == "network.depth"
        with pytest.raises(KeyError):
            pane.set_locked(["network.nope"], reason)


async def test_f_goes_to_a_field_by_part_of_its_name_and_escape_cancels():
    app = make_app("clipping")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        assert not pane.display
        await pilot.press("f", "g", "r", "a", "d")
        await pilot.pause()
        assert isinstance(app.screen, FieldFinder)
        await pilot.press("escape")
        assert app.screen is app.main and not pane.display
        await pilot.press("f", *"grad", "enter")
        await pilot.pause(0.2)
        assert pane.display and app.focused.field == "clip.grad_norm"
        # The form took the chart's place: the lesson's step stays readable beside it.
        step = app.lesson.text("steps")[app.main.progress.current]
        assert step.split()[0] in " ".join(screen_lines(app))
        assert not app.query_one("#centre").display
        # Typing goes to the field; enter applies it.
        await pilot.press("home", "ctrl+k", "1", "enter")
        await pilot.pause()
        assert app.config.clip.grad_norm == 1.0


async def test_f_finds_a_field_by_its_chinese_help_and_tab_completes():
    app = make_app(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f", *"学习率")
        await pilot.pause()
        finder = app.screen
        assert isinstance(finder, FieldFinder)
        assert "跳到字段" in " ".join(screen_lines(app))
        await pilot.press("tab")
        assert finder.query_one(Input).value == "optimizer.lr"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.focused.field == "optimizer.lr"


def test_the_finder_ranks_names_that_start_with_the_text_first():
    entries = ConfigPane(load_lesson_file("clipping").config).finder_entries()
    names = [entry.name for entry in matches(entries, "grad")]
    assert names[:2] == ["clip.grad_norm", "clip.grad_value"]
    assert next(entry.name for entry in matches(entries, "lr")) == "optimizer.lr"
    assert matches(entries, "no such field") == []


async def test_a_click_on_a_drawn_field_edits_it_and_hovering_shows_its_help():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(0.3)
        below = app.query_one("#below", FormLines)
        row = below.first_row_of("optimizer.lr")
        assert row is not None
        await pilot.hover(below, offset=(3, row))
        await pilot.pause()
        assert below.tooltip == field_help("optimizer.lr")
        await pilot.click(below, offset=(3, row + 1))  # its value line
        await pilot.pause(0.2)
        assert app.focused.field == "optimizer.lr" and app.focused.value == "0.1"


@pytest.mark.parametrize("line", [0, 1])  # its name line, its value line
async def test_a_click_on_a_drawn_choice_opens_its_list_as_enter_does(line):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause(0.3)
        below = app.query_one("#below", FormLines)
        row = below.first_row_of("network.activation")
        assert row is not None
        await pilot.click(below, offset=(3, row + line))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ChoiceMenu)
        choice = app.query_one(ConfigPane).control("network.activation")
        menu = app.screen.query_one("OptionList")
        assert menu.region.y == choice.region.bottom  # drawn under the choice, where it moved
        await pilot.press("escape")
        assert not isinstance(app.screen, ChoiceMenu) and app.focused is choice
        # A text field's line still only moves the control there.
        above = app.query_one("#above", FormLines)
        row = above.first_row_of("network.depth")
        assert row is not None
        await pilot.click(above, offset=(3, row + 1))
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ChoiceMenu) and app.focused.field == "network.depth"


def form_words(app) -> str:
    """The form's lines (the fields, the control's value in its place) as one line."""
    return " ".join(line.strip() for line in app.query_one(ConfigPane).form_lines())


async def form_says(pilot, text: str) -> bool:
    for _ in range(100):
        await pilot.pause(0.05)
        if text in form_words(pilot.app):
            return True
    return False


async def test_a_picked_choice_shows_unapplied_and_stepping_says_what_applies_it():
    """80×24: c, the activation, enter, relu picked: the form says it is not applied; c
    closes the form and e runs the applied (sigmoid) network, and the log says so and
    names a; a applies it and the mark goes. A typed text says enter while typed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        assert "not applied" not in form_words(app)
        pane.go_to("network.activation")
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.press("down", "down", "enter")  # sigmoid → tanh → relu
        assert await form_says(pilot, "↳ not applied: a applies")
        await pilot.press("c", "e")
        await pilot.pause()
        assert app.config.network.activation == "sigmoid"
        log = app.query_one("#log").entries
        assert log[-1].startswith("The form has an edit not applied yet (network.activation=relu)")
        assert "Press a to apply the edit" in log[-1]
        await pilot.press("R", "e")  # said once per edit, not at every step
        await pilot.pause()
        assert not app.query_one("#log").entries[-1].startswith("The form has an edit")
        await pilot.press("c")
        await pilot.pause()
        assert "↳ not applied: a applies" in form_words(app)  # closed and opened, still marked
        pane.go_to("network.depth")
        await pilot.pause()
        await pilot.press("backspace", "5")
        assert await form_says(pilot, "↳ not applied: ⏎ applies")
        assert "a applies" not in form_words(app)  # relu's mark too: a would be typed here
        await pilot.press("escape")
        assert await form_says(pilot, "network.depth 5 ↳ not applied: a applies")
        await pilot.press("a")
        await pilot.pause()
        assert app.config.network.activation == "relu" and app.config.network.depth == 5
        assert "not applied" not in form_words(app)


async def test_the_unapplied_mark_speaks_chinese():
    app = make_app(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.go_to("network.batch_norm")
        await pilot.pause()
        await pilot.press("enter", "up", "enter")  # off → on
        assert await form_says(pilot, "↳ 未应用：按 a 应用")
        await pilot.press("space")
        await pilot.pause()
        assert app.query_one("#log").entries[-1].startswith("表单里有尚未应用的修改")


async def test_c_opens_the_form_on_the_field_the_lessons_step_sets():
    # rrelu-train-vs-eval's step 2 sets mode: c goes there, not to the field focused last
    # (another lesson's optimizer.lr took the letters typed next).
    app = make_app("rrelu-train-vs-eval")
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one(ConfigPane)
        await pilot.press("c")
        await pilot.pause()
        pane.go_to("optimizer.lr")
        await pilot.press("escape", "c", "0", "e", "d")  # 0 skips the question; e d: step 1
        await pilot.pause()
        assert app.main.progress.current == 1
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is pane.control("mode")


async def _choose(pilot, app, value: str) -> None:
    """In an open choice list, ↓ until ``value`` is highlighted, then enter."""
    menu = app.screen
    assert isinstance(menu, ChoiceMenu)
    options = menu.query_one("OptionList")
    for _ in range(options.option_count):
        if str(options.get_option_at_index(options.highlighted).prompt) == value:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_logs_way_to_try_relu_is_the_keys_that_do_it_at_80x24(lang):
    """The try_relu message's keys, pressed as written: f activation enter, enter, choose
    relu; the same for init.name; a applies (a typed into a text field would not)."""
    from gradtui.explain import say

    words = say("try_relu", lang)
    assert "f" in words and "activation" in words and "a" in words
    assert "press c" not in words and "按 c" not in words
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for field, value in (("activation", "relu"), ("init.name", "kaiming_normal")):
            await pilot.press("f", *field, "enter")
            await pilot.pause(0.2)
            await pilot.press("enter")
            await pilot.pause()
            await _choose(pilot, app, value)
        await pilot.press("a")
        await pilot.pause()
        assert app.config.network.activation == "relu"
        assert app.config.init.name == "kaiming_normal"
