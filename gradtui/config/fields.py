"""The table of fields (types from the dataclasses; ranges, choices and help here), and
the checking of one value against it."""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, NamedTuple, get_args, get_type_hints

from gradtui.config.model import (
    ACTIVATIONS,
    DATASETS,
    DTYPES,
    INIT_MODES,
    INITIALIZERS,
    LOSSES,
    MODES,
    NONLINEARITIES,
    OPTIMIZERS,
    Config,
    ConfigError,
)
from gradtui.config.words import HELP_ZH, Said
from gradtui.text import VALUE_LIMIT, printable, shown


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
MAX_MAGNITUDE = 1e100
"""The largest magnitude of a real-valued field. Beyond about 1e154 the simulator's own
arithmetic fails rather than overflowing to inf: kaiming's gain squares ``init.a``, a
uniform draw needs ``init.high - init.low`` to be finite, xavier's bound multiplies
``init.gain``. 1e100 leaves a wide margin and still overflows a few layers in, where
overflow is the lesson."""
_BIG = MAX_MAGNITUDE

# For list fields the range and choices apply to each item.
_RANGES: dict[str, _Range] = {
    "seed": _Range(0, 2**32 - 1),
    "network.depth": _Range(1, MAX_DEPTH),
    "network.width": _Range(1, MAX_WIDTH),
    "network.widths": _Range(1, MAX_WIDTH),
    "network.leaky_slope": _Range(0, 1),
    "network.prelu_init": _Range(-_BIG, _BIG),
    "network.rrelu_lower": _Range(0, 1),
    "network.rrelu_upper": _Range(0, 1),
    "network.elu_alpha": _Range(0, _BIG, low_open=True),
    "network.maxout_pieces": _Range(2, 16),
    "network.bn_momentum": _Range(0, 1),
    "network.bn_eps": _Range(0, _BIG, low_open=True),
    "init.mean": _Range(-_BIG, _BIG),
    "init.std": _Range(0, _BIG),
    "init.low": _Range(-_BIG, _BIG),
    "init.high": _Range(-_BIG, _BIG),
    "init.value": _Range(-_BIG, _BIG),
    "init.gain": _Range(-_BIG, _BIG),
    "init.a": _Range(-_BIG, _BIG),
    "init.scale": _Range(-_BIG, _BIG),
    "init.bias": _Range(-_BIG, _BIG),
    "data.samples": _Range(1, MAX_SAMPLES),
    "data.features": _Range(1, 100_000),
    "data.outputs": _Range(1, 10_000),
    "data.classes": _Range(2, 1000),
    "data.noise": _Range(0, _BIG),
    "data.batch_size": _Range(1, MAX_SAMPLES),
    "optimizer.lr": _Range(0, 1e6, low_open=True),
    "optimizer.momentum": _Range(0, 1),
    "optimizer.weight_decay": _Range(0, _BIG),
    "optimizer.beta1": _Range(0, 1, high_open=True),
    "optimizer.beta2": _Range(0, 1, high_open=True),
    "optimizer.eps": _Range(0, _BIG, low_open=True),
    "clip.grad_norm": _Range(0, _BIG),
    "clip.grad_value": _Range(0, _BIG),
    "clip.weight": _Range(0, _BIG),
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
    "mode": "train: BatchNorm uses batch statistics, rrelu random slopes; eval: BatchNorm its "
    "running statistics, rrelu the mean slope 11/48",
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
    "init.name": "Weight initialiser (torch.nn.init names); eye: W = init.scale·I; file: "
    "the weights and biases of init.path",
    "init.mean": "normal: mean of the weights",
    "init.std": "normal: standard deviation of the weights",
    "init.low": "uniform: lowest weight; at most init.high",
    "init.high": "uniform: highest weight",
    "init.value": "constant: every weight's value",
    "init.gain": "xavier_normal, xavier_uniform, orthogonal: gain",
    "init.mode": "kaiming_*: keep the variance of the forward (fan_in) or backward (fan_out) pass",
    "init.nonlinearity": "kaiming_*: whose gain to use (torch.nn.init.calculate_gain)",
    "init.a": "kaiming_*: negative slope of leaky_relu used in the gain",
    "init.scale": "Every initial weight is multiplied by this (a file's too)",
    "init.bias": "Every bias starts at this value (unless the weights file gives it)",
    "init.path": "file: your weights, a .npz as --export writes it or a PyTorch state_dict "
    "(.pt, .pth); a relative path starts from the config file's folder (else the current one)",
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
    "init.path": Said("allowed_weights_path"),
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


def _allowed_text(spec: _Spec, form: bool = False) -> Said:
    """What values a field takes, in words, from the same tables validation uses; ``form``:
    as the form offers them (a yes/no is a list of on and off there)."""
    choices = _CHOICES.get(spec.name)
    kind = spec.item_kind or spec.kind
    if kind is bool:
        allowed = Said("allowed_switch" if form else "allowed_bool")
    elif choices:
        allowed = Said("allowed_one_of", choices=", ".join(choices))
    elif kind in (int, float):
        allowed = _RANGES.get(spec.name, _Range()).describe(whole=kind is int)
    else:
        allowed = _OTHER_ALLOWED[spec.name]
    return Said("allowed_each", allowed=allowed) if spec.item_kind else allowed


def field_help(name: str, lang: str = "en", form: bool = False) -> str:
    """A field's help in ``lang``: what it is, then what it takes (in English, its comment
    in files: true or false; ``form``, its tooltip in the form, whose list says on or off)."""
    spec = _SPEC_BY_NAME[name]
    text = HELP_ZH[name] if lang == "zh" else _HELP[name]
    return Said("help", help=text, allowed=_allowed_text(spec, form))(lang)


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
    # 1e100 is written so, not as its 101 digits.
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return str(number)


_SHOWN_ITEMS = 8
"""Items of a list that a message quotes; the rest are counted."""


def _show(value: object, depth: int = 0) -> str:
    """A value as the user wrote it: ``true``, ``'sigmoind'``, ``nan``, ``[1, 2]``; one
    printable line, long texts and lists shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)) and depth < 2:
        items = [_show(item, depth + 1) for item in value[:_SHOWN_ITEMS]]
        if len(value) > _SHOWN_ITEMS:
            items.append(f"… {len(value)} items in all")
        return printable("[" + ", ".join(items) + "]", 2 * VALUE_LIMIT)
    return shown(value)


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
        quoted, listed = _show(value), ", ".join(choices)
        guess = _closest(str(value), choices)
        if guess:
            return Said("not_one_of_guess", value=quoted, choices=listed, guess=repr(guess))
        return Said("not_one_of", value=quoted, choices=listed)
    whole = (spec.item_kind or spec.kind) is int
    bounds = _RANGES.get(spec.name, _Range())
    if isinstance(value, float) and not math.isfinite(value):
        return Said("not_finite", value=_show(value), allowed=bounds.describe(whole=False))
    if isinstance(value, (int, float)) and not bounds.contains(value):
        return Said("not_allowed", value=_show(value), allowed=bounds.describe(whole=whole))
    return None
