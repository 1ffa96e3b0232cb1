"""The app through Textual's Pilot: stepping, back, config errors, files, themes, keys."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Footer, Input, OptionList

from gradtui.config import load_config, save_config
from gradtui.lessons import load_lesson, load_lesson_file
from gradtui.sim import Phase
from gradtui.tui.app import GradtuiApp
from gradtui.tui.screens.help import HelpScreen
from gradtui.tui.screens.lesson_picker import LessonPicker
from gradtui.tui.widgets.choice import ChoiceMenu
from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.lines import LinesView


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(lesson="vanishing-sigmoid", **kwargs):
    chosen = load_lesson_file(lesson)
    return GradtuiApp(chosen.config, title=chosen.title, lesson=chosen, **kwargs)


async def test_a_whole_pass_by_space():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        depth = app.stepper.depth
        assert app.stepper.snapshot.phase == Phase.READY
        log = app.query_one(ExplanationLog)
        entries = len(log.entries)
        await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.FORWARD and app.selected_layer == 1
        for _ in range(depth):  # forward to L, then the loss
            await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.LOSS
        for _ in range(depth):
            await pilot.press("space")
        snapshot = app.stepper.snapshot
        assert snapshot.phase == Phase.BACKWARD and snapshot.layer == 1
        assert all(stats is not None for stats in snapshot.backward)
        assert app.selected_layer == 1
        # The lesson's question before its step 2 opened after the forward pass; the space
        # that went on skipped it (one entry). Step 2 ("Press e") waits for its e: the
        # pass by space does not end it, so its answer is not given yet.
        assert len(log.entries) == entries + 2 * depth + 1 + 1
        assert log.entries[entries + depth].startswith("Question skipped")
        assert "loss" in log.entries[entries + depth + 1].lower()
        assert "backward pass reached layer 1" in log.entries[-1]
        assert app.main.progress.current == 1 and app.main.progress.next_key == "e"
        before = len(log.entries)
        await pilot.press("e")  # ends step 2, answered on the pass it had; then e's pass
        await pilot.pause()
        verdict = log.entries[before]
        assert verdict.startswith("Measured how much of the output")
        assert "You did not predict" in verdict
        assert app.query_one(GradientChart).rows[0].value is not None


async def test_the_chart_has_the_keys_from_the_start():
    for size in ((120, 40), (80, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert app.focused is app.query_one(GradientChart), size


async def test_step_back_restores_the_previous_stage():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "space", "space")
        before = app.stepper.snapshot
        await pilot.press("space", "backspace")
        assert app.stepper.snapshot == before
        await pilot.press("backspace", "backspace", "backspace")
        assert app.stepper.snapshot.phase == Phase.READY


async def test_end_of_pass_reset_and_metric_keys():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert app.stepper.snapshot.phase == Phase.BACKWARD and app.stepper.snapshot.layer == 1
        assert app.metric == "both"  # the size's choice: every layer's two rows fit
        await pilot.press("g")
        assert app.metric == "grad_w"  # g shows ‖∂L/∂W‖ first, at every size
        await pilot.press("g")
        assert app.metric == "both"
        await pilot.press("g")
        assert app.metric == "grad_a"
        await pilot.press("R")
        assert app.stepper.snapshot.phase == Phase.READY and app.stepper.snapshot.step == 0
        await pilot.press("up", "up")
        assert app.selected_layer == 1
        await pilot.press("down", "j")
        assert app.selected_layer == 3
        await pilot.press("k")
        assert app.selected_layer == 2


async def test_a_bad_value_is_marked_and_the_old_network_keeps_running():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.stepper
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        depth_input = pane.control("network.depth")
        depth_input.focus()
        depth_input.value = "0"
        await pilot.pause()
        assert pane.is_invalid("network.depth")
        assert "0 is not allowed; use 1 to 1000" in pane.problem_text("network.depth")
        await pilot.press("enter")
        assert app.stepper is old
        await pilot.press("escape", "space")  # keys step again once out of the field
        assert app.stepper.snapshot.phase == Phase.FORWARD
        depth_input.value = "4"
        await pilot.pause()
        assert not pane.is_invalid("network.depth")
        await pilot.press("a")
        assert app.stepper is not old and app.stepper.depth == 4


async def test_space_in_a_field_types_a_space():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.query_one(ConfigPane).control("data.path")
        await pilot.pause()
        field.focus()
        await pilot.press("a", "space", "b")
        assert field.value == "a b"
        assert app.stepper.snapshot.phase == Phase.READY
        # The field takes the keys the footer lists; the footer says what enter does and
        # how to leave it.
        await pilot.pause(0.1)
        keys = [str(key.render()) for key in app.screen.query(Footer).first().children]
        assert keys == ["⏎ Apply", "esc Leave form"]
        await pilot.press("escape")
        await pilot.pause(0.1)
        keys = [str(key.render()) for key in app.screen.query(Footer).first().children]
        assert "Leave form" not in " ".join(keys) and any("Step" in key for key in keys)


async def test_a_choice_by_keys_and_by_mouse():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        choice = pane.control("network.activation")
        choice.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.press("escape")  # closes the list, changes nothing
        assert not isinstance(app.screen, ChoiceMenu) and choice.value == "sigmoid"
        assert app.focused is choice
        await pilot.press("enter", "down", "down", "enter")  # sigmoid → tanh → relu
        assert choice.value == "relu" and "network.activation=relu" in pane.overrides()
        assert "relu" in str(choice.render())
        await pilot.click(choice)
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.click(app.screen, offset=(119, 39))  # outside the list
        assert not isinstance(app.screen, ChoiceMenu) and choice.value == "relu"
        with pytest.raises(ValueError, match="not one of the choices"):
            choice.value = "sigmoidal"
        await pilot.press("a")
        assert app.config.network.activation == "relu"


def screen_lines(app) -> list[str]:
    """The screen's text, row by row, as the SVG screenshot draws it."""
    import html
    import re

    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>'
    for x, y, text in re.findall(pattern, app.export_screenshot()):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(row)) for _, row in sorted(rows.items())]


def value_below(lines: list[str], name: str) -> str:
    """The screen line under field ``name``'s label: the form puts its value there."""
    return lines[next(i for i, line in enumerate(lines) if line.startswith(name + "▕")) + 1]


async def test_opening_a_lesson_shows_its_values_in_the_form():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("L", *"relu-he", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.lesson.id == "relu-he"
        lines = screen_lines(app)
        row = value_below(lines, "network.activation")
        assert "relu" in row and "sigmoid" not in row, row
        row = value_below(lines, "init.name")
        assert "kaiming_normal" in row, row


async def test_a_long_problem_wraps_in_a_narrow_form():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("network.activation").focus()
        pane.control("network.depth").value = "0"
        await pilot.pause()
        pane.scroll_to_field("network.depth")  # the one control moved there, off screen
        await pilot.pause()
        rows = [line.split("▕")[0].rstrip(" ▁▂▃▄▅▆▇█").strip() for line in screen_lines(app)]
        text = " ".join(rows)  # the form's column, its scroll bar left out
        assert "0 is not allowed; use 1 to 1000" in text, text


async def test_a_choice_near_the_bottom_opens_its_list_above_it():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        choice = pane.control("data.name")
        choice.focus()
        # Focus scrolls the form with an animation: wait until the choice stands still (on a
        # loaded machine one frame is not enough).
        where = None
        for _ in range(50):
            await pilot.pause(0.05)
            if choice.region == where:
                break
            where = choice.region
        # Focus shows the field with its help under it: scroll it down to the pane's last row.
        pane.scroll_relative(y=choice.region.y - (pane.region.bottom - 1), animate=False)
        await pilot.pause()
        assert choice.region.y == pane.region.bottom - 1
        await pilot.press("enter")
        menu = app.screen.query_one(OptionList).region
        assert menu.bottom <= choice.region.y and menu.y >= 0
        assert not menu.overlaps(choice.region)


async def test_relu_and_he_from_the_form(tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(ConfigPane)
        pane.control("network.activation").value = "relu"
        pane.control("init.name").value = "kaiming_normal"
        pane.control("init.nonlinearity").value = "relu"
        await pilot.pause()
        await pilot.press("a")
        assert app.config.network.activation == "relu"
        await pilot.press("e")
        backward = app.stepper.snapshot.backward
        assert 1e-2 < backward[0].grad_w_norm / backward[-1].grad_w_norm < 1e2


async def test_save_and_open_round_trip(tmp_path):
    app = make_app()
    path = tmp_path / "saved.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        prompt = app.screen.query_one(Input)
        prompt.value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert load_config(path) == app.config
        other = load_lesson("relu-he")
        other_path = tmp_path / "other.toml"
        save_config(other, other_path)
        await pilot.press("o")
        app.screen.query_one(Input).value = str(other_path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.config == other and app.stepper.config == other


async def test_opening_a_broken_file_keeps_the_network(tmp_path):
    app = make_app()
    broken = tmp_path / "broken.toml"
    broken.write_text("[network]\ndepth = = 3\n")
    messages = []
    app.notify = lambda message, **options: messages.append(message)
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.stepper
        await pilot.press("o")
        app.screen.query_one(Input).value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert app.stepper is old
        assert any("line 2" in message for message in messages)


async def test_theme_switch_is_remembered(tmp_path):
    from gradtui.tui.settings import load_settings

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != first
        assert load_settings().theme == app.theme


async def test_training_runs_in_the_background_and_reports():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.stepper.snapshot.step == 100
        log = app.query_one(ExplanationLog)
        assert "Trained 100 steps" in log.entries[-1]
        assert "Trained 100 steps" in log.visible_text


async def test_help_lists_every_binding_and_every_binding_has_its_action():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        for widget in app.screen.query("Static"):
            console.print(widget.content)
        text = console.export_text()
        for binding in app.BINDINGS:
            assert hasattr(app, f"action_{binding.action}"), binding.action
            assert binding.tooltip in text or binding.description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_key_of_the_main_screen_has_its_action_and_is_in_the_help():
    from gradtui.tui.screens.main import MainScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        console = Console(width=200, record=True, file=io.StringIO())
        for widget in app.screen.query("Static"):
            console.print(widget.content)
        text = console.export_text()
        for binding in MainScreen.BINDINGS:
            owner, action = (
                (app, binding.action[4:])
                if binding.action.startswith("app.")
                else (
                    app.main,
                    binding.action,
                )
            )
            name = action.partition("(")[0]  # detail_scroll('down'): its parameter apart
            assert hasattr(owner, f"action_{name}"), binding.action
            assert binding.tooltip in text


async def test_continuous_run_steps_and_pauses():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus", "plus")  # 64 stages per second
        await pilot.press("p")
        await pilot.pause(0.3)
        # The speed shows first in the status line, on its one line, while it runs.
        status = app.query_one("#status").plain
        assert status.startswith("▶64/s ") and "\n" not in status, status
        await pilot.press("p")
        moved = app.stepper.snapshot
        assert moved.phase != Phase.READY or moved.batch > 0
        await pilot.pause(0.2)
        assert app.stepper.snapshot == moved


async def test_overflow_is_shown_not_raised():
    from gradtui.config import apply_overrides

    config = apply_overrides(load_lesson("exploding-constant-5"), ["network.depth=500"])
    app = GradtuiApp(config, title="overflow")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert app.stepper.snapshot.first_nonfinite is not None
        log = "\n".join(app.query_one(ExplanationLog).entries)
        assert "inf" in log.lower() or "nan" in log.lower()


async def test_narrow_terminal_hides_the_config_pane_until_asked():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.query_one("#config").display
        await pilot.press("c")
        assert app.query_one("#config").display


async def test_clicking_a_chart_row_selects_its_layer():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        chart = app.query_one(GradientChart)
        header = chart._header_height()
        await pilot.click(GradientChart, offset=(5, header + 4))
        await pilot.pause()
        assert app.selected_layer == chart.rows[4].layer == 3
        assert "Layer 3 of 10" in app.query_one("#detail").plain


async def test_the_command_palette_offers_every_action():
    app = make_app()
    async with app.run_test(size=(120, 40)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in app.BINDINGS:
            if binding.action not in ("quit", "leave_field"):
                assert binding.description in titles, binding.action


async def test_the_command_palette_offers_every_key_of_the_screen_below_it():
    from gradtui.tui.screens.main import MainScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in MainScreen.BINDINGS:
            if binding.action not in ("app.quit", "leave_field"):
                assert binding.description in titles, binding.action
        await pilot.press("e", "T")  # a view: the main screen's keys do nothing there
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Help", "SVG", "Theme"} <= titles and "Step" not in titles


async def test_the_lesson_panel_moves_on_as_the_learner_steps():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one("#lesson")

        def shown() -> str:
            return " ".join(panel.plain.split())

        assert "▸ 1/3 Press space 10 times" in shown()
        for _ in range(app.stepper.depth):
            await pilot.press("space")
        assert "▸ 2/3 Press e: the loss" in shown()
        await pilot.press("e")
        assert "▸ 3/3 Press j for layer 2" in shown()


async def test_the_lesson_picker_searches_and_opens_a_lesson():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        assert isinstance(app.screen, LessonPicker)
        await pilot.press(*"constant")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        # Each lesson shows the claims it teaches, "[C4]" included (not read as markup).
        assert "[C4]" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.lesson.id == "exploding-constant-5"
        assert app.config.init.name == "constant"
        assert "Lesson: Exploding" in app.query_one("#lesson").plain


async def test_the_picker_puts_a_lesson_whose_word_starts_with_the_search_first():
    # "elu" is inside relu-he (the course's, listed first) and starts elu-mean-zero.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", *"elu")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == "elu-mean-zero"
        assert "relu-he" in [options.get_option_at_index(i).id for i in range(options.option_count)]
        await pilot.press("enter")
        await pilot.pause()
        assert app.lesson.id == "elu-mean-zero"


async def test_a_broken_lesson_file_is_named_and_the_network_kept(tmp_path):
    broken = tmp_path / "mine.toml"
    broken.write_text('[lesson]\nid = "mine"\ntitle = "Mine"\nsummary = "x"\n[config\n')
    app = make_app()
    messages = []
    app.notify = lambda message, **options: messages.append(message)
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.stepper
        await pilot.press("L")
        app.screen.query_one(Input).value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert app.stepper is old and app.lesson.id == "vanishing-sigmoid"
        assert any(str(broken) in m and "line 5" in m for m in messages), messages


async def test_a_broken_lesson_file_is_said_in_the_learners_language(tmp_path):
    """--lang zh: a teacher's lesson that cannot load says why in Chinese in its notice
    (the English stays for the command line), and the network shown is kept."""
    broken = tmp_path / "mine.toml"
    broken.write_text('[lesson]\nid = "mine"\ntitle = "Mine"\nsummary = "x"\n')
    app = make_app(lang="zh")
    messages = []
    app.notify = lambda message, **options: messages.append(message)
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.stepper
        await pilot.press("L")
        app.screen.query_one(Input).value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert app.stepper is old and app.lesson.id == "vanishing-sigmoid"
        assert messages == [f"{broken}：没有 [config] 表；它描述课程的网络。当前网络继续运行。"]


async def test_chinese_explanations_and_a_transcript(tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        assert app.lang == "zh"
        await pilot.press("e")
        log = app.query_one(ExplanationLog)
        assert "反向传播到达第 1 层" in log.entries[-1]
        assert "损失" in app.query_one("#status").plain
        assert "梯度消失了" in "".join(log.entries)
        path = tmp_path / "class.md"
        await pilot.press("w")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# gradtui 会话：深层 sigmoid 网络中的梯度消失")
        assert "反向传播到达第 1 层" in text
        # CJK text wraps inside the log: no visible line is wider than the pane.
        from rich.cells import cell_len

        assert all(cell_len(line) <= log.size.width for line in log.visible_text.splitlines())


async def test_keys_views_and_the_form_speak_chinese():
    from textual.widgets import Footer, Static

    from gradtui.tui.screens.theory_view import TheoryScreen

    app = make_app(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def footer_text() -> str:
            return " ".join(str(key.render()) for key in app.screen.query(Footer).first().children)

        assert "单步" in footer_text() and "帮助" in footer_text()
        # The space bar as every Chinese sentence names it (按空格键), not Textual's "space".
        assert "空格 单步" in footer_text() and "space" not in footer_text()
        assert "网络配置" in str(app.query_one("#headline", Static).render())
        pane = app.query_one(ConfigPane)
        pane.control("network.depth").value = "0"
        await pilot.pause()
        assert pane.problem_text("network.depth") == "不能用 0；请使用 1 到 1000"
        assert pane.control("network.depth").tooltip.startswith("线性层的层数")
        await pilot.press("question_mark")
        assert "前进一个阶段" in app.export_screenshot()
        await pilot.press("end")  # the help scrolls when its keys outgrow the screen
        await pilot.pause()
        assert "按键在每个面板里都有效" in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause(0.1)
        await pilot.press("e", "T")
        assert isinstance(app.screen, TheoryScreen)
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert "理论 · 第 1 层" in shown and "预测与实测" in shown and "实测" in shown
        assert "返回" in footer_text() and "下一层" in footer_text()
        await pilot.press("escape")
        await pilot.pause(0.1)
        await pilot.press("z")  # back to English, keys and all
        assert app.lang == "en" and "Step" in footer_text() and "单步" not in footer_text()
        assert "Network configuration" in str(app.query_one("#headline", Static).render())
        assert pane.problem_text("network.depth") == "0 is not allowed; use 1 to 1000"
        assert pane.control("network.depth").tooltip.startswith("Number of Linear layers")


async def test_ctrl_p_opens_the_command_palette_in_either_language():
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for lang in ("en", "zh"):
            if app.lang != lang:
                await pilot.press("z")
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette), lang
            await pilot.press("escape")
            await pilot.pause()


async def test_the_theory_view_sets_prediction_beside_measurement():
    from textual.widgets import Static

    from gradtui.tui.screens.theory_view import TheoryScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "T")
        await pilot.pause()
        assert isinstance(app.screen, TheoryScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        for widget in app.screen.query(Static):
            console.print(widget.content)
        for note in app.screen.query(LinesView):  # the notes, wrapped for their language
            console.print(note.text)
        text = console.export_text()
        assert "widest: 0.4477 at |w| = 6.894" in text
        assert "E[f'(z)²]" in text and "agrees" in text
        assert "of the z lie beyond ±3.64" in text
        before = app.stepper.snapshot
        await pilot.press("space", "j")  # the main screen's keys do nothing here
        assert app.stepper.snapshot is before and app.screen.selected == 2
        await pilot.press("escape")
        assert not isinstance(app.screen, TheoryScreen)


async def test_the_theory_view_says_when_the_mean_field_does_not_apply():
    """Constant weights (Var W = 0): no "√χ ×0" beside a measured ×5, but why √χ does
    not apply; a network of random weights has no such sentence."""
    from textual.widgets import Static

    def shown_text() -> str:
        console = Console(width=120, record=True, file=io.StringIO())
        for widget in app.screen.query(Static):
            if widget.display:
                console.print(widget.content)
        for note in app.screen.query(LinesView):  # the notes, wrapped for their language
            if note.display:
                console.print(note.text)
        return console.export_text()

    for lesson, lang, words in (
        ("exploding-constant-5", "en", "√χ does not apply to layers 1–10"),
        ("exploding-constant-5", "zh", "√χ 不适用于第 1–10 层"),
        ("vanishing-sigmoid", "en", None),
    ):
        app = make_app(lesson, lang=lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("e", "T")
            await pilot.pause()
            await pilot.pause()
            text = shown_text()
            rows = [line for line in text.splitlines() if line.split()[1:2] == ["identity"]]
            if words is None:
                assert "does not apply" not in text and "n/a" not in text
                continue
            assert words in text and "Var W = 0" in text
            assert rows and all("×0 " not in row and "×5" in row for row in rows), rows


async def test_the_theory_view_times_each_activation_alone():
    """C8: the table of bare costs is measured when the view opens, marks the network's
    activation, and 8 scrolls to it (as the exp-cost lesson says)."""
    from textual.widgets import Static

    app = make_app("exp-cost")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("8")
        await pilot.pause()
        from gradtui.tui.walk import screen_rows

        screen = "\n".join(screen_rows(app))
        assert "C8: the bare cost of each activation" in screen and "◀ this network" in screen
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#cost", Static).content)
        rows = {line.split()[0]: line for line in console.export_text().splitlines() if line}
        assert "◀ this network" in rows["sigmoid"] and "◀" not in rows["relu"]
        assert rows["relu"].split()[3] == "×1"


async def test_the_history_view_after_training():
    from textual.widgets import Static

    from gradtui.tui.screens.history_view import HistoryScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.history.recorded == 100 and app.history.steps[-1] == 100
        console = Console(width=120, record=True, file=io.StringIO())
        for widget in app.screen.query(Static):
            console.print(widget.content)
        text = console.export_text()
        assert "100 steps recorded" in text and "steps 1–100" in text
        assert "layer 1 learns slower than layer L (C22)" in text
        heat = [line for line in text.splitlines() if line.strip()[:2].strip().isdigit()]
        assert len(heat) >= app.stepper.depth and "▽" in text  # layer 1's gradient vanished
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_compare_the_applied_network_with_the_edited_form():
    from gradtui.tui.screens.compare import CompareScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("C")  # nothing edited, and this lesson has no variant
        assert not isinstance(app.screen, CompareScreen)
        pane = app.query_one(ConfigPane)
        pane.control("network.activation").value = "relu"
        pane.control("init.name").value = "kaiming_normal"
        pane.control("init.nonlinearity").value = "relu"
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert "network.activation=relu" in screen.names[1]
        await pilot.press("e")
        first, second = (stepper.snapshot for stepper in screen.steppers)
        assert first.backward[0].running_product < 1e-2 < second.backward[0].running_product
        verdict_text = str(screen.query_one("#verdict").content)
        assert "B: network.activation=relu" in verdict_text and "keeps the gradient" in verdict_text
        assert app.stepper.snapshot.phase == Phase.READY  # the main network did not move
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


async def test_through_time_steps_back_and_tells_the_difference():
    from gradtui.tui.screens.through_time import ThroughTimeScreen

    app = make_app("rnn-vs-lstm")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThroughTimeScreen) and screen.reached == 50
        await pilot.press("space", "space")
        assert screen.reached == 48
        await pilot.press("e")
        verdict = str(screen.query_one("#tt-verdict").content)
        assert "Back through 50 time steps" in verdict and "8,250× more" in verdict
        await pilot.press("plus")
        assert screen.steps == 100 and screen.reached == 100
        await pilot.press("escape")
        assert not isinstance(app.screen, ThroughTimeScreen)


async def test_a_network_too_large_for_memory_is_refused_in_place():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        old = app.stepper
        pane = app.query_one(ConfigPane)
        pane.control("network.width").value = "16384"
        pane.control("network.depth").value = "1000"
        await pilot.pause()
        assert "would need" in pane.problem_text("network.depth")
        assert "TiB of memory" in pane.problem_text("network.depth")
        app.main.action_apply()
        await pilot.pause()
        assert app.stepper is old  # nothing was allocated; the old network runs on
        await pilot.press("space")
        assert app.stepper.snapshot.phase == Phase.FORWARD


async def test_an_entry_longer_than_the_log_shows_its_start_and_what_is_below():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        log = app.query_one(ExplanationLog)
        shown = " ".join(log.visible_text.split())
        assert shown.startswith("• Layer 1 back:")  # the entry's start, not its middle
        below = log._hidden_below()
        assert below > 0
        last_row = log.render_line(log.size.height - 1).text
        assert f"↓ {below + 1} more lines" in last_row
        log.action_scroll_back(-below)
        assert log._hidden_below() == 0
        end = " ".join(log.visible_text.split())
        assert end.endswith("change network.activation and press e again.")
        # The lesson's step 3 asks for j then d: no "press space" hint contradicts it.
        assert "Press space for the clipping stage" not in end


async def test_ctrl_s_saves_the_screen_as_svg(tmp_path):
    app = make_app()
    messages = []
    app.notify = lambda message, **options: messages.append(message)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "ctrl+s")
        app.screen.query_one(Input).value = str(tmp_path / "slide.svg")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "slide.svg").read_text(encoding="utf-8").startswith("<svg")
        await pilot.press("ctrl+s")
        app.screen.query_one(Input).value = str(tmp_path / "slide.png")
        await pilot.press("enter")
        await pilot.pause()
        assert not (tmp_path / "slide.png").exists()
        assert "an SVG file name ends in .svg" in messages[-1]


async def test_a_toast_that_goes_leaves_the_whole_screen_repainted():
    """Textual repaints only the cells a toast covered once it goes, and that region's
    edge can split a wide character beneath it: in Chinese the log lost "预" of "你没有预测"
    at its last column (seen in tmux at 80×24). The app paints the whole screen again."""
    lesson = load_lesson_file("sigmoid-window")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        repainted = []
        screen = app.screen
        original = screen.refresh
        screen.refresh = lambda *args, **kwargs: repainted.append(args) or original(*args, **kwargs)
        app.notify("按 1 到 2 作答", timeout=0.1, markup=False)
        await pilot.pause(0.6)
        assert repainted


def test_the_chinese_help_wraps_between_characters():
    """Textual renders the help's table with overflow "ellipsis", and Rich wraps a Chinese
    description at spaces only: t's read "（200t 训练 20…" at 80×24, cut mid-number. It
    wraps between characters; and the space bar is 空格, as the sentences name it."""
    from gradtui.tui.keys import in_language
    from gradtui.tui.screens.help import bindings_table
    from gradtui.tui.screens.main.bindings import BINDINGS

    table = bindings_table([in_language(b, "zh") for b in BINDINGS], lambda b: b.key, "zh")
    console = Console(width=60, file=io.StringIO())
    lines = console.render_lines(table, console.options.update(overflow="ellipsis"))
    written = "\n".join("".join(segment.text for segment in line) for line in lines)
    assert "…" not in written
    assert "空格 / right / l" in written


async def test_an_applied_edit_says_it_starts_again_at_step_0():
    """Applying builds a new network from the seed: after 300 steps at one learning rate,
    the next rate's run starts from the first weights, and the log says so (learning-rate
    said "the loss is still 0.8344"). Opening a lesson does not say "again"."""
    from gradtui.tui.widgets.explanation_log import ExplanationLog

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(ConfigPane).control("network.depth").value = "5"
        app.screen.action_apply()
        await pilot.pause()
        log = app.screen.query_one(ExplanationLog)
        assert "it starts again at step 0" in log.entries[-1]
        assert app.screen.stepper.snapshot.step == 0
        lesson = load_lesson_file("relu-he")
        app.screen._use(lesson.config, lesson.title, lesson=lesson)
        await pilot.pause()
        assert "again" not in log.entries[-1] and lesson.title in log.entries[-1]
