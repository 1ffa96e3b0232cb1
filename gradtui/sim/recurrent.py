"""Recurrent cells and backpropagation through time (C17): a plain RNN against an LSTM.

The task needs memory: a sequence x_1..x_T of shape ``(batch, T, inputs)`` whose target is
the first input's first component, read out from the last hidden state,
``ŷ = h_T @ W_out + b_out``, with loss mse(ŷ, y). So the gradient that teaches the cell
must travel from step T back to step 1, and ‖∂L/∂h_t‖ for t = T..1 shows how much of it
gets there.

- RNN (tanh): ``h_t = tanh(x_t @ W_x + h_{t-1} @ W_h + b)``.
- LSTM: ``[i, f, g, o] = x_t @ W_x + h_{t-1} @ W_h + b`` (four blocks of ``hidden``),
  ``c_t = σ(f)·c_{t-1} + σ(i)·tanh(g)``, ``h_t = σ(o)·tanh(c_t)``; the forget gate's bias
  starts at ``forget_bias`` (1 by default, as is usual), so the cell state is kept.

Weights are (fan_in, fan_out) as everywhere in gradtui; h_0 = c_0 = 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradtui.sim.activations import sigmoid
from gradtui.sim.numerics import norm

CELLS = ("rnn", "lstm")
TASK_INPUTS, TASK_HIDDEN, TASK_BATCH, RECURRENT_SCALE = 4, 16, 16, 0.9
"""The through-time comparison's sizes (the view, ``gradtui run --through-time``, lessons)."""


@dataclass(frozen=True)
class SequenceTask:
    """Inputs (batch, T, inputs) and targets (batch, 1): the first input's first component."""

    x: np.ndarray
    y: np.ndarray


def make_sequence_task(steps: int, batch: int, inputs: int, seed: int) -> SequenceTask:
    rng = np.random.default_rng((seed, 0x7365_71))
    x = rng.normal(0.0, 1.0, size=(batch, steps, inputs))
    return SequenceTask(x, x[:, 0, :1].copy())


@dataclass
class RecurrentParams:
    cell: str
    input_weights: np.ndarray
    """W_x, (inputs, gates·hidden)."""
    hidden_weights: np.ndarray
    """W_h, (hidden, gates·hidden)."""
    bias: np.ndarray
    out_weights: np.ndarray
    """W_out, (hidden, 1)."""
    out_bias: np.ndarray

    def named(self) -> list[tuple[str, np.ndarray]]:
        return [
            ("W_x", self.input_weights),
            ("W_h", self.hidden_weights),
            ("b", self.bias),
            ("W_out", self.out_weights),
            ("b_out", self.out_bias),
        ]


def init_recurrent(
    cell: str, inputs: int, hidden: int, seed: int, scale: float = 1.0, forget_bias: float = 1.0
) -> RecurrentParams:
    """Xavier-uniform input and output weights, an orthogonal recurrent matrix times
    ``scale`` (per gate block), zero biases but the LSTM forget gate's."""
    if cell not in CELLS:
        raise ValueError(f"cell {cell!r} is not one of {', '.join(CELLS)}")
    rng = np.random.default_rng((seed, 0x726E6E))
    gates = 4 if cell == "lstm" else 1
    bound = math.sqrt(6.0 / (inputs + hidden))
    input_weights = rng.uniform(-bound, bound, size=(inputs, gates * hidden))
    blocks = []
    for _ in range(gates):
        q, r = np.linalg.qr(rng.normal(size=(hidden, hidden)))
        blocks.append(q * np.sign(np.diag(r)) * scale)
    hidden_weights = np.concatenate(blocks, axis=1)
    bias = np.zeros(gates * hidden)
    if cell == "lstm":
        bias[hidden : 2 * hidden] = forget_bias
    out_bound = math.sqrt(6.0 / (hidden + 1))
    out_weights = rng.uniform(-out_bound, out_bound, size=(hidden, 1))
    return RecurrentParams(cell, input_weights, hidden_weights, bias, out_weights, np.zeros(1))


@dataclass
class ThroughTime:
    """One forward and backward pass through time."""

    loss: float
    grad_h_norms: np.ndarray
    """‖∂L/∂h_t‖ for t = 1..T (index t − 1)."""
    forget_gate_mean: np.ndarray | None
    """The LSTM's mean forget gate σ(f) at each step; None for the RNN."""
    grads: dict[str, np.ndarray]
    """∂L/∂ each parameter, by the names of ``RecurrentParams.named``."""


def run_through_time(params: RecurrentParams, task: SequenceTask) -> ThroughTime:
    """Forward over all T steps, loss on the last hidden state, backward through time."""
    with np.errstate(all="ignore"):
        if params.cell == "rnn":
            return _rnn(params, task)
        return _lstm(params, task)


def _readout(params: RecurrentParams, h_last: np.ndarray, y: np.ndarray):
    prediction = h_last @ params.out_weights + params.out_bias
    diff = prediction - y
    loss = float(np.mean(diff * diff))
    grad_prediction = diff * (2.0 / diff.size)
    grads = {
        "W_out": h_last.T @ grad_prediction,
        "b_out": grad_prediction.sum(axis=0),
    }
    return loss, grad_prediction @ params.out_weights.T, grads


def _rnn(params: RecurrentParams, task: SequenceTask) -> ThroughTime:
    x = task.x
    batch, steps, _ = x.shape
    hidden = params.hidden_weights.shape[0]
    states = [np.zeros((batch, hidden))]
    for t in range(steps):
        states.append(
            np.tanh(
                x[:, t] @ params.input_weights + states[-1] @ params.hidden_weights + params.bias
            )
        )
    loss, grad_h, grads = _readout(params, states[-1], task.y)
    grad_input_weights = np.zeros_like(params.input_weights)
    grad_hidden_weights = np.zeros_like(params.hidden_weights)
    grad_bias = np.zeros_like(params.bias)
    norms = np.zeros(steps)
    for t in range(steps, 0, -1):
        norms[t - 1] = norm(grad_h)
        h = states[t]
        grad_z = grad_h * (1.0 - h * h)
        grad_input_weights += x[:, t - 1].T @ grad_z
        grad_hidden_weights += states[t - 1].T @ grad_z
        grad_bias += grad_z.sum(axis=0)
        grad_h = grad_z @ params.hidden_weights.T
    grads.update(W_x=grad_input_weights, W_h=grad_hidden_weights, b=grad_bias)
    return ThroughTime(loss, norms, None, grads)


def _lstm(params: RecurrentParams, task: SequenceTask) -> ThroughTime:
    x = task.x
    batch, steps, _ = x.shape
    hidden = params.hidden_weights.shape[0]
    h = [np.zeros((batch, hidden))]
    c = [np.zeros((batch, hidden))]
    gates = []
    forget_mean = np.zeros(steps)
    for t in range(steps):
        z = x[:, t] @ params.input_weights + h[-1] @ params.hidden_weights + params.bias
        i, _ = sigmoid(z[:, :hidden])
        f, _ = sigmoid(z[:, hidden : 2 * hidden])
        g = np.tanh(z[:, 2 * hidden : 3 * hidden])
        o, _ = sigmoid(z[:, 3 * hidden :])
        c.append(f * c[-1] + i * g)
        tanh_c = np.tanh(c[-1])
        h.append(o * tanh_c)
        gates.append((i, f, g, o, tanh_c))
        forget_mean[t] = float(f.mean())
    loss, grad_h, grads = _readout(params, h[-1], task.y)
    grad_c = np.zeros((batch, hidden))
    grad_input_weights = np.zeros_like(params.input_weights)
    grad_hidden_weights = np.zeros_like(params.hidden_weights)
    grad_bias = np.zeros_like(params.bias)
    norms = np.zeros(steps)
    for t in range(steps, 0, -1):
        norms[t - 1] = norm(grad_h)
        i, f, g, o, tanh_c = gates[t - 1]
        grad_o = grad_h * tanh_c
        grad_c = grad_c + grad_h * o * (1.0 - tanh_c * tanh_c)
        grad_f = grad_c * c[t - 1]
        grad_i = grad_c * g
        grad_g = grad_c * i
        grad_z = np.concatenate(
            [
                grad_i * i * (1.0 - i),
                grad_f * f * (1.0 - f),
                grad_g * (1.0 - g * g),
                grad_o * o * (1.0 - o),
            ],
            axis=1,
        )
        grad_input_weights += x[:, t - 1].T @ grad_z
        grad_hidden_weights += h[t - 1].T @ grad_z
        grad_bias += grad_z.sum(axis=0)
        grad_h = grad_z @ params.hidden_weights.T
        grad_c = grad_c * f
    grads.update(W_x=grad_input_weights, W_h=grad_hidden_weights, b=grad_bias)
    return ThroughTime(loss, norms, forget_mean, grads)


def compare_cells(steps: int, seed: int = 0) -> dict[str, ThroughTime]:
    """A tanh RNN and an LSTM on the same seeded memory task of ``steps`` time steps, with
    orthogonal recurrent weights ×0.9 (C17)."""
    task = make_sequence_task(steps, batch=TASK_BATCH, inputs=TASK_INPUTS, seed=seed)
    return {
        cell: run_through_time(
            init_recurrent(cell, TASK_INPUTS, TASK_HIDDEN, seed=seed, scale=RECURRENT_SCALE),
            task,
        )
        for cell in CELLS
    }
