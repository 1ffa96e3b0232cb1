"""Pure renderers: a snapshot, a history or the stepper's numbers in, Rich text out.

No widget state and no Textual: widgets and screens call them, and tests call them directly.

- ``chart.py``: the gradient chart's rows and header, the layer detail, the chart as SVG
- ``history.py``: the history view's heatmaps and training curves
- ``theory.py``: the theory view's plots and tables
- ``plots.py``: what the plots share (plotext set up one way, legends, axis names)
"""
