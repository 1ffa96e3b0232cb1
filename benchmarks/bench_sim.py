"""The simulator against PyTorch's CPU autograd and against this machine's matmul peak.

Run: python benchmarks/bench_sim.py   (needs `pip install torch==2.13.0`; never a dependency)

For each (batch, width, depth), all in float64 with the same number of threads, it prints:
- full/torch: gradtui's full forward + backward pass with every per-layer statistic, over
  PyTorch's bare forward + backward of the same MLP (target ≤ 1.0);
- step/full: stepping the same pass one stage at a time over the full pass (target ≤ 1.05);
- of peak: the pass's matmul FLOPs per second over this machine's float64 matmul rate
  measured in the same run (target ≥ 0.80 at width 1024).
Times are the median of repeated runs after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from gradtui.config import Config, DataConfig, InitConfig, NetworkConfig
from gradtui.sim import Phase, Stepper

SIZES = [(32, 16, 10), (64, 64, 50), (64, 256, 100), (256, 1024, 20)]


def config_for(batch: int, width: int, depth: int, activation: str) -> Config:
    return Config(
        loss="mse",
        network=NetworkConfig(depth=depth, width=width, activation=activation),
        init=InitConfig(name="xavier_normal"),
        data=DataConfig(
            name="teacher", samples=batch, features=width, outputs=width, batch_size=batch
        ),
    )


def median_time(function, repeats: int, setup=None) -> float:
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def repeats_for(batch: int, width: int, depth: int) -> int:
    flops = 6 * batch * width * width * depth
    return max(5, min(300, int(3e9 / max(flops, 1))))


def torch_pass_time(torch, batch, width, depth, activation, repeats) -> float:
    layers = []
    for index in range(depth):
        layers.append(torch.nn.Linear(width, width, dtype=torch.float64))
        if index < depth - 1:
            layers.append(
                {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[
                    activation
                ]()
            )
    model = torch.nn.Sequential(*layers)
    x = torch.randn(batch, width, dtype=torch.float64)
    y = torch.randn(batch, width, dtype=torch.float64)
    loss_function = torch.nn.MSELoss()

    def one_pass():
        model.zero_grad(set_to_none=True)
        loss = loss_function(model(x), y)
        loss.backward()

    for _ in range(3):
        one_pass()
    return median_time(one_pass, repeats)


def matmul_peak(size: int = 1024, repeats: int = 20) -> float:
    """float64 GFLOP/s of a square matmul, best of ``repeats``."""
    a = np.random.default_rng(0).normal(size=(size, size))
    b = np.random.default_rng(1).normal(size=(size, size))
    a @ b
    best = min(median_time(lambda: a @ b, 1) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activation", default="sigmoid", choices=("sigmoid", "tanh", "relu"))
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: pip install torch==2.13.0", file=sys.stderr)
        return 1
    threads = torch.get_num_threads()
    print(
        f"numpy {np.__version__}, torch {torch.__version__}, {threads} threads, "
        f"{os.cpu_count()} cores, float64, activation {args.activation}"
    )
    peak = matmul_peak()
    print(f"float64 matmul peak (1024x1024): {peak:.1f} GFLOP/s\n")
    titles = ("batch", "width", "depth", "torch ms", "full ms", "step ms")
    titles += ("full/torch", "step/full", "of peak")
    print(" ".join(title.rjust(10) for title in titles))
    for batch, width, depth in SIZES:
        repeats = repeats_for(batch, width, depth) // (3 if args.quick else 1) + 3
        stepper = Stepper(config_for(batch, width, depth, args.activation))
        stepper.full_pass()
        full = median_time(stepper.full_pass, repeats)

        def stepped(stepper=stepper, depth=depth):
            for _ in range(2 * depth + 1):
                stepper.step()

        step = median_time(stepped, repeats, setup=stepper.restart)
        assert stepper.snapshot.phase == Phase.BACKWARD and stepper.snapshot.layer == 1
        reference = torch_pass_time(torch, batch, width, depth, args.activation, repeats)
        # Forward a@W, backward a.T@g and g@W.T: three matmuls of 2·batch·width² FLOPs per layer.
        flops = 3 * 2 * batch * width * width * depth
        rate = flops / full / 1e9
        cells = (batch, width, depth, f"{reference * 1e3:.3f}", f"{full * 1e3:.3f}")
        cells += (f"{step * 1e3:.3f}", f"{full / reference:.2f}", f"{step / full:.3f}")
        cells += (f"{rate / peak:.2f}",)
        print(" ".join(str(cell).rjust(10) for cell in cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
