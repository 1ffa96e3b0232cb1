"""A network's weights and biases from a file (``init.name = "file"``, ``init.path``).

Two kinds of file:

- ``.npz`` in the layout of ``gradtui run --export`` (see the README's "Export format"):
  ``W{l}`` of shape ``(fan_in, fan_out)``, ``b{l}``, and where the layer has them
  ``gamma{l}``, ``beta{l}``, ``alpha{l}``, ``Ws{l}``; ``bn_mean{l}`` and ``bn_var{l}`` become
  batch norm's running estimates in ``mode = "eval"`` (in training they are the batch's own
  statistics, which the pass computes again). Every other array (``x``, ``grad_W1``, …) is
  ignored, so an export loads as it is.
- ``.pt`` / ``.pth``: a PyTorch ``state_dict`` (``torch.save(model.state_dict(), path)``) of
  an ``nn.Sequential`` of ``Linear`` layers and activations, with ``BatchNorm1d`` after a
  ``Linear`` and ``PReLU`` where the config has them. It is read with
  ``torch.load(weights_only=True)``, which unpickles tensors and plain containers only,
  never arbitrary objects; PyTorch is needed for it (and only for it). A ``Linear``'s
  weight is ``(out, in)``: gradtui's ``W`` is its transpose.

Activations have no parameters, so the file cannot say which it used: the config says
(``network.activation``). A layer the file gives no bias starts at ``init.bias``; batch
norm's γ and β missing from a .npz start at 1 and 0, PReLU's α at ``network.prelu_init``.
Anything else that does not fit the config is a ``WeightsError`` naming the layer, what the
network needs there, what the file holds, and the network the file would fit.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from gradtui.config import WEIGHT_FILE_SUFFIXES, Config, ConfigError, open_regular_file
from gradtui.sim.data import MAX_FILE_BYTES, DataError, npy_header

if TYPE_CHECKING:
    from gradtui.sim.network import LayerParams

__all__ = ["WeightsError", "WeightsFile", "fit_weights", "read_weights"]

_KEY = re.compile(r"(W|b|gamma|beta|alpha|Ws|bn_mean|bn_var)([1-9][0-9]*)")
_MEMORY_SHARE = 0.5
_SHOWN_LAYERS = 6


class WeightsError(DataError):
    """A weights file that cannot be read or does not fit the config: one printable line
    that says what to do."""


@dataclass
class WeightsFile:
    """The parameters a file holds, keyed as in the export (``W1``, ``b1``, ``gamma2``…),
    in gradtui's layout, as float64 arrays."""

    where: str
    kind: str
    """"npz" or "torch"."""
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    modules: dict[str, str] = field(default_factory=dict)
    """torch: the module that gave each key (``"3"``, ``"net.3"``), for messages."""

    @property
    def depth(self) -> int:
        return sum(1 for key in self.arrays if key[0] == "W" and key[1:].isdigit())

    def linear(self, shape: tuple[int, ...]) -> str:
        """A layer's weight shape (gradtui's, (fan_in, fan_out)) in the file's own terms."""
        if len(shape) != 2:
            return f"an array of shape {tuple(shape)}, not a matrix"
        if self.kind == "torch":
            return f"Linear({shape[0]}, {shape[1]})"
        return "×".join(str(size) for size in shape)


def read_weights(path: str) -> WeightsFile:
    """Every parameter in the file at ``path``; a ``WeightsError`` says what is wrong."""
    if not path.strip():
        raise WeightsError("init.path is empty; give the path of a .npz, .pt or .pth file")
    target = Path(path.strip()).expanduser()
    where = os.fspath(target)
    suffix = target.suffix.lower()
    if suffix not in WEIGHT_FILE_SUFFIXES:
        raise WeightsError(
            f"{where}: gradtui reads weights from .npz files (as --export writes them) and "
            "PyTorch state_dicts (.pt, .pth); check init.path"
        )
    if not target.exists():
        raise WeightsError(
            f"{where}: no such file (relative paths start from the config file's folder, "
            f"or from {os.getcwd()}); check init.path"
        )
    try:
        stream = open_regular_file(target, limit=MAX_FILE_BYTES)
    except ConfigError as err:
        raise WeightsError(f"{err}; init.path must name a .npz, .pt or .pth file") from None
    with stream:
        if os.fstat(stream.fileno()).st_size == 0:
            raise WeightsError(f"{where} is empty (0 bytes); save the weights in it")
        try:
            if suffix == ".npz":
                return _read_npz(stream, where)
            return _read_torch(stream, where)
        except OSError as err:
            raise WeightsError(f"{where}: cannot read it ({err.strerror or err})") from None


# --------------------------------------------------------------------------------------
# .npz


def _read_npz(stream: BinaryIO, where: str) -> WeightsFile:
    advice = "save it with np.savez(path, W1=..., b1=..., ...), as gradtui run --export does"
    if not stream.read(2).startswith(b"PK"):
        raise WeightsError(f"{where} is not a .npz file (NumPy's zip archive of arrays); {advice}")
    stream.seek(0)
    try:
        archive = np.load(stream, allow_pickle=False)
    except MemoryError:
        raise
    except Exception as err:  # a damaged zip raises many kinds
        problem = _reason(err)
        raise WeightsError(f"{where} is not a readable .npz file ({problem}); {advice}") from None
    found = WeightsFile(where, "npz")
    with archive:
        names = [name for name in archive.files if _KEY.fullmatch(name)]
        if not names:
            held = ", ".join(archive.files[:8]) or "nothing"
            raise WeightsError(f"{where} holds no weights (no W1; it has {held}); {advice}")
        members = set(archive.zip.namelist())
        budget = _memory_budget()
        for name in names:
            if f"{name}.npy" not in members:
                raise WeightsError(f"{where}: {name} is not a NumPy array; {advice}")
            budget -= _declared_bytes(archive, name, where)
            if budget < 0:
                raise WeightsError(
                    f"{where}: its weights would need more memory than is free; "
                    "use a smaller network"
                )
            try:
                array = archive[name]
            except MemoryError:
                raise
            except Exception as err:  # damaged, or Python objects (refused without pickle)
                problem = "it holds Python objects" if "pickle" in str(err) else _reason(err)
                raise WeightsError(f"{where}: cannot read {name} ({problem}); {advice}") from None
            found.arrays[name] = _numbers(array, name, where)
    return found


def _declared_bytes(archive: np.lib.npyio.NpzFile, name: str, where: str) -> int:
    """The bytes array ``name`` declares, refused when the archive holds fewer (a damaged
    or hostile file declares terabytes in a few bytes), before anything is allocated."""
    try:
        shape, dtype, stored = npy_header(archive, f"{name}.npy")
    except Exception as err:  # a damaged header
        raise WeightsError(f"{where}: cannot read {name} ({_reason(err)}); save it again") from None
    declared = math.prod(shape) * dtype.itemsize
    if declared > stored:
        raise WeightsError(
            f"{where}: {name} declares shape {shape} but holds less data; the file is "
            "damaged, save it again"
        )
    return declared


def _memory_budget() -> int:
    from gradtui.config import available_memory_bytes

    available = available_memory_bytes()
    return int(available * _MEMORY_SHARE) if available is not None else 1 << 62


# --------------------------------------------------------------------------------------
# PyTorch


def _read_torch(stream: BinaryIO, where: str) -> WeightsFile:
    advice = "save it with torch.save(model.state_dict(), path)"
    try:
        import torch
    except ImportError:
        raise WeightsError(
            f"{where} is a PyTorch file, and reading it needs PyTorch (pip install torch); "
            "or save the weights as .npz: np.savez(path, W1=linear.weight.detach().T.numpy(), "
            "b1=..., ...)"
        ) from None
    try:
        # weights_only: tensors and plain containers, never an arbitrary object's code.
        state = torch.load(stream, map_location="cpu", weights_only=True)
    except MemoryError:
        raise
    except Exception as err:
        reason = _reason(err).splitlines()[0] if _reason(err) else type(err).__name__
        raise WeightsError(
            f"{where} is not a state_dict gradtui can read safely ({reason}); {advice}"
        ) from None
    if not isinstance(state, Mapping):
        raise WeightsError(
            f"{where} holds a {type(state).__name__}, not a state_dict; {advice} "
            "(the state_dict, not the model)"
        )
    modules: dict[str, dict[str, object]] = {}
    for key, value in state.items():
        if not isinstance(key, str) or not isinstance(value, torch.Tensor):
            raise WeightsError(f"{where}: {key!r} is not a tensor of a module; {advice}")
        module, _, parameter = key.rpartition(".")
        modules.setdefault(module, {})[parameter] = value
    found = WeightsFile(where, "torch")
    layer = 0
    seen: set[str] = set()
    for module, parameters in modules.items():
        arrays = {
            name: _numbers(_tensor_array(tensor, torch), f"{module}.{name}", where)
            for name, tensor in parameters.items()
        }
        kind = _module_kind(arrays)
        shapes = ", ".join(f"{name} {tuple(array.shape)}" for name, array in arrays.items())
        if kind is None:
            raise WeightsError(
                f"{where}: module {module!r} ({shapes}) is not a Linear, BatchNorm1d or "
                "PReLU layer; gradtui reads an nn.Sequential of Linear layers and activations "
                "(with BatchNorm1d and PReLU)"
            )
        if kind != "linear" and layer == 0:
            raise WeightsError(
                f"{where}: module {module!r} ({kind}) comes before the first Linear layer; "
                "gradtui's layers start with their Linear part"
            )
        if kind == "linear":
            layer += 1
            seen = set()
            found.arrays[f"W{layer}"] = np.ascontiguousarray(arrays["weight"].T)
            if "bias" in arrays:
                found.arrays[f"b{layer}"] = arrays["bias"]
        elif kind in seen or (kind == "BatchNorm1d" and "PReLU" in seen):
            order = "Linear, BatchNorm1d, then the activation"
            raise WeightsError(
                f"{where}: module {module!r} is a second {kind} after Linear layer {layer}; "
                f"gradtui's layer is {order}"
            )
        elif kind == "BatchNorm1d":
            for name, key in (
                ("weight", "gamma"),
                ("bias", "beta"),
                ("running_mean", "bn_mean"),
                ("running_var", "bn_var"),
            ):
                if name in arrays:
                    found.arrays[f"{key}{layer}"] = arrays[name]
        else:
            found.arrays[f"alpha{layer}"] = arrays["weight"]
        seen.add(kind)
        for key in list(found.arrays):
            found.modules.setdefault(key, module)
    if layer == 0:
        raise WeightsError(f"{where} holds no Linear layer (it has {len(state)} tensors); {advice}")
    return found


def _module_kind(arrays: dict[str, np.ndarray]) -> str | None:
    names = set(arrays) - {"num_batches_tracked"}
    weight = arrays.get("weight")
    if "running_mean" in names and names <= {"weight", "bias", "running_mean", "running_var"}:
        return "BatchNorm1d"
    if weight is not None and weight.ndim == 2 and names <= {"weight", "bias"}:
        return "linear"
    if weight is not None and weight.ndim == 1 and names == {"weight"}:
        return "PReLU"
    return None


def _tensor_array(tensor, torch) -> np.ndarray:
    tensor = tensor.detach().cpu()
    if tensor.is_floating_point():
        tensor = tensor.to(torch.float64)  # also bfloat16 and float16, which NumPy lacks
    return tensor.numpy()


# --------------------------------------------------------------------------------------
# Fitting the file to the network


_SCALED = ("weights", "shortcut_weights")
"""The parameters ``init.scale`` multiplies, as ``init_weights`` does."""


def fit_weights(layers: list[LayerParams], found: WeightsFile, config: Config) -> None:
    """Put ``found``'s parameters into ``layers`` (built from ``config``), in place, after
    checking that every one fits; a ``WeightsError`` leaves ``layers`` unchanged."""
    where = found.where
    depth = len(layers)
    fits = _what_fits(layers, found)
    present = sorted(int(key[1:]) for key in found.arrays if key[0] == "W" and key[1:].isdigit())
    if not present:
        held = ", ".join(list(found.arrays)[:8])
        raise WeightsError(f"{where} holds no layer weights W1, W2, … (it has {held})")
    missing = [index for index in range(1, max(present) + 1) if index not in present]
    if missing:
        raise WeightsError(
            f"{where}: the file has W{present[0]}…W{present[-1]} but no W{missing[0]}; "
            "give every layer's weights, numbered from 1"
        )
    if found.depth != depth:
        raise WeightsError(
            f"{where} holds {found.depth} layers but this network has {depth} "
            f"(network.depth = {config.network.depth}); {fits}"
        )
    if found.kind == "torch" and config.network.residual:
        raise WeightsError(
            f"{where} is an nn.Sequential, which has no shortcuts; set network.residual = false"
        )
    for key in found.arrays:
        match = _KEY.fullmatch(key)
        if match and int(match[2]) > depth:
            raise WeightsError(
                f"{where}: {key} is for layer {match[2]}, but the file's weights W1…W{depth} "
                f"are for {depth} layers; remove {key} or add the layers it belongs to"
            )
    chosen: list[tuple[np.ndarray, str, np.ndarray]] = []
    for layer in layers:
        chosen += _layer_arrays(layer, found, config, fits)
    dtype = layers[0].weights.dtype
    with np.errstate(over="ignore", invalid="ignore"):  # a float32 run: huge values become inf
        converted = [(layer, name, np.array(array, dtype=dtype)) for layer, name, array in chosen]
        # init.scale multiplies a file's weights as it does every other initialiser's (W and
        # the shortcut projection W_s; not biases, batch norm's γ, β or PReLU's α), so a
        # trained network can be scaled to watch it vanish or explode.
        scale = config.init.scale
        if scale != 1.0:
            converted = [
                (layer, name, array * scale if name in _SCALED else array)
                for layer, name, array in converted
            ]
    for layer, name, array in converted:
        setattr(layer, name, array)


def _layer_arrays(
    layer: LayerParams, found: WeightsFile, config: Config, fits: str
) -> list[tuple[LayerParams, str, np.ndarray]]:
    """(layer, attribute, array) of every parameter the file gives this layer, checked."""
    info = layer.info
    index = info.index
    where = found.where
    torch = found.kind == "torch"
    arrays = found.arrays
    out: list[tuple[LayerParams, str, np.ndarray]] = []

    def name_of(key: str) -> str:
        module = found.modules.get(f"{key}{index}")
        return f"module {module!r}" if torch else f"{key}{index}"

    weights = arrays[f"W{index}"]
    if weights.shape != layer.weights.shape:
        need, have = found.linear(layer.weights.shape), found.linear(weights.shape)
        shape = "" if torch else " (fan_in × fan_out)"
        pieces = f", maxout's {info.pieces} pieces per unit" if info.pieces > 1 else ""
        raise WeightsError(
            f"{where}: layer {index}: {name_of('W')} is {have}, but this network's layer "
            f"{index} needs {need}{shape}{pieces}; {fits}"
        )
    out.append((layer, "weights", weights))
    for key, attribute, current in (
        ("b", "bias", layer.bias),
        ("gamma", "gamma", layer.gamma),
        ("beta", "beta", layer.beta),
        ("alpha", "alpha", layer.alpha),
        ("Ws", "shortcut_weights", layer.shortcut_weights),
        ("bn_mean", "running_mean", layer.running_mean),
        ("bn_var", "running_var", layer.running_var),
    ):
        array = arrays.get(f"{key}{index}")
        if key in ("bn_mean", "bn_var") and not torch and config.mode != "eval":
            continue  # a training pass's batch statistics, computed again
        if array is None:
            _check_absent(key, index, current, found, config)
            continue
        if current is None:
            raise WeightsError(f"{where}: {_unexpected(key, index, name_of(key), config)}")
        if array.shape != current.shape:
            raise WeightsError(
                f"{where}: layer {index}: {name_of(key)} has shape {tuple(array.shape)}, but "
                f"this network's layer {index} needs {tuple(current.shape)}"
                f"{_shape_hint(key, current)}"
            )
        out.append((layer, attribute, array))
    return out


def _check_absent(key: str, index: int, current, found: WeightsFile, config: Config) -> None:
    """A parameter the layer has and the file does not give: a default, or refused."""
    where = found.where
    if current is None or key == "b":
        return
    if key == "Ws":
        raise WeightsError(
            f"{where}: layer {index} has a projection shortcut (network.residual, sizes "
            f"differ), whose weights Ws{index} of shape {tuple(current.shape)} the file lacks"
        )
    if found.kind != "torch" or key in ("gamma", "beta", "bn_var"):
        return  # .npz: γ = 1, β = 0, α = prelu_init, fresh running estimates
    if key == "bn_mean":
        raise WeightsError(
            f"{where}: Linear layer {index} has no BatchNorm1d after it; set "
            "network.batch_norm = false, or put a BatchNorm1d after every hidden Linear layer"
        )
    raise WeightsError(
        f"{where}: Linear layer {index} has no PReLU after it, but this network's layer "
        f"{index} is prelu; choose the activation the model used (network.activation)"
    )


def _unexpected(key: str, index: int, name: str, config: Config) -> str:
    if key in ("gamma", "beta", "bn_mean", "bn_var"):
        if index == config.network.depth:
            return f"{name} is batch norm after the output layer, which gradtui does not have"
        return f"{name} is batch norm of layer {index}; set network.batch_norm = true"
    if key == "alpha":
        return f"{name} is PReLU's slope after layer {index}; set network.activation = prelu"
    return (
        f"{name} is a projection shortcut of layer {index}; set network.residual = true "
        "with widths that differ there"
    )


def _shape_hint(key: str, current: np.ndarray) -> str:
    if key == "alpha":
        setting = "false" if current.size > 1 else "true"
        return f" (set network.prelu_per_unit = {setting} for the other)"
    return ""


def _what_fits(layers: list[LayerParams], found: WeightsFile) -> str:
    """The file's layers, and the network they would fit."""
    shapes = [
        found.arrays[f"W{index}"].shape
        for index in range(1, found.depth + 1)
        if f"W{index}" in found.arrays
    ]
    if not shapes or any(len(shape) != 2 for shape in shapes):
        return "every W must be a matrix"
    shown = [found.linear(shape) for shape in shapes]
    if len(shown) > _SHOWN_LAYERS:
        shown = [*shown[: _SHOWN_LAYERS - 1], "…", shown[-1]]
    settings = [f"network.depth = {len(shapes)}"]
    hidden = [shape[1] for shape in shapes[:-1]]
    for index, width in enumerate(hidden):
        pieces = layers[index].info.pieces if index < len(layers) else 1
        if pieces > 1 and width % pieces == 0:
            hidden[index] = width // pieces
    if hidden and len(set(hidden)) == 1:
        settings.append(f"network.width = {hidden[0]}")
    elif hidden:
        settings.append(f"network.widths = {hidden}")
    ends = f"{_count(shapes[0][0], 'input')} and {_count(shapes[-1][1], 'output')}"
    data = (
        f"{_count(layers[0].info.fan_in, 'input')} and {_count(layers[-1].info.fan_out, 'output')}"
    )
    text = f"the file holds {', '.join(shown)}, which fits {', '.join(settings)} with {ends}"
    if data != ends:
        text += f" (this data set and loss give {data})"
    return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _numbers(array: np.ndarray, name: str, where: str) -> np.ndarray:
    if array.dtype.kind not in "biuf":
        kind = {"c": "complex numbers", "U": "text", "S": "bytes", "O": "Python objects"}.get(
            array.dtype.kind, f"values of type {array.dtype}"
        )
        raise WeightsError(f"{where}: {name} holds {kind}, not real numbers; save numbers only")
    return np.asarray(array, dtype=np.float64)


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
