"""A stack of dense layers, its parameters, and one layer's forward and backward at a time.

Layer l (1..L) computes ``h = a_{l-1} @ W_l + b_l``; with batch norm ``z = BN(h)``, else
``z = h``; then ``a_l = f(z_l)``, plus a shortcut ``a_{l-1}`` (identity) or
``a_{l-1} @ Ws_l`` (projection, when sizes differ) in a residual network's hidden layers.
The output layer L has no shortcut; its activation is fixed by the loss (identity for mse
and cross_entropy, sigmoid for bce).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gradtui.config import Config
from gradtui.sim import activations
from gradtui.sim.init import init_weights
from gradtui.sim.layers import (
    BatchNormCache,
    batchnorm_backward,
    batchnorm_forward,
    linear_backward,
    linear_forward,
)
from gradtui.sim.weights import WeightsFile, fit_weights, read_weights


@dataclass(frozen=True)
class LayerInfo:
    """The shape of one layer, for display."""

    index: int
    """1..L."""
    fan_in: int
    fan_out: int
    activation: str
    pieces: int
    """Maxout's k (the Linear part has fan_out·k outputs); 1 for the others."""
    batch_norm: bool
    shortcut: str
    """"none", "identity" or "projection"."""
    parameter_count: int
    exponentials: int = 0
    """Exponentials (exp, tanh, erf) evaluated per example for this layer's activation and
    its derivative in one forward and backward pass: fan_out·pieces for sigmoid, tanh,
    ELU, softplus, GELU and SiLU; 0 for the piecewise-linear ones (C8)."""
    parameter_sizes: tuple[tuple[str, int], ...] = ()
    """(name, size) of each learned array, in ``LayerParams.parameters()`` order: W, b, then
    gamma and beta, alpha, Ws where the layer has them; they add up to ``parameter_count``
    (C14: maxout's W and b have k times a single piece's columns)."""


@dataclass
class LayerParams:
    """One layer's parameters and buffers."""

    info: LayerInfo
    weights: np.ndarray
    bias: np.ndarray
    gamma: np.ndarray | None = None
    beta: np.ndarray | None = None
    running_mean: np.ndarray | None = None
    running_var: np.ndarray | None = None
    alpha: np.ndarray | None = None
    shortcut_weights: np.ndarray | None = None

    def parameters(self) -> list[tuple[str, np.ndarray]]:
        """(name, array) of every learned parameter, in a fixed order."""
        named = [("W", self.weights), ("b", self.bias)]
        if self.gamma is not None and self.beta is not None:
            named += [("gamma", self.gamma), ("beta", self.beta)]
        if self.alpha is not None:
            named.append(("alpha", self.alpha))
        if self.shortcut_weights is not None:
            named.append(("Ws", self.shortcut_weights))
        return named


@dataclass
class LayerCache:
    """One layer's forward pass on one batch: what its backward pass and statistics read."""

    a_prev: np.ndarray
    h: np.ndarray
    """The Linear output, before batch norm (the same array as ``z`` without it)."""
    z: np.ndarray
    a: np.ndarray
    fprime: np.ndarray
    """f'(z), shape of ``a`` (for maxout: the winning piece's slope, 1)."""
    bn: BatchNormCache | None = None
    winner: np.ndarray | None = None
    """Maxout: the index of each unit's winning piece."""
    slopes: np.ndarray | float | None = None
    """RReLU: the negative slopes used in this pass."""


@dataclass
class LayerGrads:
    """One layer's backward pass."""

    grad_a: np.ndarray
    """∂L/∂a_l, arriving."""
    grad_z: np.ndarray
    grad_h: np.ndarray
    grad_weights: np.ndarray
    grad_bias: np.ndarray
    grad_in: np.ndarray
    """∂L/∂a_{l-1}, leaving."""
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    """Gradients of gamma, beta, alpha, Ws when the layer has them."""

    def parameter_grads(self, params: LayerParams) -> list[np.ndarray]:
        """Gradients in the order of ``params.parameters()``."""
        return [
            self.grad_weights
            if name == "W"
            else self.grad_bias
            if name == "b"
            else self.extra[name]
            for name, _ in params.parameters()
        ]


class Network:
    """The layers of a network built from a config, with their parameters."""

    def __init__(
        self,
        config: Config,
        input_size: int,
        output_size: int,
        weights_file: WeightsFile | None = None,
    ):
        """``weights_file``: with ``init.name = "file"``, the file's parameters (read once by the
        stepper, so that a reset does not read the file again); read here when not given."""
        self.config = config
        self.dtype = np.dtype(config.dtype)
        rng = np.random.default_rng(config.seed)
        widths = [input_size, *config.hidden_widths(), output_size]
        names = [*config.hidden_activations(), config.output_activation()]
        net = config.network
        self.layers: list[LayerParams] = []
        depth = len(names)
        for index in range(1, depth + 1):
            fan_in, fan_out = widths[index - 1], widths[index]
            name = names[index - 1]
            pieces = net.maxout_pieces if name == "maxout" else 1
            hidden = index < depth
            shortcut = "none"
            if net.residual and hidden:
                shortcut = "identity" if fan_in == fan_out else "projection"
            weights = init_weights(config.init, fan_in, fan_out * pieces, rng, self.dtype)
            bias = np.full(fan_out * pieces, config.init.bias, dtype=self.dtype)
            params = LayerParams(
                info=LayerInfo(index, fan_in, fan_out, name, pieces, False, shortcut, 0),
                weights=weights,
                bias=bias,
            )
            if net.batch_norm and hidden:
                units = fan_out * pieces
                params.gamma = np.ones(units, dtype=self.dtype)
                params.beta = np.zeros(units, dtype=self.dtype)
                params.running_mean = np.zeros(units, dtype=self.dtype)
                params.running_var = np.ones(units, dtype=self.dtype)
            if name == "prelu":
                size = fan_out if net.prelu_per_unit else 1
                params.alpha = np.full(size, net.prelu_init, dtype=self.dtype)
            if shortcut == "projection":
                params.shortcut_weights = init_weights(
                    config.init, fan_in, fan_out, rng, self.dtype
                )
            sizes = tuple((name, array.size) for name, array in params.parameters())
            count = sum(size for _, size in sizes)
            needs_exp = activations.ACTIVATION_INFO[name].needs_exp and hidden
            params.info = LayerInfo(
                index,
                fan_in,
                fan_out,
                name,
                pieces,
                params.gamma is not None,
                shortcut,
                count,
                fan_out * pieces if needs_exp else 0,
                sizes,
            )
            self.layers.append(params)
        if config.init.name == "file":
            found = weights_file or read_weights(config.init.path)
            fit_weights(self.layers, found, config)
        self._elementwise = [
            activations.elementwise(
                layer.info.activation, leaky_slope=net.leaky_slope, elu_alpha=net.elu_alpha
            )
            for layer in self.layers
        ]

    @property
    def depth(self) -> int:
        return len(self.layers)

    def parameters(self) -> list[np.ndarray]:
        """Every learned parameter, layer by layer."""
        return [array for layer in self.layers for _, array in layer.parameters()]

    def forward_layer(
        self, index: int, a_prev: np.ndarray, training: bool, noise_seed: tuple[int, ...]
    ) -> LayerCache:
        """Layer ``index`` (1..L) on a batch ``a_prev`` of shape (n, fan_in).

        ``noise_seed`` seeds RReLU's slopes, so the same batch and layer draw the same ones.
        """
        params = self.layers[index - 1]
        info = params.info
        h = linear_forward(a_prev, params.weights, params.bias)
        bn_cache = None
        z = h
        if params.gamma is not None:
            net = self.config.network
            z, bn_cache = batchnorm_forward(
                h,
                params.gamma,
                params.beta,
                net.bn_eps,
                training,
                params.running_mean,
                params.running_var,
            )
        winner = None
        slopes = None
        function = self._elementwise[index - 1]
        if function is not None:
            a, fprime = function(z)
        elif info.activation == "prelu":
            a, fprime = activations.prelu(z, params.alpha)
        elif info.activation == "rrelu":
            net = self.config.network
            if training:
                rng = np.random.default_rng(noise_seed)
                slopes = activations.rrelu_slopes(
                    z.shape, net.rrelu_lower, net.rrelu_upper, rng, z.dtype
                )
            else:
                slopes = (net.rrelu_lower + net.rrelu_upper) / 2.0
            a, fprime = activations.rrelu(z, slopes)
        else:  # maxout
            a, winner = activations.maxout(z, info.pieces)
            fprime = np.ones_like(a)
        if params.shortcut_weights is not None:
            a = a + a_prev @ params.shortcut_weights
        elif info.shortcut == "identity":
            a = a + a_prev
        return LayerCache(a_prev, h, z, a, fprime, bn_cache, winner, slopes)

    def backward_layer(
        self, index: int, grad_a: np.ndarray, cache: LayerCache, grad_z: np.ndarray | None = None
    ) -> LayerGrads:
        """From ∂L/∂a_l to every gradient of layer ``index``. ``grad_z`` overrides ∂L/∂z
        (the output layer of bce, where the loss gives it directly and stably)."""
        params = self.layers[index - 1]
        info = params.info
        extra: dict[str, np.ndarray] = {}
        if grad_z is None:
            if cache.winner is not None:
                grad_z = activations.maxout_backward(grad_a, cache.winner, info.pieces)
            else:
                grad_z = grad_a * cache.fprime
        if params.alpha is not None:
            extra["alpha"] = activations.prelu_alpha_grad(grad_a, cache.z, params.alpha.shape)
        grad_h = grad_z
        if cache.bn is not None:
            grad_h, extra["gamma"], extra["beta"] = batchnorm_backward(grad_z, cache.bn)
        grad_in, grad_weights, grad_bias = linear_backward(grad_h, cache.a_prev, params.weights)
        if params.shortcut_weights is not None:
            extra["Ws"] = cache.a_prev.T @ grad_a
            grad_in += grad_a @ params.shortcut_weights.T
        elif info.shortcut == "identity":
            grad_in += grad_a
        return LayerGrads(grad_a, grad_z, grad_h, grad_weights, grad_bias, grad_in, extra)
