"""Your own weights: init.name = "eye" (W = c·I) and init.name = "file" (an --export .npz or a
PyTorch state_dict), their round trips, and what a file that does not fit is told.

The PyTorch checks run where PyTorch is installed (CI installs the CPU build).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import sys

import numpy as np
import pytest

from gradtui.cli import main
from gradtui.config import Config, ConfigError, apply_overrides, save_config
from gradtui.sim import Stepper
from gradtui.sim.init import init_weights
from gradtui.sim.weights import WeightsError

HAS_TORCH = importlib.util.find_spec("torch") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")


def small(*overrides: str) -> Config:
    base = ["network.depth=4", "network.width=6", "init.name=xavier_normal", "init.bias=0.05"]
    return apply_overrides(Config(), [*base, *overrides])


def exported(config: Config, steps: int = 0) -> dict[str, np.ndarray]:
    stepper = Stepper(config)
    stepper.train(steps)
    stepper.finish_pass()
    return stepper.pass_arrays()


def from_file(config: Config, path, *overrides: str) -> Config:
    return apply_overrides(config, ["init.name=file", f"init.path={path}", *overrides])


def refusal(config: Config) -> str:
    with pytest.raises(WeightsError) as caught:
        Stepper(config)
    return str(caught.value)


# --------------------------------------------------------------------------------------
# eye


@needs_torch
@pytest.mark.parametrize(("fan_in", "fan_out"), [(4, 4), (3, 7), (7, 3), (1, 5)])
@pytest.mark.parametrize("scale", [1.0, -2.5])
def test_eye_is_torch_eye_times_the_scale(fan_in, fan_out, scale):
    import torch

    config = apply_overrides(Config(), ["init.name=eye", f"init.scale={scale}"])
    ours = init_weights(config.init, fan_in, fan_out, np.random.default_rng(0), np.float64)
    theirs = torch.nn.init.eye_(torch.empty(fan_out, fan_in, dtype=torch.float64)) * scale
    assert np.array_equal(ours, theirs.numpy().T)  # torch's weight is (fan_out, fan_in)


@pytest.mark.parametrize("scale", [2.0, 0.5, 3.0, -0.7])
def test_a_linear_net_with_eye_times_c_scales_the_gradient_by_exactly_c_per_layer(scale):
    config = apply_overrides(
        Config(),
        [
            "network.depth=6",
            "network.width=8",
            "network.activation=identity",
            "init.name=eye",
            f"init.scale={scale}",
            "data.features=8",
            "data.outputs=8",
        ],
    )
    arrays = exported(config)
    for layer in range(2, 7):
        assert np.array_equal(arrays[f"grad_a{layer - 1}"], scale * arrays[f"grad_a{layer}"])
    stepper = Stepper(config)
    backward = stepper.finish_pass().backward
    for layer in range(2, 7):
        ratio = backward[layer - 2].grad_a_norm / backward[layer - 1].grad_a_norm
        assert ratio == pytest.approx(abs(scale), rel=1e-15)


# --------------------------------------------------------------------------------------
# An export, read back


ROUND_TRIPS = {
    "sigmoid": [],
    "batch norm, prelu per unit": [
        "network.batch_norm=true",
        "network.activation=prelu",
        "network.prelu_per_unit=true",
    ],
    "projection shortcuts": ["network.residual=true", "network.widths=6,9,9"],
    "maxout": ["network.activation=maxout"],
    "float32, cross_entropy": ["dtype=float32", "loss=cross_entropy", "data.name=blobs"],
    "rrelu": ["network.activation=rrelu"],
}


@pytest.mark.parametrize("changes", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_an_exported_pass_read_back_gives_the_same_first_pass_bit_for_bit(tmp_path, changes):
    config = small(*changes)
    arrays = exported(config)
    np.savez(tmp_path / "pass.npz", **arrays)
    again = exported(from_file(config, tmp_path / "pass.npz"))
    assert again.keys() == arrays.keys()
    for key, array in arrays.items():
        assert array.dtype == again[key].dtype and np.array_equal(array, again[key]), key


def test_the_command_line_round_trip(tmp_path):
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    lesson = ["--lesson", "vanishing-sigmoid"]
    assert main(["run", *lesson, "--steps", "3", "--export", str(first)]) == 0
    with np.load(first) as data:
        trained = {key: data[key] for key in data.files}
    assert main(["run", *lesson, "--set", "init.name=file", "--set", f"init.path={first}"]) == 0
    assert (
        main(
            [
                "run",
                *lesson,
                "--set",
                "init.name=file",
                "--set",
                f"init.path={first}",
                "--steps",
                "3",
                "--export",
                str(second),
            ]
        )
        == 0
    )
    with np.load(second) as data:
        # The trained weights were read, then trained 3 steps more: not the same again.
        assert not np.array_equal(data["W1"], trained["W1"])
    # Read back, the first pass starts from exactly the trained weights.
    config = apply_overrides(load_config_of_lesson(), ["init.name=file", f"init.path={first}"])
    stepper = Stepper(config)
    for index, layer in enumerate(stepper.network.layers, start=1):
        assert np.array_equal(layer.weights, trained[f"W{index}"])
        assert np.array_equal(layer.bias, trained[f"b{index}"])


def load_config_of_lesson() -> Config:
    from gradtui.lessons import load_lesson

    return load_lesson("vanishing-sigmoid")


def test_weights_changed_in_numpy_are_the_ones_stepped(tmp_path):
    config = small()
    arrays = exported(config)
    arrays["W2"] = np.zeros_like(arrays["W2"])
    np.savez(
        tmp_path / "mine.npz", W1=arrays["W1"], W2=arrays["W2"], W3=arrays["W3"], W4=arrays["W4"]
    )
    loaded = from_file(config, tmp_path / "mine.npz", "init.bias=0.25")
    stepper = Stepper(loaded)
    assert not stepper.network.layers[1].weights.any()
    # No b in the file: the biases start at init.bias.
    assert all((layer.bias == 0.25).all() for layer in stepper.network.layers)
    snapshot = stepper.finish_pass()
    assert snapshot.backward[0].grad_w_norm == 0  # nothing reaches layer 1 through W2 = 0


def test_init_scale_multiplies_a_files_weights_as_every_initialisers(tmp_path):
    config = small("network.residual=true", "network.widths=6,4,6")
    arrays = exported(config)
    np.savez(tmp_path / "mine.npz", **arrays)
    plain = Stepper(from_file(config, tmp_path / "mine.npz")).network.layers
    scaled = Stepper(from_file(config, tmp_path / "mine.npz", "init.scale=-2.5")).network.layers
    for before, after in zip(plain, scaled, strict=True):
        assert np.array_equal(after.weights, -2.5 * before.weights)
        if before.shortcut_weights is not None:
            assert np.array_equal(after.shortcut_weights, -2.5 * before.shortcut_weights)
        assert np.array_equal(after.bias, before.bias)  # biases come as the file gives them


def test_eval_mode_takes_the_running_estimates_from_the_file(tmp_path):
    config = small("network.batch_norm=true", "mode=eval")
    arrays = exported(config, steps=5)
    np.savez(tmp_path / "pass.npz", **arrays)
    stepper = Stepper(from_file(config, tmp_path / "pass.npz"))
    layer = stepper.network.layers[0]
    assert np.array_equal(layer.running_mean, arrays["bn_mean1"])
    assert np.array_equal(layer.running_var, arrays["bn_var1"])
    train = Stepper(from_file(dataclasses.replace(config, mode="train"), tmp_path / "pass.npz"))
    fresh = train.network.layers[0]
    assert not fresh.running_mean.any() and (fresh.running_var == 1).all()


def test_reset_starts_again_from_the_file_read_once(tmp_path):
    config = small()
    np.savez(tmp_path / "pass.npz", **exported(config))
    stepper = Stepper(from_file(config, tmp_path / "pass.npz"))
    first = [layer.weights.copy() for layer in stepper.network.layers]
    stepper.train(2)
    os.remove(tmp_path / "pass.npz")
    stepper.reset()  # the file is gone: the network it gave is not
    assert all(
        np.array_equal(a, layer.weights)
        for a, layer in zip(first, stepper.network.layers, strict=True)
    )


def test_a_relative_path_starts_from_the_config_files_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "lesson"
    folder.mkdir()
    config = small()
    np.savez(folder / "weights.npz", **exported(config))
    save_config(from_file(config, "weights.npz"), folder / "mine.toml")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert main(["run", str(folder / "mine.toml"), "--format", "json"]) == 0
    assert main(["run", str(folder / "mine.toml"), "--set", "init.path=weights.npz"]) == 2
    assert "no such file" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# Files that do not fit, and files that cannot be read


def test_what_a_file_that_does_not_fit_is_told(tmp_path):
    config = small()
    path = tmp_path / "pass.npz"
    np.savez(path, **exported(config))
    deeper = refusal(from_file(config, path, "network.depth=5"))
    assert "holds 4 layers but this network has 5 (network.depth = 5)" in deeper
    assert "8×6, 6×6, 6×6, 6×1, which fits network.depth = 4, network.width = 6" in deeper
    assert "with 8 inputs and 1 output" in deeper
    wider = refusal(from_file(config, path, "network.width=7"))
    assert "layer 1: W1 is 8×6, but this network's layer 1 needs 8×7 (fan_in × fan_out)" in wider
    inputs = refusal(from_file(config, path, "data.features=3"))
    assert "W1 is 8×6, but this network's layer 1 needs 3×6" in inputs
    assert "(this data set and loss give 3 inputs and 1 output)" in inputs
    per_unit = small("network.activation=prelu", "network.prelu_per_unit=true")
    np.savez(path, **exported(per_unit))
    text = refusal(from_file(per_unit, path, "network.prelu_per_unit=false"))
    assert "layer 1: alpha1 has shape (6,), but this network's layer 1 needs (1,)" in text
    assert "network.prelu_per_unit = true" in text
    text = refusal(from_file(per_unit, path, "network.activation=relu"))
    assert "alpha1 is PReLU's slope after layer 1; set network.activation = prelu" in text
    norm = small("network.batch_norm=true")
    np.savez(path, **exported(norm))
    text = refusal(from_file(small(), path))
    assert "gamma1 is batch norm of layer 1; set network.batch_norm = true" in text
    shortcut = small("network.residual=true", "network.widths=6,9,9")
    arrays = exported(shortcut)
    del arrays["Ws2"]
    np.savez(path, **arrays)
    text = refusal(from_file(shortcut, path))
    assert "layer 2 has a projection shortcut" in text and "Ws2 of shape (6, 9)" in text
    np.savez(path, W1=np.ones((8, 6)), W3=np.ones((6, 1)))
    assert "has W1…W3 but no W2" in refusal(from_file(config, path))
    np.savez(path, **exported(config), b5=np.ones(1))
    assert "b5 is for layer 5, but the file's weights W1…W4" in refusal(from_file(config, path))
    np.savez(path, **{**exported(config), "W3": np.ones(6)})
    text = refusal(from_file(config, path))
    assert (
        "W3 is an array of shape (6,), not a matrix, but this network's layer 3 needs 6×6" in text
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty (0 bytes)"),
        (b"not a zip at all", "is not a .npz file"),
        (b"PK\x03\x04 broken", "is not a readable .npz file"),
    ],
)
def test_a_damaged_weights_file_is_told_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "weights.npz"
    path.write_bytes(content)
    assert message in refusal(from_file(small(), path))


def test_arrays_that_are_not_weights(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, x=np.ones(3), y=np.ones(3))
    assert "holds no weights (no W1; it has x, y)" in refusal(from_file(small(), path))
    np.savez(path, W1=np.array(["a", "b"]))
    assert "W1 holds text, not real numbers" in refusal(from_file(small(), path))
    assert "no such file" in refusal(from_file(small(), tmp_path / "none.npz"))
    (tmp_path / "folder.npz").mkdir()
    assert "is a folder" in refusal(from_file(small(), tmp_path / "folder.npz"))


def test_the_path_is_checked_with_the_config():
    with pytest.raises(ConfigError, match=r"init\.path: is empty, but init\.name is 'file'"):
        Stepper(apply_overrides(small(), ["init.name=file"]))
    with pytest.raises(ConfigError, match=r"init\.path: 'w\.txt' is not a \.npz, \.pt or \.pth"):
        Stepper(apply_overrides(small(), ["init.name=file", "init.path=w.txt"]))


def test_a_pytorch_file_without_pytorch_says_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "model.pt"
    path.write_bytes(b"PK\x03\x04anything")
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    text = refusal(from_file(small(), path))
    assert "reading it needs PyTorch (pip install torch)" in text and "np.savez" in text


# --------------------------------------------------------------------------------------
# PyTorch state_dicts


def _torch_check(config: Config, model, path, tolerance=1e-12):
    """Load ``model``'s state_dict in gradtui; its first pass against torch's own forward
    and backward of ``model`` on the same batch."""
    import torch

    torch.save(model.state_dict(), path)
    stepper = Stepper(from_file(config, path))
    stepper.finish_pass()
    arrays = stepper.pass_arrays()
    x = torch.tensor(arrays["x"])
    out = model(x)
    loss = torch.nn.functional.mse_loss(out, torch.tensor(arrays["y"]))
    loss.backward()
    assert abs(loss.item() - float(arrays["loss"])) <= tolerance * abs(loss.item())
    linears = [module for module in model if isinstance(module, torch.nn.Linear)]
    for index, linear in enumerate(linears, start=1):
        ours = arrays[f"grad_W{index}"]
        theirs = linear.weight.grad.numpy().T
        assert np.abs(ours - theirs).max() <= tolerance * np.abs(theirs).max(), index
        assert np.allclose(arrays[f"grad_b{index}"], linear.bias.grad.numpy(), rtol=tolerance)
    return arrays


@needs_torch
def test_a_pytorch_state_dict_steps_as_torch_computes_it(tmp_path):
    import torch

    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(
        nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1)
    ).double()
    config = apply_overrides(
        Config(), ["network.depth=3", "network.width=16", "network.activation=tanh"]
    )
    arrays = _torch_check(config, model, tmp_path / "model.pt")
    assert np.array_equal(arrays["W1"], model[0].weight.detach().numpy().T)


@needs_torch
def test_batch_norm_and_prelu_from_pytorch(tmp_path):
    import torch

    torch.manual_seed(1)
    nn = torch.nn
    model = nn.Sequential(
        nn.Linear(8, 6),
        nn.BatchNorm1d(6),
        nn.PReLU(6),
        nn.Linear(6, 6),
        nn.BatchNorm1d(6),
        nn.PReLU(6),
        nn.Linear(6, 1),
    ).double()
    with torch.no_grad():  # not PyTorch's defaults, so that reading them is tested
        for module in model:
            if isinstance(module, nn.BatchNorm1d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
            if isinstance(module, nn.PReLU):
                module.weight.uniform_(0.1, 0.4)
    config = apply_overrides(
        Config(),
        [
            "network.depth=3",
            "network.width=6",
            "network.activation=prelu",
            "network.prelu_per_unit=true",
            "network.batch_norm=true",
        ],
    )
    arrays = _torch_check(config, model, tmp_path / "model.pth", tolerance=1e-10)
    assert np.array_equal(arrays["alpha2"], model[5].weight.detach().numpy())


@needs_torch
def test_a_pytorch_file_that_does_not_fit(tmp_path):
    import torch

    nn = torch.nn
    path = tmp_path / "model.pt"
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1)).double()
    torch.save(model.state_dict(), path)
    config = apply_overrides(Config(), ["network.depth=2", "network.width=12"])
    text = refusal(from_file(config, path))
    assert "layer 1: module '0' is Linear(8, 16), but this network's layer 1 needs " in text
    assert "Linear(8, 12)" in text and "which fits network.depth = 2, network.width = 16" in text
    text = refusal(from_file(config, path, "network.width=16", "network.batch_norm=true"))
    assert "Linear layer 1 has no BatchNorm1d after it" in text
    text = refusal(from_file(config, path, "network.width=16", "network.residual=true"))
    assert "nn.Sequential, which has no shortcuts" in text
    conv = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8, 1))
    torch.save(conv.state_dict(), path)
    text = refusal(from_file(config, path))
    assert "module '0' (weight (2, 1, 3, 3), bias (2,)) is not a Linear" in text
    torch.save(model, path)  # the whole model: unpickling it could run any code
    text = refusal(from_file(config, path, "network.width=16"))
    assert "is not a state_dict gradtui can read safely" in text
    assert "torch.save(model.state_dict(), path)" in text


# --------------------------------------------------------------------------------------
# The app and the server


async def test_the_app_keeps_its_network_when_the_file_does_not_fit(tmp_path, monkeypatch):
    from gradtui.lessons import load_lesson_file
    from gradtui.tui.app import GradtuiApp
    from gradtui.tui.widgets.config_pane import ConfigPane

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    lesson = load_lesson_file("vanishing-sigmoid")
    np.savez(tmp_path / "small.npz", **exported(small()))
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson)
    messages = []
    notify = app.notify
    app.notify = lambda message, **options: (messages.append(message), notify(message, **options))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = app.stepper
        pane = app.query_one(ConfigPane)
        assert {"eye", "file"} <= {value for _, value in pane.control("init.name")._options}
        pane.control("init.name").value = "file"
        pane.control("init.path").value = str(tmp_path / "small.npz")
        await pilot.press("a")
        await pilot.pause()
        assert app.stepper is kept
        assert any("holds 4 layers but this network has 10" in m for m in messages), messages
        assert any("The current network keeps running" in m for m in messages)
        pane.control("network.depth").value = "4"
        pane.control("network.width").value = "6"
        await pilot.press("a")
        await pilot.pause()
        assert app.stepper is not kept and app.config.init.name == "file"
        np.testing.assert_array_equal(
            app.stepper.network.layers[0].weights, np.load(tmp_path / "small.npz")["W1"]
        )


async def test_opening_a_config_finds_its_weights_beside_it(tmp_path, monkeypatch):
    from textual.widgets import Input

    from gradtui.lessons import load_lesson_file
    from gradtui.tui.app import GradtuiApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    folder = tmp_path / "class"
    folder.mkdir()
    config = small()
    arrays = exported(config, steps=2)
    np.savez(folder / "weights.npz", **arrays)
    save_config(from_file(config, "weights.npz"), folder / "mine.toml")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    lesson = load_lesson_file("vanishing-sigmoid")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        app.screen.query_one(Input).value = str(folder / "mine.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.config.init.path == str(folder / "weights.npz")
        assert np.array_equal(app.stepper.network.layers[2].weights, arrays["W3"])


async def test_a_served_session_reads_no_weights_file_of_the_server(tmp_path, monkeypatch):
    from gradtui.lessons import load_lesson_file
    from gradtui.tui.app import GradtuiApp

    monkeypatch.setenv("GRADTUI_SERVED", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    config = small()
    np.savez(tmp_path / "server.npz", **exported(config))  # a file that would load
    lesson = load_lesson_file("vanishing-sigmoid")
    app = GradtuiApp(lesson.config, title=lesson.title, lesson=lesson)
    messages = []
    notify = app.notify
    app.notify = lambda message, **options: (messages.append(message), notify(message, **options))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = app.config
        assert not app.main._use(from_file(config, tmp_path / "server.npz"), "the form")
        assert app.config == kept
        assert any("cannot read files of the server" in m for m in messages), messages


def test_gradtui_serve_refuses_a_weights_file(tmp_path, capsys, monkeypatch):
    from gradtui.serve.server import GradtuiServer

    monkeypatch.setattr(GradtuiServer, "run", lambda server: pytest.fail("served"))
    path = tmp_path / "w.npz"
    np.savez(path, **exported(small()))
    code = main(["serve", "--set", "init.name=file", "--set", f"init.path={path}"])
    assert code == 2 and "does not read weights files" in capsys.readouterr().err
