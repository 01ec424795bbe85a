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


@pytest.mark.parametrize("latex", [r"J = \frac{e^{z_y}}{\sum_k e^{z_k}}", r"\mathrm{loss} = \frac{e^{s_y}}{\sum_j e^{s_j}}"])
def test_a_probability_under_any_letter_is_not_judged_as_the_loss(latex):
    """A right side that is exactly e^(−loss) is the probability the loss takes the −log of: under "cross-entropy
    loss" a note that names it J or loss writes the probability, not a wrong loss."""
    decision = check_note_formula(latex, "Cross-entropy loss. For scores z and the true class y:")
    assert decision.status == "not_checkable" and "probability whose −log is the loss" in decision.detail, \
        decision.detail


def test_a_loss_with_its_minus_lost_under_j_is_still_caught():
    decision = check_note_formula(r"J = \log \frac{e^{z_y}}{\sum_k e^{z_k}}", "Cross-entropy loss")
    assert decision.status == "note_differs" and decision.formula.id == "softmax_cross_entropy", decision.detail


MOMENTUM = "Momentum\nThe velocity accumulates the gradients, then the step:"
TORCH_VELOCITY = r"v_{t+1} = \mu v_t + \nabla L(\theta_t)"


def test_a_momentum_step_right_only_at_a_rate_of_1_the_note_never_writes_is_not_judged():
    """θ − v after v = μv + ∇L has no rate anywhere: it is torch's step at η = 1. Judged under the velocity line's
    convention it was called wrong at η = 0.1; the note may have left the rate out, so the value is said, not
    claimed."""
    decision = check_note_formula(r"\theta_{t+1} = \theta_t - v_{t+1}", MOMENTUM, companions=(TORCH_VELOCITY,))
    assert decision.status == "not_checkable" and "only when lr = 1" in decision.detail, decision.detail


@pytest.mark.parametrize("step, status", [
    (r"\theta_{t+1} = \theta_t - \eta v_{t+1}", "verified"),       # torch's step
    (r"\theta_{t+1} = \theta_t + \eta v_{t+1}", "note_differs"),   # climbs the gradient at every rate
])
def test_the_steps_that_name_the_rate_keep_their_verdicts(step, status):
    decision = check_note_formula(step, MOMENTUM, companions=(TORCH_VELOCITY,))
    assert decision.status == status and decision.formula.id == "momentum_step", decision.detail


def test_a_plain_cross_entropy_is_never_called_the_label_smoothed_one():
    """−Σ q log p agrees with the label-smoothed cross-entropy through the smoothed target its view hands the
    formula, as it agrees with any cross-entropy: unnamed, it is not that entry; named, it is."""
    plain = check_note_formula(r"L = -\sum_k q_k \log p_k", "Kreuzentropie\nFür die Zielverteilung q und die Vorhersage p:")
    assert plain.status == "not_checkable" and "only through the values" in plain.detail, plain.detail
    smoothed = check_note_formula(r"L = -\sum_k q_k \log p_k", "Label Smoothing\nMit der geglätteten Zielverteilung q:")
    assert smoothed.status == "verified" and smoothed.formula.id == "label_smoothed_cross_entropy", smoothed.detail


@pytest.mark.parametrize("latex, context", [
    (r"S = \frac{QK^T}{\sqrt{d_k}}", "Scaled dot-product attention. The scores before the softmax:"),
    (r"\mathrm{scores} = \frac{Q K^{\top}}{\sqrt{d_k}}", "Attention"),
])
def test_the_scores_a_softmax_takes_are_not_wrong_attention_weights(latex, context):
    """softmax(S) is the attention weights: S itself is the step before, not weights with the softmax lost."""
    decision = check_note_formula(latex, context)
    assert decision.status == "not_checkable" and "softmax of the note's formula" in decision.detail, decision.detail


def test_weights_with_a_wrong_scale_are_still_caught():
    decision = check_note_formula(r"A = \mathrm{softmax}\left(\frac{QK^T}{d_k}\right)", "Attention weights")
    assert decision.status == "note_differs" and decision.formula.id == "attention_weights", decision.detail


SIGMOID = "The sigmoid function turns the linear output into a probability, where"


@pytest.mark.parametrize("latex", [r"z = \theta^T x", r"z = w^T x + b", r"p = w^T x"])
def test_the_scores_a_named_sigmoid_squashes_are_no_wrong_prediction_with_or_without_a_written_bias(latex):
    """`z = θᵀx` beside the sigmoid is the score σ takes, its bias folded into θ (x_0 = 1): no wrong σ(wᵀx + b)."""
    decision = check_note_formula(latex, SIGMOID)
    assert decision.status != "note_differs", decision.detail


KL_SECTION = "KL divergence (Kullback-Leibler). Dropping its first term leaves the cross-entropy:"


def test_a_left_side_named_after_another_quantity_outranks_the_name_written_nearby():
    decision = check_note_formula(r"CE(p, q) = -\sum_{i=1}^n p(x_i)\log q(x_i)", KL_SECTION)
    assert decision.status != "note_differs", decision.detail


@pytest.mark.parametrize("latex", [
    r"KL(p, q) = \sum_{i=1}^n q(x_i)\log\frac{q(x_i)}{p(x_i)}",          # the entry's initials
    r"D_{KL}(p \| q) = \sum_{i=1}^n q(x_i)\log\frac{q(x_i)}{p(x_i)}",    # the entry's own left side
])
def test_a_left_side_named_as_the_entry_keeps_its_mistake_found(latex):
    decision = check_note_formula(latex, KL_SECTION)
    assert decision.status == "note_differs" and decision.formula.id == "kl_divergence", decision.detail
