"""``gradtui watch FILE``'s screen: a real run's gradients, live, in gradtui's chart.

One row per module in the chart (``W``: ‖∂L/∂θ‖ of a module with parameters; ``a``: ‖∂L/∂a‖
at an activation's output), the history heatmap of the ``W`` rows below it and the
explanation log beside it, which gets an entry whenever what it would say changes (a module
starts or stops vanishing, inf or NaN appears, the run ends). The file is polled
``POLL_SECONDS`` apart: one ``stat`` when nothing was written, and only the new records
otherwise, so a run writing thousands of steps a second costs the screen a few redraws a
second.
"""

from __future__ import annotations

import math
import os
import time
from types import SimpleNamespace

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from gradtui.explain import format as fmt
from gradtui.explain import say, ui
from gradtui.explain.regime import Regime
from gradtui.sim.history import History
from gradtui.text import PATH_LIMIT, printable
from gradtui.tui.draw.chart import ChartRow
from gradtui.tui.draw.history import heatmap
from gradtui.tui.keys import show_keys_in
from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, load_themes, regime_palette
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.footer import FittingFooter
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.watch.diagnosis import _dead, diagnose, regimes
from gradtui.watch.fileformat import Reader, WatchFileError, where_text

__all__ = ["POLL_SECONDS", "WatchApp", "WatchChart", "WatchScreen", "run_watch_app"]

POLL_SECONDS = 0.25
QUIET_SECONDS = 10
"""Without a new step for this long (and no end written), the run may have stopped."""
LABEL_WIDTH = 12
"""Cells for a module's name in the chart (longer names keep their end)."""


class WatchChart(GradientChart):
    """The gradient chart, one row per module of a recorded model, named as in the model."""

    judges_huge_weights = False
    """A recorded model's rows are judged against the last row only (``diagnosis``): its
    loss and learning rate are the model's own, so no size is huge for every model."""

    def __init__(self, **kwargs) -> None:
        super().__init__(mark_spoken=False, **kwargs)
        self._watch_rows: list[ChartRow] | None = None
        self._label_cells = 1

    def show_rows(self, rows: list[ChartRow]) -> None:
        self._label_cells = min(max((len(row.label) for row in rows), default=1), LABEL_WIDTH)
        self._watch_rows = rows
        self._rebuild()

    def _chart_rows(self) -> list[ChartRow] | None:
        return self._watch_rows

    @property
    def _label_width(self) -> int:
        return self._label_cells

    def _row_index(self, layer: int) -> int:
        return layer - 1

    def _row_text(self, index: int, width: int) -> Text:
        from gradtui.tui.draw.chart import chart_row

        row = self._rows[index]
        assert self._scale is not None
        return chart_row(
            row,
            self._scale,
            width,
            cursor=row.layer == self.cursor_layer,
            current=False,
            label_width=self._label_width,
            show_a=False,
            palette=self.palette(),
        )


class WatchScreen(Screen[None]):
    """The chart, the log and the heatmap of one watch file, polled while it grows."""

    DEFAULT_CSS = """
    WatchScreen #status { height: 1; background: $panel; padding: 0 1; }
    WatchScreen #detail { height: 1; padding: 0 1; }
    WatchScreen #panes { height: 1fr; }
    WatchScreen WatchChart { width: 1fr; min-width: 40; }
    WatchScreen ExplanationLog { width: 2fr; max-width: 60; border-left: solid $panel; }
    WatchScreen #heatmap { height: auto; padding: 0 1; }
    WatchScreen.narrow ExplanationLog { width: 1fr; }
    """
    BINDINGS = [
        Binding("q,ctrl+q", "app.quit", "Quit", tooltip="Quit (ctrl+q too)"),
        Binding("down,j", "move(1)", "Next row", tooltip="Select the next module"),
        Binding("up,k", "move(-1)", "Previous row", tooltip="Select the previous module"),
        Binding("H", "toggle_heatmap", "Heatmap", tooltip="Show or hide the history heatmap"),
        Binding("z", "toggle_lang", "中文/English", tooltip="Explanations in Chinese or English"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.reader = Reader(path)
        self.history: History | None = None
        self.problem: str | None = None
        self._said: tuple | None = None
        self._generation = -1
        self._fed = 0
        self._last_arrival = time.monotonic()
        self._status: Text | None = None

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Static(id="detail", markup=False)
        with Horizontal(id="panes"):
            yield WatchChart()
            yield ExplanationLog()
        yield Static(id="heatmap", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        show_keys_in(self, self.lang)
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    # ------------------------------------------------------------------ reading
    def poll(self) -> None:
        """Read what the run wrote since the last poll and show it."""
        was_ended = self.reader.ended
        try:
            arrived = self.reader.poll()
        except FileNotFoundError:
            self.problem = ui("waiting for {path} to be created", self.lang)
            self._show_status()
            return
        except (OSError, WatchFileError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self.problem = f"{reason}"
            self._show_status()
            return
        self.problem = None
        reader = self.reader
        if arrived:
            self._last_arrival = time.monotonic()
        if reader.generation != self._generation:
            self._generation = reader.generation
            self.history = None
            self._fed = 0
        if reader.header is None:
            self._show_status()
            return
        if arrived or self.history is None or reader.ended != was_ended:
            self._feed_history()
            self._show()
        else:
            self._show_status()  # "live" turns into "no new step for …" when the run stops

    def _feed_history(self) -> None:
        header, steps = self.reader.header, self.reader.steps
        assert header is not None
        w_rows = [i for i, row in enumerate(header.rows) if row.kind == "W"]
        if not w_rows:
            return
        if self.history is None:
            self.history = History(len(w_rows))
            self._fed = 0
        for index in range(self._fed, len(steps)):
            values = steps.values[index]
            self.history.record(
                SimpleNamespace(
                    step=steps.last[index],
                    depth=len(w_rows),
                    loss=steps.loss[index],
                    forward=[None] * len(w_rows),
                    backward=[
                        SimpleNamespace(grad_a_norm=math.nan, grad_w_norm=values[i, 0])
                        for i in w_rows
                    ],
                    update=[
                        SimpleNamespace(update_ratio=values[i, 2], prelu_alpha=None) for i in w_rows
                    ],
                )
            )
        self._fed = len(steps)

    # ------------------------------------------------------------------ drawing
    def _show(self) -> None:
        header, steps = self.reader.header, self.reader.steps
        assert header is not None
        chart = self.query_one(WatchChart)
        if len(steps):
            values = steps.values[-1]
            judged = regimes(header, values)
            rows = [
                ChartRow(
                    index + 1,
                    row.kind,
                    None if math.isnan(values[index, 0]) else float(values[index, 0]),
                    judged[index],
                    label=row.name,
                )
                for index, row in enumerate(header.rows)
            ]
            chart.show_rows(rows)
            self._log_if_changed(judged)
        else:
            chart.show_rows(
                [
                    ChartRow(index + 1, row.kind, None, Regime.PENDING, label=row.name)
                    for index, row in enumerate(header.rows)
                ]
            )
            self._log_if_changed([])
        self._show_status()
        self._show_detail()
        self._show_heatmap()

    def _log_if_changed(self, judged: list[Regime]) -> None:
        header, steps = self.reader.header, self.reader.steps
        assert header is not None
        bad = where_text(steps, header, -1) if len(steps) else None
        dead = bool(_dead(header, steps.values[-1])) if len(steps) else False
        said = (tuple(judged), bad, dead, self.reader.ended)
        if said == self._said:
            return
        self._said = said
        sentences = diagnose(header, steps, -1, self.lang)
        if self.reader.ended:
            sentences.append(say("watch_ended", self.lang))
        self.query_one(ExplanationLog).add_entry(sentences, self.lang)

    def _show_status(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(printable(os.path.basename(self.path), PATH_LIMIT), "bold")
        reader = self.reader
        if self.problem is not None:
            text.append(" · " + self.problem.format(path=self.path))
        elif reader.header is None:
            text.append(" · " + ui("waiting for the run to start", self.lang))
        else:
            text.append(f" · {reader.header.model}")
            steps = reader.steps
            if len(steps):
                line = ui("step {step} · loss {loss}", self.lang)
                text.append(
                    " · " + line.format(step=steps.last[-1], loss=fmt.number(steps.loss[-1]))
                )
            quiet = int(time.monotonic() - self._last_arrival)
            if reader.ended:
                state = ui("ended", self.lang)
            elif quiet >= QUIET_SECONDS:
                state = ui("no new step for {seconds} s", self.lang).format(seconds=quiet)
            else:
                state = ui("live", self.lang)
            text.append(f" · {state}", "bold" if state == ui("live", self.lang) else "dim")
        if text != self._status:
            self._status = text
            self.query_one("#status", Static).update(text)

    def _show_detail(self) -> None:
        """The selected module's numbers at the last step."""
        header, steps = self.reader.header, self.reader.steps
        text = Text(no_wrap=True, overflow="ellipsis")
        if header is None or not len(steps):
            self.query_one("#detail", Static).update(text)
            return
        chart = self.query_one(WatchChart)
        index = min(max(chart.cursor_layer, 1), len(header.rows)) - 1
        row = header.rows[index]
        values = steps.values[-1][index]
        text.append(f"{row.name} ", "bold")
        text.append(f"{row.type} · ")
        if row.kind == "W":
            line = ui("‖∂L/∂θ‖ {grad} · ‖θ‖ {weight} · update ‖Δθ‖÷‖θ‖ {update}", self.lang)
            text.append(
                line.format(
                    grad=fmt.number(values[0]),
                    weight=fmt.number(values[1]),
                    update=ui("none yet", self.lang)
                    if math.isnan(values[2])
                    else fmt.number(values[2]),
                )
            )
        else:
            line = ui("‖∂L/∂a‖ {grad}", self.lang).format(grad=fmt.number(values[0]))
            if not math.isnan(values[1]):
                line += " · " + ui("dead {share}", self.lang).format(share=fmt.percent(values[1]))
            if not math.isnan(values[2]):
                line += " · " + ui("saturated {share}", self.lang).format(
                    share=fmt.percent(values[2])
                )
            text.append(line)
        self.query_one("#detail", Static).update(text)

    def _show_heatmap(self) -> None:
        widget = self.query_one("#heatmap", Static)
        header = self.reader.header
        if self.history is None or header is None or not len(self.history):
            widget.update(Text(""))
            return
        labels = [row.name for row in header.rows if row.kind == "W"]
        palette = regime_palette(self.app.get_css_variables())
        # A third of the screen at most: the chart and the log keep the rest.
        height = max(min(len(labels) + 2, (self.size.height - 4) // 3 - 1), 3)
        lines = heatmap(
            self.history,
            self.size.width - 2,
            height,
            palette,
            self.lang,
            labels,
            huge_weights=False,  # a recorded model: judged against its last row only
        )
        title = Text(ui("History · ‖∂L/∂θ‖ of each module over the steps", self.lang), "bold")
        widget.update(Text("\n").join([title, *lines]))

    # ------------------------------------------------------------------ keys
    def action_move(self, by: int) -> None:
        header = self.reader.header
        if header is None:
            return
        chart = self.query_one(WatchChart)
        chart.cursor_layer = min(max(chart.cursor_layer + by, 1), len(header.rows))
        self._show_detail()

    def action_toggle_heatmap(self) -> None:
        widget = self.query_one("#heatmap", Static)
        widget.display = not widget.display

    def action_toggle_lang(self) -> None:
        self.app.lang = "en" if self.lang == "zh" else "zh"
        show_keys_in(self, self.lang)
        self.query_one(WatchChart).redraw_header()
        self._said = None
        if self.reader.header is not None:
            self._show()
        else:
            self._show_status()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "narrow")
        if self.reader.header is not None:
            self._show_heatmap()


class WatchApp(App[None]):
    """The watch screen with gradtui's themes and language."""

    TITLE = "gradtui watch"

    def __init__(self, path: str, *, lang: str | None = None, theme: str | None = None) -> None:
        super().__init__()
        self.lang = lang or "en"
        self._requested_theme = theme
        self.path = path

    def get_default_screen(self) -> WatchScreen:
        return WatchScreen(self.path)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(GRADIENT_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        themes, problems = load_themes()
        for theme in themes:
            self.register_theme(theme)
        wanted = self._requested_theme or "gradtui-dark"
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            problems = [f"No theme named {wanted!r}; using gradtui-dark.", *problems]
            if "gradtui-dark" in self.available_themes:
                self.theme = "gradtui-dark"
        for problem in problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)


def run_watch_app(path: str, *, lang: str | None = None, theme: str | None = None) -> int:
    app = WatchApp(path, lang=lang, theme=theme)
    app.run()
    return app.return_code or 0
