"""The selected layer's detail: ‖W‖, the local factor and its parts, what is left of the
output's gradient, dead and saturated fractions, update size, f'(z)'s histogram. A pure
function of the snapshot draws it; only the lines that changed are repainted."""

from __future__ import annotations

from gradtui.sim.network import LayerInfo
from gradtui.sim.snapshot import Snapshot
from gradtui.tui.draw.chart import layer_detail
from gradtui.tui.widgets.lines import LinesView, app_lang

__all__ = ["LayerDetail"]


class LayerDetail(LinesView):
    """What the selected layer did in this pass."""

    DEFAULT_CSS = """
    LayerDetail {
        padding: 0 1;
        height: 16;
    }
    """

    def show_layer(self, snapshot: Snapshot, info: LayerInfo, layer: int) -> None:
        self.show(layer_detail(snapshot, info, layer, app_lang(self.app)))
