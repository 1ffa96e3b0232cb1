"""What a learner reads on screen: the chart's mark of the rows the log speaks of, the whole
lesson (i), the glossary (G), which network is shown and the way back to the default lesson,
Textual's own words in Chinese, and the theory plots' facts on their axes."""

from __future__ import annotations

import pytest
from test_app import make_app

from gradtui import cli
from gradtui.explain import format as fmt
from gradtui.explain import regime, rows_spoken_of, say
from gradtui.lessons import DEFAULT_LESSON, load_lesson_file
from gradtui.sim import Phase
from gradtui.tui.draw.glossary import CLAIM_CODES, glossary
from gradtui.tui.draw.theory import activation_plot, window_plot
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.lines import LinesView


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


# ---------------------------------------------------------------- the chart's bracket
async def test_a_backward_step_brackets_the_two_rows_its_sentences_speak_of():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        depth = app.stepper.depth
        await pilot.press(*["space"] * (depth + 1 + 4))  # forward, loss, back to layer 7
        snapshot = app.stepper.snapshot
        assert (snapshot.phase, snapshot.layer) == (Phase.BACKWARD, 7)
        chart = app.query_one(GradientChart)
        marked = {row.layer: row.bracket for row in chart.rows if row.bracket != " "}
        assert marked == {6: "┌", 7: "└"} and rows_spoken_of(snapshot) == (7, 6)
        # Row 6 shows the ‖∂L/∂a_6‖ that the log says layer 7 passes on.
        row_6 = chart.rows[5]
        assert row_6.value == snapshot.backward[6].grad_in_norm
        assert f"= {fmt.number(row_6.value)} on to layer 6" in " ".join(
            app.main.query_one("#log").entries[-1].split()
        )
        lines = [chart.render_line(y).text for y in range(chart.size.height)]
        assert any(line.startswith("┌  6 a") for line in lines), lines
        assert any(line.startswith("└▶ 7 a") for line in lines), lines
        assert any("┌└ the rows the log speaks of" in line for line in lines)
        await pilot.press("R")
        assert all(row.bracket == " " for row in chart.rows)  # nothing spoken of yet


# ---------------------------------------------------------------- the whole lesson
async def test_the_lesson_panel_marks_its_cut_and_i_shows_the_whole_lesson():
    from textual.widgets import Static

    from gradtui.tui.screens.lesson_text import LessonScreen

    app = make_app()
    lesson = app.lesson
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        panel = app.query_one("#lesson", LinesView)
        shown = " ".join(panel.plain.split())
        step = lesson.steps[2]
        assert f"▸ 3/3 {step}" in shown  # the step to do now, whole
        assert shown.endswith("… i: the whole lesson")
        await pilot.press("i")
        assert isinstance(app.screen, LessonScreen)
        page = " ".join(str(app.screen.query_one("#lesson-page", Static).render()).split())
        for number, text in enumerate(lesson.steps, start=1):
            mark = "▸" if number == 3 else "✓"
            assert f"{mark} {number}/3 {text}" in page
        assert lesson.look_at in page and lesson.question in page and lesson.summary in page
        await pilot.press("escape")
        assert not isinstance(app.screen, LessonScreen)


@pytest.mark.parametrize(
    ("lang", "held"),
    [("en", "(shown once step 1 is done"), ("zh", "（做完第 1 步后显示")],
)
def test_the_whole_lesson_holds_back_the_steps_after_an_open_question(lang, held):
    # prelu-learns-alpha asks before step 1 whether layer 1's α ends above 0.25; step 2
    # says it rose to 0.552, which i must not show before step 1 is done.
    from gradtui.lessons import load_lesson_file
    from gradtui.tui.screens.lesson_text import lesson_page

    lesson = load_lesson_file("prelu-learns-alpha")
    steps = lesson.text("steps", lang)
    before = " ".join(lesson_page(lesson, 0, lang).plain.split())
    assert steps[0] in before and held in before and "0.552" not in before
    after = " ".join(lesson_page(lesson, 1, lang).plain.split())
    assert steps[1] in after and held not in after
    assert steps[1] in " ".join(lesson_page(lesson, None, lang).plain.split())


async def test_at_120x40_look_at_is_whole_or_marked():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one("#lesson", LinesView)
        shown = " ".join(panel.plain.split())
        assert app.lesson.look_at in shown or shown.endswith("… i: the whole lesson")
        assert panel.size.height > 3


# ---------------------------------------------------------------- the glossary
def test_the_glossary_names_every_claim_and_the_thresholds_of_regime_py(monkeypatch):
    for lang in ("en", "zh"):
        text = glossary(lang).plain
        for code in CLAIM_CODES:
            assert f"{code} {say(f'claim_{code}', lang)}" in " ".join(text.split())
        assert fmt.share(regime.VANISHING_BELOW) in text
        assert fmt.times(regime.EXPLODING_ABOVE) in text
    assert tuple(f"C{n}" for n in range(1, 25)) == CLAIM_CODES
    monkeypatch.setattr(regime, "VANISHING_BELOW", 1e-3)
    assert "below 1/1,000 of it" in glossary("en").plain


async def test_g_opens_the_glossary_in_the_learners_language():
    from gradtui.tui.screens.glossary_view import GlossaryScreen

    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        assert isinstance(app.screen, GlossaryScreen)
        assert "术语表" in app.export_screenshot()
        await pilot.press("escape")
        assert not isinstance(app.screen, GlossaryScreen)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "术语表" in titles


# ---------------------------------------------------------------- which network
def _started_with(monkeypatch, argv: list[str]) -> dict:
    """The arguments ``gradtui ARGV`` would open the app with."""
    import gradtui.tui

    started: dict = {}

    def run_app(config, **kwargs):
        started.update(kwargs, config=config)
        return 0

    monkeypatch.setattr(gradtui.tui, "run_app", run_app)
    assert cli.main(argv) == 0
    return started


def test_a_fresh_start_opens_the_default_lesson_and_resume_the_last_network(monkeypatch):
    from gradtui.config import apply_overrides
    from gradtui.tui.settings import save_settings

    deep = apply_overrides(load_lesson_file(DEFAULT_LESSON).config, ["network.depth=40"])
    assert save_settings("gradtui-dark", deep) is None
    fresh = _started_with(monkeypatch, [])
    assert fresh["lesson"].id == DEFAULT_LESSON and fresh["config"].network.depth == 10
    resumed = _started_with(monkeypatch, ["--resume"])
    assert resumed["lesson"] is None and resumed["config"].network.depth == 40
    assert resumed["title"] == "your last applied network"


def test_resume_with_nothing_remembered_says_what_to_do(capsys):
    assert cli.main(["--resume"]) == 2
    assert "no network applied yet" in capsys.readouterr().err


async def test_the_header_names_the_network_and_d_returns_to_the_default_lesson():
    from gradtui.tui.widgets.config_pane import ConfigPane

    app = make_app("relu-he")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.sub_title == app.lesson.title
        app.query_one(ConfigPane).control("network.depth").value = "12"
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.config.network.depth == 12
        assert app.sub_title == f"your network (edited from {app.lesson.title})"
        await pilot.press("D")
        await pilot.pause()
        assert app.lesson.id == DEFAULT_LESSON
        assert app.sub_title == app.lesson.title
        await pilot.press("z")
        assert app.sub_title == app.lesson.text("title", "zh")


async def test_the_lesson_pickers_first_entry_is_the_default_lesson():
    from textual.widgets import OptionList

    app = make_app("relu-he")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        first = app.screen.query_one(OptionList).get_option_at_index(0)
        assert first.id == DEFAULT_LESSON and "default" in str(first.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.lesson.id == DEFAULT_LESSON


# ---------------------------------------------------------------- Textual's words in Chinese
async def test_the_palettes_own_commands_speak_chinese():
    from textual.command import CommandInput, CommandPalette

    app = make_app(lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"主题", "退出", "按键", "截图"} <= titles
        assert not {"Keys", "Screenshot", "Theme", "Quit"} & titles
        helps = {command.help for command in app.get_system_commands(app.screen)}
        assert "立即退出程序" in helps
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"


# ---------------------------------------------------------------- the plots' facts
def test_the_sigmoid_derivatives_peak_is_drawn_on_a_row_labelled_0_25():
    lines = activation_plot("sigmoid", 76, 14).plain.splitlines()
    peak_row = next(line for line in lines if line.lstrip().startswith("0.25┤"))
    assert "x" in peak_row  # the marked maximum sits on the 0.25 row
    assert "max σ'(z) = 0.25 at z = 0" in lines[0]
    tanh = activation_plot("tanh", 76, 14).plain.splitlines()
    assert "x" in next(line for line in tanh if line.lstrip().startswith("1┤"))


def test_the_c5_window_plot_labels_its_widest_point_on_both_axes():
    plot, _ = window_plot(76, 12)
    lines = plot.plain.splitlines()
    top = next(line for line in lines if "┤" in line)
    assert top.lstrip().startswith("0.4477┤") and "x" in top  # nothing drawn above it
    assert "6.894" in lines[-2] and " 4 " in lines[-2]  # the x ticks: |w| = 4 and the peak
