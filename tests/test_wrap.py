"""Wrapping Chinese between characters, English at spaces (gradtui/tui/draw/wrap.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from gradtui.tui.draw.wrap import wrap

CONSOLE = Console(width=200)
SENTENCE = "• ReLU 死亡：学习率过高会让神经元死掉：共 10 层，尚未计算。按空格键逐层执行前向传播。"


def plain(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def test_chinese_fills_its_lines_instead_of_moving_a_clause_whole():
    lines = plain(wrap(Text(SENTENCE), 20, CONSOLE))
    assert lines[0] == "• ReLU 死亡：学习率"  # Rich alone leaves "• ReLU" by itself
    assert all(cell_len(line) <= 20 for line in lines)
    assert all(cell_len(line) >= 18 for line in lines[:-1])  # every line but the last is full


def test_no_line_starts_with_closing_punctuation():
    for width in range(6, 40):
        for line in plain(wrap(Text(SENTENCE), width, CONSOLE))[1:]:
            assert line[0] not in "，。：；！？）」』、", (width, line)


def test_english_is_wrapped_as_rich_wraps_it():
    text = Text("Layer 8 back: the gradient arrives at row 8 and is passed on to row 7.")
    for width in (12, 30, 80):
        assert plain(wrap(text, width, CONSOLE)) == plain(list(text.wrap(CONSOLE, width)))


def test_styles_and_paragraphs_are_kept():
    text = Text("第一段很长很长很长很长\n第二段")
    text.stylize("bold", 0, 3)
    lines = wrap(text, 8, CONSOLE)
    assert plain(lines) == ["第一段很", "长很长很", "长很长", "第二段"]
    assert lines[0].spans and lines[0].spans[0].style == "bold"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("学习率过高，。（）ab cd 10 ‖∂L/∂a‖"), max_size=120),
    st.integers(min_value=2, max_value=60),
)
def test_nothing_is_lost_and_nothing_is_too_wide(source, width):
    lines = plain(wrap(Text(source), width, CONSOLE))
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == source.replace(" ", "").replace("\n", "")


async def test_the_dialogs_fill_chinese_lines_as_the_log_does(tmp_path, monkeypatch):
    """The whole lesson (i) in Chinese at 80×24: the summary's clause after "N(0, 1)：" is not
    moved whole to the next line, leaving "N(0," at the end of a half-empty one."""
    from test_app import make_app, screen_lines

    from gradtui.tui.screens.lesson_text import LessonScreen

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = make_app("vanishing-sigmoid", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        shown = screen_lines(app)
        assert any("N(0, 1)：反向传播" in line for line in shown), shown
        assert not any(line.rstrip(" │").endswith("N(0,") for line in shown)
