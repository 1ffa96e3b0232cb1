"""The yardstick for bench_app.py: a bare Textual app with one Static widget.

With ``--numpy`` it imports NumPy first: the floor for an app that computes with NumPy.
With ``--widgets`` (NumPy too) it has the main screen's layout and widget count at 120×40
(a header, three columns of Statics with an Input and a Button, a compact footer of 13
keys: 34 widgets): the floor for Textual itself at gradtui's size. The bare app imports
only what it uses, so that it stays the yardstick it was.
"""

import sys

if "--numpy" in sys.argv or "--widgets" in sys.argv:
    import numpy  # noqa: F401

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Static("bare textual app: ready")


def widgets_app() -> App:
    """The bare app with the main screen's layout and widget count."""
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Button, Footer, Header, Input

    keys = ["space", "?", "q", "e", "t", "L", "backspace", "c", "f", "p", "R", "H", "C"]
    text = "\n".join(f"line {number} of a pane's text, long enough to wrap" for number in range(40))

    class BareWidgetsApp(App):
        CSS = "#config { width: 34; } #centre { width: 1fr; } #side { width: 44; }"
        BINDINGS = [Binding(key, "bell", f"Key{number}") for number, key in enumerate(keys)]

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                with VerticalScroll(id="config"):
                    yield Static("bare textual app: ready")
                    yield Static(text)
                    yield Input("10", compact=True)
                    yield Static(text)
                    yield Button("More settings", compact=True)
                with Vertical(id="centre"):
                    yield Static("status")
                    yield Static(text)
                with Vertical(id="side"):
                    yield Static("lesson")
                    yield Static(text)
                    yield Static(text)
                    for number in range(14):
                        yield Static(f"detail {number}")
            yield Footer(compact=True, show_command_palette=False)

    return BareWidgetsApp()


if __name__ == "__main__":
    (widgets_app() if "--widgets" in sys.argv else BareApp()).run()
