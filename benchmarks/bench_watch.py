"""What recording a PyTorch run costs, and whether ``gradtui watch`` keeps up with one.

Run: python benchmarks/bench_watch.py   (needs `pip install '.[torch]'`)

- overhead: a training step (zero_grad, forward, loss, backward, SGD step) of a 10-layer,
  256-wide ReLU MLP at batch 64, and of a small CNN (two conv + ReLU + max-pool blocks and a
  Linear head, 28×28 inputs, batch 64): plain, recorded at every step (the default), and a
  second plain copy (what the figures' noise is), and a copy recorded with
  ``budget=0.05`` (the share of its steps it recorded is printed). The four copies train
  in alternating rounds (so a busy moment of the machine hits all); the figures are mean
  step times over the plain one's, minus 1 (target ≤ 5% for the MLP), and what one
  ``w.step`` call takes (the hooks' share of the cost is outside it). ``--no-updates``:
  recorded with ``updates=False``, what the update sizes cost.
- bytes per step: what the file grows by at each step, against ``step_bytes``.
- keeping up: a child process writes 1,000 steps per second (the MLP's 19 rows) for
  ``--seconds`` while the watch screen runs headless at 80×24; every 0.25 s the benchmark
  compares the step the screen shows with the step written, and reports the largest lag
  and the screen's CPU time per second of wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch
from torch import nn

from gradtui.watch import watch
from gradtui.watch.fileformat import step_bytes

BUDGET = 0.05
"""The share of the training's time given to ``watch(..., budget=)`` in the budget copy."""


def mlp() -> nn.Module:
    layers: list[nn.Module] = []
    for _ in range(9):
        layers += [nn.Linear(256, 256), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(256, 10))


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 10),
    )


def overhead(make, shape, rounds: int, steps: int, folder: Path, updates: bool = True) -> dict:
    """Mean step times of the plain model, the model recorded at every step and a second
    plain copy, trained in alternating rounds."""
    torch.manual_seed(0)
    names = ("plain", "every", "budget", "control")
    models = {name: make() for name in names}
    for name in names[1:]:
        models[name].load_state_dict(models["plain"].state_dict())
    x, y = torch.randn(64, *shape), torch.randint(0, 10, (64,))
    optimizers = {name: torch.optim.SGD(models[name].parameters(), lr=0.01) for name in names}
    paths = {name: folder / f"bench-{make.__name__}-{name}.gradtui" for name in names[1:]}
    recorders = {
        "every": watch(models["every"], paths["every"], updates=updates),
        "budget": watch(models["budget"], paths["budget"], updates=updates, budget=BUDGET),
    }
    times: dict[str, list[float]] = {name: [] for name in names}
    recording: list[float] = []
    sizes = []

    def step(name: str) -> None:
        model, optimizer = models[name], optimizers[name]
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        if name == "every":
            start = time.perf_counter()
            recorders[name].step(loss)
            recording.append(time.perf_counter() - start)
        elif name in recorders:
            recorders[name].step(loss)
        optimizer.step()

    for name in names:  # warm-up
        for _ in range(5):
            step(name)
    for _ in range(rounds):
        for name in names:
            for _ in range(steps):
                start = time.perf_counter()
                step(name)
                times[name].append(time.perf_counter() - start)
                if name == "every":
                    sizes.append(paths["every"].stat().st_size)
    recording = recording[5:]  # the warm-up's, with the first step's setup
    budget_share = recorders["budget"].recorded / recorders["budget"].steps
    for recorder in recorders.values():
        recorder.close()
    grown = {b - a for a, b in itertools.pairwise(sizes) if b > a}
    model = models["every"]
    rows = len([m for m in model.modules() if list(m.parameters(recurse=False))]) + len(
        [m for m in model.modules() if isinstance(m, nn.ReLU)]
    )
    plain, every, budgeted, control = (statistics.fmean(times[name]) * 1e3 for name in names)
    return {
        "plain_ms": plain,
        "every_ms": every,
        "every_overhead": every / plain - 1,
        "control": control / plain - 1,
        "budget_overhead": budgeted / plain - 1,
        "budget_share": budget_share,
        "step_call_ms": statistics.median(recording) * 1e3,
        "bytes_per_step": sorted(grown),
        "stated": step_bytes(rows),
        "rows": rows,
    }


WRITER = """
import sys, time, numpy as np
from gradtui.watch.fileformat import Header, Row, Writer
rows = tuple(Row(str(i), 'Linear' if i % 2 == 0 else 'ReLU', 'W' if i % 2 == 0 else 'a')
             for i in range(19))
writer = Writer(sys.argv[1], Header('Sequential', rows))
rate, seconds = float(sys.argv[2]), float(sys.argv[3])
start = time.perf_counter()
step = 0
rng = np.random.default_rng(0)
while step < rate * seconds:
    values = np.abs(rng.normal(size=(19, 3))) * np.logspace(-8, 0, 19)[:, None]
    writer.append(step, 1.0, -1, 0, values)
    step += 1
    ahead = step / rate - (time.perf_counter() - start)
    if ahead > 0:
        time.sleep(ahead)
writer.close()
"""


async def keeps_up(folder: Path, rate: float, seconds: float) -> dict:
    from gradtui.watch.app import WatchApp

    path = folder / "live.gradtui"
    app = WatchApp(str(path))
    lags = []
    async with app.run_test(size=(80, 24)) as pilot:
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(rate), str(seconds)])
        start = time.perf_counter()
        cpu = time.process_time()
        while child.poll() is None:
            await pilot.pause(0.25)
            steps = app.screen.reader.steps
            shown = steps.last[-1] + 1 if len(steps) else 0
            # The writer's own count, from the file's size: what was there to be read.
            written = _steps_in(path)
            lags.append(written - shown)
        wall = time.perf_counter() - start
        used = time.process_time() - cpu
        await pilot.pause(0.6)
        steps = app.screen.reader.steps
        final = steps.last[-1] + 1 if len(steps) else 0
    return {
        "written": int(rate * seconds),
        "shown_at_end": final,
        "max_lag_steps": max(lags) if lags else 0,
        "median_lag_steps": statistics.median(lags) if lags else 0,
        "cpu_per_wall": used / wall,
    }


def _steps_in(path: Path) -> int:
    from gradtui.watch.fileformat import Reader

    reader = Reader(path)
    try:
        reader.poll()
    except OSError:
        return 0
    return reader.steps.last[-1] + 1 if len(reader.steps) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--steps", type=int, default=30, help="steps per round and model")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument(
        "--no-updates", action="store_true", help="record with updates=False (no ‖Δθ‖ ÷ ‖θ‖)"
    )
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for make, shape in ((mlp, (256,)), (cnn, (1, 28, 28))):
            r = overhead(make, shape, args.rounds, args.steps, folder, not args.no_updates)
            print(
                f"{make.__name__}: plain {r['plain_ms']:.2f} ms per step (mean); every step "
                f"recorded {r['every_ms']:.2f} ms (ratio {r['every_ms'] / r['plain_ms']:.3f}, "
                f"{r['every_overhead']:+.1%}; w.step itself {r['step_call_ms']:.2f} ms, "
                f"median); a second plain copy "
                f"{r['control']:+.1%} (the noise); with budget={BUDGET} "
                f"{r['budget_overhead']:+.1%}, {r['budget_share']:.0%} of steps recorded; "
                f"{r['rows']} rows, the "
                f"file grows {r['bytes_per_step']} bytes per step (stated {r['stated']})"
            )
        result = asyncio.run(keeps_up(folder, args.rate, args.seconds))
        print(
            f"screen beside a run of {args.rate:.0f} steps/s for {args.seconds:.0f} s: "
            f"{result['written']} written, {result['shown_at_end']} shown 0.6 s after the end; "
            f"lag median {result['median_lag_steps']:.0f}, max {result['max_lag_steps']} steps; "
            f"screen CPU {result['cpu_per_wall']:.0%} of one core"
        )


if __name__ == "__main__":
    main()
