"""The course (its order in the picker and `gradtui lessons`, n at a lesson's last step)
and share codes in the app (S) and on the command line (share, --code)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static

from gradtui.cli import main
from gradtui.config import apply_overrides
from gradtui.exercises import load_exercise
from gradtui.lessons import lesson_ids, load_lesson_file
from gradtui.lessons.course import COURSE, COURSE_MINUTES
from gradtui.share import read_code, share_code
from gradtui.tui.app import GradtuiApp
from gradtui.tui.screens.lesson_picker import LessonPicker
from gradtui.tui.screens.share import ShareScreen
from gradtui.tui.widgets.config_pane import ConfigPane


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    """The app reads the language and last network from the settings dir: a learner's own
    (lang = "zh" there turned every English message of these tests Chinese)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(lesson="vanishing-sigmoid", **kwargs):
    chosen = load_lesson_file(lesson)
    return GradtuiApp(chosen.config, title=chosen.title, lesson=chosen, **kwargs)


def test_the_course_is_ninety_minutes_of_shipped_lessons_in_a_teachers_order():
    ids = [stop.lesson for stop in COURSE]
    assert COURSE_MINUTES == 90 and len(set(ids)) == len(ids)
    assert set(ids) <= set(lesson_ids())
    assert ids[0] == "vanishing-sigmoid" and ids[-1] == "rnn-vs-lstm"
    # The problem, then its fixes, then exploding and clipping, then the activations.
    order = {lesson: index for index, lesson in enumerate(ids)}
    assert order["depth-scaling"] < order["relu-he"] < order["batchnorm-rescue"]
    assert order["residual-rescue"] < order["exploding-constant-5"] < order["clipping"]
    assert order["clipping"] < order["dead-relu"] < order["leaky-relu-rescue"]
    assert all(stop.why and stop.why_zh and stop.minutes > 0 for stop in COURSE)


def test_gradtui_lessons_lists_the_course_first(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The course: 13 lessons for a 90-minute class, in this order")
    lines = out.splitlines()
    assert lines[1].split()[:4] == ["1.", "10", "min", "vanishing-sigmoid"]
    assert lines[13].split()[3] == "rnn-vs-lstm"
    assert "The other lessons:" in out and "mnist-mlp" in out.split("The other lessons:")[1]
    assert main(["lessons", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("课程：13 课") and "深层 sigmoid 网络中的梯度消失" in out


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_picker_shows_the_course_first_with_its_minutes(lang):
    app = make_app("relu-he", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(index).id for index in range(len(COURSE))]
        assert ids == [stop.lesson for stop in COURSE]
        first = str(options.get_option_at_index(0).prompt)
        minutes = "10 分钟" if lang == "zh" else "10 min"
        assert first.startswith(f" 1. {minutes}") and COURSE[0].text(lang) in first
        said = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert ("13 课" if lang == "zh" else "13 lessons for a 90-minute class") in said


async def test_n_once_a_lessons_steps_are_done_opens_the_next_lesson_of_the_course():
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        messages = []
        app.main.notify = lambda message, **options: messages.append(message)
        panel = app.query_one("#lesson")
        assert "n: next lesson" not in panel.plain
        await pilot.press("n")  # step 1 of 3: not yet
        assert app.lesson.id == "vanishing-sigmoid"
        assert "now step 1 of 3" in messages[-1]
        await pilot.press(*["space"] * 10, "e")  # steps 1 and 2: the last is shown
        await pilot.pause()
        assert app.main.progress.current == 2
        assert "n: next lesson" not in panel.plain  # while the last step is still to do
        await pilot.press("n")
        assert app.lesson.id == "vanishing-sigmoid" and "now step 3 of 3" in messages[-1]
        await pilot.press("j", "d")  # the last step's keys
        await pilot.pause()
        assert app.main.progress.finished
        assert "n: next lesson, 2/13 (6 min)" in panel.plain
        await pilot.press("n")
        await pilot.pause()
        assert app.lesson.id == "depth-scaling"
        assert app.config == load_lesson_file("depth-scaling").config


async def test_the_next_lesson_starts_on_layer_1_with_the_chart_and_log_shown():
    """Its steps count j presses from layer 1 ("press j 7 times for layer 8") and name the
    chart's figures: the last lesson's chosen layer, whole detail (d) and chart (g) are not
    kept."""
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["space"] * 10, "e", "j", "j", "g", "d")
        await pilot.pause()
        assert app.main.selected_layer == 3 and app.main.metric == "grad_w"
        assert app.main.has_class("detail-whole")
        await pilot.press("n")
        await pilot.pause()
        assert app.lesson.id == "depth-scaling"
        assert app.main.selected_layer == 1
        assert not app.main.has_class("detail-whole")
        # g's choice is not kept: the chart shows what fits, as the lesson's steps expect
        # (clipping's "compare row 1 with row 10" at 80×24 lost row 10 to both metrics).
        assert app.main.metric == "grad_a"


async def test_n_outside_the_course_and_at_its_end_says_so():
    app = make_app("mnist-mlp")
    async with app.run_test(size=(120, 40)) as pilot:
        messages = []
        app.main.notify = lambda message, **options: messages.append(message)
        await pilot.press("n")
        assert "not one of its lessons" in messages[-1] and app.lesson.id == "mnist-mlp"
    app = make_app("rnn-vs-lstm", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.progress.done = len(app.main.progress.until)
        app.main._show_lesson()
        # Opened directly, the last lesson is not the whole course.
        assert "第 13/13 课完成；L：课程列表" in app.query_one("#lesson").plain
        messages = []
        app.main.notify = lambda message, **options: messages.append(message)
        await pilot.press("n")
        assert "还有 12 课没有学" in messages[-1] and app.lesson.id == "rnn-vs-lstm"
        # Every course lesson taken in this session: the course is done.
        last = app.main.session_parts[-1]
        app.main.session_parts[:0] = [last._replace(lesson=stop.lesson) for stop in COURSE]
        app.main._show_lesson()
        assert "课程完成（13 课，90 分钟）" in app.query_one("#lesson").plain
        await pilot.press("n")
        assert "课程完成" in messages[-1] and app.lesson.id == "rnn-vs-lstm"


# --------------------------------------------------------------------------------------
# Share codes in the app


async def test_s_shows_the_applied_networks_code_and_opens_a_typed_one():
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        edited = apply_overrides(app.config, ["network.depth=20"])
        app.main._use(edited, "test", lesson=app.lesson, edited=True)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen)
        code = share_code(edited, kind="lesson", base_id="vanishing-sigmoid")
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert code in shown and "changed: network.depth=20" in shown
        assert f"{len(code.replace('-', ''))} characters" in shown
        # A mistyped code is said in the dialog, which stays open with what was typed.
        field = app.screen.query_one(Input)
        field.value = "480v-r"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ShareScreen) and field.value == "480v-r"
        assert "does not check out" in str(app.screen.query_one("#problem", Static).render())
        assert app.config == edited
        # A good one opens its network and its lesson.
        field.value = "49g2 8gk3 09gc 2"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ShareScreen)
        assert app.lesson.id == "vanishing-sigmoid"
        assert app.config == read_code("49G2-8GK3-09GC-2").config
        assert app.config.network.activation == "relu"
        assert app.sub_title.startswith("your network (edited from Vanishing")


async def test_the_share_dialog_speaks_chinese():
    app = make_app("relu-he", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert "580Q-T" in shown and "5 个字符：课程 relu-he" in shown
        app.screen.query_one(Input).value = "58"
        await pilot.press("enter")
        await pilot.pause()
        assert "太短" in str(app.screen.query_one("#problem", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ShareScreen) and app.lesson.id == "relu-he"


# --------------------------------------------------------------------------------------
# The command line


def test_gradtui_share_prints_the_code_and_says_what_it_holds(capsys):
    argv = ["share", "--lesson", "vanishing-sigmoid", "--set", "network.depth=20"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    code = captured.out.strip()
    assert code == share_code(
        apply_overrides(load_lesson_file("vanishing-sigmoid").config, ["network.depth=20"]),
        kind="lesson",
        base_id="vanishing-sigmoid",
    )
    assert "8 characters: lesson vanishing-sigmoid with network.depth=20" in captured.err
    assert f"gradtui --code {code}" in captured.err


def test_gradtui_share_of_a_config_file_and_of_an_unknown_exercise(capsys, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("seed = 3\n[network]\ndepth = 4\n")
    assert main(["share", str(path)]) == 0
    captured = capsys.readouterr()
    shared = read_code(captured.out.strip())
    assert shared.kind == "" and shared.config.seed == 3 and shared.config.network.depth == 4
    assert "the default config with network.depth=4, seed=3" in captured.err
    assert main(["share", "--exercise", "no-such"]) == 2
    assert "no exercise of that name" in capsys.readouterr().err


def test_run_code_runs_the_network_and_a_bad_code_exits_2(capsys):
    assert main(["run", "--code", "49G2-8GK3-09GC-2", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"depth": 20' in out and '"activation": "relu"' in out
    assert main(["run", "--code", "49G2-8GK3-09GC-3"]) == 2
    assert "does not check out" in capsys.readouterr().err
    assert main(["run", "--code", "49G2-8GK3-09GC-3", "--lang", "zh"]) == 2
    assert "校验不通过" in capsys.readouterr().err
    assert main(["run", "--code", "480V-Q", "--lesson", "relu-he"]) == 2
    assert "give one of a config file, --lesson and --code" in capsys.readouterr().err


async def test_n_walks_the_whole_course_in_order():
    """From the first lesson to the last: once each one's steps are done, the panel says
    what n opens (at 80×24 too) and n opens it."""
    app = make_app(COURSE[0].lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        for stop in COURSE[1:]:
            progress = app.main.progress
            progress.done = len(progress.until)  # every step done
            app.main._show_lesson()
            await pilot.pause()
            assert "n: next lesson" in app.query_one("#lesson").plain
            await pilot.press("n")
            await pilot.pause()
            assert app.lesson.id == stop.lesson
            assert app.config == load_lesson_file(stop.lesson).config


def test_an_exercise_code_is_marked_headless_with_its_edits(capsys):
    """An exercise's code holds the exercise and the learner's edit: run --code --check
    marks it against the exercise's goal, as a teacher marks a handed-in config."""
    assert main(["share", "--exercise", "relu-init", "--set", "init.name=kaiming_normal"]) == 0
    captured = capsys.readouterr()
    code = captured.out.strip()
    assert "exercise relu-init with init.name=kaiming_normal" in captured.err
    shared = read_code(code)
    assert (shared.kind, shared.base_id) == ("exercise", "relu-init")
    assert main(["run", "--code", code, "--check"]) == 0
    assert f"--code {code}" in capsys.readouterr().out
    assert main(["share", "--exercise", "relu-init"]) == 0
    untouched = capsys.readouterr().out.strip()
    assert len(untouched.replace("-", "")) <= 6
    assert main(["run", "--code", untouched, "--check"]) == 1


async def test_an_exercise_code_opens_the_exercise_with_the_edit_in_the_app():
    from gradtui.cli import _from_code
    from gradtui.tui.widgets.exercise_goal import ExerciseGoal

    code = share_code(
        apply_overrides(load_exercise("relu-init").config, ["init.name=kaiming_normal"]),
        kind="exercise",
        base_id="relu-init",
    )
    config, title, lesson, origin, exercise = _from_code(code)
    assert exercise.id == "relu-init" and lesson is None and origin == exercise.config
    app = GradtuiApp(config, title=title, exercise=exercise)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.exercise.id == "relu-init"
        assert app.config.init.name == "kaiming_normal"
        assert "network.depth" in app.query_one(ConfigPane).locked
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "✓" in app.query_one(ExerciseGoal).plain
        # S gives the same code back: the exercise is its base.
        await pilot.press("S")
        await pilot.pause()
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert code in shown and "exercise relu-init" in shown


async def test_n_starts_the_next_lesson_under_a_heading_its_intro_first(tmp_path):
    """The log turns to a new page at the lesson's heading, so the new intro shows first
    and the old lesson's verdict is scrolled back to above it; the transcript lists the
    lessons in order, each with its network (and the last one applied in it), and marks
    where each began in the log."""
    from textual.widgets import Input

    from gradtui.tui.widgets.explanation_log import ExplanationLog

    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["space"] * 10, "e")
        await pilot.pause()
        app.main.progress.done = len(app.main.progress.until)  # n waits for the last step
        log = app.query_one(ExplanationLog)
        last_words = log.entries[-1]
        await pilot.press("n")
        await pilot.pause()
        second = load_lesson_file("depth-scaling")
        rows = log.visible_text.splitlines()
        assert rows[0].startswith("── Course 2/13: Depth") and rows[0].endswith("… ──")
        assert rows[1].startswith(f"• {second.title[:20]}")
        log.action_scroll_back(1)
        await pilot.pause()
        assert " ".join(last_words.split()[-2:]) in " ".join(log.visible_text.split())
        edited = apply_overrides(app.config, ["network.depth=5"])
        app.main._use(edited, "test", lesson=app.lesson, edited=True)
        path = tmp_path / "course.md"
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "gradtui-session.md"  # not the last's
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    first = load_lesson_file("vanishing-sigmoid")
    header, body = text.split("## The explanation log", 1)
    assert header.startswith("# gradtui session: 2 lessons, in the order taken\n")
    assert f"1. **{first.title}**\n   - Network: 10 layers" in header
    assert f"2. **{second.title}**\n   - Network: 10 layers" in header
    assert "   - Edited in it, the last network applied had network.depth=5.\n" in header
    marks = [line for line in body.splitlines() if line.startswith("### ")]
    assert marks == [
        f"### Course 1/13: {first.title}",
        f"### Course 2/13: {second.title}",
    ]
    assert body.index(marks[1]) < body.index(f"- {second.title}: 10 layers")


async def test_the_course_headings_and_transcript_header_speak_chinese(tmp_path):
    from gradtui.explain.transcript import session_transcript

    app = make_app("vanishing-sigmoid", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.progress.done = len(app.main.progress.until)
        await pilot.press("n")
        await pilot.pause()
        log = app.query_one("#log")
        second = load_lesson_file("depth-scaling")
        rows = log.visible_text.splitlines()
        assert rows[0].startswith("── 课程 2/13：深度") and rows[0].endswith(" ──")
        assert rows[1].startswith("• " + second.text("title", "zh")[:5])
        screen = app.main
        text = session_transcript(
            "", app.config, log.entries, "zh", headings=log.headings, parts=screen.session_parts
        )
    assert text.startswith("# gradtui 会话：按学习顺序，共 2 课\n")
    assert f"### 课程 1/13：{load_lesson_file('vanishing-sigmoid').text('title', 'zh')}" in text


async def test_a_form_left_open_at_80_columns_closes_for_the_next_lesson():
    """At 80×24 the form takes the chart's place: left open at the end of depth-scaling,
    it hid the next lesson's chart (and, while its question was open, its step)."""
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["space"] * 10, "e", "c")
        await pilot.pause()
        assert app.main.has_class("-form-open")
        app.main.progress.done = len(app.main.progress.until)  # n waits for the last step
        app.main.action_next_lesson()
        await pilot.pause()
        assert app.lesson.id == "depth-scaling"
        assert not app.main.has_class("-form-open")
        assert app.query_one("#chart").display and app.query_one("#chart").has_focus


async def test_a_pass_before_the_steps_edit_is_applied_does_not_do_the_step():
    """residual-rescue's 'Set network.residual = off …, press e': off picked in the form
    but not applied, e ran the network with shortcuts and ticked the step, and the
    prediction was measured on it. Now the step waits for the edit; the log says a
    applies it; once applied, e does the step and the verdict measures the plain net."""
    app = make_app("residual-rescue")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("9")  # 10⁻⁸ or less
        pane = app.query_one(ConfigPane)
        pane.control("network.residual").value = "false"  # picked, not applied
        await pilot.press("e")
        await pilot.pause()
        assert app.main.progress.done == 1 and app.config.network.residual
        log = app.query_one("#log").entries
        assert "(network.residual=false)" in log[-1] and "Press a" in log[-1]
        await pilot.press("a", "e")
        await pilot.pause()
        assert not app.config.network.residual and app.main.progress.done == 2
        verdict = app.query_one("#log").entries[-1]
        assert (
            verdict.startswith("Measured") and "You predicted about 10⁻⁸ or less: right" in verdict
        )
