"""The one description of a network and a training run, read from and written to TOML.

``Config`` is plain data. Everything that checks it, reads it or writes it lives here:

- ``validate`` / ``validation_errors``: every value's type and range, the fields that
  depend on each other, and whether the network would fit in memory (arithmetic only, so
  nothing is allocated before the answer is yes). Problems are ``ConfigError``s that name
  the field, the bad value and what to use instead.
- ``loads_config`` / ``load_config`` / ``config_from_dict``: TOML or a dict in, validated.
- ``dumps_config`` / ``save_config`` / ``config_to_dict``: out again (saving is atomic).
- ``apply_overrides``: ``--set network.depth=20`` strings.
- ``default_config_text`` / ``config_fields``: the commented default file and the table
  of fields that the app's configuration form is generated from.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import math
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, NamedTuple, get_args, get_type_hints

import tomli_w

from gradtui.config_words import HELP_ZH, Said

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "DTYPES",
    "INITIALIZERS",
    "INIT_MODES",
    "LOSSES",
    "MAX_DEPTH",
    "MAX_SAMPLES",
    "MAX_WIDTH",
    "MODES",
    "NONLINEARITIES",
    "OPTIMIZERS",
    "ClipConfig",
    "Config",
    "ConfigError",
    "ConfigField",
    "DataConfig",
    "InitConfig",
    "NetworkConfig",
    "OptimizerConfig",
    "apply_overrides",
    "available_memory_bytes",
    "check_memory",
    "config_fields",
    "config_from_dict",
    "config_to_dict",
    "default_config_text",
    "dumps_config",
    "estimate_memory_bytes",
    "field_help",
    "load_config",
    "loads_config",
    "save_config",
    "validate",
    "validation_errors",
]


ACTIVATIONS = (
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "rrelu",
    "elu",
    "maxout",
    "softplus",
    "gelu",
    "silu",
)
INITIALIZERS = (
    "normal",
    "uniform",
    "constant",
    "xavier_normal",
    "xavier_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "orthogonal",
)
LOSSES = ("mse", "cross_entropy", "bce")
DATASETS = ("teacher", "spirals", "blobs", "mnist-like", "ones", "file")
OPTIMIZERS = ("sgd", "adam")
DTYPES = ("float64", "float32")
MODES = ("train", "eval")
INIT_MODES = ("fan_in", "fan_out")
"""``torch.nn.init.kaiming_*``'s ``mode``: keep the forward or the backward variance."""
NONLINEARITIES = ("linear", "conv1d", "sigmoid", "tanh", "relu", "leaky_relu", "selu")
"""The names ``torch.nn.init.calculate_gain`` knows (those that make sense for a dense net)."""


@dataclass
class NetworkConfig:
    """Layers: ``depth`` Linear layers, the last one being the output layer."""

    depth: int = 10
    width: int = 16
    widths: list[int] = field(default_factory=list)
    """Hidden widths, one per hidden layer (depth - 1 of them); empty means all ``width``."""
    activation: str = "sigmoid"
    activations: list[str] = field(default_factory=list)
    """Per hidden layer activation (depth - 1 of them); empty means all ``activation``."""
    leaky_slope: float = 0.01
    prelu_init: float = 0.25
    prelu_per_unit: bool = False
    rrelu_lower: float = 1.0 / 8.0
    rrelu_upper: float = 1.0 / 3.0
    elu_alpha: float = 1.0
    maxout_pieces: int = 2
    batch_norm: bool = False
    bn_momentum: float = 0.1
    bn_eps: float = 1e-5
    residual: bool = False


@dataclass
class InitConfig:
    """Weight initialisation with ``torch.nn.init``'s names and formulas, times ``scale``."""

    name: str = "normal"
    mean: float = 0.0
    std: float = 1.0
    low: float = 0.0
    high: float = 1.0
    value: float = 0.0
    gain: float = 1.0
    mode: str = "fan_in"
    nonlinearity: str = "leaky_relu"
    a: float = 0.0
    scale: float = 1.0
    bias: float = 0.0


@dataclass
class DataConfig:
    """The data set the network learns from, and how many examples make a batch."""

    name: str = "teacher"
    samples: int = 512
    features: int = 8
    outputs: int = 1
    classes: int = 3
    noise: float = 0.1
    path: str = ""
    batch_size: int = 32


@dataclass
class OptimizerConfig:
    """The optimiser that turns gradients into weight updates, with PyTorch's semantics."""

    name: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.0
    weight_decay: float = 0.0
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8


@dataclass
class ClipConfig:
    """Gradient and weight clipping; 0 turns each one off."""

    grad_norm: float = 0.0
    grad_value: float = 0.0
    weight: float = 0.0


@dataclass
class Config:
    """One network and one training run: everything the simulator needs to start."""

    seed: int = 0
    dtype: str = "float64"
    loss: str = "mse"
    mode: str = "train"
    network: NetworkConfig = field(default_factory=NetworkConfig)
    init: InitConfig = field(default_factory=InitConfig)
    data: DataConfig = field(default_factory=DataConfig)
    optimizer: OptimizerConfig = field(default_factory=OptimizerConfig)
    clip: ClipConfig = field(default_factory=ClipConfig)

    def hidden_widths(self) -> list[int]:
        """The widths of the depth - 1 hidden layers."""
        net = self.network
        return list(net.widths) if net.widths else [net.width] * (net.depth - 1)

    def hidden_activations(self) -> list[str]:
        """The activation of each of the depth - 1 hidden layers."""
        net = self.network
        if net.activations:
            return list(net.activations)
        return [net.activation] * (net.depth - 1)

    def output_activation(self) -> str:
        """The output layer's activation, fixed by the loss."""
        return "sigmoid" if self.loss == "bce" else "identity"


# --------------------------------------------------------------------------------------
# Errors


class ConfigError(ValueError):
    """A configuration value gradtui cannot use, with what to use instead.

    ``field`` is the dotted path of the offending field (``"network.depth"``; ``""`` when
    the problem is the file itself), ``value`` the bad value, ``problem`` the explanation
    without the field name (for a form that shows it beside the field), ``source`` the
    file or label it came from (``""`` when none). ``str(err)`` is the whole message,
    e.g. ``"my.toml: network.depth: 0 is not allowed; use 1 to 1000"``.
    """

    def __init__(
        self,
        field: str,
        value: object,
        problem: str | Said,
        *,
        source: str = "",
        location: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.said = problem
        """The problem as given: a ``Said`` can be said in Chinese too."""
        self.problem = str(problem)
        self.source = source
        # Where the message says the problem is: the field, or one item of a list field.
        self.location = field if location is None else location
        self.message = self.message_in("en")
        super().__init__(self.message)

    def problem_in(self, lang: str) -> str:
        """The problem (without the field's name) in ``lang``, where it has been translated."""
        return self.said(lang) if isinstance(self.said, Said) else self.problem

    def message_in(self, lang: str) -> str:
        """The whole message in ``lang``: source, field and problem."""
        parts = (self.source, self.location, self.problem_in(lang))
        return ": ".join(part for part in parts if part)

    def with_source(self, source: str) -> ConfigError:
        """The same error, said to come from ``source`` (a file name or a label)."""
        return ConfigError(self.field, self.value, self.said, source=source, location=self.location)


# --------------------------------------------------------------------------------------
# The table of fields: types from the dataclasses; ranges, choices and help text here.


@dataclass(frozen=True)
class _Range:
    """Allowed numbers: ``low``..``high``; ``None`` means unbounded on that side."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def contains(self, number: float) -> bool:
        """Whether ``number`` is allowed."""
        if self.low is not None and (number <= self.low if self.low_open else number < self.low):
            return False
        return not (
            self.high is not None
            and (number >= self.high if self.high_open else number > self.high)
        )

    def describe(self, whole: bool) -> Said:
        """The allowed numbers in words: ``"1 to 1000"``, ``"0 or more"``."""
        low, high = _show_number(self.low), _show_number(self.high)
        if self.low is None and self.high is None:
            return Said("any_whole" if whole else "any_finite")
        if self.low is None:
            return Said("at_most", high=high)
        if self.high is None:
            return Said("greater_than" if self.low_open else "or_more", low=low)
        if self.low_open:
            return Said("greater_at_most", low=low, high=high)
        if self.high_open:
            return Said("up_to_not_including", low=low, high=high)
        return Said("low_to_high", low=low, high=high)


MAX_DEPTH = 1000
MAX_WIDTH = 16384
MAX_SAMPLES = 1_000_000

# For list fields the range and choices apply to each item.
_RANGES: dict[str, _Range] = {
    "seed": _Range(0, 2**32 - 1),
    "network.depth": _Range(1, MAX_DEPTH),
    "network.width": _Range(1, MAX_WIDTH),
    "network.widths": _Range(1, MAX_WIDTH),
    "network.leaky_slope": _Range(0, 1),
    "network.rrelu_lower": _Range(0, 1),
    "network.rrelu_upper": _Range(0, 1),
    "network.elu_alpha": _Range(0, None, low_open=True),
    "network.maxout_pieces": _Range(2, 16),
    "network.bn_momentum": _Range(0, 1),
    "network.bn_eps": _Range(0, None, low_open=True),
    "init.std": _Range(0),
    "data.samples": _Range(1, MAX_SAMPLES),
    "data.features": _Range(1, 100_000),
    "data.outputs": _Range(1, 10_000),
    "data.classes": _Range(2, 1000),
    "data.noise": _Range(0),
    "data.batch_size": _Range(1, MAX_SAMPLES),
    "optimizer.lr": _Range(0, 1e6, low_open=True),
    "optimizer.momentum": _Range(0, 1),
    "optimizer.weight_decay": _Range(0),
    "optimizer.beta1": _Range(0, 1, high_open=True),
    "optimizer.beta2": _Range(0, 1, high_open=True),
    "optimizer.eps": _Range(0, None, low_open=True),
    "clip.grad_norm": _Range(0),
    "clip.grad_value": _Range(0),
    "clip.weight": _Range(0),
}

_CHOICES: dict[str, tuple[str, ...]] = {
    "dtype": DTYPES,
    "loss": LOSSES,
    "mode": MODES,
    "network.activation": ACTIVATIONS,
    "network.activations": ACTIVATIONS,
    "init.name": INITIALIZERS,
    "init.mode": INIT_MODES,
    "init.nonlinearity": NONLINEARITIES,
    "data.name": DATASETS,
    "optimizer.name": OPTIMIZERS,
}

# What each field means. The allowed values are appended from _RANGES and _CHOICES, and
# the defaults come from Config(), so neither can drift from what validate() does.
_HELP: dict[str, str] = {
    "seed": "Random seed for weights, data and batches; the same seed gives the same numbers",
    "dtype": "Floating-point precision of every computation",
    "loss": "Loss (PyTorch's default reduction); bce means one sigmoid output unit",
    "mode": "train: BatchNorm uses batch statistics, rrelu random slopes; eval: running ones",
    "network.depth": "Number of Linear layers, the output layer included",
    "network.width": "Units in every hidden layer (when network.widths is empty)",
    "network.widths": "Units per hidden layer, depth - 1 of them; [] means all network.width",
    "network.activation": "Activation of every hidden layer (when network.activations is empty)",
    "network.activations": "Activation per hidden layer, depth - 1 of them; [] means all "
    "network.activation",
    "network.leaky_slope": "leaky_relu: slope for negative inputs",
    "network.prelu_init": "prelu: starting slope for negative inputs (then learned)",
    "network.prelu_per_unit": "prelu: one learned slope per unit (true) or per layer (false)",
    "network.rrelu_lower": "rrelu: lowest random slope; at most network.rrelu_upper",
    "network.rrelu_upper": "rrelu: highest random slope (eval uses the mean of the two)",
    "network.elu_alpha": "elu: the value it approaches for large negative inputs",
    "network.maxout_pieces": "maxout: linear pieces per unit (the layer has this many times "
    "the weights)",
    "network.batch_norm": "Put BatchNorm1d after every hidden Linear layer",
    "network.bn_momentum": "BatchNorm1d: momentum of the running statistics (as PyTorch)",
    "network.bn_eps": "BatchNorm1d: added to the variance before the square root",
    "network.residual": "Shortcut around every hidden layer (a projection W_s x when sizes differ)",
    "init.name": "Weight initialiser (torch.nn.init names)",
    "init.mean": "normal: mean of the weights",
    "init.std": "normal: standard deviation of the weights",
    "init.low": "uniform: lowest weight; at most init.high",
    "init.high": "uniform: highest weight",
    "init.value": "constant: every weight's value",
    "init.gain": "xavier_normal, xavier_uniform, orthogonal: gain",
    "init.mode": "kaiming_*: keep the variance of the forward (fan_in) or backward (fan_out) pass",
    "init.nonlinearity": "kaiming_*: whose gain to use (torch.nn.init.calculate_gain)",
    "init.a": "kaiming_*: negative slope of leaky_relu used in the gain",
    "init.scale": "Every initial weight is multiplied by this",
    "init.bias": "Every bias starts at this value",
    "data.name": "Data: teacher (regression), spirals or blobs (2-D classes), mnist-like "
    "(784 features, 10 classes), ones, file",
    "data.samples": "Examples in the data set",
    "data.features": "teacher: input features",
    "data.outputs": "teacher: output values per example",
    "data.classes": "spirals, blobs: number of classes (2 for bce)",
    "data.noise": "Standard deviation of the noise added to the data",
    "data.path": "file: your data, a .npz or .csv file with x and y",
    "data.batch_size": "Examples per training step; at most data.samples",
    "optimizer.name": "How gradients become weight updates",
    "optimizer.lr": "Learning rate",
    "optimizer.momentum": "sgd: momentum (0 is plain SGD)",
    "optimizer.weight_decay": "L2 penalty added to every weight's gradient (as PyTorch)",
    "optimizer.beta1": "adam: decay rate of the average gradient",
    "optimizer.beta2": "adam: decay rate of the average squared gradient",
    "optimizer.eps": "adam: added to the denominator",
    "clip.grad_norm": "Scale gradients down to this global norm (clip_grad_norm_); 0 is off",
    "clip.grad_value": "Clip every gradient entry to ±this (clip_grad_value_); 0 is off",
    "clip.weight": "Clip every weight to ±this after the update; 0 is off",
}

# Allowed values of the text fields that have no list of choices.
_OTHER_ALLOWED: dict[str, Said] = {
    "data.path": Said("allowed_path"),
}

_SECTION_HELP: dict[str, str] = {
    "network": "The network: depth Linear layers, the last one being the output layer.",
    "init": "Weight initialisation, with torch.nn.init's names and formulas.",
    "data": "The data the network learns from.",
    "optimizer": "The optimiser, with PyTorch's semantics.",
    "clip": "Clipping of gradients (before the update) and weights (after it).",
}


class ConfigField(NamedTuple):
    """One field of ``Config``, as the configuration form and ``gradtui init`` show it."""

    name: str
    """Dotted path, e.g. ``"network.depth"``; top-level fields have no dot."""
    type: Any
    """``int``, ``float``, ``bool``, ``str``, ``list[int]`` or ``list[str]``."""
    default: Any
    """The value in ``Config()``."""
    comment: str
    """One line: what the field means and which values are allowed."""
    choices: tuple[str, ...] | None
    """The allowed names (of each item, for a list), or ``None`` when any value in range goes."""


@dataclass(frozen=True)
class _Spec:
    """Where a field lives and what type it has."""

    name: str
    section: str | None
    key: str
    kind: Any

    @property
    def item_kind(self) -> Any:
        """The type of each item of a list field (``None`` for other fields)."""
        args = get_args(self.kind)
        return args[0] if args else None


def _build_specs() -> tuple[_Spec, ...]:
    """One ``_Spec`` per field, in the dataclasses' order (the order of the TOML file)."""
    specs = []
    hints = get_type_hints(Config)
    for top in fields(Config):
        hint = hints[top.name]
        if is_dataclass(hint):
            sub_hints = get_type_hints(hint)
            specs.extend(
                _Spec(f"{top.name}.{sub.name}", top.name, sub.name, sub_hints[sub.name])
                for sub in fields(hint)
            )
        else:
            specs.append(_Spec(top.name, None, top.name, hint))
    return tuple(specs)


_SPECS = _build_specs()
_SPEC_BY_NAME = {spec.name: spec for spec in _SPECS}
_ORDER = {spec.name: index for index, spec in enumerate(_SPECS)}
_SECTIONS: dict[str, type] = {
    name: hint for name, hint in get_type_hints(Config).items() if is_dataclass(hint)
}


def _allowed_text(spec: _Spec) -> Said:
    """What values a field takes, in words, from the same tables validation uses."""
    choices = _CHOICES.get(spec.name)
    kind = spec.item_kind or spec.kind
    if kind is bool:
        allowed = Said("allowed_bool")
    elif choices:
        allowed = Said("allowed_one_of", choices=", ".join(choices))
    elif kind in (int, float):
        allowed = _RANGES.get(spec.name, _Range()).describe(whole=kind is int)
    else:
        allowed = _OTHER_ALLOWED[spec.name]
    return Said("allowed_each", allowed=allowed) if spec.item_kind else allowed


def field_help(name: str, lang: str = "en") -> str:
    """A field's help in ``lang``: what it is, then what it takes (its tooltip in the form;
    in English, its comment in files)."""
    spec = _SPEC_BY_NAME[name]
    text = HELP_ZH[name] if lang == "zh" else _HELP[name]
    return Said("help", help=text, allowed=_allowed_text(spec))(lang)


def _comment(spec: _Spec) -> str:
    return field_help(spec.name)


def config_fields() -> list[ConfigField]:
    """Every field of ``Config`` in file order, with its type, default, comment and choices."""
    defaults = Config()
    return [
        ConfigField(
            spec.name,
            spec.kind,
            copy.deepcopy(_get(defaults, spec)),
            _comment(spec),
            _CHOICES.get(spec.name),
        )
        for spec in _SPECS
    ]


def _get(cfg: Config, spec: _Spec) -> Any:
    holder = cfg if spec.section is None else getattr(cfg, spec.section)
    return getattr(holder, spec.key)


# --------------------------------------------------------------------------------------
# Showing values in messages


def _show_number(number: float | None) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _show(value: object) -> str:
    """A value as the user wrote it: ``true``, ``'sigmoind'``, ``nan``, ``[1, 2]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return repr(value)


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` was most likely meant to be, if any is close."""
    candidates = list(candidates)
    for candidate in candidates:
        if candidate.lower() == word.lower():
            return candidate
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


# --------------------------------------------------------------------------------------
# Checking one value


_TYPE_WORDS = {
    int: Said("kind_int"),
    float: Said("kind_float"),
    bool: Said("kind_bool"),
    str: Said("kind_str"),
}


def _is_kind(value: object, kind: Any) -> bool:
    """Whether ``value`` has the field type ``kind`` (ints count as floats, bools as neither)."""
    if isinstance(value, bool):
        return kind is bool
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def _type_problem(value: object, kind: Any) -> Said:
    if kind is int and isinstance(value, float) and value.is_integer():
        return Said("must_be_write", value=_show(value), kind=_TYPE_WORDS[kind], whole=int(value))
    return Said("must_be", value=_show(value), kind=_TYPE_WORDS[kind])


def _type_errors(spec: _Spec, value: object) -> list[ConfigError]:
    """The problems with a field value's type (a list field: with its items' types)."""
    if spec.item_kind is None:
        if _is_kind(value, spec.kind):
            return []
        return [ConfigError(spec.name, value, _type_problem(value, spec.kind))]
    if not isinstance(value, (list, tuple)):
        example = "[16, 16, 8]" if spec.item_kind is int else '["relu", "tanh"]'
        items = Said("items_int" if spec.item_kind is int else "items_str")
        problem = Said("must_be_list", value=_show(value), items=items, example=example)
        return [ConfigError(spec.name, value, problem)]
    return [
        ConfigError(
            spec.name,
            item,
            _type_problem(item, spec.item_kind),
            location=f"{spec.name}[{index}]",
        )
        for index, item in enumerate(value)
        if not _is_kind(item, spec.item_kind)
    ]


def _field_errors(spec: _Spec, value: object) -> list[ConfigError]:
    """The problems with one field's value on its own: type, then choice or range."""
    errors = _type_errors(spec, value)
    if errors:
        return errors
    if spec.item_kind is None:
        problem = _value_problem(spec, value)
        return [ConfigError(spec.name, value, problem)] if problem else []
    for index, item in enumerate(value):
        problem = _value_problem(spec, item)
        if problem:
            errors.append(ConfigError(spec.name, item, problem, location=f"{spec.name}[{index}]"))
    return errors


def _value_problem(spec: _Spec, value: Any) -> Said | None:
    """What is wrong with a value (or list item) of the right type, or ``None``."""
    choices = _CHOICES.get(spec.name)
    if choices and value not in choices:
        shown, listed = _show(value), ", ".join(choices)
        guess = _closest(str(value), choices)
        if guess:
            return Said("not_one_of_guess", value=shown, choices=listed, guess=repr(guess))
        return Said("not_one_of", value=shown, choices=listed)
    whole = (spec.item_kind or spec.kind) is int
    bounds = _RANGES.get(spec.name, _Range())
    if isinstance(value, float) and not math.isfinite(value):
        return Said("not_finite", value=_show(value), allowed=bounds.describe(whole=False))
    if isinstance(value, (int, float)) and not bounds.contains(value):
        return Said("not_allowed", value=_show(value), allowed=bounds.describe(whole=whole))
    return None


# --------------------------------------------------------------------------------------
# Validation


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
    arrays for a batch, and the data set.
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
    data_values = data.samples * (n_in + n_out)
    return itemsize * (parameters * copies + cached + data_values)


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
    itemsize = 4 if cfg.dtype == "float32" else 8
    data_heavy = cfg.data.samples * (n_in + n_out) * itemsize > need / 2
    advice = Said("memory_advice_samples" if data_heavy else "memory_advice")
    problem = Said(
        "memory", need=_format_bytes(need), available=_format_bytes(available), advice=advice
    )
    raise ConfigError("network", need, problem)


# --------------------------------------------------------------------------------------
# Dicts and TOML


def config_to_dict(cfg: Config) -> dict[str, Any]:
    """``cfg`` as nested plain dicts and lists, one table per section (a deep copy)."""
    return asdict(cfg)


def _guess_path(key: str) -> str | None:
    """The dotted field or table name ``key`` most likely means (``"dpeth"``: network.depth)."""
    options = {name: name for name in (*_SPEC_BY_NAME, *_SECTIONS)}
    for spec in _SPECS:
        options.setdefault(spec.key, spec.name)
    guess = _closest(key, options)
    return options[guess] if guess else None


def _unknown_key(location: str, key: str, section: str | None, dotted: bool) -> ConfigError:
    """An unknown ``key`` found in table ``section`` (``None``: the top level), with the key
    it most likely means: a key of the same table (a full dotted path if ``dotted``, as
    ``--set`` needs), else any field (``lr`` under [network] means optimizer.lr)."""
    keys = [spec.key for spec in _SPECS if spec.section == section and section is not None]
    guess = _closest(key, keys) if keys else None
    if guess is not None:
        suggestion = f"{section}.{guess}" if dotted else guess
    else:
        suggestion = _guess_path(key)
    if suggestion:
        problem = f"unknown key; did you mean {suggestion!r}?"
    elif keys:
        problem = f"unknown key; [{section}] has {', '.join(keys)}"
    else:
        problem = "unknown key; `gradtui init` shows every key"
    return ConfigError(location, key, problem)


def _coerce(spec: _Spec, value: object) -> Any:
    """``value`` from TOML or a dict as the field's type; raise ``ConfigError`` if it is not.

    Choices and ranges are left to validation, which reports every problem at once.
    """
    errors = _type_errors(spec, value)
    if errors:
        raise errors[0]
    if spec.kind is float:
        try:
            return float(value)
        except OverflowError:
            raise ConfigError(spec.name, value, Said("too_large", value=value)) from None
    if spec.item_kind is not None:
        return list(value)
    return value


def config_from_dict(data: Mapping[str, Any], source: str = "config") -> Config:
    """A validated ``Config`` from nested dicts as TOML gives them; missing keys take defaults.

    Unknown keys and values of the wrong type are refused with a ``ConfigError`` whose
    message begins with ``source`` (pass ``""`` for none).
    """
    try:
        cfg = _build_config(data)
        validate(cfg)
    except ConfigError as err:
        raise err.with_source(source) from None
    return cfg


def _build_config(data: Mapping[str, Any]) -> Config:
    if not isinstance(data, Mapping):
        raise ConfigError("", data, "the configuration must be a table of keys and values")
    top: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key in _SECTIONS:
            if not isinstance(value, Mapping):
                raise ConfigError(
                    key, value, f"must be a table ([{key}] with keys under it), not {_show(value)}"
                )
            top[key] = _build_section(key, value)
        elif key in _SPEC_BY_NAME:
            top[key] = _coerce(_SPEC_BY_NAME[key], value)
        else:
            raise _unknown_key(key, key, None, dotted=False)
    return Config(**top)


def _build_section(section: str, data: Mapping[str, Any]) -> Any:
    values = {}
    for key, value in data.items():
        key = str(key)
        name = f"{section}.{key}"
        if name not in _SPEC_BY_NAME:
            raise _unknown_key(name, key, section, dotted=False)
        values[key] = _coerce(_SPEC_BY_NAME[name], value)
    return _SECTIONS[section](**values)


_TOML_POSITION = re.compile(
    r"^(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def loads_config(text: str, source: str = "<string>") -> Config:
    """A validated ``Config`` from TOML text; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax_error(err, text, source) from None
    return config_from_dict(data, source)


def _syntax_error(err: tomllib.TOMLDecodeError, text: str, source: str) -> ConfigError:
    """A TOML syntax error as ``"my.toml: line 3: invalid value (column 5 in 'depth =')"``."""
    match = _TOML_POSITION.match(str(err))
    if match is None:
        return ConfigError("", None, f"not valid TOML: {err}", source=source)
    message = match["msg"][:1].lower() + match["msg"][1:]
    if match["line"] is None:
        return ConfigError("", None, f"end of file: {message}", source=source)
    line_number = int(match["line"])
    lines = text.splitlines()
    line_text = lines[line_number - 1].strip() if line_number <= len(lines) else ""
    if len(line_text) > 60:
        line_text = line_text[:57] + "..."
    where = f"column {match['col']}" + (f" in {line_text!r}" if line_text else "")
    return ConfigError("", line_number, f"line {line_number}: {message} ({where})", source=source)


def load_config(path: str | os.PathLike[str]) -> Config:
    """A validated ``Config`` from a TOML file."""
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError("", source, "no such file", source=source) from None
    except IsADirectoryError:
        raise ConfigError("", source, "is a folder, not a file", source=source) from None
    except PermissionError:
        raise ConfigError("", source, "permission denied", source=source) from None
    except OSError as err:
        raise ConfigError("", source, f"cannot read: {err.strerror}", source=source) from None
    try:
        # utf-8-sig: a byte-order mark (which some Windows editors write) is not an error.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(
            "", source, f"is not UTF-8 text (bad byte at offset {err.start})", source=source
        ) from None
    return loads_config(text, source)


def dumps_config(cfg: Config) -> str:
    """``cfg`` as TOML. Its values are validated first (memory is not: a file may be for
    another machine), so what is written loads back."""
    errors = _value_errors(cfg)
    if errors:
        raise errors[0]
    return tomli_w.dumps(config_to_dict(cfg))


def save_config(cfg: Config, path: str | os.PathLike[str]) -> None:
    """Write ``cfg`` to ``path`` as TOML, atomically: the file is either the old one or the
    new one, whole, even if the machine stops half-way. Problems are ``ConfigError``s."""
    text = dumps_config(cfg)
    source = os.fspath(path)
    target = Path(path)
    if target.is_symlink():
        # Write through the link, as editors do, rather than replacing the link itself.
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise ConfigError(
            "", source, "is a folder; give a file name such as run.toml", source=source
        )
    folder = target.parent
    try:
        write_atomically(target, text.encode("utf-8"))
    except FileNotFoundError:
        problem = (
            f"cannot save: the folder {os.fspath(folder)!r} does not exist; create it first"
            if not folder.exists()
            else "cannot save: file not found"
        )
        raise ConfigError("", source, problem, source=source) from None
    except NotADirectoryError:
        raise ConfigError(
            "", source, f"cannot save: {os.fspath(folder)!r} is not a folder", source=source
        ) from None
    except PermissionError:
        raise ConfigError("", source, "cannot save: permission denied", source=source) from None
    except OSError as err:
        raise ConfigError(
            "", source, f"cannot save: {err.strerror or err}", source=source
        ) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    temp, handle = _create_temp_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            # Keep the permissions of the file being replaced.
            os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable.
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _create_temp_file(path: Path) -> tuple[Path, int]:
    """A new hidden file beside ``path``, created with the user's umask (unlike mkstemp's
    0600), so the saved file gets the permissions any new file would."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file beside {path}")


# --------------------------------------------------------------------------------------
# --set overrides

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


def apply_overrides(cfg: Config, overrides: Iterable[str]) -> Config:
    """A new validated ``Config``: ``cfg`` with ``key=value`` strings applied in order.

    Keys are dotted paths (``network.depth=20``, ``seed=3``); values are read as the
    field's type: ``true``/``false`` (or yes/no, 1/0) for switches, comma-separated items
    for lists (an empty value is an empty list). ``cfg`` is not changed.
    """
    if isinstance(overrides, str):
        raise TypeError("overrides must be a list of 'key=value' strings, not one string")
    data = config_to_dict(cfg)
    for override in overrides:
        key, equals, text = override.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ConfigError(
                key,
                override,
                f"{override!r} is not key=value; write e.g. network.depth=20",
            )
        spec = _override_spec(key)
        value = _parse_text(spec, text.strip())
        holder = data if spec.section is None else data[spec.section]
        holder[spec.key] = value
    return config_from_dict(data, source="")


def _override_spec(key: str) -> _Spec:
    """The field a ``--set`` key names."""
    if key in _SPEC_BY_NAME:
        return _SPEC_BY_NAME[key]
    if key in _SECTIONS:
        example = next(spec.name for spec in _SPECS if spec.section == key)
        raise ConfigError(key, key, f"is a table; set one of its keys, e.g. {example}=...")
    section, dot, leaf = key.partition(".")
    if dot and section in _SECTIONS:
        raise _unknown_key(key, leaf, section, dotted=True)
    raise _unknown_key(key, key, None, dotted=True)


def _parse_text(spec: _Spec, text: str) -> Any:
    """The text of a ``--set`` value as the field's type."""
    if spec.item_kind is None:
        return _parse_scalar(spec, text, spec.kind, spec.name)
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if not inner.strip():
        return []
    return [
        _parse_scalar(spec, item.strip(), spec.item_kind, f"{spec.name}[{index}]")
        for index, item in enumerate(inner.split(","))
    ]


def _parse_scalar(spec: _Spec, text: str, kind: Any, location: str) -> Any:
    if kind is str:
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            return text[1:-1]
        return text
    if kind is bool:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        problem = Said("must_be_bool_text", value=repr(text))
    else:
        try:
            return kind(text)
        except ValueError:
            problem = Said("must_be", value=repr(text), kind=_TYPE_WORDS[kind])
    raise ConfigError(spec.name, text, problem, location=location)


# --------------------------------------------------------------------------------------
# The commented default file


def default_config_text() -> str:
    """The default ``Config`` as TOML, every key with a comment (what ``gradtui init`` prints).

    Values come from ``Config()`` and comments from the field table, so the text always
    loads back to exactly ``Config()``.
    """
    defaults = config_to_dict(Config())
    lines = [
        "# gradtui configuration: one network and one training run.",
        "# Run it with `gradtui run FILE.toml`; change one value with --set key=value",
        "# (e.g. --set network.depth=20). A missing key takes the default shown here.",
        "",
    ]
    section = None
    for spec in _SPECS:
        if spec.section != section:
            section = spec.section
            lines += ["", f"# {_SECTION_HELP[section]}", f"[{section}]"]
        holder = defaults if spec.section is None else defaults[spec.section]
        lines.append(f"# {_comment(spec)}")
        lines.append(tomli_w.dumps({spec.key: holder[spec.key]}).strip())
    return "\n".join(lines) + "\n"
