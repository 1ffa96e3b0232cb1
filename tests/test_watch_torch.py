"""Recording real PyTorch models: every recorded number against the same number computed
from the model directly (``p.grad``, the parameters, the activations' outputs)."""

from __future__ import annotations

import itertools
import math

import pytest

torch = pytest.importorskip("torch", reason="recording a run needs PyTorch: pip install '.[torch]'")
from torch import nn  # noqa: E402

from gradtui.watch import watch  # noqa: E402
from gradtui.watch.fileformat import Reader, where_text  # noqa: E402

RELATIVE = 1e-12


def norm64(tensors) -> float:
    tensors = [t.detach().double() for t in tensors]
    total = sum(float((t**2).sum()) for t in tensors)
    if total < 1e-280:  # the squares underflowed: scale by the largest entry first
        top = max((float(t.abs().max()) for t in tensors if t.numel()), default=0.0)
        if top > 0:
            return top * math.sqrt(sum(float(((t / top) ** 2).sum()) for t in tensors))
    return math.sqrt(total)


def own(module: nn.Module) -> list[nn.Parameter]:
    return [p for p in module.parameters(recurse=False) if p.requires_grad]


def train(model, batch, loss_fn, steps, path, lr=0.05):
    """Train ``steps`` steps while recording; return the reader and, per step, the reference
    numbers: {(name, kind): (grad norm, weight norm or share, update ratio or share)}."""
    modules = dict(model.named_modules())
    outputs: dict[str, list] = {}

    def keep(name):
        def hook(module, inputs, output):
            output.retain_grad()
            outputs.setdefault(name, []).append(output)

        return hook

    from gradtui.watch.recorder import ACTIVATIONS

    for name, module in modules.items():
        if isinstance(module, ACTIVATIONS):
            module.register_forward_hook(keep(name))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    recorder = watch(model, path, budget=None)
    references = []
    previous = None
    for _ in range(steps):
        outputs.clear()
        optimizer.zero_grad()
        x, y = batch()
        loss = loss_fn(model(x), y)
        loss.backward()
        recorder.step(loss)
        now = {}
        weights = {name: [p.detach().clone() for p in own(m)] for name, m in modules.items()}
        for name, module in modules.items():
            if own(module):
                ratio = math.nan
                if previous is not None:
                    # In float64: θ_t − θ_{t−1} exactly, not rounded to the parameters' dtype.
                    pairs = zip(weights[name], previous[name], strict=True)
                    delta = [w.double() - v.double() for w, v in pairs]
                    ratio = norm64(delta) / norm64(previous[name])
                grad = norm64([p.grad for p in own(module)])
                now[(name, "W")] = (grad, norm64(weights[name]), ratio)
            if name in outputs:
                outs = outputs[name]
                grad = norm64([o.grad for o in outs])
                dead = saturated = math.nan
                if isinstance(module, nn.ReLU):
                    flat = [o.detach().reshape(o.shape[0], -1) for o in outs]
                    dead = sum(int((f == 0).all(0).sum()) for f in flat) / sum(
                        f.shape[1] for f in flat
                    )
                if isinstance(module, nn.Tanh | nn.Sigmoid):
                    top = 0.25 if isinstance(module, nn.Sigmoid) else 1.0
                    ys = [o.detach().double() for o in outs]
                    slopes = [y * (1 - y) if top == 0.25 else 1 - y * y for y in ys]
                    saturated = sum(int((s < 0.1 * top).sum()) for s in slopes) / sum(
                        s.numel() for s in slopes
                    )
                now[(name, "a")] = (grad, dead, saturated)
        references.append(now)
        previous = weights
        optimizer.step()
    recorder.close()
    reader = Reader(path)
    reader.poll()
    return reader, references


def check(reader, references) -> None:
    header, steps = reader.header, reader.steps
    assert len(steps) == len(references) and reader.ended
    for index, expected in enumerate(references):
        recorded = {
            (row.name, row.kind): steps.values[index][i] for i, row in enumerate(header.rows)
        }
        assert set(recorded) == set(expected)
        for key, numbers in expected.items():
            for stat, (want, got) in enumerate(zip(numbers, recorded[key], strict=True)):
                if math.isnan(want):
                    assert math.isnan(got), (index, key, stat)
                else:
                    assert got == pytest.approx(want, rel=RELATIVE, abs=0), (index, key, stat)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_a_deep_mlp_records_what_its_gradients_are(tmp_path, dtype):
    torch.manual_seed(0)
    layers = []
    for _ in range(10):
        layers += [nn.Linear(16, 16), nn.Tanh()]
    model = nn.Sequential(*layers, nn.Linear(16, 1)).to(dtype)
    x, y = torch.randn(32, 16, dtype=dtype) * 3, torch.randn(32, 1, dtype=dtype)
    reader, references = train(
        model, lambda: (x, y), nn.functional.mse_loss, 4, tmp_path / "mlp.gradtui"
    )
    check(reader, references)
    names = [row.name for row in reader.header.rows]
    assert names == [str(i) for i in range(21)]
    assert reader.steps.values[-1][1, 2] > 0  # some tanh outputs saturate at this scale


def test_sigmoid_layers_record_their_saturated_share(tmp_path):
    """The saturated share is counted in the forward hook, in float64, as the simulator
    counts it; a module used twice in a step counts both calls."""
    torch.manual_seed(6)
    shared = nn.Sigmoid()
    model = nn.Sequential(nn.Linear(8, 16), shared, nn.Linear(16, 16), shared, nn.Linear(16, 1))
    x, y = torch.randn(32, 8) * 4, torch.randn(32, 1)
    reader, references = train(
        model, lambda: (x, y), nn.functional.mse_loss, 3, tmp_path / "sigmoid.gradtui"
    )
    check(reader, references)
    row = [r.name for r in reader.header.rows].index("1")
    assert 0 < reader.steps.values[-1][row, 2] < 1


def test_gradients_whose_squares_underflow_are_recorded_exactly(tmp_path):
    """A loss scaled by 1e-165: every gradient is about 1e-165, its square 0 in float64, so
    the fast sum of squares is 0 and the recorder falls back to the scaled norm."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    x, y = torch.randn(16, 8, dtype=torch.float64), torch.randn(16, 1, dtype=torch.float64)

    def tiny(out, target):
        return nn.functional.mse_loss(out, target) * 1e-165

    reader, references = train(model, lambda: (x, y), tiny, 3, tmp_path / "tiny.gradtui")
    check(reader, references)
    grads = [v[0] for v in reader.steps.values[0]]
    assert all(0 < g < 1e-150 for g in grads), grads


def test_a_small_cnn_with_dead_relus(tmp_path):
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(8 * 4 * 4, 10),
    )
    with torch.no_grad():
        model[3].bias.fill_(-0.5)  # some units below 0 for every example: dead
    x, y = torch.randn(16, 1, 14, 14), torch.randint(0, 10, (16,))
    reader, references = train(
        model, lambda: (x, y), nn.functional.cross_entropy, 3, tmp_path / "cnn.gradtui"
    )
    check(reader, references)
    dead = reader.steps.values[-1][[row.name for row in reader.header.rows].index("4"), 1]
    assert 0 < dead < 1


class Recurrent(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def test_an_lstm(tmp_path):
    torch.manual_seed(2)
    model = Recurrent()
    x, y = torch.randn(8, 20, 8), torch.randn(8, 1)
    reader, references = train(
        model, lambda: (x, y), nn.functional.mse_loss, 3, tmp_path / "lstm.gradtui"
    )
    check(reader, references)
    assert [(r.name, r.type) for r in reader.header.rows] == [("lstm", "LSTM"), ("head", "Linear")]
    assert reader.header.rows[0].parameters == sum(p.numel() for p in model.lstm.parameters())


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(
            16, 2, dim_feedforward=32, dropout=0.0, batch_first=True, activation=nn.GELU()
        )
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        return self.head(self.layer(x).mean(dim=1))


def test_a_transformer_block(tmp_path):
    torch.manual_seed(3)
    model = Block()
    x, y = torch.randn(4, 6, 16), torch.randn(4, 1)
    reader, references = train(
        model, lambda: (x, y), nn.functional.mse_loss, 3, tmp_path / "block.gradtui"
    )
    check(reader, references)
    names = [row.name for row in reader.header.rows]
    # The attention's out_proj is used through its weights, never called: it follows its
    # parent; the rest in the order the forward pass called them.
    assert names.index("layer.self_attn.out_proj") == names.index("layer.self_attn") + 1
    assert (
        names.index("layer.linear1")
        < names.index("layer.activation")
        < names.index("layer.linear2")
    )
    assert names[-1] == "head"


def test_a_run_that_diverges_names_the_first_module_to_go_inf(tmp_path):
    torch.manual_seed(4)
    model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))
    x, y = torch.rand(16, 8) + 0.1, torch.randn(16, 1)
    path = tmp_path / "nan.gradtui"
    recorder = watch(model, path, budget=None)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(4):
        if step == 2:
            with torch.no_grad():
                model[2].weight.fill_(3e38)  # the second Linear's output overflows
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        recorder.step(loss)
        optimizer.step()
    recorder.close()
    reader = Reader(path)
    reader.poll()
    header, steps = reader.header, reader.steps
    assert where_text(steps, header, 0) is None and where_text(steps, header, 1) is None
    assert where_text(steps, header, 2) == "forward 2"


def test_a_learning_rate_too_high_diverges_and_the_file_says_where(tmp_path):
    torch.manual_seed(5)
    layers = []
    for _ in range(6):
        layers += [nn.Linear(16, 16), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(16, 1))
    x, y = torch.randn(64, 16), torch.randn(64, 1) * 10
    path = tmp_path / "diverge.gradtui"
    recorder = watch(model, path, budget=None)
    optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
    for _ in range(60):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        recorder.step(loss)
        optimizer.step()
    recorder.close()
    reader = Reader(path)
    reader.poll()
    header, steps = reader.header, reader.steps
    bad = [i for i in range(len(steps)) if where_text(steps, header, i)]
    assert bad, "the run did not diverge"
    first = bad[0]
    assert all(math.isfinite(steps.loss[i]) for i in range(first))
    where = where_text(steps, header, first)
    kind, _, name = where.partition(" ")
    assert kind in ("forward", "backward", "loss")
    if kind != "loss":
        assert name in dict(model.named_modules())


def test_the_file_grows_by_the_stated_bytes_per_step(tmp_path):
    from gradtui.watch.fileformat import step_bytes

    model = nn.Sequential(nn.Linear(4, 4), nn.Sigmoid(), nn.Linear(4, 1))
    path = tmp_path / "size.gradtui"
    recorder = watch(model, path, budget=None)
    sizes = []
    for _ in range(5):
        model.zero_grad()
        loss = model(torch.randn(3, 4)).square().mean()
        loss.backward()
        recorder.step(loss)
        sizes.append(path.stat().st_size)
    recorder.close()
    assert {b - a for a, b in itertools.pairwise(sizes)} == {step_bytes(3)}


def test_within_its_budget_it_skips_steps_but_never_a_nan_one(tmp_path):
    """budget=0: nothing fits once recording has cost anything (the first step's setup is
    not counted, so steps 0 and 1 are recorded), except a step whose loss is NaN."""
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 1))
    path = tmp_path / "budget.gradtui"
    recorder = watch(model, path, budget=0.0)
    x = torch.randn(8, 4)
    for step in range(10):
        if step == 6:
            with torch.no_grad():
                model[2].bias.fill_(math.nan)
        model.zero_grad()
        loss = model(x).square().mean()
        loss.backward()
        recorder.step(loss)
    recorder.close()
    reader = Reader(path)
    reader.poll()
    assert reader.steps.last == [0, 1, 6, 7, 8, 9] and recorder.recorded == 6
    assert where_text(reader.steps, reader.header, 2) == "forward 2"


def test_a_file_that_cannot_be_written_is_refused_first_and_a_full_disk_stops_only_the_record(
    tmp_path, monkeypatch
):
    model = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1))
    with pytest.raises(FileNotFoundError):
        watch(model, tmp_path / "no-such-folder" / "run.gradtui")
    from gradtui.watch import fileformat

    recorder = watch(model, tmp_path / "run.gradtui", budget=None)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    for step in range(4):
        if step == 2:
            monkeypatch.setattr(fileformat.Writer, "append", full)
        optimizer.zero_grad()
        loss = model(torch.randn(8, 4)).square().mean()
        loss.backward()
        if step == 2:
            with pytest.warns(UserWarning, match="No space left on device; recording stopped"):
                recorder.step(loss)
        else:
            recorder.step(loss)
        optimizer.step()
    assert recorder.problem is not None and recorder.recorded == 2
    reader = Reader(tmp_path / "run.gradtui")
    reader.poll()
    assert reader.steps.last == [0, 1]
