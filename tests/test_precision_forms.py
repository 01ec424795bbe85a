"""Correct lines that real notes write and kb used to call wrong, each read by the convention it follows; beside
each, a wrong line of the same form that must still be caught. Formulas written for these tests."""
from __future__ import annotations

import numpy as np
import pytest

from kb.check import rounding
from kb.check.latex import compile_numeric, to_sympy
from kb.check.link import check_note_formula
from kb.parse.dialects.math import statement_rows
from kb.parse.plain_math import to_latex

_RELU = r"\text{ReLU}(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"
_RELU_SLOPE = r"\text{ReLU}'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"


# ---- a function and its derivative, two rows of one display

def test_rows_of_a_display_around_cases_are_separate_statements():
    assert [row.strip() for row in statement_rows(f"{_RELU} \\\\\n{_RELU_SLOPE}")] == [_RELU, _RELU_SLOPE]


def test_a_cases_block_alone_keeps_its_own_rows():
    assert statement_rows(_RELU) == [_RELU]


# ---- rounded worked numbers

def test_a_decimal_brought_in_by_a_step_has_a_rounding_interval_an_input_has_none():
    assert rounding.rounded_readings(r"\frac{m}{0.651}", [r"\frac{m}{1 - 0.9^{10}}"]) == [
        (r"\frac{m}{0.6505}", r"\frac{m}{0.6515}")]
    assert rounding.rounded_readings(r"\frac{m}{1 - 0.9^{2}}", [r"\frac{m}{1 - 0.9^{1}}"]) == []


@pytest.mark.parametrize("latex", [
    r"\hat{m} = \frac{m}{1 - 0.9^{2}} = \frac{m}{0.19} = 5.26 \cdot m",         # 1/0.19 = 5.263
    r"\hat{m} = \frac{m}{1 - 0.9^{10}} = \frac{m}{0.651} = 1.54 \cdot m",       # 1 - 0.9^10 = 0.6513
    r"\frac{1}{1 - 0.9^{10}} = \frac{1}{0.651} = 1.54",
])
def test_a_rounded_step_is_no_mistake(latex):
    assert check_note_formula(latex, "Adam bias correction").status != "note_differs"


@pytest.mark.parametrize("latex", [
    r"\hat{m} = \frac{m}{1 - 0.9^{10}} = \frac{m}{0.651} = 1.56 \cdot m",       # 1.536, beyond rounding
    r"\hat{m} = \frac{m}{1 - 0.9^{5}} = \frac{m}{0.41} = 2.63 \cdot m",         # 2.439
    r"\frac{1}{1 - \frac{9}{10}} = \frac{1}{0.11} = 9.09",                        # 1 - 9/10 = 0.1 is no rounded 0.11
])
def test_a_step_wrong_by_more_than_its_rounding_differs(latex):
    assert check_note_formula(latex, "Adam bias correction").status == "note_differs"


# ---- a standard deviation is no variance

@pytest.mark.parametrize("latex, context, entry", [
    (r"\sigma_w = \sqrt{\frac{2}{n_{in}}}", "He initialization", "kaiming_variance"),
    (r"\sigma_w = \sqrt{\frac{2}{n_{in} + n_{out}}}", "Xavier initialization", "xavier_variance"),
])
def test_a_deviation_written_as_the_root_of_the_variance_is_verified(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail
    assert "standard deviation" in decision.detail


def test_a_deviation_whose_square_is_no_variance_is_never_called_wrong_through_it():
    # its square may be a wrong variance, or a normalisation's σ² + ε: not certain either way
    decision = check_note_formula(r"\sigma_w = \sqrt{\frac{1}{n_{in} + n_{out}}}", "Xavier initialization")
    assert decision.status == "not_checkable", decision.detail
    with_eps = check_note_formula(r"\sigma=\sqrt{\frac{\sum x^2}{N}-\mu^2+\epsilon}", "SyncBN")
    assert with_eps.status == "verified" and with_eps.formula.id == "syncbn_std", with_eps.detail


def test_a_deviation_is_never_compared_with_a_variance_as_it_stands():
    # not a root: σ and σ² are different quantities, and which one the note means is not certain
    decision = check_note_formula(r"\sigma_w = \frac{1}{\sqrt{n_{in}}} \cdot 2", "He initialization")
    assert decision.status == "not_checkable", decision.detail


# ---- a bound after an equation

def test_an_equation_followed_by_its_bound_is_two_statements():
    right = check_note_formula(r"\sigma'(z) = \sigma(z)(1-\sigma(z)) \leq 0.25", "vanishing gradients")
    assert right.status == "verified" and "bound" in right.detail, right.detail
    wrong_bound = check_note_formula(r"\sigma'(z) = \sigma(z)(1-\sigma(z)) \leq 0.2", "vanishing gradients")
    assert wrong_bound.status == "note_differs" and "bound" in wrong_bound.detail, wrong_bound.detail
    wrong_equation = check_note_formula(r"\sigma'(z) = \sigma(z)(1+\sigma(z)) \leq 0.25", "vanishing gradients")
    assert wrong_equation.status == "note_differs" and "equation" in wrong_equation.detail, wrong_equation.detail


# ---- a probability is no loss

def test_the_likelihood_under_a_heading_naming_the_loss_is_not_that_loss():
    decision = check_note_formula(r"P(y|x) = \hat{y}^y(1-\hat{y})^{1-y}", "Binary Cross-Entropy\nKey step: take -log")
    assert decision.status == "not_checkable" and "probability" in decision.detail, decision.detail


# ---- \big( is a parenthesis

@pytest.mark.parametrize("sized", [r"\big(w^{(k)}\big)", r"\Big(w^{(k)}\Big)", r"\left(w^{(k)}\right)",
                                   r"\bigl(w^{(k)}\bigr)"])
def test_a_sized_parenthesis_after_a_gradient_names_the_point(sized):
    assert to_sympy(rf"w^{{(k)}} - \eta\,\nabla C{sized}") == to_sympy(r"w^{(k)} - \eta\,\nabla C(w^{(k)})")


def test_gradient_descent_with_big_parentheses_is_verified_and_its_sign_error_caught():
    right = check_note_formula(r"w^{(k+1)} = w^{(k)} - \eta\,\nabla C\big(w^{(k)}\big)", "gradient descent")
    assert right.status == "verified", right.detail
    wrong = check_note_formula(r"w^{(k+1)} = w^{(k)} + \eta\,\nabla C\big(w^{(k)}\big)", "gradient descent")
    assert wrong.status == "note_differs", wrong.detail


# ---- ln(1 + e^x) evaluated soundly

def test_softplus_inside_a_note_formula_keeps_its_digits_far_on_the_negative_side():
    mish = compile_numeric(to_sympy(r"x \cdot \tanh(\ln(1 + e^x))"))
    x = np.array([-40.0, -30.0, -3.0, 0.0, 3.0, 30.0, 800.0])
    truth = x * np.tanh(np.logaddexp(0, x))
    assert np.allclose(mish({"x": x}), truth, rtol=1e-14, atol=0)


def test_mish_is_verified_and_a_wrong_mish_caught():
    right = check_note_formula(r"\text{Mish}(x) = x \cdot \tanh(\ln(1 + e^x))", "Mish")
    assert right.status == "verified" and right.formula.id == "mish", right.detail
    wrong = check_note_formula(r"\text{Mish}(x) = x \cdot \tanh(\ln(1 + e^{-x}))", "Mish")
    assert wrong.status == "note_differs", wrong.detail


# ---- thousands separators in plain text and code

@pytest.mark.parametrize("text, number", [("1,100,000", "1100000"), ("1 100 000", "1100000"), ("401,920", "401920")])
def test_a_number_written_in_groups_is_one_number(text, number):
    assert to_latex(f"n = 200*5000 + 5000*20 = {text}").endswith(f"= {number}")


def test_a_comma_between_arguments_is_no_thousands_separator():
    assert "1100" not in to_latex("y = f(1,100)")
