"""The history view: how the gradients evolved over training (C1, C9, C11, C20, C22)."""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.explain import say, ui
from gradtui.sim.history import History
from gradtui.tui.draw.history import curves, heatmap, share_heatmap
from gradtui.tui.screens.view import ViewScreen
from gradtui.tui.widgets.footer import FittingFooter

__all__ = ["HistoryScreen"]


class HistoryScreen(ViewScreen):
    """A layers × steps heatmap of ‖∂L/∂W‖ and the training curves."""

    BINDINGS = [
        Binding("escape,q,H", "dismiss", "Return", tooltip="Back to the main screen"),
        Binding("t", "train", "Train 100", tooltip="Train 100 steps and watch (p stops)"),
        Binding("p", "stop", "Stop", tooltip="Stop training"),
    ]

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="title", markup=False)
            yield Static(id="heatmap", markup=False)
            yield Static(id="shares", markup=False)
            yield Static(id="curves", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.redraw(curves_later=True)
        self.set_interval(1.0, self._while_training)

    @property
    def _main(self):
        """The main screen, whose network trains and whose history this draws (None in an
        app without one)."""
        return getattr(self.app, "main", None)

    def action_train(self) -> None:
        self._main.action_train()

    def action_stop(self) -> None:
        if getattr(self._main, "training", False):
            self._main.action_run_pause()

    def _while_training(self) -> None:
        if getattr(self._main, "training", False):
            self.redraw()

    def redraw(self, curves_later: bool = False) -> None:
        """Draw the heatmap and the curves from the history as it is now (the curves just
        after the first paint when ``curves_later``: the heatmap shows at once)."""
        self.history = getattr(self._main, "history", self.history)
        with self._lock():  # training may be recording into it from its thread
            self._draw_heatmap()
            if not curves_later:
                self._draw_curves()
        if curves_later:
            self.call_after_refresh(self._draw_curves_locked)

    def _lock(self):
        return getattr(self._main, "history_lock", None) or contextlib.nullcontext()

    def _draw_curves_locked(self) -> None:
        with self._lock():
            self._draw_curves()

    def _draw_curves(self) -> None:
        width = max(self.size.width - 5, 30)  # padding and the scrollbar
        plots = curves(self.history, min(width, 110), 12, self.lang)
        self.query_one("#curves", Static).update(Text("\n").join(plots))

    def _draw_heatmap(self) -> None:
        history = self.history
        title = Text()
        title.append(
            ui("History · ‖∂L/∂W_l‖ by layer (rows) over training (columns)", self.lang), "bold"
        )
        kept = ui("   {recorded} steps recorded, {rows} rows kept · escape back", self.lang)
        title.append(kept.format(recorded=history.recorded, rows=len(history)), "dim")
        self.query_one("#title", Static).update(title)
        palette = self.palette()
        width = max(self.size.width - 5, 30)  # padding and the scrollbar
        lines = heatmap(
            history,
            width,
            max(min(history.depth, 40), 4) + 2,
            palette,
            self.lang,
        )
        self.query_one("#heatmap", Static).update(Text("\n").join(lines))
        shares = []
        for name, title in (
            ("dead", say("history_dead", self.lang)),
            ("saturated", say("history_saturated", self.lang)),
        ):
            rows = share_heatmap(history, name, width, max(min(history.depth, 20), 2))
            if rows:
                shares += [Text(title, "bold"), *rows]
        self.query_one("#shares", Static).update(Text("\n").join(shares))
