"""Validation of a whole config: each value, the fields that depend on each other, and
whether the network would fit in memory (arithmetic only: nothing is allocated before the
answer is yes)."""

from __future__ import annotations

import os
from pathlib import Path

from gradtui.config.fields import _ORDER, _SECTIONS, _SPECS, _field_errors, _get, _show
from gradtui.config.model import WEIGHT_FILE_SUFFIXES, Config, ConfigError
from gradtui.config.words import Said


def validate(cfg: Config, *, available: int | None = None) -> Config:
    """Check everything about ``cfg`` and return it; raise the first ``ConfigError``.

    The last check is whether the network fits in memory (``check_memory``, pure
    arithmetic); ``available`` is the memory in bytes to check against (default: what
    this machine has free).
    """
    errors = validation_errors(cfg, available=available)
    if errors:
        raise errors[0]
    return cfg


def validation_errors(cfg: Config, *, available: int | None = None) -> list[ConfigError]:
    """Every problem with ``cfg``, in field order (empty when it is valid).

    The memory check runs only when everything else is valid: the estimate needs valid
    sizes.
    """
    errors = _value_errors(cfg)
    if not errors:
        try:
            check_memory(cfg, available=available)
        except ConfigError as err:
            errors.append(err)
    return errors


def _value_errors(cfg: Config) -> list[ConfigError]:
    """Every problem with ``cfg``'s values, leaving out the memory check."""
    if not isinstance(cfg, Config):
        raise TypeError(f"expected a gradtui Config, got {type(cfg).__name__}")
    errors: list[ConfigError] = []
    broken: set[str] = set()
    for section, cls in _SECTIONS.items():
        holder = getattr(cfg, section)
        if not isinstance(holder, cls):
            errors.append(ConfigError(section, holder, f"must be a {cls.__name__}"))
            broken.add(section)
    for spec in _SPECS:
        if spec.section in broken:
            continue
        field_errors = _field_errors(spec, _get(cfg, spec))
        if field_errors:
            broken.add(spec.name)
            errors.extend(field_errors)
    errors.extend(_cross_field_errors(cfg, broken))
    # Field order, so that the first error is the first field a form would mark.
    errors.sort(key=lambda err: _ORDER.get(err.field, -1))
    return errors


def _cross_field_errors(cfg: Config, broken: set[str]) -> list[ConfigError]:
    """Problems between fields that are each valid on their own."""

    def ok(*names: str) -> bool:
        return not any(name in broken or name.split(".")[0] in broken for name in names)

    errors = []
    net, init, data = cfg.network, cfg.init, cfg.data
    for name, fallback in (("widths", "width"), ("activations", "activation")):
        if not ok("network.depth", f"network.{name}"):
            continue
        given = getattr(net, name)
        if given and len(given) != net.depth - 1:
            hidden = net.depth - 1
            key = {0: "count_no_hidden", 1: "count_one_hidden"}.get(hidden, "count_hidden")
            problem = Said(key, given=len(given), depth=net.depth, hidden=hidden, fallback=fallback)
            errors.append(ConfigError(f"network.{name}", given, problem))
    if ok("network.rrelu_lower", "network.rrelu_upper") and net.rrelu_lower > net.rrelu_upper:
        errors.append(
            ConfigError(
                "network.rrelu_lower",
                net.rrelu_lower,
                _larger_than(_show(net.rrelu_lower), "network.rrelu_upper", _show(net.rrelu_upper)),
            )
        )
    if ok("init.low", "init.high") and init.low > init.high:
        errors.append(
            ConfigError(
                "init.low", init.low, _larger_than(_show(init.low), "init.high", _show(init.high))
            )
        )
    if ok("init.name", "init.path") and init.name == "file":
        if not init.path.strip():
            errors.append(ConfigError("init.path", init.path, Said("init_path_empty")))
        elif not init.path.strip().lower().endswith(WEIGHT_FILE_SUFFIXES):
            errors.append(
                ConfigError("init.path", init.path, Said("init_path_kind", value=_show(init.path)))
            )
    if ok("data.name", "data.path") and data.name == "file":
        if not data.path.strip():
            errors.append(ConfigError("data.path", data.path, Said("path_empty")))
        elif not data.path.lower().endswith((".npz", ".csv")):
            errors.append(
                ConfigError("data.path", data.path, Said("path_kind", value=_show(data.path)))
            )
    # A file decides its own number of samples; a batch larger than it takes the whole set.
    if (
        ok("data.batch_size", "data.samples")
        and data.name != "file"
        and data.batch_size > data.samples
    ):
        errors.append(
            ConfigError(
                "data.batch_size",
                data.batch_size,
                _larger_than(data.batch_size, "data.samples", data.samples),
            )
        )
    if (
        ok("loss", "data.name", "data.classes")
        and cfg.loss == "bce"
        and data.name in ("spirals", "blobs")
        and data.classes != 2
    ):
        errors.append(ConfigError("loss", cfg.loss, Said("bce_classes", classes=data.classes)))
    if ok("loss", "data.name") and cfg.loss == "cross_entropy" and data.name in ("teacher", "ones"):
        errors.append(
            ConfigError("loss", cfg.loss, Said("cross_entropy_regression", name=data.name))
        )
    if ok("loss", "data.name") and cfg.loss == "bce" and data.name == "mnist-like":
        errors.append(ConfigError("loss", cfg.loss, Said("bce_mnist")))
    return errors


def _larger_than(value: object, other: str, limit: object) -> Said:
    return Said("larger_than", value=value, other=other, limit=limit)


# --------------------------------------------------------------------------------------
# Memory

# How many arrays of a layer's output size a pass keeps per example: z, a, ∂L/∂a, ∂L/∂z,
# BatchNorm's normalised input and its statistics, the residual sum, f'(z).
_CACHED_ARRAYS_PER_LAYER = 8
_MEMORY_SHARE = 0.5
"""gradtui refuses a network that would need more than this share of the free memory."""


def _input_output_sizes(cfg: Config) -> tuple[int, int]:
    """The network's input and output widths, as the data set will make them (a guess for
    ``file``, whose real sizes are known only once it is read)."""
    data = cfg.data
    classes_out = 1 if cfg.loss == "bce" else data.classes
    sizes = {
        "teacher": (data.features, data.outputs),
        "spirals": (2, classes_out),
        "blobs": (2, classes_out),
        "mnist-like": (784, 10),
        "ones": (1, 1),
    }
    if data.name in sizes:
        return sizes[data.name]
    output = {"cross_entropy": data.classes, "bce": 1}.get(cfg.loss, data.outputs)
    return data.features, output


def estimate_memory_bytes(cfg: Config) -> int:
    """A conservative estimate of the bytes a run of ``cfg`` needs (``cfg`` must be valid).

    Parameters (weights, biases, BatchNorm's γ, β and running statistics, PReLU slopes,
    projection shortcuts) are counted as many times as the stepper holds them: the
    parameters, their gradients, the optimiser state (2 for adam, 1 for sgd with momentum)
    and the undo copy of parameters and state for stepping back. Then each layer's cached
    arrays for a batch, and the data set at the peak of its making (``_data_bytes``).
    """
    net, data = cfg.network, cfg.data
    itemsize = 4 if cfg.dtype == "float32" else 8
    n_in, n_out = _input_output_sizes(cfg)
    sizes = [n_in, *cfg.hidden_widths(), n_out]
    activations = [*cfg.hidden_activations(), cfg.output_activation()]
    parameters = 0
    cached = data.batch_size * n_in
    for index, activation in enumerate(activations):
        fan_in, fan_out = sizes[index], sizes[index + 1]
        pieces = net.maxout_pieces if activation == "maxout" else 1
        parameters += (fan_in + 1) * fan_out * pieces
        if index < net.depth - 1:
            if net.batch_norm:
                parameters += 4 * fan_out
            if activation == "prelu":
                parameters += fan_out if net.prelu_per_unit else 1
            if net.residual and fan_in != fan_out:
                parameters += fan_in * fan_out
        cached += data.batch_size * fan_out * pieces * _CACHED_ARRAYS_PER_LAYER
    # Optimiser state per parameter: adam's two moments, or sgd's momentum buffer.
    state = 2 if cfg.optimizer.name == "adam" else int(cfg.optimizer.momentum > 0)
    copies = 2 + state + (1 + state)  # parameters, gradients, state, undo copy
    return itemsize * (parameters * copies + cached) + _data_bytes(cfg, n_in, n_out)


# Float64 columns per example that a data set's making holds besides x and y at its peak
# (measured with ru_maxrss; see tests/test_config.py): the teacher's hidden layer twice
# (x @ W1 + b1 and its tanh), the spirals' and blobs' angles, radii and their sines and
# cosines, mnist-like's shifts and brightness; a file is read, then converted to float64.
_MAKING_COLUMNS = {"teacher": 64, "spirals": 6, "blobs": 4, "mnist-like": 6, "ones": 0}


def _data_bytes(cfg: Config, n_in: int, n_out: int) -> int:
    """The peak bytes of making the data set: it is drawn in float64 whatever the run's
    dtype, then converted (a float32 run holds both for a moment), plus what its making
    holds on the side. (Counting only x and y in the run's dtype was 2x low for mnist-like
    with 10^6 samples: 5.9 GiB estimated, 11.8 GiB measured.)"""
    samples, values = cfg.data.samples, cfg.data.samples * (n_in + n_out)
    float64 = 8 * values
    if cfg.data.name == "file":
        float64 *= 2  # np.load's arrays, and their float64 copies
    converted = 4 * values if cfg.dtype == "float32" else 0
    return float64 + converted + 8 * samples * _MAKING_COLUMNS.get(cfg.data.name, 0)


def _read_int(path: str) -> int | None:
    """An integer from a one-line file such as a cgroup limit (``None``: absent or ``max``)."""
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def available_memory_bytes() -> int | None:
    """The memory this process can still use, in bytes, or ``None`` if it cannot be told.

    Linux's ``MemAvailable`` (what can be allocated without swapping), lowered to the
    container's cgroup limit minus its usage when there is one; elsewhere the free pages
    that ``os.sysconf`` reports.
    """
    available = None
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        available = None
    if available is None:
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            return None
    for limit_path, usage_path in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        limit, usage = _read_int(limit_path), _read_int(usage_path)
        if limit is not None and usage is not None:
            available = min(available, max(limit - usage, 0))
    return available


def _format_bytes(count: float) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{int(count)} bytes"


def check_memory(cfg: Config, available: int | None = None) -> None:
    """Raise ``ConfigError`` (field ``"network"``) if ``cfg`` would need more than half of
    the available memory. ``available`` in bytes; ``None`` reads this machine's, and the
    check is skipped if that cannot be told. Allocates nothing."""
    if available is None:
        available = available_memory_bytes()
        if available is None:
            return
    need = estimate_memory_bytes(cfg)
    if need <= available * _MEMORY_SHARE:
        return
    n_in, n_out = _input_output_sizes(cfg)
    data_heavy = _data_bytes(cfg, n_in, n_out) > need / 2
    advice = Said("memory_advice_samples" if data_heavy else "memory_advice")
    problem = Said(
        "memory", need=_format_bytes(need), available=_format_bytes(available), advice=advice
    )
    raise ConfigError("network", need, problem)
