"""The through-time comparison (C17) in one paragraph."""

from __future__ import annotations

from gradtui.explain import format as fmt
from gradtui.sim.recurrent import ThroughTime

__all__ = ["through_time_verdict"]


def through_time_verdict(results: dict[str, ThroughTime]) -> str:
    """What is left at the first time step, for each cell."""
    kept = {
        cell: float(result.grad_h_norms[0] / result.grad_h_norms[-1])
        for cell, result in results.items()
    }
    steps = len(results["rnn"].grad_h_norms)
    ratio = kept["lstm"] / kept["rnn"] if kept["rnn"] > 0 else float("inf")
    forget = results["lstm"].forget_gate_mean
    gate = f"{float(forget.mean()):.2f}" if forget is not None else "?"
    return (
        f"Back through {steps} time steps, the RNN keeps {fmt.share(kept['rnn'])} of the "
        f"gradient that left step {steps}, the LSTM {fmt.share(kept['lstm'])}: "
        f"{fmt.number(ratio)}× more. The RNN multiplies it by tanh'·W_h at every step; the "
        f"LSTM's cell state passes it on, scaled by the forget gate σ(f) (about {gate} here) "
        "instead of a squashing derivative."
    )
