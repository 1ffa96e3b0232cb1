"""The footers at 80 and 120 columns, in English and Chinese; the theory view of a huge
weight; the explanation log's hints in Chinese."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from gradtui.config import apply_overrides
from gradtui.lessons import load_lesson, load_lesson_file
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.explanation_log import ExplanationLog


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(lang: str, config=None) -> GradtuiApp:
    chosen = load_lesson_file("vanishing-sigmoid")
    return GradtuiApp(config or chosen.config, title=chosen.title, lesson=chosen, lang=lang)


def shown_keys(app) -> list[str]:
    """The footer's keys that show, each checked to be whole: inside the footer and left of
    the palette's key."""
    footer = app.screen.query(Footer).first()
    keys = [key for key in footer.children if key.display]
    palette = [key for key in keys if key.has_class("-command-palette")]
    right = palette[0].region.x if palette else footer.region.right
    for key in keys:
        if key not in palette:
            assert key.region.right <= right, str(key.render())
            assert key.region.width == key.outer_size.width
    return [str(key.render()) for key in keys if key not in palette]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_footer_keys_are_whole_and_the_first_ones_come_first(lang, size):
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        keys = shown_keys(app)
        space = "空格" if lang == "zh" else "space"  # as the Chinese sentences name it
        assert [key.split()[0] for key in keys[:6]] == [space, "?", "q", "e", "t", "L"]
        assert "t Train" in keys or "t 训练" in keys
        # Reset fits at 80 columns too: "p Run" makes room; "f Field", which the lessons'
        # steps name, stays.
        assert "R Reset" in keys or "R 重置" in keys
        assert "f Field" in keys or "f 字段" in keys
        await pilot.press("B")
        await pilot.pause(0.2)
        keys = shown_keys(app)
        assert keys[0].startswith("esc") and keys[-1] in ("? Help", "? 帮助")  # all of them


async def test_the_theory_view_opens_on_a_huge_constant_weight():
    from textual.widgets import Static

    from gradtui.tui.screens.theory_view import TheoryScreen

    config = apply_overrides(
        load_lesson("vanishing-sigmoid"), ["init.name=constant", "init.value=1e17"]
    )
    app = make_app("en", config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "T")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TheoryScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert "C5: the sigmoid window" in shown and "0.4477" in shown


async def test_the_logs_hints_speak_chinese():
    app = make_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.query_one(ExplanationLog)
        await pilot.press("e")
        await pilot.pause()
        log.action_scroll_back(5)
        await pilot.pause()
        top = log.render_line(0).text
        assert "上面还有" in top or "已向上翻" in top
        assert "earlier" not in top and "scrolled back" not in top
        bottom = log.render_line(log.size.height - 1).text
        assert "下面还有" in bottom and "later" not in bottom
