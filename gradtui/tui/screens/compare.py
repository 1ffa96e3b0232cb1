"""Compare two configs side by side, on the same seed and data, stepped together (C15, C16,
C18, C19, C20): both gradient charts, both loss curves, and which keeps the gradient alive."""

from __future__ import annotations

import math

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from gradtui.config import Config
from gradtui.explain import format as fmt
from gradtui.sim import Phase, Snapshot, Stepper
from gradtui.sim.history import History
from gradtui.tui.widgets.gradient_chart import GradientChart

__all__ = ["CompareScreen", "verdict"]

TRAIN_STEPS = 100


def _left_at_input(snapshot: Snapshot) -> float | None:
    """What is left of the output's gradient at layer 1, if the pass got there."""
    back = snapshot.backward[0] if snapshot.backward else None
    return None if back is None else back.running_product


def verdict(names: tuple[str, str], snapshots: tuple[Snapshot, Snapshot]) -> str:
    """One sentence: which config keeps more of the gradient at layer 1, and by how much."""
    left = [_left_at_input(snapshot) for snapshot in snapshots]
    if left[0] is None or left[1] is None:
        return "Step both through a whole pass (e) to compare what reaches layer 1."
    described = [
        f"{name}: {fmt.times(value)} the output's gradient"
        if value > 1
        else f"{name}: {fmt.share(value)} of the output's gradient"
        for name, value in zip(names, left, strict=True)
    ]
    sentence = f"At layer 1, {described[0]}; {described[1]}."
    if not all(math.isfinite(value) for value in left):
        broken = [name for name, value in zip(names, left, strict=True) if not math.isfinite(value)]
        return f"{sentence} {' and '.join(broken)} overflowed to inf or NaN."
    distance = [abs(math.log10(value)) if value > 0 else math.inf for value in left]
    if distance[0] == distance[1]:
        return f"{sentence} Both keep the gradient alike."
    better = 0 if distance[0] < distance[1] else 1
    worse = 1 - better
    if left[better] == 0 or left[worse] == 0:
        ratio_text = "while the other's is exactly 0"
    else:
        ratio = max(left[better], left[worse]) / min(left[better], left[worse])
        ratio_text = f"{fmt.number(ratio)}× {'more' if left[better] > left[worse] else 'less'}"
    return (
        f"{sentence} {names[better]} keeps the gradient nearer the output's "
        f"(×1 is perfect): {ratio_text}."
    )


class CompareScreen(Screen[None]):
    """Two networks stepped together."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", tooltip="Back to the main screen"),
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
        yield Static(id="verdict")
        with Horizontal(id="sides"):
            for index, name in enumerate(self.names):
                with Vertical(classes="side"):
                    yield Static(Text(name, "bold"), classes="name", id=f"name-{index}")
                    yield GradientChart(id=f"chart-{index}")
        yield Static(id="curves")
        yield Footer(compact=True)

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
            where = snapshot.phase.value + (f" {snapshot.layer}" if snapshot.layer else "")
            header = Text(self.names[index], "bold")
            header.append(f"\n{where} · loss {loss} · step {snapshot.step}", "dim")
            self.query_one(f"#name-{index}", Static).update(header)
        charts = [self.query_one(f"#chart-{index}", GradientChart) for index in range(2)]
        for chart, other in (charts, charts[::-1]):
            if other.scale is not None:
                chart.widen_scale(other.scale)  # one scale for both, so bars compare
        snapshots = (self.steppers[0].snapshot, self.steppers[1].snapshot)
        self.query_one("#verdict", Static).update(verdict(self.names, snapshots))

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
        self.notify(f"Training both {TRAIN_STEPS} steps…", timeout=3)
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
        import plotext as plt  # only when curves are first drawn

        plt.clear_figure()
        plt.plot_size(max(self.size.width - 3, 40), 12)
        plt.theme("clear")
        plt.title("loss (log10) over training")
        for name, history, marker in zip(self.names, self.histories, ("braille", "•"), strict=True):
            loss = history.loss
            keep = [bool(value > 0 and math.isfinite(value)) for value in loss]
            steps = [float(step) for step, ok in zip(history.steps, keep, strict=True) if ok]
            values = [math.log10(value) for value, ok in zip(loss, keep, strict=True) if ok]
            if values:
                plt.plot(steps, values, label=name, marker=marker)
        plt.xlabel("training step")
        return Text.from_ansi(plt.build())
