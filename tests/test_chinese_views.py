"""The theory view and the glossary in the app (Pilot): their Chinese wraps between
characters, filling its lines, where Rich alone wraps at spaces only."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp
from gradtui.tui.screens.theory_view import TheoryScreen
from gradtui.tui.widgets.lines import LinesView


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def _chinese_app() -> GradtuiApp:
    """The default lesson's app, explaining in Chinese."""
    lesson = load_lesson_file("vanishing-sigmoid")
    return GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="zh")


async def test_chinese_notes_fill_their_lines_at_80x24():
    """Rich wraps a Static at spaces only: "11% 的 z 落在 ±3.64 之外，那里 σ'" ended a
    line half empty and the rest of the sentence, spaceless, moved whole to the next."""
    app = _chinese_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "T")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TheoryScreen)
        notes = {note.id: note for note in app.screen.query(LinesView)}
        assert {"where", "chi-note", "window-note", "cost-note", "spectra-note"} <= set(notes)
        for name in ("where", "chi-note", "window-note", "cost-note", "spectra-note"):
            note = notes[name]
            width = note.size.width
            lines = note.plain.split("\n")
            assert note.size.height == len(lines), name  # its height follows its text
            paragraphs = note.text.plain.split("\n")
            # Only a paragraph's last line may end well short of the width (any other ends
            # early only to keep a Latin word or closing punctuation whole).
            short = [line for line in lines if cell_len(line) < width - 8]
            assert len(short) <= len(paragraphs), (name, short)
            assert all(cell_len(line) <= width for line in lines), name
        assert "11% 的 z 落在 ±3.64 之外" in notes["where"].text.plain


async def test_the_chinese_glossary_fills_its_lines_at_80x24():
    from gradtui.tui.screens.glossary_view import GlossaryScreen

    app = _chinese_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        view = app.screen.query_one("#glossary", LinesView)
        width = view.size.width
        lines = view.plain.split("\n")
        assert view.size.height == len(lines)
        paragraphs = view.text.plain.split("\n")
        short = [line for line in lines if cell_len(line) < width - 8]
        assert len(short) <= len(paragraphs), short
        assert "第 L 行总是 ●" in view.text.plain


async def test_chinese_options_of_the_lesson_picker_fill_their_lines():
    """An option list wraps its options at spaces: "· 深度对梯度的影响" moved whole to a line
    of its own and left the one before it short."""
    from textual.geometry import Region
    from textual.widgets import OptionList

    from gradtui.tui.screens.lesson_picker import LessonPicker

    app = _chinese_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LessonPicker)
        options = app.screen.query_one(OptionList)
        width, height = options.scrollable_content_region.size
        lines = [strip.text.rstrip() for strip in options.render_lines(Region(0, 0, width, height))]
        second = lines.index(next(line for line in lines if "depth-scaling" in line))
        rest = lines[second + 1].strip()
        assert "· 深" in lines[second], lines[second]  # the line before is filled
        assert "深度对梯度的影响".endswith(rest) and rest != "深度对梯度的影响", rest
        assert lines[second + 2].strip().startswith("3."), lines[second + 2]  # the next option
        await pilot.press("down", "down", "down", "enter")  # the fourth option opens
        await pilot.pause()
        assert app.lesson.id == "init-matters"
