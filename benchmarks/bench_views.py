"""The views: time to open each (after the first time), the heatmap's repaint, and training
with the history view open against headless training.

Run: python benchmarks/bench_views.py   [--train-steps 10000]

In-process, headless (Textual's run_test at 120×40), on the default lesson:
- opening theory (T), history (H), compare (C, a lesson variant), through time (B): the
  median of 10 openings after the first, from the key press to the view painted and idle;
  the help screen (?) for reference (target ≤ 150 ms);
- the history heatmap of 1,000 layers × 1,000 recorded steps drawn to the terminal's lines
  at 120×40, median of 20 (target ≤ 50 ms);
- training N steps with the history view open (redrawn every second while it trains)
  against the same N steps headless, Stepper.train as `gradtui run` does (target ≤ 1.3×).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import tempfile
import time

from gradtui.tui.history_view import heatmap
from rich.console import Console
from rich.style import Style

from gradtui.explain.regime import Regime
from gradtui.lessons import load_lesson, load_lesson_file
from gradtui.sim import Stepper
from gradtui.sim.history import History
from gradtui.tui.app import GradtuiApp


async def open_times(lesson_id: str, action: str, repeats: int) -> list[float]:
    """From running the key's action to the view mounted and its whole screen rendered (the
    compositor's work for a first paint), without the test pilot's own waits."""
    lesson = load_lesson_file(lesson_id)
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="en")
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.action_train(500)  # a history to draw
        await app.workers.wait_for_complete()
        await pilot.pause()
        for attempt in range(repeats + 1):
            start = time.perf_counter()
            await app.run_action(action)
            while len(app.screen_stack) < 2 or not app.screen.is_mounted:
                await asyncio.sleep(0)
            await asyncio.sleep(0)
            app.export_screenshot()
            elapsed = time.perf_counter() - start
            app.pop_screen()
            await pilot.pause()
            if attempt:
                times.append(elapsed)
    return times


def heatmap_time(layers: int, steps: int, repeats: int) -> float:
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    snapshot = stepper.train(1)
    history = History(layers)

    class Wide:
        """The default lesson's step, widened to ``layers`` layers."""

        def __init__(self, step: int) -> None:
            self.step, self.depth, self.loss = step, layers, snapshot.loss
            repeat = layers // snapshot.depth + 1
            self.forward = (snapshot.forward * repeat)[:layers]
            self.backward = (snapshot.backward * repeat)[:layers]
            self.update = (snapshot.update * repeat)[:layers]

    for step in range(1, steps + 1):
        history.record(Wide(step))
    palette = {regime: Style(color="#5B8DEF") for regime in Regime}
    console = Console(width=120, file=io.StringIO(), color_system="truecolor")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for line in heatmap(history, 117, 40, palette):
            list(line.render(console))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def train_in_app(steps: int) -> float:
    lesson = load_lesson_file("vanishing-sigmoid")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("H")
        await pilot.pause()
        start = time.perf_counter()
        app.action_train(steps)
        await app.workers.wait_for_complete()
        elapsed = time.perf_counter() - start
        assert app.history.recorded == steps
    return elapsed


def train_headless(steps: int) -> float:
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    start = time.perf_counter()
    stepper.train(steps)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-steps", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    print(f"opening a view, after the first time (median of {args.repeats}):")
    for name, lesson_id, key in (
        ("help (reference)", "vanishing-sigmoid", "help"),
        ("theory", "vanishing-sigmoid", "theory"),
        ("history", "vanishing-sigmoid", "history"),
        ("compare", "batchnorm-rescue", "compare"),
        ("through time", "vanishing-sigmoid", "through_time"),
    ):
        times = asyncio.run(open_times(lesson_id, key, args.repeats))
        print(f"  {name:17s} {statistics.median(times) * 1e3:6.0f} ms")
    seconds = heatmap_time(1000, 1000, 20)
    print(f"heatmap of 1,000 layers × 1,000 steps, drawn at 120×40: {seconds * 1e3:.1f} ms")
    print(f"training {args.train_steps} steps…")
    app_time = asyncio.run(train_in_app(args.train_steps))
    headless = train_headless(args.train_steps)
    print(
        f"training {args.train_steps} steps: with the history view open {app_time:.2f} s, "
        f"headless {headless:.2f} s, ratio {app_time / headless:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
