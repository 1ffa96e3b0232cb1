"""Compare two configs side by side, on the same seed and data, stepped together (C15, C16,
C18, C19, C20): both gradient charts, both loss curves, and which keeps the gradient alive."""

from __future__ import annotations

import math

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from gradtui.config import Config
from gradtui.explain import describe_phase, ui
from gradtui.explain import format as fmt
from gradtui.explain.compare import verdict
from gradtui.sim import Phase, Stepper
from gradtui.sim.history import History
from gradtui.tui.draw.plots import axis_name, drawn, new_figure
from gradtui.tui.screens.view import ViewScreen
from gradtui.tui.widgets.footer import FittingFooter
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.lines import Wrapped

__all__ = ["CompareScreen", "verdict"]

# The verdict lives with the explanations (it knows no screen); re-exported for callers.

TRAIN_STEPS = 100


class CompareScreen(ViewScreen):
    """Two networks stepped together."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Return", tooltip="Back to the main screen"),
        Binding("space,right,l", "step", "Step both", tooltip="Step both one stage"),
        Binding("e", "finish_pass", "End pass", tooltip="Both to the end of this pass"),
        Binding("t", "train", f"Train {TRAIN_STEPS}", tooltip=f"Train both {TRAIN_STEPS} steps"),
        Binding("R", "reset", "Reset", tooltip="Reset both (same seed)"),
    ]
    DEFAULT_CSS = """
    CompareScreen #sides {
        height: 1fr;
    }
    CompareScreen .side {
        width: 1fr;
    }
    CompareScreen #side-0 {
        /* A's last number and B's first row would otherwise touch. */
        border-right: vkey $panel;
    }
    CompareScreen .name {
        height: 2;
        padding: 0 1;
        background: $panel;
    }
    CompareScreen #verdict {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    CompareScreen #curves {
        height: auto;
        max-height: 14;
    }
    """

    def __init__(self, configs: tuple[Config, Config], names: tuple[str, str]) -> None:
        super().__init__()
        self.configs = configs
        self.names = names
        self.steppers = (Stepper(configs[0]), Stepper(configs[1]))
        self.histories = (History(self.steppers[0].depth), History(self.steppers[1].depth))
        self._training = False

    def compose(self) -> ComposeResult:
        yield Wrapped(id="verdict", markup=False)
        with Horizontal(id="sides"):
            for index, name in enumerate(self.names):
                with Vertical(classes="side", id=f"side-{index}"):
                    yield Static(
                        Text(name, "bold"), classes="name", id=f"name-{index}", markup=False
                    )
                    yield GradientChart(id=f"chart-{index}", mark_spoken=False)
        yield Static(id="curves", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        for index in range(2):
            chart = self.query_one(f"#chart-{index}", GradientChart)
            chart.metric = "grad_a"
        self._show()

    def _show(self) -> None:
        for index, stepper in enumerate(self.steppers):
            snapshot = stepper.snapshot
            self.query_one(f"#chart-{index}", GradientChart).update_snapshot(snapshot)
            loss = "–" if snapshot.loss is None else fmt.number(snapshot.loss, 4)
            where = describe_phase(snapshot, self.lang)
            header = Text(self.names[index], "bold")
            status = ui(" · loss {loss} · step {step}", self.lang)
            header.append(f"\n{where}" + status.format(loss=loss, step=snapshot.step), "dim")
            self.query_one(f"#name-{index}", Static).update(header)
        charts = [self.query_one(f"#chart-{index}", GradientChart) for index in range(2)]
        for chart, other in (charts, charts[::-1]):
            if other.scale is not None:
                chart.widen_scale(other.scale)  # one scale for both, so bars compare
        snapshots = (self.steppers[0].snapshot, self.steppers[1].snapshot)
        self.query_one("#verdict", Static).update(verdict(self.names, snapshots, self.lang))

    def _record(self) -> None:
        for stepper, history in zip(self.steppers, self.histories, strict=True):
            if stepper.snapshot.phase == Phase.UPDATE:
                history.record(stepper.snapshot)

    def action_step(self) -> None:
        if self._training:
            return
        for stepper in self.steppers:
            stepper.step()
        self._record()
        self._show()

    def action_finish_pass(self) -> None:
        if self._training:
            return
        for stepper in self.steppers:
            stepper.finish_pass()
        self._show()

    def action_reset(self) -> None:
        if self._training:
            return
        for stepper in self.steppers:
            stepper.reset()
        self.histories = (History(self.steppers[0].depth), History(self.steppers[1].depth))
        self._show()
        self.query_one("#curves", Static).update("")

    def action_train(self) -> None:
        if self._training:
            return
        self._training = True
        self.notify(
            ui("Training both {steps} steps…", self.lang).format(steps=TRAIN_STEPS),
            timeout=3,
            markup=False,
        )
        self._train(TRAIN_STEPS)

    @work(thread=True, exclusive=True, group="compare-train")
    def _train(self, steps: int) -> None:
        worker = get_current_worker()
        for _ in range(steps):
            if worker.is_cancelled:
                break
            for stepper, history in zip(self.steppers, self.histories, strict=True):
                stepper.train(1)
                history.record(stepper.snapshot)
        for stepper in self.steppers:
            stepper.finish_pass()
        self.app.call_from_thread(self._trained)

    def _trained(self) -> None:
        self._training = False
        self._show()
        self.query_one("#curves", Static).update(self._loss_curves())

    def _loss_curves(self) -> Text:
        width = max(self.size.width - 3, 40)
        plt = new_figure(width, 12)
        for name, history, marker in zip("AB", self.histories, ("braille", "•"), strict=True):
            loss = history.loss
            keep = [bool(value > 0 and math.isfinite(value)) for value in loss]
            steps = [float(step) for step, ok in zip(history.steps, keep, strict=True) if ok]
            values = [math.log10(value) for value, ok in zip(loss, keep, strict=True) if ok]
            if values:
                plt.plot(steps, values, label=name, marker=marker)
        title = Text(ui("loss (log10) over training", self.lang), "bold")
        plot = drawn(plt)
        return Text("\n").join([title, plot, axis_name(ui("training step", self.lang), width)])
