"""The app in a real pseudo-terminal, against a bare Textual app with one Static.

Run: python benchmarks/bench_app.py   (120×40 by default; --size 80x24; --cases to pick)

Both programs run under a pseudo-terminal of the given size with TERM=xterm-256color; the
script reads everything they write, as an SSH session would carry it. It prints:
- first paint: time from starting the process to the moment its first frame has been
  written (output goes quiet for 100 ms after the frame's text appeared), gradtui over bare
  (target ≤ 1.2) and over bare + NumPy; then the time until the screen is complete (the
  config form is built just after the first frame; output quiet for 0.8 s after it);
- resident memory (VmRSS) once the screen is complete, gradtui over bare (target ≤ 1.25)
  and over bare + NumPy;
- the same for the bare app importing NumPy, the floor for any app that computes with it,
  and for that app with the main screen's layout and widget count (``--widgets``), the
  floor for Textual at gradtui's size;
- bytes written per step (space) at 120×40, mean over the steps (target ≤ 3 KB);
- bytes written while idle for 10 s (target 0);
- key press to painted step: time from writing the key to the last byte of the response,
  median over 100 steps, for the default lesson (target ≤ 25 ms) and for the
  784-256-128-10 preset, mnist-mlp (target ≤ 60 ms);
- a long session: the same median on the default lesson once 10,000 steps (space, one log
  entry each; --long) have been taken, sent in bursts as fast as the app reads them
  (target ≤ 25 ms), and the resident memory then;
- a deep network, depth 1000 (--deep): the key-to-paint median of a step (target ≤ 25 ms),
  then `e` (finish the pass, 2,001 stages and log entries) pressed twice: time from the key
  to the last byte of its frame, each press (target ≤ 2 s every time).

gradtui's bytecode is compiled first, as ``pip install`` does: in an editable checkout
under PYTHONDONTWRITEBYTECODE, every launch would otherwise compile its source again.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUIET = 0.1
"""Seconds without output that mark the end of a frame."""


class Terminal:
    """A program under a pseudo-terminal; collects what it writes."""

    def __init__(self, argv: list[str], columns: int, rows: int, env: dict[str, str]):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()

    def read_until_quiet(self, quiet: float = QUIET, limit: float = 30.0) -> tuple[int, float]:
        """Read until nothing arrives for ``quiet`` s; (bytes read, time of the last byte)."""
        count, last = 0, time.perf_counter()
        deadline = last + limit
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
            count += len(chunk)
            last = time.perf_counter()
        return count, last

    def wait_for(self, text: bytes, limit: float = 30.0, since: int = 0) -> float:
        """Read until ``text`` has appeared (after the first ``since`` bytes) and output went
        quiet; the time of the last byte."""
        deadline = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                chunk = os.read(self.master, 65536)
                self.output += chunk
                last = time.perf_counter()
            elif text in self.output[since:] and time.perf_counter() - last > QUIET:
                return last
        raise TimeoutError(f"{text!r} did not appear; output ends {bytes(self.output[-300:])!r}")

    def read_for(self, seconds: float) -> int:
        """Bytes written during the next ``seconds``."""
        end = time.perf_counter() + seconds
        count = 0
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                chunk = os.read(self.master, 65536)
                self.output += chunk
                count += len(chunk)
        return count

    def send(self, keys: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.master, keys)
        return sent

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        os.close(self.master)


def environment(config_home: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLORTERM="", XDG_CONFIG_HOME=config_home)
    env.pop("NO_COLOR", None)
    return env


def first_paint(argv, marker: bytes, columns, rows, env) -> tuple[float, float, int]:
    """Seconds to the first frame and to the complete screen; KiB resident once complete."""
    terminal = Terminal(argv, columns, rows, env)
    try:
        painted = terminal.wait_for(marker)
        count, last = terminal.read_until_quiet(quiet=0.8)
        complete = last if count else painted
        return painted - terminal.started, complete - terminal.started, terminal.rss_kib()
    finally:
        terminal.close()


def launch(argv, marker, columns, rows, env) -> Terminal:
    """The program under a pseudo-terminal, its screen complete."""
    terminal = Terminal(argv, columns, rows, env)
    try:
        terminal.wait_for(marker, limit=120.0)
        terminal.read_until_quiet(quiet=0.8)  # the complete screen, before the first key
    except BaseException:
        terminal.close()
        raise
    return terminal


def response(terminal: Terminal, key: bytes, quiet: float = QUIET, limit: float = 600.0):
    """Send ``key``; (bytes of the response, seconds from the key to its last byte). The
    response is the output from its first byte, however long the app computes before it,
    until it has been quiet for ``quiet`` s."""
    sent = terminal.send(key)
    ready, _, _ = select.select([terminal.master], [], [], limit)
    if not ready:
        raise TimeoutError(f"no response to {key!r} within {limit} s")
    size, last = terminal.read_until_quiet(quiet=quiet, limit=limit)
    return size, last - sent


def measure_steps(terminal: Terminal, count: int, key: bytes = b" "):
    """Bytes written and key-to-paint latency of ``count`` presses of ``key``, one at a time."""
    sizes, latencies = [], []
    for _ in range(count):
        size, seconds = response(terminal, key)
        sizes.append(size)
        latencies.append(seconds)
    return sizes, latencies


def drive(terminal: Terminal, count: int, key: bytes = b" ", burst: int = 50) -> None:
    """Press ``key`` ``count`` times as fast as the app takes them: bursts, reading what it
    writes between them (a terminal that is not read would block the app's writes). The
    keys queue up, and a busy app paints nothing until they are done: the help screen (?)
    opening after them says they are, then escape closes it."""
    for start in range(0, count, burst):
        terminal.send(key * min(burst, count - start))
        terminal.read_until_quiet(quiet=0.05)
    since = len(terminal.output)
    terminal.send(b"?")
    terminal.wait_for(b"gradtui keys", limit=3600.0, since=since)
    terminal.send(b"\x1b")
    terminal.read_until_quiet(quiet=1.0)


def latency(name: str, latencies: list[float], sizes: list[int] | None = None) -> str:
    ordered = sorted(latencies)
    text = f"{name:34s}"
    if sizes is not None:
        text += f" bytes/step mean {statistics.mean(sizes):6.0f}  max {max(sizes):6d}  "
    return (
        text + f" key→paint median {statistics.median(ordered) * 1e3:6.1f} ms"
        f"  p90 {ordered[int(0.9 * len(ordered))] * 1e3:6.1f} ms"
    )


CASES = ("startup", "steps", "long", "deep")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="launches for first paint/memory")
    parser.add_argument("--long", type=int, default=10_000, help="steps before the long case")
    parser.add_argument("--deep", type=int, default=1000, help="depth of the deep case")
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}"
    )
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    if cases - set(CASES):
        parser.error(f"no case named {', '.join(sorted(cases - set(CASES)))}")
    columns, rows = (int(part) for part in args.size.split("x"))
    python = sys.executable
    compileall.compile_dir(HERE.parent / "gradtui", quiet=1)
    apps = {
        "bare": ([python, str(HERE / "bare_app.py")], b"ready"),
        "bare+numpy": ([python, str(HERE / "bare_app.py"), "--numpy"], b"ready"),
        "bare+widgets": ([python, str(HERE / "bare_app.py"), "--widgets"], b"space"),
        "gradtui": ([python, "-m", "gradtui"], b"space"),
    }
    app = apps["gradtui"][0]
    with tempfile.TemporaryDirectory() as config_home:
        env = environment(config_home)
        print(f"pseudo-terminal {columns}x{rows}, TERM=xterm-256color")
        if "startup" in cases:
            print(f"start-up: {args.runs} launches each, medians")
            startup(apps, args.runs, columns, rows, env)
        if "steps" in cases:
            for lesson in ("vanishing-sigmoid", "mnist-mlp"):
                terminal = launch([*app, "--lesson", lesson], b"space", columns, rows, env)
                try:
                    sizes, latencies = measure_steps(terminal, args.steps)
                    if lesson == "vanishing-sigmoid":
                        terminal.read_until_quiet(quiet=0.5)
                        idle_bytes = terminal.read_for(10.0)
                finally:
                    terminal.close()
                print(latency(lesson, latencies, sizes))
                if lesson == "vanishing-sigmoid":
                    print(f"idle 10 s: {idle_bytes} bytes")
        if "long" in cases:
            argv = [*app, "--lesson", "vanishing-sigmoid"]
            terminal = launch(argv, b"space", columns, rows, env)
            try:
                began = time.perf_counter()
                drive(terminal, args.long)
                driven = time.perf_counter() - began
                _, latencies = measure_steps(terminal, args.steps)
                rss = terminal.rss_kib()
            finally:
                terminal.close()
            print(
                latency(f"after {args.long} steps", latencies)
                + f"   resident {rss / 1024:5.1f} MB   ({driven:.0f} s to take them)"
            )
        if "deep" in cases:
            argv = [*app, "--set", f"network.depth={args.deep}"]
            terminal = launch(argv, b"space", columns, rows, env)
            try:
                _, latencies = measure_steps(terminal, args.steps)
                terminal.send(b"R")  # back to a fresh pass, so that e runs a whole one
                terminal.read_until_quiet(quiet=0.5)
                # Quiet for 0.3 s: a whole pass may paint in more than one frame.
                finish = [response(terminal, b"e", quiet=0.3)[1] for _ in range(2)]
            finally:
                terminal.close()
            print(latency(f"depth {args.deep}, space", latencies))
            print(
                f"depth {args.deep}, e (finish the pass)  "
                + "   ".join(f"press {n}: {seconds:6.2f} s" for n, seconds in enumerate(finish, 1))
            )
    return 0


def startup(apps, launches: int, columns: int, rows: int, env) -> None:
    """First paint, complete screen and memory of each app, with the ratios to both
    yardsticks: bare Textual, and bare Textual importing NumPy."""
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in apps}
    for _ in range(launches):  # interleaved, so that a busy moment hits all three
        for name, (argv, marker) in apps.items():
            runs[name].append(first_paint(argv, marker, columns, rows, env))
    median = {
        name: [statistics.median(run[i] for run in each) for i in range(3)]
        for name, each in runs.items()
    }
    yardsticks = [(name, median[name]) for name in ("bare", "bare+numpy")]
    for name, (paint, complete, rss) in median.items():
        paints = " ".join(f"{paint / base[0]:.2f}× {base_name}" for base_name, base in yardsticks)
        memories = " ".join(f"{rss / base[2]:.2f}× {base_name}" for base_name, base in yardsticks)
        print(
            f"{name:12s} first paint {paint * 1e3:5.0f} ms ({paints})"
            f"   complete {complete * 1e3:5.0f} ms"
            f"   resident {rss / 1024:5.1f} MB ({memories})"
        )
    # The spread: each launch's figure, and its ratio to the yardstick launched just before
    # it (the same moment of the machine).
    for name, each in runs.items():
        paints = sorted(run[0] * 1e3 for run in each)
        completes = sorted(run[1] * 1e3 for run in each)
        rsss = sorted(run[2] / 1024 for run in each)
        ratios = sorted(
            mine[0] / base[0] for mine, base in zip(each, runs["bare+numpy"], strict=True)
        )
        print(
            f"{name:12s} spread: first paint {paints[0]:.0f}–{paints[-1]:.0f} ms"
            f" ({ratios[0]:.2f}–{ratios[-1]:.2f}× bare+numpy, launch by launch)"
            f"   complete {completes[0]:.0f}–{completes[-1]:.0f} ms"
            f"   resident {rsss[0]:.1f}–{rsss[-1]:.1f} MB"
        )


if __name__ == "__main__":
    raise SystemExit(main())
