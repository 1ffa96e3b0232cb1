"""The selected layer's detail: f'(z)'s histogram, ‖W‖, local factor, running product,
dead and saturated fractions, update size. A pure function of the snapshot draws it."""

from __future__ import annotations

from textual.widgets import Static

from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.render import layer_detail

__all__ = ["LayerDetail"]


class LayerDetail(Static):
    """What the selected layer did in this pass."""

    DEFAULT_CSS = """
    LayerDetail {
        padding: 0 1;
        height: auto;
    }
    """

    def show(self, snapshot: Snapshot, info: LayerInfo, layer: int) -> None:
        self.update(layer_detail(snapshot, info, layer, self.size.width or 40))
