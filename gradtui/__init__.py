"""gradtui: watch a gradient travel through a neural network, one layer at a time."""

__version__ = "0.1.0"
