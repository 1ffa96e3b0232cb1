"""The chart and detail renderers as pure functions of a snapshot."""

from __future__ import annotations

import math

from rich.style import Style

from gradtui.explain import rows_spoken_of
from gradtui.explain.regime import Regime
from gradtui.lessons import load_lesson
from gradtui.sim import Phase, Stepper
from gradtui.tui.draw.chart import (
    ChartRow,
    Scale,
    chart_header,
    chart_row,
    chart_rows,
    scale_for,
)
from gradtui.tui.draw.detail import histogram, layer_detail

PALETTE = {regime: Style() for regime in Regime}


def _full_pass(lesson: str = "vanishing-sigmoid"):
    stepper = Stepper(load_lesson(lesson))
    return stepper, stepper.finish_pass()


def test_rows_follow_the_metric_and_fill_from_the_output():
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    stepper.run_to(Phase.BACKWARD, stepper.depth - 2)  # layers 10, 9, 8 done
    snapshot = stepper.snapshot
    rows = chart_rows(snapshot, "both")
    assert len(rows) == 2 * snapshot.depth
    assert [row.kind for row in rows[:2]] == ["a", "W"]
    done = [row.layer for row in chart_rows(snapshot, "grad_w") if row.value is not None]
    assert done == [8, 9, 10]
    # Row 7's ‖∂L/∂a_7‖ is what layer 8 passed on: the log names it at this step.
    passed = [row.layer for row in chart_rows(snapshot, "grad_a") if row.value is not None]
    assert passed == [7, 8, 9, 10]
    assert rows[12].value == snapshot.backward[7].grad_in_norm
    assert all(row.regime == Regime.PENDING for row in rows if row.value is None)


def test_a_bracket_marks_the_rows_the_log_speaks_of():
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    stepper.run_to(Phase.BACKWARD, 7)
    snapshot = stepper.snapshot
    assert rows_spoken_of(snapshot) == (7, 6)
    marked = {(row.layer, row.kind): row.bracket for row in chart_rows(snapshot, "both")}
    assert [marked[key] for key in [(6, "a"), (6, "W"), (7, "a"), (7, "W")]] == list("┌││└")
    assert {glyph for key, glyph in marked.items() if key[0] not in (6, 7)} == {" "}
    single = [row.bracket for row in chart_rows(snapshot, "grad_a")]
    assert single[5:7] == ["┌", "└"]
    stepper.run_to(Phase.UPDATE)
    apart = [row.bracket for row in chart_rows(stepper.snapshot, "grad_a")]
    assert apart[0] == apart[-1] == "[" and set(apart[1:-1]) == {" "}
    row = chart_rows(snapshot, "grad_a")[6]
    drawn = chart_row(
        row,
        Scale(-6, 1),
        44,
        cursor=True,
        current=True,
        label_width=2,
        palette=PALETTE,
        margin=True,
    )
    assert drawn.plain.startswith("└▶ 7 a") and drawn.cell_len == 44
    header = [line.plain for line in chart_header(Scale(-6, 1), 44, "grad_a", 2, margin=True)]
    assert "┌└ the rows the log speaks of" in header
    zh = [line.plain for line in chart_header(Scale(-6, 1), 44, "grad_a", 2, "zh", margin=True)]
    assert any("┌└" in line for line in zh)


def test_regimes_in_the_default_lesson():
    _, snapshot = _full_pass()
    regimes = {row.layer: row.regime for row in chart_rows(snapshot, "grad_a")}
    assert regimes[1] == Regime.VANISHING and regimes[10] == Regime.HEALTHY


def test_scale_covers_every_value_in_whole_decades_and_only_grows():
    scale = scale_for([3.6e-4, 0.5, None, math.inf])
    assert scale == Scale(-6, 1)  # two decades of headroom below, one above
    assert scale_for([0.01], scale) == scale
    assert scale_for([9.0], scale) == scale
    assert scale_for([120.0], scale) == Scale(-6, 5)  # grows by two more than needed
    assert scale_for([1e-7], scale) == Scale(-9, 1)
    assert scale_for([]) == Scale(-2, 0)
    assert scale_for([1.0]).high - scale_for([1.0]).low >= 2


def test_a_row_shows_glyph_and_value_so_it_reads_without_colour():
    _, snapshot = _full_pass()
    rows = chart_rows(snapshot, "grad_a")
    scale = Scale(-4, 0)
    text = chart_row(
        rows[0], scale, 50, cursor=True, current=False, label_width=2, palette=PALETTE
    ).plain
    assert len(text) == 50
    assert text.startswith("▶ 1 a ")
    assert "▽" in text and text.endswith("3.64×10⁻⁴")
    longest = chart_row(
        rows[8], scale, 50, cursor=False, current=False, label_width=2, palette=PALETTE
    ).plain
    assert longest.count("█") > text.count("█")


def test_a_tiny_norm_never_runs_into_its_glyph_at_80_columns():
    # init-matters at std 0.01 (depth 20) reaches norms like 4.83×10⁻³³: ten cells, the
    # whole value column; the glyph and the number keep a space between them.
    from gradtui.explain import format as fmt

    for value in (4.83e-33, 1.2e-20, 1.23e-120, 0.00415):
        number = fmt.number(value)
        for label_width in (2, 3):
            for row, glyph in (
                (ChartRow(20, "a", value, Regime.VANISHING), "▽"),
                (ChartRow(20, "a", None, Regime.PENDING, stale=value), "·"),
            ):
                text = chart_row(
                    row,
                    Scale(-40, 0),
                    56,
                    cursor=False,
                    current=False,
                    label_width=label_width,
                    palette=PALETTE,
                    margin=True,
                ).plain
                assert len(text) == 56, text
                assert text.endswith(f"{glyph} {number}") or text.endswith(f"  {number}"), text
                assert f"{glyph}{number}" not in text, text


def test_overflow_and_pending_rows():
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    snapshot = stepper.run_to(Phase.FORWARD, 3)
    rows = chart_rows(snapshot, "grad_a")
    scale = Scale(-2, 0)
    pending = chart_row(
        rows[0], scale, 40, cursor=False, current=False, label_width=2, palette=PALETTE
    ).plain
    assert "·" in pending and "█" not in pending
    later = chart_row(
        rows[5], scale, 40, cursor=False, current=False, label_width=2, palette=PALETTE
    ).plain
    assert later.strip() == "6 a"


def test_the_header_labels_the_scale_ends_with_powers_of_ten():
    lines = [line.plain for line in chart_header(Scale(-6, 0), 60, "both", 2)]
    axis = lines[-1]
    assert "10⁻⁶" in axis and "10⁰" in axis
    assert "‖∂L/∂a‖" in lines[0]
    assert any("▽" in line for line in lines)
    narrow = [line.plain for line in chart_header(Scale(-6, 0), 30, "grad_a", 2)]
    assert all(len(line) <= 30 for line in narrow)
    # Bars too short for both labels: the ends are still both there, not overlapping.
    for width in (14, 20, 24):
        axis = chart_header(Scale(-6, 1), width, "both", 2)[-1].plain.split()
        assert axis == ["10⁻⁶", "10¹"], (width, axis)


def test_histogram_and_detail():
    lines = [line.plain for line in histogram([0, 5, 10], 0.0, 0.25)]
    assert lines[0][:2] == "  " and lines[1][-2:] == "██" and lines[-1].startswith("0")
    stepper, snapshot = _full_pass()
    detail = layer_detail(snapshot, stepper.layers[0], 1).plain
    for expected in ("Layer 1 of 10", "σ'(z) mean 0.14", "local factor ×0.62", "1/1,130"):
        assert expected in detail


def test_each_running_product_in_the_detail_says_which_rows_it_compares():
    """Row l's running product and the one passed on to row l−1 sit one above the other:
    each names its rows, so that the two are not read as one number."""
    stepper, snapshot = _full_pass()
    detail = layer_detail(snapshot, stepper.layers[3], 4).plain
    assert "row 4: ‖∂L/∂a‖ 0.00635 · running product 1/40 ·" in detail
    assert "running product 1/133 (row 3 ÷ row 10)" in detail
    first = layer_detail(snapshot, stepper.layers[0], 1).plain
    assert "running product 1/1,130 (‖∂L/∂x‖ ÷ row 10)" in first
    chinese = layer_detail(snapshot, stepper.layers[3], 4, "zh").plain
    assert "第 4 行：‖∂L/∂a‖ 0.00635 · 累积乘积 1/40 ·" in chinese
    assert "累积乘积 1/133（第 3 行 ÷ 第 10 行）" in chinese


def test_a_clipping_network_says_its_bars_are_before_clipping():
    """The chart draws the backward pass's gradients; clipping scales only the update's copy
    of the parameters' gradients, so with clipping on the header says the bars are before
    it, and the layer detail what the update used."""
    from gradtui.lessons import load_lesson_file

    plain = [line.plain for line in chart_header(Scale(-6, 1), 42, "both", 2)]
    assert not any("clipping" in line for line in plain)
    for lang, words in (("en", "bars: gradients before clipping"), ("zh", "条形：裁剪前的梯度")):
        lines = [
            line.plain for line in chart_header(Scale(-6, 1), 42, "grad_a", 2, lang, clipping=True)
        ]
        assert any(words in line for line in lines)
    stepper = Stepper(load_lesson_file("clipping").variant_config("clipped"))
    stepper.run_to(Phase.BACKWARD, 1)
    before = layer_detail(stepper.snapshot, stepper.layers[0], 1).plain
    assert "clipped for the update" not in before  # not clipped yet in this pass
    snapshot = stepper.step()
    assert snapshot.phase == Phase.CLIP
    scale = snapshot.clip.norm_after / snapshot.clip.norm_before
    detail = layer_detail(snapshot, stepper.layers[0], 1).plain
    back = snapshot.backward[0]
    from gradtui.explain import format as fmt

    expected = f"clipped for the update: ‖∂L/∂W‖ ×{fmt.number(scale)} = "
    assert expected + fmt.number(back.grad_w_norm * scale) in detail


def test_only_the_changed_cells_of_a_line_are_repainted():
    from rich.text import Text

    from gradtui.tui.widgets.lines import changed_span

    before = Text("local factor ×0.62 = ×0.17 (σ')")
    after = Text("local factor ×0.43 = ×0.17 (σ')")
    assert changed_span(before, after, 40) == (16, 18)  # "62" became "43"
    assert changed_span(before, before.copy(), 40) == (0, 0)
    longer = Text("local factor ×0.62 = ×0.17 (σ') ×3")
    assert changed_span(before, longer, 40) == (31, 34)
    styled = before.copy()
    styled.stylize("bold", 0, 5)
    assert changed_span(before, styled, 40) == (0, 5)
    assert changed_span(Text("梯度 0.1"), Text("梯度 0.2"), 40) == (0, 40)  # wide: whole line


def _mark_by_rule(kind: str, value: float, output: float) -> str:
    """The glyph the legend promises, worked out again from the numbers alone: against
    row L of the same kind, and for ‖∂L/∂W‖ also above 100 itself."""
    if not math.isfinite(value):
        return "✖"
    ratio = value / output if output else math.inf
    if kind == "W" and value > 100:
        return "▲"
    return "▽" if ratio < 1e-2 else "▲" if ratio > 1e2 else "●"


def test_every_mark_is_true_of_the_number_beside_it():
    """Every weight 5 (C4): ‖∂L/∂W‖ is 3.81×10¹³ at every layer, as large as row 10's, so
    against row 10 alone it read ● beside 3.81×10¹³. Each row's glyph is what the legend
    says of its number, in every view and both languages, read from the text (no colour)."""
    from gradtui.explain import format as fmt

    for lesson in ("exploding-constant-5", "vanishing-sigmoid", "clipping", "residual-rescue"):
        _, snapshot = _full_pass(lesson)
        depth = snapshot.depth
        for metric in ("both", "grad_a", "grad_w"):
            rows = chart_rows(snapshot, metric)
            output = {row.kind: row.value for row in rows if row.layer == depth}
            scale = scale_for([row.value for row in rows])
            for row in rows:
                text = chart_row(
                    row, scale, 44, cursor=False, current=False, label_width=2, palette=PALETTE
                ).plain
                glyph = _mark_by_rule(row.kind, row.value, output[row.kind])
                assert text.split()[-2:] == [glyph, fmt.number(row.value)], (lesson, text)
    _, snapshot = _full_pass("exploding-constant-5")
    marks = {(row.layer, row.kind): row.regime for row in chart_rows(snapshot, "both")}
    assert marks[10, "a"] == Regime.HEALTHY  # row 10 against itself: the legend says so
    assert {marks[layer, "W"] for layer in range(1, 11)} == {Regime.EXPLODING}
    assert marks[8, "a"] == Regime.HEALTHY  # 4.88×10⁸ is 25× row 10's: not above 100×


def test_the_legend_says_what_the_marks_are_judged_against():
    for width in (40, 41, 42, 44, 60, 100):
        for lang, against, huge in (
            ("en", "vs row 10:", "above 100"),
            ("zh", "比第 10 行", "超过 100"),
        ):
            for metric in ("both", "grad_a", "grad_w"):
                lines = chart_header(
                    Scale(-6, 1), width, metric, 2, lang, margin=True, clipping=True, last_row=10
                )
                plain = " ".join(line.plain for line in lines)
                assert all(line.cell_len <= width for line in lines)
                assert against in plain and "1%" in plain and "100×" in plain
                for glyph in "▽●▲✖":
                    assert glyph in plain  # nothing cut at the edge
                assert (huge in plain) == (metric != "grad_a"), (metric, plain)
                assert ("┌└" in plain) and ("clipping" in plain or "裁剪" in plain)
    # At 80×24 (the chart 43 cells beside a scrollbar) the legend is one line.
    en = [line.plain for line in chart_header(Scale(-6, 1), 42, "both", 2, last_row=10)]
    assert en[1] == "vs row 10: ▽ <1% ● ok ▲ >100× ✖ inf/NaN"
    # A recorded model (gradtui watch) is judged against its last rows, and by no size.
    watch = " ".join(
        line.plain for line in chart_header(Scale(-6, 1), 60, "both", 2, huge_weights=False)
    )
    assert "the last row of its kind" in watch and "above 100" not in watch


def test_the_glossary_says_what_a_mark_is_judged_against():
    from gradtui.tui.draw.glossary import glossary

    for lang, words in (
        ("en", ("row L is always ●", "above 100")),
        ("zh", ("第 L 行总是 ●", "超过 100")),
    ):
        text = glossary(lang).plain
        assert all(word in text for word in words), lang
