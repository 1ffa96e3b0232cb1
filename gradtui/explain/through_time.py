"""The through-time comparison (C17) in one paragraph."""

from __future__ import annotations

from gradtui.explain import format as fmt
from gradtui.explain import say
from gradtui.sim.recurrent import ThroughTime

__all__ = ["through_time_verdict"]


def through_time_verdict(results: dict[str, ThroughTime], lang: str = "en") -> str:
    """What is left at the first time step, for each cell."""
    kept = {
        cell: float(result.grad_h_norms[0] / result.grad_h_norms[-1])
        for cell, result in results.items()
    }
    steps = len(results["rnn"].grad_h_norms)
    rnn, lstm = kept["rnn"], kept["lstm"]
    # Whichever keeps more is named first, so the sentence is right when the RNN wins too.
    if lstm == rnn:
        comparison = say("tt_same", lang)
    elif lstm > rnn:
        ratio = lstm / rnn if rnn > 0 else float("inf")
        comparison = say("tt_lstm_more", lang, ratio=fmt.multiple(ratio))
    else:
        ratio = rnn / lstm if lstm > 0 else float("inf")
        comparison = say("tt_rnn_more", lang, ratio=fmt.multiple(ratio))
    forget = results["lstm"].forget_gate_mean
    gate = f"{float(forget.mean()):.2f}" if forget is not None else "?"
    ends = {
        f"{cell}_{end}": fmt.number(float(result.grad_h_norms[index]))
        for cell, result in results.items()
        for end, index in (("first", 0), ("last", -1))
    }
    # The geometric mean of the factor per step: what 0.71 on average in the forget gates
    # alone would not give (0.71⁴⁹ is far less than the LSTM keeps).
    per_step = {
        f"{cell}_step": fmt.factor(value ** (1 / (steps - 1))) for cell, value in kept.items()
    }
    return say(
        "tt_verdict",
        lang,
        steps=steps,
        **per_step,
        rnn=fmt.share(rnn),
        lstm=fmt.share(lstm),
        **ends,
        comparison=comparison,
        gate=gate,
    )
