"""The yardstick for bench_app.py: a bare Textual app with one Static widget.

With ``--numpy`` it imports NumPy first: the floor for an app that computes with NumPy.
"""

import sys

if "--numpy" in sys.argv:
    import numpy  # noqa: F401

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Static("bare textual app: ready")


if __name__ == "__main__":
    BareApp().run()
