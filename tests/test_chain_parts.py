"""A chain's rewritings are one value: two that differ make the chain false, whatever entries its links agree with.

The course derivation `∂L/∂b = -(y/ŷ - (1-y)/(1-ŷ)) ŷ(1-ŷ)·1 = -(ŷ - y)·1` was verified: its middle part (ŷ - y)
agreed with the gradient of sigmoid + cross-entropy, the whole (y - ŷ) with a boosting residual, and each link
"held" against its own entry. Formulas written for these tests.
"""
from __future__ import annotations

import pytest

from kb.check.chain_parts import check_parts
from kb.check.link import check_note_formula

_BIAS_WRONG = (r"\frac{\partial L}{\partial b} =-(y\frac{1}{\hat{y}}-(1-y)\frac{1}{(1-\hat{y})})\hat{y}(1-\hat{y})1"
               r" =-(\hat{y}-y)1")
_BIAS_RIGHT = _BIAS_WRONG.replace(r"=-(\hat{y}-y)1", r"=-(y-\hat{y})1")


def test_a_chain_whose_last_step_flips_the_sign_differs_with_its_counterexample():
    decision = check_note_formula(_BIAS_WRONG, "Logistic regression\nbias (Gradient Descent)", heading="bias")
    assert decision.status == "note_differs", decision.detail
    assert "y = 1" in decision.detail and "-1/2" in decision.detail and "1/2" in decision.detail, decision.detail


def test_the_same_chain_with_the_right_sign_is_not_called_wrong():
    decision = check_note_formula(_BIAS_RIGHT, "Logistic regression\nbias (Gradient Descent)", heading="bias")
    assert decision.status == "verified", decision.detail


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial z} = (a-y)\,a(1-a) = a - y",                               # a factor dropped
    r"\frac{\partial L}{\partial w} = (\hat{y} - y)x = \hat{y}\,x + y\,x",                  # a sign lost expanding
    r"\frac{\partial L}{\partial b} = -y(1-a)+(1-y)a = y-a",
])
def test_two_rewritings_that_differ_are_a_mistake(latex):
    assert check_parts(latex).status == "note_differs"


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial z} = (a-y)\,a(1-a) = a^2 - a^3 - y\,a + y\,a^2",            # expanded right
    r"L = -y\log\hat{y} - (1-y)\log(1-\hat{y}) = -\log\hat{y}",                             # y = 1: a name fewer
    r"\sigma'(x) = \sigma(x)(1-\sigma(x)) = 0.25",                                          # a number: worked
    r"\nabla_w L = X^T(\hat{y} - y) = (\hat{y} - y)^T X",                                   # matrices
    r"f(x) = \max(0, x) = x",                                                              # a kink, for x > 0
    r"d = \sqrt{x^2} = x",                                                                 # positive values only
    r"a = b \approx c",                                                                    # not a chain of =
    r"y = x + 1",                                                                          # no chain
    r"x = \frac{1}{2}\sum_i w_i = \sum_i \frac{w_i}{2} = w",                               # sums left out
])
def test_what_is_not_scalar_algebra_or_not_a_plain_chain_is_not_compared(latex):
    assert check_parts(latex) is None


def test_a_left_side_is_not_compared_with_the_value_it_names():
    # `i = i + 1 = ...` would be no identity: the first part names what the chain computes, an update's target
    assert check_parts(r"t = t + 1 = 1 + t") is None


def test_a_gradient_is_not_a_boosting_residual():
    # the residual r = -∂L/∂F is the negative gradient: a left side ∂L/∂b, written without a minus, is the gradient
    decision = check_note_formula(r"\frac{\partial L}{\partial b} = -(\hat{y} - y)", "bias (Gradient Descent)",
                                  heading="bias")
    assert decision.status != "verified" or decision.formula.id != "gbm_residual_squared", decision.detail
    residual = check_note_formula(r"-\frac{\partial L}{\partial F} = y - F", "Gradient boosting pseudo-residual")
    assert residual.status == "verified" and residual.formula.id == "gbm_residual_squared", residual.detail


def test_a_thin_space_is_no_comma_between_two_equations():
    decision = check_note_formula(r"\frac{\partial L}{\partial z} = (\hat{y} - y)\,\hat{y}(1-\hat{y}) = \hat{y} - y",
                                  "Squared loss after a sigmoid")
    assert decision.status == "note_differs" and "comma" not in decision.detail, decision.detail
