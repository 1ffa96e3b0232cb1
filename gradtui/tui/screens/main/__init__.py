"""The main screen, one file per job:

- ``screen.py``: ``MainScreen``, its panes and how a snapshot reaches them; the layer cursor
  (j/k), the chart's metric (g), the config pane (c), the whole layer detail (d), leaving a
  field (escape), language (z)
- ``bindings.py``: every key of the main screen, declared once
- ``stepping.py``: step, back, end of pass, reset, run/pause, speed, train (and
  the count typed before t)
- ``files.py``: apply the form, open, save, transcript, copy the log
- ``views.py``: the lesson picker and the views (history, compare, through time, theory)
"""

from gradtui.tui.screens.main.screen import MainScreen

__all__ = ["MainScreen"]
