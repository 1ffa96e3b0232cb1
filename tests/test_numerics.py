"""Numerics: exact norms for tiny and huge entries, stable activations, no warnings."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradtui.sim import activations
from gradtui.sim.losses import cross_entropy, log_softmax
from gradtui.sim.numerics import norm, safe_ratio


@pytest.mark.parametrize("magnitude", [1e-200, 1e-160, 1e-300, 1.0, 1e150, 1e200, 1e300])
def test_norm_is_exact_at_any_magnitude(magnitude):
    vector = np.full(100, magnitude)
    assert math.isclose(norm(vector), magnitude * 10.0, rel_tol=1e-14)
    assert np.linalg.norm(np.full(100, 1e-200)) == 0.0  # what the naive norm gets wrong


@given(st.lists(st.floats(-1e300, 1e300, allow_nan=False), min_size=1, max_size=50))
def test_norm_agrees_with_a_scaled_reference(values):
    array = np.array(values)
    largest = np.max(np.abs(array))
    expected = 0.0 if largest == 0 else largest * math.sqrt(np.sum((array / largest) ** 2))
    assert math.isclose(norm(array), expected, rel_tol=1e-13)


def test_norm_reports_inf_and_nan_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert norm(np.array([1.0, np.inf])) == math.inf
        assert math.isnan(norm(np.array([1.0, np.nan])))
        assert norm(np.zeros(3)) == 0.0
        assert norm(np.array([1e-200], dtype=np.float64).astype(np.float32)) == 0.0
        assert math.isclose(norm(np.full(4, 1e-30, dtype=np.float32)), 2e-30, rel_tol=1e-6)


def test_safe_ratio():
    assert safe_ratio(1.0, 4.0) == 0.25
    assert safe_ratio(1.0, 0.0) == math.inf
    assert math.isnan(safe_ratio(0.0, 0.0))


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "silu", "gelu", "tanh", "elu"])
def test_activations_are_stable_at_extremes(name):
    function = activations.elementwise(name)
    z = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, fprime = function(z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(fprime))


def test_sigmoid_and_softplus_values_at_extremes():
    z = np.array([[-1000.0, 1000.0]])
    a, fprime = activations.sigmoid(z)
    assert a.tolist() == [[0.0, 1.0]] and fprime.tolist() == [[0.0, 0.0]]
    a, _ = activations.softplus(z)
    assert a.tolist() == [[0.0, 1000.0]]
    assert activations.sigmoid(np.zeros((1, 1)))[1][0, 0] == 0.25  # C2: the largest σ'


def test_log_softmax_is_stable():
    logits = np.array([[1000.0, 0.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = log_softmax(logits)
        loss, grad = cross_entropy(logits, np.array([2]))
    assert values[0, 0] == 0.0 and values[0, 2] == -2000.0
    assert loss == 2000.0 and np.all(np.isfinite(grad))


def test_the_simulator_imports_no_screen_library():
    code = (
        "import sys, gradtui.sim, gradtui.config, gradtui.lessons, gradtui.report;"
        "bad = [m for m in ('textual', 'rich', 'plotext', 'textual_plotext') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
