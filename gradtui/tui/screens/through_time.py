"""Through time (C17): ‖∂L/∂h_t‖ back from the last time step to the first, a plain tanh RNN
beside an LSTM, revealed one time step at a time, with the LSTM's forget gate."""

from __future__ import annotations

import functools

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from gradtui.explain import format as fmt
from gradtui.explain import say, ui
from gradtui.explain.regime import EXPLODING_ABOVE, VANISHING_BELOW, classify
from gradtui.explain.through_time import through_time_verdict
from gradtui.sim.recurrent import RECURRENT_SCALE, TASK_HIDDEN, compare_cells
from gradtui.tui.draw.chart import ChartRow, chart_row, scale_for
from gradtui.tui.screens.view import ViewScreen
from gradtui.tui.widgets.footer import FittingFooter
from gradtui.tui.widgets.lines import Wrapped

__all__ = ["LENGTHS", "ThroughTimeScreen"]

LABELS = {"rnn": "tanh RNN: ‖∂L/∂h_t‖", "lstm": "LSTM: ‖∂L/∂h_t‖ · σ(f)"}

LENGTHS = (10, 20, 50, 100, 200)
"""The sequence lengths T the view offers (+ and − move between them)."""


@functools.lru_cache(maxsize=8)
def _cells(steps: int, seed: int):
    """The comparison is deterministic: compute each (T, seed) once per session."""
    return compare_cells(steps, seed)


class ThroughTimeScreen(ViewScreen):
    """Step backward through time; charts for the RNN and the LSTM side by side."""

    BINDINGS = [
        Binding("escape,q,B", "dismiss", "Return", tooltip="Back to the main screen"),
        # "Step", as on the main screen: the title says which way (a longer label pushed
        # the footer past 80 columns).
        Binding("space,right,l", "step", "Step", tooltip="One time step further back"),
        Binding("e", "reveal", "All", tooltip="Go back to the first time step"),
        Binding("R", "restart", "Restart", tooltip="Start again from the last time step"),
        Binding("plus,equals_sign", "length(1)", "Longer", tooltip="A longer sequence (T)"),
        Binding("minus", "length(-1)", "Shorter", tooltip="A shorter sequence (T)"),
    ]
    DEFAULT_CSS = """
    ThroughTimeScreen #tt-verdict, ThroughTimeScreen #tt-title, ThroughTimeScreen #tt-about {
        padding: 0 1;
        height: auto;
    }
    ThroughTimeScreen #tt-title {
        background: $panel;
    }
    ThroughTimeScreen #tt-sides {
        height: 1fr;
    }
    ThroughTimeScreen .tt-side {
        width: 1fr;
    }
    ThroughTimeScreen .tt-label {
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, steps: int = 50, seed: int = 0) -> None:
        super().__init__()
        self.steps = steps
        self.seed = seed
        self.results = _cells(steps, seed)
        self.reached = steps
        """The earliest time step revealed so far (T at the start)."""

    def compose(self) -> ComposeResult:
        yield Wrapped(id="tt-title", markup=False)
        yield Wrapped(id="tt-about", markup=False)
        with Horizontal(id="tt-sides"):
            for cell in ("rnn", "lstm"):
                # The label stays above its column while the column scrolls to the step.
                with Vertical(classes="tt-side"):
                    yield Static(LABELS[cell], classes="tt-label", markup=False)
                    with VerticalScroll():
                        yield Static(id=f"tt-{cell}", markup=False)
        yield Wrapped(id="tt-verdict", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._draw()

    def action_step(self) -> None:
        self.reached = max(self.reached - 1, 1)
        self._draw()

    def action_reveal(self) -> None:
        self.reached = 1
        self._draw()

    def action_restart(self) -> None:
        self.reached = self.steps
        self._draw()

    def action_length(self, change: int) -> None:
        index = LENGTHS.index(self.steps) if self.steps in LENGTHS else 2
        self.steps = LENGTHS[min(max(index + change, 0), len(LENGTHS) - 1)]
        self.results = _cells(self.steps, self.seed)
        self.reached = self.steps
        self._draw()

    def _follow(self) -> None:
        """Keep the step just reached in view (t = 1 is at the top)."""
        for scroller in self.query(VerticalScroll):
            scroller.scroll_to(
                y=max(self.reached - 1 - scroller.size.height // 2, 0), animate=False
            )

    def _draw(self) -> None:
        title = Text()
        heading = ui("Through time (C17): a memory task over T = {steps} steps", self.lang)
        title.append(heading.format(steps=self.steps), "bold")
        keys = ui(
            " · now at step {step} · space one step back, e all, +/− T, escape back", self.lang
        )
        title.append(keys.format(step=self.reached), "dim")
        self.query_one("#tt-title", Static).update(title)
        about = Text(say("tt_about", self.lang, hidden=TASK_HIDDEN, scale=RECURRENT_SCALE))
        legend = say(
            "tt_legend",
            self.lang,
            last=self.steps,
            below=fmt.percent(VANISHING_BELOW),
            above=fmt.times(EXPLODING_ABOVE),
        )
        about.append("\n" + legend, "dim")  # on a line of its own, as the main chart's
        self.query_one("#tt-about", Static).update(about)
        values = [float(v) for result in self.results.values() for v in result.grad_h_norms]
        scale = scale_for(values)
        palette = self.palette()
        # Each column is half the screen less its scrollbar (2) and a blank column before it.
        width = max(self.size.width // 2 - 3, 30)
        for cell, result in self.results.items():
            norms = result.grad_h_norms
            reference = float(norms[-1])
            text = Text()
            for t in range(1, self.steps + 1):
                value = float(norms[t - 1]) if t >= self.reached else None
                row = ChartRow(t, "h", value, classify(value, reference))
                line = chart_row(
                    row,
                    scale,
                    width - (6 if cell == "lstm" else 0),
                    cursor=t == self.reached,
                    current=False,
                    label_width=len(str(self.steps)),
                    palette=palette,
                )
                if cell == "lstm" and result.forget_gate_mean is not None and value is not None:
                    line.append(f" {result.forget_gate_mean[t - 1]:.2f}", "dim")
                text.append_text(line)
                text.append("\n")
            self.query_one(f"#tt-{cell}", Static).update(text)
        self.call_after_refresh(self._follow)
        verdict = (
            through_time_verdict(self.results, self.lang)
            if self.reached == 1
            else say("tt_travel", self.lang, steps=self.steps)
        )
        self.query_one("#tt-verdict", Static).update(verdict)
