"""The config's data: the choices it names, its dataclasses and its error.

``Config`` is plain data; ``ConfigError`` names a field, its bad value and what to use
instead (a ``Said``, so that it can be said in Chinese too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gradtui.config.words import Said
from gradtui.text import MESSAGE_LIMIT, PATH_LIMIT, VALUE_LIMIT, printable

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
    "eye",
    "file",
)
WEIGHT_FILE_SUFFIXES = (".npz", ".pt", ".pth")
"""What ``init.path`` may name: ``--export``'s arrays, or a PyTorch ``state_dict``."""
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
    path: str = ""
    """``file``: the .npz (``--export``'s layout) or PyTorch state_dict (.pt, .pth) to read
    the weights and biases from."""


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
        """The problem (without the field's name) in ``lang``, where it has been translated:
        one printable line."""
        problem = self.said(lang) if isinstance(self.said, Said) else self.problem
        return printable(problem, MESSAGE_LIMIT)

    def message_in(self, lang: str) -> str:
        """The whole message in ``lang``: source, field and problem, as one printable line
        (a file name or a key may hold anything, an escape sequence or a newline)."""
        parts = (
            printable(self.source, PATH_LIMIT),
            printable(self.location, VALUE_LIMIT),
            self.problem_in(lang),
        )
        return ": ".join(part for part in parts if part)

    def with_source(self, source: str) -> ConfigError:
        """The same error, said to come from ``source`` (a file name or a label)."""
        return ConfigError(self.field, self.value, self.said, source=source, location=self.location)
