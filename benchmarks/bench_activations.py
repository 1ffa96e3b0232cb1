"""Time of one forward and backward pass by activation (C8), as a ratio to ReLU's.

Run: python benchmarks/bench_activations.py   [--width 256 --depth 6 --batch 64]

The network of the exp-cost lesson, narrow and with a large batch so that the activations'
share of the pass is visible (every statistic included, float64); the activations take
turns, and each figure is the median of its passes.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from gradtui.config import apply_overrides
from gradtui.lessons import load_lesson
from gradtui.sim import Stepper
from gradtui.sim.activations import elementwise
from gradtui.sim.numerics import keep_freed_memory

ELEMENTWISE = ("relu", "identity", "sigmoid", "tanh", "softplus", "gelu", "silu")
ACTIVATIONS = (
    "relu",
    "leaky_relu",
    "identity",
    "sigmoid",
    "tanh",
    "elu",
    "softplus",
    "gelu",
    "silu",
)


def stepper_for(activation: str, width: int, depth: int, batch: int) -> Stepper:
    config = apply_overrides(
        load_lesson("exp-cost"),
        [
            f"network.activation={activation}",
            f"network.width={width}",
            f"network.depth={depth}",
            f"data.batch_size={batch}",
            f"data.samples={batch}",
        ],
    )
    stepper = Stepper(config)
    stepper.full_pass()  # warm up
    return stepper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=100)
    args = parser.parse_args()
    print("the activation and its derivative alone, on a 1024 × 1024 float64 array:")
    keep_freed_memory()  # as the simulator does: no page faults for fresh arrays
    z = np.random.default_rng(0).normal(0.0, 2.0, size=(1024, 1024))
    alone: dict[str, list[float]] = {activation: [] for activation in ELEMENTWISE}
    for _ in range(20):
        for activation in ELEMENTWISE:
            function = elementwise(activation)
            start = time.perf_counter()
            function(z)
            alone[activation].append(time.perf_counter() - start)
    base = statistics.median(alone["relu"])
    for activation, values in alone.items():
        seconds = statistics.median(values)
        print(f"{activation:11s} {seconds * 1e3:7.2f} ms   {seconds / base:5.2f}× relu")
    print(
        f"\nwhole passes with every statistic: width {args.width}, depth {args.depth}, "
        f"batch {args.batch}, median of {args.repeats}"
    )
    steppers = {a: stepper_for(a, args.width, args.depth, args.batch) for a in ACTIVATIONS}
    samples: dict[str, list[float]] = {activation: [] for activation in ACTIVATIONS}
    for done in range(1, args.repeats + 1):
        # Round-robin, so a slower moment of a shared machine hits every activation alike.
        for activation, stepper in steppers.items():
            start = time.perf_counter()
            stepper.full_pass()
            samples[activation].append(time.perf_counter() - start)
        if done % 10 == 0:
            print(f"\r{done}/{args.repeats} rounds", end="", flush=True)
    print()
    times = {activation: statistics.median(values) for activation, values in samples.items()}
    base = times["relu"]
    for activation, seconds in times.items():
        print(f"{activation:11s} {seconds * 1e3:7.3f} ms   {seconds / base:5.2f}× relu")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
