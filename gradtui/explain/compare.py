"""The compare view's verdict (C15, C16, C18–C20) in one sentence, in either language."""

from __future__ import annotations

import math

from gradtui.explain import format as fmt
from gradtui.explain import join, say
from gradtui.sim.snapshot import Snapshot

__all__ = ["verdict"]


def _left_at_input(snapshot: Snapshot) -> float | None:
    """What is left of the output's gradient at layer 1, if the pass got there."""
    back = snapshot.backward[0] if snapshot.backward else None
    return None if back is None else back.running_product


def verdict(names: tuple[str, str], snapshots: tuple[Snapshot, Snapshot], lang: str = "en") -> str:
    """Which config keeps more of the gradient at layer 1, and by how much."""
    left = [_left_at_input(snapshot) for snapshot in snapshots]
    if left[0] is None or left[1] is None:
        return say("compare_step", lang)
    described = [
        say("compare_share_above", lang, name=name, value=fmt.times(value))
        if value > 1
        else say("compare_share_below", lang, name=name, value=fmt.share(value))
        for name, value in zip(names, left, strict=True)
    ]
    sentence = say("compare_at_input", lang, first=described[0], second=described[1])
    if not all(math.isfinite(value) for value in left):
        broken = [name for name, value in zip(names, left, strict=True) if not math.isfinite(value)]
        return join([sentence, say("compare_overflow", lang, names=", ".join(broken))], lang)
    distance = [abs(math.log10(value)) if value > 0 else math.inf for value in left]
    if distance[0] == distance[1]:
        return join([sentence, say("compare_alike", lang)], lang)
    better = 0 if distance[0] < distance[1] else 1
    worse = 1 - better
    if left[better] == 0 or left[worse] == 0:
        ratio_text = say("compare_zero", lang)
    else:
        ratio = fmt.multiple(max(left[better], left[worse]) / min(left[better], left[worse]))
        key = "compare_more" if left[better] > left[worse] else "compare_less"
        ratio_text = say(key, lang, ratio=ratio)
    return join([sentence, say("compare_better", lang, name=names[better], ratio=ratio_text)], lang)
