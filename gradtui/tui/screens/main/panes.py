"""The main screen's pane keys: the layer chosen (j/k, a click on a row), the chart's
metric (g), the config form (c, escape out of it, enter in a field applies), the whole
layer detail (d) with its scroll keys and the log paged (shift+↓, shift+↑). A mixin of
``MainScreen`` (screen.py), like the other action files here.
"""

from __future__ import annotations

from gradtui.tui.widgets.config_pane import ConfigPane
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.tui.widgets.gradient_chart import GradientChart
from gradtui.tui.widgets.layer_detail import LayerDetail

__all__ = ["METRICS", "NARROW", "PaneActions"]

NARROW = 118
"""Below this many columns the config pane starts hidden (c shows it): with it, the chart
would have fewer than 40 columns."""

METRICS = ("both", "grad_a", "grad_w")


class PaneActions:
    """The pane keys of the main screen (see the module's docstring)."""

    # ------------------------------------------------------------------ layers, view
    def action_next_layer(self) -> None:
        self.selected_layer = min(self.selected_layer + 1, self.stepper.depth)

    def action_previous_layer(self) -> None:
        self.selected_layer = max(self.selected_layer - 1, 1)

    def action_toggle_metric(self) -> None:
        """g: the first press shows ‖∂L/∂W‖ alone, whichever chart the screen's size chose
        (both rows at 120×40, ‖∂L/∂a‖ at 80×24), so that "press g" names the same chart at
        every size; then both, ‖∂L/∂a‖, ‖∂L/∂W‖ in turn."""
        first = not self._metric_chosen
        self._metric_chosen = True
        if first and self.metric != "grad_w":
            self.metric = "grad_w"
            return
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]

    def action_toggle_config(self) -> None:
        pane = self.query_one(ConfigPane)
        pane.display = not pane.display
        # Below 118 columns the form takes the chart's place (app.tcss), and the side pane
        # stays: the lesson's step that says what to edit can be read while editing.
        self.set_class(pane.display, "-form-open")
        if pane.display:
            pane.focus_field(self._step_field())
        else:
            self._focus_out()

    def _step_field(self) -> str:
        """The first field the lesson's current step sets ("" when it sets none): c opens
        the form there, not on the field the last lesson left focused, where the letters
        of the next key typed would land."""
        index = self.progress.current
        steps = self.lesson.step_tables if self.lesson is not None else ()
        if index is None or index >= len(steps) or not steps[index].set:
            return ""
        return steps[index].set[0][0]

    def _focus_out(self) -> None:
        """Focus where every key of the footer acts: the chart, or the log where the form
        took the chart's place. Under the whole detail the log is hidden: focused, it would
        take j and k to scroll itself, and they would not choose the layer; while a question
        is open beside the form the chart is back and the log waits (app.tcss)."""
        narrow = self.app.size.width < NARROW
        hidden_chart = self.has_class("-form-open") and not self.has_class("asking")
        if hidden_chart and narrow and not self.has_class("detail-whole"):
            self.query_one(ExplanationLog).focus()
        else:
            self.query_one(GradientChart).focus()

    def form_has_focus(self) -> bool:
        """Whether keys go to the config form (a field, the "More settings" button or the
        pane itself)."""
        pane = self.query_one(ConfigPane)
        return self.focused is not None and pane in self.focused.ancestors_with_self

    def action_toggle_detail(self) -> None:
        """The whole layer detail across the screen (j/k still choose the layer, space
        still steps), or the chart and the log again."""
        whole = not self.has_class("detail-whole")
        self.set_class(whole, "detail-whole")
        self.query_one(LayerDetail).whole = whole
        if whole and self.app.size.width < NARROW:
            # The config pane and the chart share the screen when narrow (c).
            self.query_one("#config").display = False
            self.remove_class("-form-open")
        if whole and not self.has_class("asking"):
            # The hidden chart would keep ↑/↓, PgUp/PgDn, Home/End: they scroll the detail.
            self.set_focus(None)
        if not whole:
            self._focus_out()
        self._show_detail()

    def action_detail_scroll(self, key: str) -> None:
        """The whole detail's scroll keys, ``key`` one of down, up, pagedown, pageup, end,
        home (on only while it shows: screen.py's check_action)."""
        self.query_one(LayerDetail).scroll_by_key(key)

    def action_scroll_log_down(self) -> None:
        """shift+↓: the log a page down, wherever the focus is; its own ↓ and PgDn need it
        focused, and on the chart ↓ and j choose the layer."""
        self.query_one(ExplanationLog).action_scroll_page(-1)

    def action_scroll_log_up(self) -> None:
        """shift+↑: the log a page up, to earlier entries."""
        self.query_one(ExplanationLog).action_scroll_page(1)

    def action_leave_field(self) -> None:
        """Out of the form, to the chart, where every key of the footer acts again (a text
        field would type space and the letters)."""
        if self.form_has_focus():
            self._focus_out()
