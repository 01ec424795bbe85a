"""softmax(z) written as a function in a note (a vector of the same length, `softmax(z)_i` one component for
all) and the quantities notes write softmax gradients in (p = softmax(z), a one-hot y)."""
from __future__ import annotations

import numpy as np
import pytest

from kb.check.latex import compile_numeric, to_sympy
from tests.check_helpers import assert_right_verifies_and_wrong_differs


def test_softmax_of_a_vector_is_a_probability_vector_and_a_component_is_written_for_all():
    z = np.array([1.0, 2.0, 3.0])
    value = compile_numeric(to_sympy(r"\mathrm{softmax}(z)_i"))({"z": z})
    assert value == pytest.approx(np.exp(z) / np.exp(z).sum())
    shifted = compile_numeric(to_sympy(r"\mathrm{softmax}(z - 100)"))({"z": z})
    assert shifted == pytest.approx(value)


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\frac{\partial}{\partial z_i}\log\sum_j e^{z_j} = \mathrm{softmax}(z)_i",
     r"\frac{\partial}{\partial z_i}\log\sum_j e^{z_j} = 1 - \mathrm{softmax}(z)_i", "Gradient of log-sum-exp",
     "logsumexp_gradient"),
    # a note writes the target as a one-hot vector y and the prediction as p: the entry's view gives both
    (r"\frac{\partial L}{\partial z} = p - y", r"\frac{\partial L}{\partial z} = y - p",
     "Gradient of the cross-entropy with respect to the logits, p = softmax(z)", "softmax_cross_entropy_gradient"),
    (r"\frac{\partial L}{\partial z_i} = \mathrm{softmax}(z)_i - y_i", r"\frac{\partial L}{\partial z_i} = \mathrm{softmax}(z)_i",
     "Gradient of the cross-entropy with respect to the logits", "softmax_cross_entropy_gradient"),
])
def test_softmax_gradients_written_with_softmax_link(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)
