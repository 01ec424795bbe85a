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


# The softmax classifier's loss as CS231n-style notes write it: the score vector s (or z, f) read at the label y
# (s_y, s_{y_i}) is the true class's score, one number, not the vector s summed elementwise
@pytest.mark.parametrize("right, wrong", [
    (r"L = -\log\left(\frac{e^{s_y}}{\sum_j e^{s_j}}\right)", r"L = \log\left(\frac{e^{s_y}}{\sum_j e^{s_j}}\right)"),
    (r"L_i = -\log\frac{e^{s_{y_i}}}{\sum_j e^{s_j}}", r"L_i = -\frac{e^{s_{y_i}}}{\sum_j e^{s_j}}"),
    (r"L_i = -f_{y_i} + \log\sum_j e^{f_j}", r"L_i = f_{y_i} + \log\sum_j e^{f_j}"),
])
def test_the_loss_at_the_label_links_to_softmax_cross_entropy(right, wrong):
    assert_right_verifies_and_wrong_differs(right, wrong, "Softmax classifier: the cross-entropy loss",
                                            "softmax_cross_entropy")


def test_a_subscript_y_is_the_label_and_a_subscript_k_a_free_index():
    label = to_sympy(r"\frac{e^{s_y}}{\sum_j e^{s_j}}")
    free = to_sympy(r"\frac{e^{s_k}}{\sum_j e^{s_j}}")
    assert {s.name for s in label.free_symbols} == {"s", "s_y"}
    assert {s.name for s in free.free_symbols} == {"s"}


def test_a_loss_letter_under_a_softmax_heading_is_no_wrong_softmax():
    """L = -log(e^{s_y}/Σ e^{s_j}) under "Softmax" is the softmax's loss, right; kb called it a wrong softmax
    because the heading named the softmax and the letters fit. L names a loss: the softmax is no candidate."""
    from kb.check.link import check_note_formula

    right = check_note_formula(r"L = -\log\frac{e^{s_y}}{\sum_j e^{s_j}}", "Softmax")
    assert (right.status, right.formula.id) == ("verified", "softmax_cross_entropy")
    as_loss = check_note_formula(r"L = \log\frac{e^{s_y}}{\sum_j e^{s_j}}", "Softmax")
    assert as_loss.formula is None or as_loss.formula.id != "softmax"
    assert as_loss.status != "verified"


def test_a_label_written_inside_the_true_class_score_is_not_left_out():
    """Σ_{j≠y_i} max(0, s_j − s_{y_i} + 1) writes the label y_i through s_{y_i}: the case it states is Δ = 1 alone."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"L_i = \sum_{j\neq y_i}\max(0, s_j - s_{y_i} + 1)", "Multiclass SVM loss")
    assert decision.status == "verified"
    assert "delta = 1" in decision.detail and "target" not in decision.detail
