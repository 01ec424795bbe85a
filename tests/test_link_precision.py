"""Verdicts that hold only by a coincidence of kb's examples, or that read a letter in one of its meanings only,
are not given: a formula that agrees with an entry at one value of a parameter it leaves out (a rate of 1) is not
verified, and an L that may name the likelihood is no wrong loss."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula

RIDGE = "Ridge regression. The closed form of the ridge solution:"


def test_a_formula_right_only_at_one_example_value_of_a_weight_it_leaves_out_is_not_verified():
    decision = check_note_formula(r"w = (X^T X + I)^{-1} X^T y", RIDGE)
    assert decision.status == "not_checkable" and "only when lam = 1" in decision.detail, decision.detail


def test_the_case_the_words_state_is_verified():
    decision = check_note_formula(r"w = (X^T X + I)^{-1} X^T y", RIDGE + " For the exercise take $\\lambda = 1$.")
    assert decision.status == "verified" and decision.formula.id == "ridge_closed_form", decision.detail


def test_a_step_decay_without_its_initial_rate_is_not_verified():
    decision = check_note_formula(r"\eta_t = \gamma^{\lfloor t / s \rfloor}", "Step decay of the learning rate")
    assert decision.status == "not_checkable" and "eta_0 = 1" in decision.detail, decision.detail


@pytest.mark.parametrize("latex, context, entry", [
    # the margin the formula writes (+ 1) is a case the note writes
    (r"L_i = \sum_{j\neq y_i}\max(0, s_j - s_{y_i} + 1)", "Multiclass SVM loss", "multiclass_svm_loss"),
    # a whole-number setting (the label y of a focal loss) is a case too
    (r"FL(p_t) = -\alpha_t (1-p_t)^\gamma \log(p_t)", "Focal loss", "focal_loss_alpha"),
])
def test_cases_the_formula_writes_are_still_verified(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail


SOFTMAX = "Softmax and cross-entropy. With class scores s, the probability of the true class y:"


def test_an_l_that_is_exactly_the_likelihood_is_not_a_wrong_loss():
    decision = check_note_formula(r"L = \frac{e^{s_y}}{\sum_j e^{s_j}}", SOFTMAX)
    assert decision.status == "not_checkable" and "likelihood" in decision.detail, decision.detail


def test_a_wrong_loss_under_the_same_letter_is_still_caught():
    decision = check_note_formula(r"L = \log \frac{e^{s_y}}{\sum_j e^{s_j}}", SOFTMAX)   # the minus lost
    assert decision.status == "note_differs" and decision.formula.id == "softmax_cross_entropy", decision.detail
