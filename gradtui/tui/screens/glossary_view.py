"""The glossary (G): what ‖∂L/∂a‖, ‖∂L/∂W‖, the local factor, the running product, the
regimes, the chart's marks and the claim codes C1–C24 mean, scrollable. A ``LinesView``
holds it, which wraps Chinese between characters (a ``Static`` wraps at spaces only, and
a Chinese paragraph, spaceless, broke a line early before each formula)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from gradtui.explain import say
from gradtui.tui.draw.glossary import glossary
from gradtui.tui.screens.text_dialog import TextDialog
from gradtui.tui.widgets.lines import LinesView, Wrapped

__all__ = ["GlossaryScreen"]


class GlossaryScreen(TextDialog):
    """Every word and code the screen uses, in the learner's language."""

    BINDINGS = [Binding("escape,q,G", "dismiss", "Return", tooltip="Back to the main screen")]
    DEFAULT_CSS = """
    GlossaryScreen LinesView {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield LinesView(id="glossary")
            yield Wrapped(say("glossary_keys", self.lang), classes="hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#glossary", LinesView).show(glossary(self.lang))
