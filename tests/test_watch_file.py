"""The watch file without torch: records, torn writes, merging, a reader beside a writer,
the headless output and the watch screen (written by a ``Writer`` as a run would)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading

import numpy as np
import pytest

from gradtui.cli import main
from gradtui.explain.regime import Regime
from gradtui.tui.widgets.explanation_log import ExplanationLog
from gradtui.watch.app import WatchApp, WatchChart
from gradtui.watch.fileformat import (
    MAGIC,
    Header,
    Reader,
    Row,
    WatchFileError,
    Writer,
    step_bytes,
)

ROWS = (
    Row("layers.0", "Linear", "W", 72),
    Row("layers.1", "Sigmoid", "a"),
    Row("layers.2", "Linear", "W", 72),
    Row("layers.3", "Sigmoid", "a"),
    Row("head", "Linear", "W", 9),
)


@pytest.fixture(autouse=True)
def _own_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))


def values(step: int, vanishing: bool = True) -> np.ndarray:
    """A step's numbers: layers.0 far below the head when ``vanishing``."""
    first = 1e-6 if vanishing else 0.5
    return np.array(
        [
            [first * (1 + step / 1000), 3.0, 1e-3],
            [2e-5, math.nan, 0.25],
            [0.1, 3.0, 1e-3],
            [1e-2, math.nan, 0.1],
            [1.0 + step / 100, 2.0, 1e-2],
        ]
    )


def written(path, steps: int, capacity: int = 2048, vanishing: bool = True) -> Writer:
    writer = Writer(path, Header("Net", ROWS, capacity))
    for step in range(steps):
        writer.append(step, 2.0 / (step + 1), -1, 0, values(step, vanishing))
    return writer


def test_records_read_back_exactly_and_cost_the_stated_bytes(tmp_path):
    path = tmp_path / "run.gradtui"
    writer = written(path, 10)
    size = path.stat().st_size
    writer.append(10, 0.5, -1, 0, values(10))
    assert path.stat().st_size - size == step_bytes(len(ROWS)) == 9 + 33 + 24 * len(ROWS)
    reader = Reader(path)
    assert reader.poll() == 11
    assert reader.header.rows == ROWS and not reader.ended
    assert reader.steps.last == list(range(11))
    np.testing.assert_array_equal(reader.steps.values[3], values(3))
    assert reader.poll() == 0  # nothing new: nothing read
    writer.close()
    assert reader.poll() == 0 and reader.ended


def test_a_torn_last_record_waits_until_it_is_whole(tmp_path):
    path = tmp_path / "run.gradtui"
    written(path, 3).close()
    data = path.read_bytes()
    partial = tmp_path / "partial.gradtui"
    reader = Reader(partial)
    seen = []
    for cut in range(0, len(data) + 1, 7):
        partial.write_bytes(data[:cut])
        reader.poll()
        seen.append(len(reader.steps))
        # Never a step whose bytes are not all there.
        assert all(step_bytes(len(ROWS)) * n <= cut for n in [len(reader.steps)])
    partial.write_bytes(data)
    reader.poll()
    assert seen == sorted(seen) and reader.steps.last == [0, 1, 2] and reader.ended


def test_a_damaged_record_or_another_file_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "run.gradtui"
    written(path, 3).close()
    data = bytearray(path.read_bytes())
    data[len(MAGIC) + 40] ^= 0xFF  # inside the header's payload
    path.write_bytes(bytes(data))
    with pytest.raises(WatchFileError, match="damaged"):
        Reader(path).poll()
    other = tmp_path / "notes.txt"
    other.write_text("hello, not a run\n")
    with pytest.raises(WatchFileError, match="not a gradtui watch file"):
        Reader(other).poll()


def test_a_long_run_stays_bounded_and_merges_like_the_history(tmp_path):
    path = tmp_path / "run.gradtui"
    writer = written(path, 1000, capacity=16)
    reader = Reader(path)
    reader.poll()
    steps = reader.steps
    assert len(steps) <= 32
    assert path.stat().st_size <= 64 + 600 + 32 * step_bytes(len(ROWS))
    assert sum(steps.count) == 1000 and steps.last[-1] == 999 and steps.first[0] == 0
    assert steps.count[-1] == 1  # the newest steps are kept one per record
    merged = next(i for i, count in enumerate(steps.count) if count > 1)
    first, last = steps.first[merged], steps.last[merged]
    # Gradient norms: the geometric mean of the steps merged; the rest: the mean.
    norms = [1.0 + s / 100 for s in range(first, last + 1)]
    assert steps.values[merged][4, 0] == pytest.approx(math.exp(np.mean(np.log(norms))), 1e-12)
    losses = [2.0 / (s + 1) for s in range(first, last + 1)]
    assert steps.loss[merged] == pytest.approx(np.mean(losses), 1e-12)
    writer.close()


def test_a_reader_beside_a_writer_sees_only_whole_steps(tmp_path):
    """A writer thread appends 3,000 steps (merging every few hundred) while the reader polls:
    every step it sees is one the writer wrote, in order, and at the end it has them all."""
    path = tmp_path / "run.gradtui"
    writer = Writer(path, Header("Net", ROWS, 256))
    done = threading.Event()

    def write() -> None:
        for step in range(3000):
            writer.append(step, 1.0, -1, 0, values(step))
        writer.close()
        done.set()

    thread = threading.Thread(target=write)
    reader = Reader(path)
    thread.start()
    polls = 0
    while not done.is_set() or polls == 0:
        reader.poll()
        polls += 1
        last = reader.steps.last
        assert last == sorted(last)
        for index in range(len(reader.steps)):
            if reader.steps.count[index] == 1:
                np.testing.assert_array_equal(
                    reader.steps.values[index], values(reader.steps.last[index])
                )
    thread.join()
    reader.poll()
    assert reader.ended and sum(reader.steps.count) == 3000 and reader.steps.last[-1] == 2999


def test_a_reader_in_another_process_while_a_run_writes(tmp_path):
    """The same across processes: the writer in a child, the reader polling here."""
    path = tmp_path / "run.gradtui"
    code = (
        "import sys, numpy as np\n"
        "from gradtui.watch.fileformat import Header, Row, Writer\n"
        "rows = (Row('a', 'Linear', 'W'), Row('b', 'ReLU', 'a'))\n"
        "w = Writer(sys.argv[1], Header('Net', rows, 128))\n"
        "for s in range(5000):\n"
        "    w.append(s, 1.0 / (s + 1), -1, 0, np.full((2, 3), float(s)))\n"
        "w.close()\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(path)])
    reader = Reader(path)
    while child.poll() is None:
        try:
            reader.poll()
        except FileNotFoundError:
            continue
        for index, count in enumerate(reader.steps.count):
            if count == 1:
                assert reader.steps.values[index][0, 0] == reader.steps.last[index]
    assert child.wait(timeout=60) == 0
    reader.poll()
    assert reader.ended and sum(reader.steps.count) == 5000


def test_headless_json_and_csv_print_the_recorded_numbers(tmp_path, capsys):
    path = tmp_path / "run.gradtui"
    written(path, 5).close()
    assert main(["watch", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ended"] is True and document["model"] == "Net"
    assert [row["name"] for row in document["rows"]] == [row.name for row in ROWS]
    assert document["rows"][0]["regime"] == "vanishing"
    assert document["steps"][4]["rows"][0]["grad_norm"] == values(4)[0, 0]
    assert document["steps"][4]["rows"][1] == {"grad_norm": 2e-5, "dead": None, "saturated": 0.25}
    assert "Vanishing" in document["diagnosis"][0] and "sigmoid" in document["diagnosis"][0]
    assert main(["watch", str(path), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["step", "first_step", "steps", "loss", "first_nonfinite"]
    assert header[5:8] == ["layers.0:grad_norm", "layers.0:weight_norm", "layers.0:update_ratio"]
    last = lines[-1].split(",")
    assert float(last[header.index("head:grad_norm")]) == values(4)[4, 0]
    assert len(lines) == 6


def test_headless_refuses_a_missing_or_foreign_file(tmp_path, capsys):
    assert main(["watch", str(tmp_path / "none.gradtui"), "--format", "csv"]) == 2
    assert "no such file" in capsys.readouterr().err
    other = tmp_path / "x.gradtui"
    other.write_bytes(b"[not] a run")
    assert main(["watch", str(other), "--format", "json"]) == 2
    assert "not a gradtui watch file" in capsys.readouterr().err


async def _until(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not get there")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_watch_screen_follows_a_run_as_it_is_written(tmp_path, size):
    path = tmp_path / "run.gradtui"
    writer = written(path, 3, vanishing=False)
    app = WatchApp(str(path))
    async with app.run_test(size=size) as pilot:
        chart = app.screen.query_one(WatchChart)
        await _until(pilot, lambda: len(chart.rows) == len(ROWS))
        assert [row.label for row in chart.rows] == [row.name for row in ROWS]
        assert chart.rows[0].regime is Regime.HEALTHY
        log = app.screen.query_one(ExplanationLog)
        assert "no vanishing or exploding" in " ".join(log.entries[-1].split())
        for step in range(3, 50):
            writer.append(step, 0.1, -1, 0, values(step, vanishing=True))
        await _until(pilot, lambda: chart.rows[0].regime is Regime.VANISHING)
        status = str(app.screen.query_one("#status").render())
        assert "step 49" in status and "live" in status
        entry = " ".join(log.entries[-1].split())
        assert "Vanishing" in entry and "layers.0" in entry and "sigmoid" in entry
        await pilot.press("j")
        assert "layers.1 Sigmoid" in str(app.screen.query_one("#detail").render())
        writer.close()
        await _until(pilot, lambda: "ended" in str(app.screen.query_one("#status").render()))
        await pilot.press("z")
        await _until(pilot, lambda: "梯度消失" in app.screen.query_one(ExplanationLog).entries[-1])
        assert "已结束" in str(app.screen.query_one("#status").render())


async def test_the_watch_screen_waits_for_a_file_not_yet_written(tmp_path):
    path = tmp_path / "later.gradtui"
    app = WatchApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert "waiting for" in str(app.screen.query_one("#status").render())
        written(path, 2).close()
        chart = app.screen.query_one(WatchChart)
        await _until(pilot, lambda: len(chart.rows) == len(ROWS))
        assert "ended" in str(app.screen.query_one("#status").render())


def test_importing_gradtui_and_its_watch_screen_imports_no_torch():
    code = (
        "import sys\n"
        "import gradtui, gradtui.cli, gradtui.watch, gradtui.watch.app, gradtui.tui.app\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


async def test_a_run_that_stopped_without_closing_is_not_called_live(tmp_path, monkeypatch):
    import gradtui.watch.app

    monkeypatch.setattr(gradtui.watch.app, "QUIET_SECONDS", 1)
    path = tmp_path / "killed.gradtui"
    written(path, 2)  # never closed: as a script stopped by ctrl+c or a crash
    app = WatchApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one("#status")
        await _until(pilot, lambda: "live" in str(status.render()))
        await _until(pilot, lambda: "no new step for" in str(status.render()))


def _steps_of(rows, numbers, bad_row=-1, bad_where=0):
    from gradtui.watch.fileformat import Steps

    steps = Steps(len(rows))
    steps.append(7, 7, 1, 0.5, bad_row, bad_where, np.array(numbers, dtype=float))
    return Header("Net", rows), steps


def test_the_words_name_exploding_modules_dead_units_and_where_nan_began():
    from gradtui.watch.diagnosis import diagnose

    rows = (
        Row("conv", "Conv2d", "W"),
        Row("act", "ReLU", "a"),
        Row("fc", "Linear", "W"),
        Row("norm", "LayerNorm", "W"),
        Row("head", "Linear", "W"),
    )
    header, steps = _steps_of(
        rows,
        [[5e3, 1, 0], [1.0, 0.25, math.nan], [2.0, 1, 0], [1.0, 1, 0], [1.0, 1, 0]],
    )
    text = " ".join(diagnose(header, steps)[0].split())
    assert "Exploding" in text and "conv" in text and "fc" not in text.split("Exploding")[1][:40]
    assert "25% of the units after act are dead" in text and "LeakyReLU" in text
    assert "normalisation" not in text  # it has a LayerNorm
    zh = diagnose(header, steps, lang="zh")[0]
    assert "梯度爆炸" in zh and "死亡" in zh
    header, steps = _steps_of(rows, [[math.nan, 1, 0]] * 5, bad_row=2, bad_where=2)
    text = " ".join(diagnose(header, steps)[0].split())
    assert "backward pass, in the gradient of fc" in text and "clip_grad_norm_" in text


def test_even_but_tiny_gradients_are_called_a_stalled_run_not_a_healthy_one():
    from gradtui.watch.diagnosis import diagnose

    rows = (Row("0", "Linear", "W"), Row("1", "Sigmoid", "a"), Row("2", "Linear", "W"))
    # Every W row within 100× of the output layer's, every update below 10⁻⁶ of its weights.
    header, steps = _steps_of(rows, [[9e-9, 3.35, 8.5e-11], [6e-9, 0, 0], [1.8e-8, 2.0, 4e-10]])
    text = " ".join(diagnose(header, steps)[0].split())
    assert "no vanishing or exploding gradient" in text
    assert "all but stopped learning" in text and "4×10⁻¹⁰" in text
    assert "几乎已停止学习" in diagnose(header, steps, lang="zh")[0]
    # Updates of a learning run (10⁻³ of the weights), or not yet known: no such sentence.
    for update in (1e-3, math.nan):
        header, steps = _steps_of(rows, [[1e-2, 3, update], [1e-2, 0, 0], [2e-2, 2, update]])
        assert "stopped learning" not in " ".join(diagnose(header, steps)[0].split())
