"""The simulator: plain NumPy, no screen. Config → Network → Stepper → Snapshot."""

from gradtui.sim.network import LayerInfo, Network
from gradtui.sim.snapshot import (
    BackwardStats,
    ClipStats,
    ForwardStats,
    Phase,
    Snapshot,
    UpdateStats,
)
from gradtui.sim.stepper import Stepper

__all__ = [
    "BackwardStats",
    "ClipStats",
    "ForwardStats",
    "LayerInfo",
    "Network",
    "Phase",
    "Snapshot",
    "Stepper",
    "UpdateStats",
]
