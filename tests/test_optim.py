"""Optimisers and clipping: PyTorch's formulas, checked by hand and against PyTorch."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest

from gradtui.sim.optim import SGD, Adam, clip_grad_norm, clip_grad_value, total_norm

HAS_TORCH = importlib.util.find_spec("torch") is not None


def test_sgd_with_momentum_and_weight_decay_by_hand():
    param = np.array([1.0, -2.0])
    optimizer = SGD(lr=0.1, momentum=0.9, weight_decay=0.01)
    optimizer.step([param], [np.array([0.5, 0.5])])
    # buffer = g + wd·p = [0.51, 0.48]; p -= lr·buffer
    assert np.allclose(param, [1.0 - 0.051, -2.0 - 0.048], rtol=0, atol=1e-15)
    optimizer.step([param], [np.array([0.0, 0.0])])
    first = 0.9 * 0.51 + 0.01 * (1.0 - 0.051)
    assert math.isclose(param[0], 1.0 - 0.051 - 0.1 * first, rel_tol=1e-15)


def test_adam_first_step_moves_each_weight_by_lr():
    param = np.array([1.0, -2.0, 3.0])
    Adam(lr=0.01).step([param], [np.array([0.3, -4.0, 1e-3])])
    assert np.allclose(param, [0.99, -1.99, 2.99], atol=1e-7)


def test_clip_grad_norm_semantics():
    grads = [np.array([3.0]), np.array([4.0])]
    before, after = clip_grad_norm(grads, 1.0)
    assert before == 5.0 and math.isclose(after, 1.0 / (1.0 + 2e-7), rel_tol=1e-6)
    untouched = [np.array([0.3])]
    assert clip_grad_norm(untouched, 1.0) == (0.3, 0.3) and untouched[0][0] == 0.3


def test_clip_grad_value_and_total_norm():
    grads = [np.array([-3.0, 0.5]), np.array([2.0])]
    assert clip_grad_value(grads, 1.0) == 2 / 3
    assert grads[0].tolist() == [-1.0, 0.5] and grads[1].tolist() == [1.0]
    assert total_norm([np.array([1e-200] * 4)]) == 2e-200


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch cross-check: pip install torch==2.13.0")
@pytest.mark.parametrize("name", ["sgd", "sgd_momentum", "adam"])
def test_matches_pytorch_over_several_steps(name):
    import torch

    rng = np.random.default_rng(0)
    ours = [rng.normal(size=(3, 4)), rng.normal(size=4)]
    theirs = [torch.tensor(p.copy(), requires_grad=True) for p in ours]
    if name == "adam":
        optimizer = Adam(lr=0.01, weight_decay=0.1)
        reference = torch.optim.Adam(theirs, lr=0.01, weight_decay=0.1)
    else:
        momentum = 0.9 if name == "sgd_momentum" else 0.0
        optimizer = SGD(lr=0.1, momentum=momentum, weight_decay=0.01)
        reference = torch.optim.SGD(theirs, lr=0.1, momentum=momentum, weight_decay=0.01)
    for _ in range(5):
        grads = [rng.normal(size=p.shape) for p in ours]
        for tensor, grad in zip(theirs, grads, strict=True):
            tensor.grad = torch.tensor(grad)
        reference.step()
        optimizer.step(ours, [g.copy() for g in grads])
    for mine, reference_param in zip(ours, theirs, strict=True):
        assert np.allclose(mine, reference_param.detach().numpy(), rtol=1e-13, atol=1e-15)
