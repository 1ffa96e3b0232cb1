"""The app in a real pseudo-terminal, against a bare Textual app with one Static.

Run: python benchmarks/bench_app.py   (120×40 by default; --size 80x24)

Both programs run under a pseudo-terminal of the given size with TERM=xterm-256color; the
script reads everything they write, as an SSH session would carry it. It prints:
- first paint: time from starting the process to the moment its first frame has been
  written (output goes quiet for 100 ms after the frame's text appeared), gradtui over bare
  (target ≤ 1.2); then the time until the screen is complete (the config form is built
  just after the first frame; output quiet for 0.8 s after it);
- resident memory (VmRSS) once the screen is complete, gradtui over bare (target ≤ 1.25);
- the same for the bare app importing NumPy, the floor for any app that computes with it;
- bytes written per step (space) at 120×40, mean over the steps (target ≤ 3 KB);
- bytes written while idle for 10 s (target 0);
- key press to painted step: time from writing the key to the last byte of the response,
  median over 100 steps, for the default lesson (target ≤ 25 ms) and for the
  784-256-128-10 preset, mnist-mlp (target ≤ 60 ms).

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

    def wait_for(self, text: bytes, limit: float = 30.0) -> float:
        """Read until ``text`` has appeared and output went quiet; the time of the last byte."""
        deadline = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                chunk = os.read(self.master, 65536)
                self.output += chunk
                last = time.perf_counter()
            elif text in self.output and time.perf_counter() - last > QUIET:
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


def steps(argv, marker, columns, rows, env, count: int, key: bytes = b" "):
    """Bytes and latency of ``count`` steps; the key for a step is ``key``."""
    terminal = Terminal(argv, columns, rows, env)
    try:
        terminal.wait_for(marker)
        terminal.read_until_quiet(quiet=0.8)  # the complete screen, before the first key
        sizes, latencies = [], []
        for _ in range(count):
            sent = terminal.send(key)
            size, last = terminal.read_until_quiet()
            sizes.append(size)
            latencies.append(last - sent)
        return sizes, latencies, terminal
    except BaseException:
        terminal.close()
        raise


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="launches for first paint/memory")
    args = parser.parse_args()
    columns, rows = (int(part) for part in args.size.split("x"))
    python = sys.executable
    compileall.compile_dir(HERE.parent / "gradtui", quiet=1)
    apps = {
        "bare": ([python, str(HERE / "bare_app.py")], b"ready"),
        "bare+numpy": ([python, str(HERE / "bare_app.py"), "--numpy"], b"ready"),
        "gradtui": ([python, "-m", "gradtui"], b"space"),
    }
    app = apps["gradtui"][0]
    with tempfile.TemporaryDirectory() as config_home:
        env = environment(config_home)
        print(f"pseudo-terminal {columns}x{rows}, TERM=xterm-256color, {args.runs} launches each")
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in apps}
        for _ in range(args.runs):  # interleaved, so that a busy moment hits all three
            for name, (argv, marker) in apps.items():
                runs[name].append(first_paint(argv, marker, columns, rows, env))
        median = {
            name: [statistics.median(run[i] for run in launches) for i in range(3)]
            for name, launches in runs.items()
        }
        bare_paint, _, bare_rss = median["bare"]
        for name, (paint, complete, rss) in median.items():
            print(
                f"{name:10s} first paint {paint * 1e3:5.0f} ms ({paint / bare_paint:.2f}×)"
                f"   complete {complete * 1e3:5.0f} ms"
                f"   resident {rss / 1024:5.1f} MB ({rss / bare_rss:.2f}×)"
            )
        for lesson in ("vanishing-sigmoid", "mnist-mlp"):
            argv = [*app, "--lesson", lesson]
            sizes, latencies, terminal = steps(argv, b"space", columns, rows, env, args.steps)
            try:
                if lesson == "vanishing-sigmoid":
                    terminal.read_until_quiet(quiet=0.5)
                    idle_bytes = terminal.read_for(10.0)
            finally:
                terminal.close()
            print(
                f"{lesson:18s} bytes/step mean {statistics.mean(sizes):6.0f}  max {max(sizes):6d}"
                f"   key→paint median {statistics.median(latencies) * 1e3:5.1f} ms"
                f"  p90 {sorted(latencies)[int(0.9 * len(latencies))] * 1e3:5.1f} ms"
            )
            if lesson == "vanishing-sigmoid":
                print(f"idle 10 s: {idle_bytes} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
