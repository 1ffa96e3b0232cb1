"""The theory view: closed-form reasons beside the measured numbers (C3, C5, C19, C21).

Its notes are ``LinesView``s, which wrap Chinese between characters (draw/wrap.py): a
``Static`` wraps at spaces only, and a Chinese sentence has none, so its lines broke early."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.explain import say, ui
from gradtui.sim.stepper import Stepper
from gradtui.tui.draw import theory
from gradtui.tui.screens.view import ViewScreen
from gradtui.tui.widgets.footer import FittingFooter
from gradtui.tui.widgets.lines import LinesView

__all__ = ["TheoryScreen"]


def negative_slope(stepper: Stepper, layer: int) -> float:
    """The slope below 0 that layer ``layer`` uses now: PReLU's learned α (its mean when per
    unit), RReLU's evaluation slope (lower + upper)/2, else leaky_slope."""
    info = stepper.layers[layer - 1]
    network = stepper.config.network
    if info.activation == "prelu":
        alpha = stepper.network.layers[layer - 1].alpha
        return float(alpha.mean()) if alpha is not None else network.prelu_init
    if info.activation == "rrelu":
        return (network.rrelu_lower + network.rrelu_upper) / 2
    return network.leaky_slope


class TheoryScreen(ViewScreen):
    """Activation and derivative, where z sits, χ against measured, C5 window, C21 spectra."""

    BINDINGS = [
        Binding("escape,q,T", "dismiss", "Return", tooltip="Back to the main screen"),
        Binding("down,j,right", "layer(1)", "Next layer", tooltip="Next layer"),
        Binding("up,k,left", "layer(-1)", "Prev layer", tooltip="Previous layer"),
        Binding("5", "window", "C5 window", tooltip="Scroll to C5, the sigmoid window"),
        Binding("8", "costs", "C8 costs", tooltip="Scroll to C8, each activation's bare cost"),
    ]
    DEFAULT_CSS = """
    TheoryScreen .heading {
        margin-top: 1;
    }
    TheoryScreen LinesView {
        height: auto;
    }
    """

    def __init__(self, stepper: Stepper, layer: int) -> None:
        super().__init__()
        self.stepper = stepper
        self.selected = layer

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="title", markup=False)
            yield Static(id="activation", markup=False)
            yield LinesView(id="where")
            yield Static(
                ui("Predicted against measured: the mean-field factor √χ", self.lang),
                classes="heading",
                markup=False,
            )
            yield LinesView(id="chi-note")
            yield Static(id="chi", markup=False)
            yield LinesView(id="chi-unfit")
            yield Static(
                ui("C5: the sigmoid window", self.lang),
                classes="heading",
                markup=False,
                id="window-heading",
            )
            yield Static(id="window", markup=False)
            yield LinesView(id="window-note")
            yield Static(
                ui("C8: the bare cost of each activation", self.lang),
                classes="heading",
                markup=False,
                id="cost-heading",
            )
            yield Static(id="cost", markup=False)
            yield LinesView(id="cost-note")
            yield Static(
                ui("C21: singular values of W_l and of the Jacobian ∂a_l/∂a_(l−1)", self.lang),
                classes="heading",
                markup=False,
            )
            yield LinesView(id="spectra-note")
            yield Static(id="spectra", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._draw_layer()
        # The tables and C5's plot are below the fold: draw them just after the first paint.
        self.call_after_refresh(self._draw_below)

    def _draw_below(self) -> None:
        self._draw_tables()
        width = max(self.size.width - 5, 40)  # padding and the scrollbar
        plot, sentence = theory.window_plot(min(width, 100), 12, self.lang)
        self.query_one("#window", Static).update(plot)
        self._note("#window-note", sentence)
        self._draw_costs()

    def _note(self, selector: str, note: str | Text) -> None:
        """Show ``note`` (user-free text: the program's own sentences, never markup) in the
        note ``selector``, wrapped for its language; its height follows the new text."""
        view = self.query_one(selector, LinesView)
        view.show(note if isinstance(note, Text) else Text(note))
        view.refresh(layout=True)

    def action_costs(self) -> None:
        """Scroll to C8's table (the exp-cost lesson's key for it)."""
        self.query_one("#cost-heading", Static).scroll_visible(top=True, animate=False)

    def action_window(self) -> None:
        """Scroll to C5's plot and its note (the sigmoid-window lesson's key for it)."""
        self.query_one("#window-heading", Static).scroll_visible(top=True, animate=False)

    def action_layer(self, step: int) -> None:
        self.selected = min(max(self.selected + step, 1), self.stepper.depth)
        self._draw_layer()

    def _draw_layer(self) -> None:
        stepper, layer = self.stepper, self.selected
        info = stepper.layers[layer - 1]
        network = stepper.config.network
        width = max(self.size.width - 5, 40)  # padding and the scrollbar
        title = Text()
        heading = ui("Theory · layer {layer} of {depth} · {activation}", self.lang)
        title.append(
            heading.format(layer=layer, depth=stepper.depth, activation=info.activation), "bold"
        )
        title.append("   " + ui("↑/↓ layer · escape back", self.lang), "dim")
        self.query_one("#title", Static).update(title)
        self.query_one("#activation", Static).update(
            theory.activation_plot(
                info.activation,
                min(width, 100),
                14,
                leaky_slope=negative_slope(stepper, layer),
                elu_alpha=network.elu_alpha,
                lang=self.lang,
            )
        )
        values = stepper.forward_values(layer)
        where = (
            theory.where_z_sits(info.activation, values[0], min(width, 100), self.lang)
            if values is not None
            else Text(say("theory_step_forward", self.lang), "dim")
        )
        self._note("#where", where)

    def _draw_tables(self) -> None:
        stepper = self.stepper
        layers = stepper.layers
        weights = [stepper.network.layers[i].weights for i in range(stepper.depth)]
        variances = [float(w.var()) * w.shape[0] for w in weights]
        network = stepper.config.network
        self._note("#chi-note", say("theory_chi_note", self.lang))
        self.query_one("#chi", Static).update(
            theory.chi_table(
                stepper.snapshot,
                layers,
                variances,
                slopes=[negative_slope(stepper, info.index) for info in layers],
                elu_alpha=network.elu_alpha,
                lang=self.lang,
                weights=weights,
            )
        )
        unfit = theory.mean_field_unfit(weights, self.lang)
        self._note("#chi-unfit", unfit)
        self.query_one("#chi-unfit", LinesView).display = bool(unfit)
        product = stepper.network_jacobian_singular_values()
        note = say("theory_spectra_note", self.lang)
        if product is not None and product.size == 1:
            # One output: ∂a_L/∂x is a single row, with one singular value.
            note += ("" if self.lang == "zh" else " ") + say("theory_spectra_one", self.lang)
        self._note("#spectra-note", note)
        spectra_w = [stepper.weight_singular_values(info.index) for info in layers]
        spectra_j = [
            stepper.jacobian_singular_values(info.index)
            if stepper.forward_values(info.index) is not None
            else None
            for info in layers
        ]
        self.query_one("#spectra", Static).update(
            theory.singular_value_table(
                layers,
                spectra_w,
                spectra_j,
                product,
                lang=self.lang,
            )
        )

    def _draw_costs(self) -> None:
        """C8: every activation's bare cost, measured now (a fraction of a second)."""
        from gradtui.sim import cost

        stepper = self.stepper
        network = stepper.config.network
        costs = cost.activation_costs(leaky_slope=network.leaky_slope, elu_alpha=network.elu_alpha)
        layers = stepper.layers
        mine = {info.activation for info in layers}
        self.query_one("#cost", Static).update(theory.cost_table(costs, mine, self.lang))
        note = theory.cost_note(
            costs,
            layers,
            stepper.config.data.batch_size,
            stepper.snapshot.pass_seconds,
            self.lang,
            size=cost.SIZE,
            repeats=cost.REPEATS,
        )
        self._note("#cost-note", note)
