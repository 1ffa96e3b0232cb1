"""History: same numbers as the snapshots, bounded memory, recent steps kept, merged means."""

from __future__ import annotations

import csv
import io
import math
import tracemalloc
import warnings
from decimal import Decimal, localcontext
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.lessons import load_lesson
from gradtui.sim import Stepper
from gradtui.sim.history import SERIES, History

# ----------------------------------------------------------------------------- helpers


def fake(
    step: int,
    depth: int,
    *,
    loss: float | None = 0.5,
    grad_a: float = 1.0,
    grad_w: float = 2.0,
    dead: float = 0.0,
    saturated: float = 0.0,
    update_ratio: float = 1e-3,
    alpha: tuple[float, ...] | None = None,
) -> SimpleNamespace:
    """A stand-in with the attributes of a Snapshot at UPDATE that ``record`` reads."""
    forward = SimpleNamespace(dead_fraction=dead, saturated_fraction=saturated)
    backward = SimpleNamespace(grad_a_norm=grad_a, grad_w_norm=grad_w)
    update = SimpleNamespace(update_ratio=update_ratio, prelu_alpha=alpha)
    return SimpleNamespace(
        step=step,
        depth=depth,
        loss=loss,
        forward=(forward,) * depth,
        backward=(backward,) * depth,
        update=(update,) * depth,
    )


def from_snapshots(snapshots, name: str) -> np.ndarray:
    """The (n, depth) array of one series read straight from the snapshots."""

    def value(snapshot, index: int) -> float:
        forward = snapshot.forward[index]
        backward = snapshot.backward[index]
        update = snapshot.update[index]
        if name == "grad_a":
            return backward.grad_a_norm
        if name == "grad_w":
            return backward.grad_w_norm
        if name == "dead":
            return forward.dead_fraction
        if name == "saturated":
            return forward.saturated_fraction
        if name == "update_ratio":
            return update.update_ratio
        alpha = update.prelu_alpha
        return math.nan if alpha is None else float(np.mean(alpha))

    return np.array([[value(s, i) for i in range(s.depth)] for s in snapshots], dtype=float)


def record_training(lesson: str, steps: int) -> tuple[History, list]:
    stepper = Stepper(load_lesson(lesson))
    history = History(stepper.depth)
    snapshots = []
    for _ in range(steps):
        snapshot = stepper.train(1)
        history.record(snapshot)
        snapshots.append(snapshot)
    return history, snapshots


# ------------------------------------------------------------- same numbers as the stepper


def test_records_the_snapshots_numbers():
    history, snapshots = record_training("vanishing-sigmoid", 15)
    assert history.depth == 10
    assert len(history) == history.recorded == 15
    np.testing.assert_array_equal(history.steps, np.arange(1, 16))
    np.testing.assert_array_equal(history.first_steps, np.arange(1, 16))
    np.testing.assert_array_equal(history.loss, [s.loss for s in snapshots])
    for name in SERIES:
        got = history.series(name)
        assert got.shape == (15, 10)
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, from_snapshots(snapshots, name), err_msg=name)
    # Vanishing gradients: layer 1 gets far less than layer 10, and sigmoid has no α.
    grad_a = history.series("grad_a")
    assert np.all(grad_a[:, 0] < grad_a[:, -1] / 10)
    assert np.isnan(history.series("alpha")).all()


def test_records_prelu_alpha_as_the_mean():
    history, snapshots = record_training("prelu-learns-alpha", 6)
    alpha = history.series("alpha")
    expected = from_snapshots(snapshots, "alpha")
    assert np.isfinite(expected).any()
    np.testing.assert_allclose(alpha, expected, rtol=1e-15, atol=0)
    # α moves during training, and the history follows it.
    assert not np.array_equal(alpha[0], alpha[-1])


def test_record_accepts_missing_statistics_as_nan():
    stepper = Stepper(load_lesson("vanishing-sigmoid"))
    history = History(stepper.depth)
    history.record(stepper.snapshot)  # READY before any update: everything is None
    assert math.isnan(history.loss[0])
    for name in SERIES:
        assert np.isnan(history.series(name)).all()


def test_reading_returns_copies_with_the_stated_types():
    history = History(3, capacity=8)
    for step in range(1, 4):
        history.record(fake(step, 3, loss=float(step)))
    steps, loss, grad = history.steps, history.loss, history.series("grad_a")
    assert steps.dtype == np.int64 and steps.shape == (3,)
    assert loss.dtype == np.float64 and loss.shape == (3,)
    assert grad.shape == (3, 3)
    steps[:] = 0
    loss[:] = 0
    grad[:] = 0
    np.testing.assert_array_equal(history.steps, [1, 2, 3])
    np.testing.assert_array_equal(history.loss, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(history.series("grad_a"), np.ones((3, 3)))


def test_rejects_bad_arguments():
    with pytest.raises(ValueError):
        History(0)
    with pytest.raises(ValueError):
        History(3, capacity=3)
    history = History(3)
    with pytest.raises(ValueError, match="depth"):
        history.record(fake(1, 4))
    with pytest.raises(ValueError, match="unknown series"):
        history.series("grad_z")


# ------------------------------------------------------------------------ bounded memory


def test_capacity_is_respected_and_recent_steps_stay_full_resolution():
    capacity = 64
    history = History(3, capacity=capacity)
    largest = 0
    for step in range(1, 10_001):
        history.record(fake(step, 3, loss=float(step)))
        largest = max(largest, len(history))
    assert largest == capacity
    assert history.recorded == 10_000
    steps, first, counts = history.steps, history.first_steps, history.counts
    # The rows cover every step once, in order, from 1 to 10 000.
    assert first[0] == 1 and steps[-1] == 10_000
    np.testing.assert_array_equal(first[1:], steps[:-1] + 1)
    assert counts.sum() == 10_000
    np.testing.assert_array_equal(counts, steps - first + 1)
    # The newest half is one row per step, consecutive up to the last one.
    recent = capacity // 2
    np.testing.assert_array_equal(steps[-recent:], np.arange(10_001 - recent, 10_001))
    assert (counts[-recent:] == 1).all()
    # Older rows were merged, coarser the older they are.
    assert counts[0] > 1
    assert (np.diff(counts) <= 0).all()
    # A merged loss is the mean of the steps it covers (here the midpoint of its range).
    np.testing.assert_allclose(history.loss, (first + steps) / 2, rtol=1e-12)


def test_memory_stays_flat():
    depth, capacity = 10, 256
    snapshot = fake(0, depth)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        history = History(depth, capacity=capacity)
        allocated = tracemalloc.get_traced_memory()[0] - before
        # tracemalloc does see the preallocated arrays (so the check below means something).
        assert allocated >= len(SERIES) * capacity * depth * 8
        for step in range(1, 2 * capacity + 1):
            snapshot.step = step
            history.record(snapshot)
        settled = tracemalloc.get_traced_memory()[0]
        for step in range(2 * capacity + 1, 10_001):
            snapshot.step = step
            history.record(snapshot)
        grown = tracemalloc.get_traced_memory()[0] - settled
    finally:
        tracemalloc.stop()
    assert len(history) <= capacity
    assert history.recorded == 10_000
    # Unbounded storage would have grown by about 10 000 rows × 61 floats ≈ 4.8 MB.
    assert grown < 16_384


# ------------------------------------------------------------------------- merged means


def merge_first_pair(depth: int, a: dict, b: dict) -> History:
    """A history of capacity 4 whose first row merges steps with values ``a`` and ``b``."""
    history = History(depth, capacity=4)
    history.record(fake(1, depth, **a))
    history.record(fake(2, depth, **b))
    for step in range(3, 6):
        history.record(fake(step, depth))
    assert history.first_steps[0] == 1 and history.steps[0] == 2
    return history


def test_geometric_mean_of_tiny_gradients_is_exact():
    history = merge_first_pair(2, {"grad_a": 1e-200, "grad_w": 1e-300}, {"grad_a": 1e-300})
    np.testing.assert_array_equal(history.steps, [2, 3, 4, 5])
    np.testing.assert_array_equal(history.first_steps, [1, 3, 4, 5])
    assert history.series("grad_a")[0].tolist() == pytest.approx([1e-250] * 2, rel=4e-16)
    # grad_w: 1e-300 and the default 2.0 give sqrt(2e-300).
    assert history.series("grad_w")[0, 0] == pytest.approx(math.sqrt(2) * 1e-150, rel=4e-16)


def test_weighted_geometric_mean_over_repeated_merges():
    # With capacity 4, the rows of steps 1-2 and 3 merge into one row for steps 1-3.
    history = History(1, capacity=4)
    for step, grad in enumerate([1e-200, 1e-300, 1e-100, 1.0, 1.0, 1.0], start=1):
        history.record(fake(step, 1, grad_a=grad))
    assert history.first_steps[0] == 1 and history.steps[0] == 3
    assert history.counts[0] == 3
    assert history.series("grad_a")[0, 0] == pytest.approx(1e-200, rel=4e-16)


@settings(max_examples=300, deadline=None)
@given(st.floats(1e-300, 1e300), st.floats(1e-300, 1e300))
def test_geometric_mean_keeps_nearly_every_digit(first, second):
    # Exact reference: sqrt(first · second) to 60 digits. A plain exp(mean(log)) is only good
    # to about 1e-13 here, because log(1e-250) ≈ -575 carries an absolute rounding error.
    with localcontext() as context:
        context.prec = 60
        exact = float((Decimal(first) * Decimal(second)).sqrt())
    history = merge_first_pair(1, {"grad_a": first}, {"grad_a": second})
    assert history.series("grad_a")[0, 0] == pytest.approx(exact, rel=5e-16)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (0.0, 1e-10, 0.0),
        (0.0, 1e300, 0.0),
        (math.inf, 1e-5, math.inf),
        (math.inf, math.inf, math.inf),
        (math.nan, 1.0, math.nan),
        (0.0, math.nan, math.nan),
        (0.0, math.inf, math.nan),
        (5e-324, 5e-324, 5e-324),
    ],
)
def test_gradient_norms_propagate_zero_inf_nan(first, second, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning either
        history = merge_first_pair(1, {"grad_a": first}, {"grad_a": second})
    got = history.series("grad_a")[0, 0]
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (1.0, 2.0, 1.5),
        (math.inf, 1.0, math.inf),
        (math.inf, -math.inf, math.nan),
        (math.nan, 1.0, math.nan),
        (None, 1.0, math.nan),
        (1e308, 1e308, 1e308),
    ],
)
def test_arithmetic_means_propagate_inf_nan(first, second, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = merge_first_pair(
            1,
            {
                "loss": first,
                "update_ratio": first,
                "alpha": None if first is None else (first, first),
            },
            {"loss": second, "update_ratio": second, "alpha": (second,)},
        )
    for got in (
        history.loss[0],
        history.series("update_ratio")[0, 0],
        history.series("alpha")[0, 0],
    ):
        if math.isnan(expected):
            assert math.isnan(got)
        else:
            assert got == expected


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(4, 17),
    values=st.lists(
        st.tuples(st.floats(1e-300, 1e300), st.floats(0.0, 10.0)), min_size=1, max_size=150
    ),
)
def test_every_row_is_the_mean_of_the_steps_it_covers(capacity, values):
    history = History(1, capacity=capacity)
    for step, (grad, loss) in enumerate(values, start=1):
        history.record(fake(step, 1, grad_a=grad, loss=loss))
        assert len(history) <= capacity
    n = len(values)
    first, last, counts = history.first_steps, history.steps, history.counts
    assert first[0] == 1 and last[-1] == n
    np.testing.assert_array_equal(first[1:], last[:-1] + 1)
    np.testing.assert_array_equal(counts, last - first + 1)
    recent = min(n, (capacity + 1) // 2)
    np.testing.assert_array_equal(last[-recent:], np.arange(n - recent + 1, n + 1))
    grads, losses = history.series("grad_a")[:, 0], history.loss
    for row in range(len(history)):
        covered = values[first[row] - 1 : last[row]]
        logs = [math.log(grad) for grad, _ in covered]
        assert grads[row] == pytest.approx(math.exp(math.fsum(logs) / len(logs)), rel=1e-9)
        mean = math.fsum(loss for _, loss in covered) / len(covered)
        assert losses[row] == pytest.approx(mean, rel=1e-12, abs=1e-12)


# ---------------------------------------------------------------------------------- CSV


def test_csv_header_and_rows_round_trip(tmp_path):
    history = History(2, capacity=4)
    history.record(fake(1, 2, loss=math.inf, grad_a=1e-200, alpha=(0.25, 0.5)))
    history.record(fake(2, 2, loss=math.nan, grad_a=0.1 + 0.2, grad_w=math.inf))
    history.record(fake(3, 2, loss=None, dead=1 / 3, saturated=0.125, update_ratio=math.nan))
    path = tmp_path / "history.csv"
    path.write_text("old contents\n")
    history.to_csv(path)
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]  # no temporary left

    with open(path, newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    assert header[:4] == ["step", "loss", "grad_a_1", "grad_a_2"]
    assert header == ["step", "loss"] + [f"{n}_{layer}" for n in SERIES for layer in (1, 2)]
    assert header == history.columns()
    assert len(rows) == 1 + len(history) == 4
    assert [int(row[0]) for row in rows[1:]] == history.steps.tolist()
    assert rows[1][1] == "inf" and rows[2][1] == "nan" and rows[3][1] == "nan"
    assert rows[2][header.index("grad_w_2")] == "inf"

    expected = np.column_stack(
        [history.loss] + [history.series(name) for name in SERIES]
    )  # (n, 1 + 6 * depth), in header order after "step"
    parsed = np.array([[float(cell) for cell in row[1:]] for row in rows[1:]])
    np.testing.assert_array_equal(parsed, expected)  # repr round-trips exactly, NaN too
    assert float(rows[1][header.index("grad_a_1")]) == 1e-200
    assert float(rows[2][header.index("grad_a_2")]) == 0.1 + 0.2
    assert float(rows[3][header.index("dead_1")]) == 1 / 3
    assert float(rows[1][header.index("alpha_2")]) == 0.375

    stream = io.StringIO()
    history.to_csv(stream)
    assert stream.getvalue() == path.read_text()


def test_csv_after_downsampling_has_one_line_per_kept_row(tmp_path):
    history = History(1, capacity=8)
    for step in range(1, 101):
        history.record(fake(step, 1, loss=float(step)))
    path = tmp_path / "h.csv"
    history.to_csv(str(path))
    with open(path, newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(history) <= 8
    assert [int(row["step"]) for row in rows] == history.steps.tolist()
    assert [float(row["loss"]) for row in rows] == history.loss.tolist()


def test_csv_of_no_steps_is_the_header_alone(tmp_path):
    history = History(3)
    path = tmp_path / "empty.csv"
    history.to_csv(path)
    with open(path, newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows == [history.columns()]
    stream = io.StringIO()
    history.to_csv(stream)
    assert stream.getvalue() == path.read_text()


# ------------------------------------------------------------- the history view's pictures


def test_the_heatmap_is_a_pure_picture_of_the_history():
    from rich.cells import cell_len

    from gradtui.tui.draw.history import heatmap
    from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, regime_palette

    palette = regime_palette(GRADIENT_VARIABLE_DEFAULTS)
    empty = heatmap(History(3), 60, 10, palette)
    assert len(empty) == 1 and empty[0].plain  # says there is nothing yet
    history, _ = record_training("vanishing-sigmoid", 30)
    rows = heatmap(history, 60, 14, palette)
    assert rows == heatmap(history, 60, 14, palette)  # the same history, the same picture
    layer_rows = [row.plain for row in rows if row.plain[:3].strip().isdigit()]
    assert len(layer_rows) == history.depth
    assert all(cell_len(row) <= 60 for row in layer_rows)
    assert "steps 1–30" in rows[-1].plain  # the scale line under the rows
    assert "▽" in "".join(layer_rows)  # layer 1's gradient vanished, readable without colour


def test_the_heatmap_marks_a_huge_weight_gradient_as_the_chart_does():
    """Every weight 5: ‖∂L/∂W‖ is level across the layers (×1 the output's) and above 100,
    so each row's mark is ▲, as in the chart; a recorded model is judged relatively."""
    from gradtui.tui.draw.history import heatmap
    from gradtui.tui.themes import GRADIENT_VARIABLE_DEFAULTS, regime_palette

    palette = regime_palette(GRADIENT_VARIABLE_DEFAULTS)
    history = History(10)
    stepper = Stepper(load_lesson("exploding-constant-5"))
    history.record(stepper.finish_pass())
    rows = heatmap(history, 60, 14, palette)
    marks = {row.plain.split()[-1] for row in rows if row.plain[:3].strip().isdigit()}
    assert marks == {"▲"} and "or above 100 itself" in " ".join(row.plain for row in rows)
    relative = heatmap(history, 60, 14, palette, huge_weights=False)
    marks = {row.plain.split()[-1] for row in relative if row.plain[:3].strip().isdigit()}
    assert marks == {"●"} and "itself" not in " ".join(row.plain for row in relative)


def test_the_share_heatmap_and_the_curves_fit_their_width():
    from rich.cells import cell_len

    from gradtui.tui.draw.history import curves, share_heatmap

    history, _ = record_training("dead-relu", 20)
    shares = share_heatmap(history, "dead", 50, 6)
    assert shares and all(cell_len(row.plain) <= 50 for row in shares)
    plots = curves(history, 70, 10)
    assert plots and all(cell_len(line) <= 70 for plot in plots for line in plot.plain.split("\n"))
    assert "loss" in " ".join(plot.plain for plot in plots).lower()
