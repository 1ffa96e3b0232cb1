"""The history view: how the gradients evolved over training (C1, C9, C11, C20, C22)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from gradtui.explain.regime import Regime
from gradtui.sim.history import History
from gradtui.tui.history_view import curves, heatmap

__all__ = ["HistoryScreen"]


class HistoryScreen(Screen[None]):
    """A layers × steps heatmap of ‖∂L/∂W‖ and the training curves."""

    BINDINGS = [Binding("escape,q,H", "dismiss", "Back", tooltip="Back to the main screen")]
    DEFAULT_CSS = """
    HistoryScreen > VerticalScroll {
        padding: 0 1;
    }
    HistoryScreen .heading {
        text-style: bold;
        color: $accent;
    }
    """

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="title")
            yield Static(id="heatmap")
            yield Static(id="curves")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        history = self.history
        title = Text()
        title.append("History · ‖∂L/∂W_l‖ by layer (rows) over training (columns)", "bold")
        title.append(
            f"   {history.recorded} steps recorded, {len(history)} rows kept · escape back", "dim"
        )
        self.query_one("#title", Static).update(title)
        variables = self.app.get_css_variables()
        palette = {regime: Style(color=variables.get(regime.variable) or None) for regime in Regime}
        width = max(self.size.width - 3, 30)
        lines = heatmap(history, width, max(min(history.depth, 40), 4) + 2, palette)
        self.query_one("#heatmap", Static).update(Text("\n").join(lines))
        plots = curves(history, min(width, 110), 12)
        self.query_one("#curves", Static).update(Text("\n").join(plots))
