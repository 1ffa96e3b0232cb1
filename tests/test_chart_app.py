"""The chart and the whole layer detail in the app (Pilot): where the chart is scrolled
after a lesson or config change, the gap before its scrollbar, the detail's keys."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from gradtui.lessons import load_lesson_file
from gradtui.tui.app import GradtuiApp
from gradtui.tui.widgets.gradient_chart import GradientChart


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def make_app(lesson="depth-scaling", **kwargs):
    chosen = load_lesson_file(lesson)
    return GradtuiApp(chosen.config, title=chosen.title, lesson=chosen, **kwargs)


def _cursor_in_view(chart: GradientChart) -> bool:
    """Whether the cursor's rows are among the rows on screen (below the header)."""
    visible = chart.size.height - len(chart._header)
    rows = [index for index, row in enumerate(chart.rows) if row.layer == chart.cursor_layer]
    return chart.scroll_y <= rows[0] and rows[-1] < chart.scroll_y + visible


async def _pick(pilot, lesson: str) -> None:
    await pilot.press("L")
    await pilot.pause()
    await pilot.press(*lesson)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_a_new_lesson_shows_row_1_whatever_the_last_one_scrolled():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(GradientChart)
        await pilot.press("e", "g", "g")  # both rows per layer: 20 rows, 16 or 17 shown
        assert chart.metric == "both"
        for _ in range(9):
            await pilot.press("j")
        await pilot.pause()
        assert chart.scroll_y > 0 and _cursor_in_view(chart)
        # Hidden behind the whole detail, the chart cannot follow the cursor back to row 1.
        await pilot.press("d")
        await pilot.pause()
        await _pick(pilot, "exploding")
        assert app.lesson.id == "exploding-constant-5" and app.selected_layer == 1
        assert chart.scroll_y == 0 and _cursor_in_view(chart)
        # Scrolled by the wheel (the cursor still on row 1), then another lesson.
        await pilot.press("g", "g")  # a new lesson drops g's choice: both rows again
        await pilot.pause()
        chart.scroll_to(y=3, animate=False)
        await pilot.pause()
        assert chart.scroll_y == 3
        await _pick(pilot, "clipping")
        assert app.lesson.id == "clipping"
        assert chart.scroll_y == 0 and _cursor_in_view(chart)


async def test_a_blank_column_keeps_the_scrollbar_off_the_digits():
    from gradtui.config import apply_overrides

    config = apply_overrides(load_lesson_file("vanishing-sigmoid").config, ["network.depth=30"])
    app = GradtuiApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        chart = app.query_one(GradientChart)
        assert chart.show_vertical_scrollbar
        content = chart.scrollable_content_region.width
        lines = [chart.render_line(y).text for y in range(chart.size.height)]
        # 3.53×10⁻¹¹ is ten cells, the whole value column: it still ends one cell short.
        assert any("×10⁻¹¹" in line for line in lines)
        # Drawn one cell narrower than the room left of the scrollbar: that cell stays blank.
        assert {len(line) for line in lines} == {content - 1}


async def test_the_whole_detail_scrolls_by_keys_and_says_them():
    from gradtui.tui.widgets.layer_detail import LayerDetail

    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 18)) as pilot:
        await pilot.press("e", "d")
        await pilot.pause()
        detail = app.query_one(LayerDetail)
        assert detail.whole and detail.hidden_lines > 0
        assert "↓/PgDn/End scroll" in detail.visible_text.splitlines()[-1]
        hidden = detail.hidden_lines
        await pilot.press("down")
        assert detail.hidden_lines == hidden - 1 and app.selected_layer == 1
        await pilot.press("end")
        assert detail.hidden_lines == 0
        assert detail.visible_text.splitlines()[-1].startswith(f"↑ {hidden} above")
        await pilot.press("pageup")
        assert detail.hidden_lines > 0
        await pilot.press("pagedown", "home")
        assert detail.hidden_lines == hidden
        await pilot.press("up")  # at the top already: nothing moves, no layer chosen
        assert detail.hidden_lines == hidden and app.selected_layer == 1
        await pilot.press("j")
        assert app.selected_layer == 2  # j/k still choose the layer
        await pilot.press("d")
        await pilot.press("down")
        assert app.selected_layer == 3  # out of the whole detail ↓ chooses the layer again
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=200, record=True, file=io.StringIO())
        for widget in app.screen.query("Static"):
            console.print(widget.content)
        text = console.export_text()
        assert "Whole detail (d): scroll a line down or up" in text
        assert "scroll a page down or up" in text and "scroll to its end or its top" in text


async def test_down_chooses_the_next_layer_where_the_chart_scrolls():
    from gradtui.config import apply_overrides

    config = apply_overrides(load_lesson_file("vanishing-sigmoid").config, ["network.depth=30"])
    app = GradtuiApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(GradientChart)
        assert chart.show_vertical_scrollbar and app.focused is chart
        for _ in range(20):
            await pilot.press("down")
        await pilot.pause()
        assert app.selected_layer == 21 and _cursor_in_view(chart)


async def test_a_metric_with_more_rows_keeps_the_cursor_in_view():
    """At layer 10 with one row a layer, g to two rows a layer: the scroll used to be
    clamped to the one-row chart's height, and layer 10's rows were below the pane."""
    app = make_app("exploding-constant-5")
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(GradientChart)
        await pilot.press(*["space"] * 10, "0")  # the forward pass; 0 skips the question
        await pilot.pause()
        assert app.selected_layer == 10 and chart.metric == "grad_a"
        await pilot.press("g", "g")
        await pilot.pause()
        assert chart.metric == "both" and chart.scroll_y > 0 and _cursor_in_view(chart)


async def test_the_next_lesson_opened_from_the_whole_detail_shows_the_charts_header():
    """The course's n pressed while the whole detail (d) hid the chart: the new lesson's
    chart header was built 0 columns wide, and its title, legend and scale stayed blank."""
    app = make_app("vanishing-sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["space"] * 10, "0", "e", "j", "d")  # 0 skips the question
        await pilot.pause()
        assert not app.query_one(GradientChart).display or app.main.progress.finished
        await pilot.press("n")
        await pilot.pause()
        assert app.lesson.id == "depth-scaling"
        chart = app.query_one(GradientChart)
        assert chart.display
        top = [chart.render_line(y).text for y in range(3)]
        assert top[0].startswith("‖∂L/∂a‖"), top
        assert top[1].startswith("vs row 10"), top


async def test_an_apply_behind_the_form_leaves_the_chart_its_header():
    """At 80 columns the form takes the chart's place; a new network applied there redrew
    the header at the hidden chart's width, and c showed blank lines where it belongs."""
    app = make_app("dead-relu")
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(GradientChart)
        await pilot.press("0", "f")  # skip the question; go to a field
        await pilot.pause()
        await pilot.press(*"optimizer.lr", "enter")
        await pilot.pause()
        await pilot.press("0", ".", "0", "1", "enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        first = chart.render_lines(chart.region.reset_offset)[0].text
        assert "‖∂L/∂a‖" in first
