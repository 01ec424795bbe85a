"""A note_differs verdict needs the quantity identified for certain (issue 12 §1): the list item introducing a
display formula names it over the other items' names, a log-odds is the linear score, a squared σ is a variance,
a cost is no update, a derivative helper written of the function's output is no wrong derivative, and a share
written as its percentage is no wrong quotient. Each look-alike is paired with a genuinely wrong line that is
still caught. Formulas written for these tests."""
from __future__ import annotations

import pytest

from kb.check.identity import check_identity
from kb.check.link import check_note_formula, formula_context
from tests.parse_helpers import parse_text

_ELU = "f(x) = \\begin{cases} x & x > 0 \\\\ %s & x \\le 0 \\end{cases}"
_LIST = ("# Activations\n\n## Pick one\n\n1. **Leaky ReLU**: $f(x) = \\max(a x, x)$ with a small $a$.\n"
         "   - Lets a little gradient through.\n2. **ELU**:\n\n$$\n%s\n$$\n")


def _formula_context(text: str) -> str:
    note = parse_text(text, "note.md")
    section = next(s for s in note.sections if any(b.kind == "formula" and b.display for b in s.blocks))
    index = next(k for k, b in enumerate(section.blocks) if b.kind == "formula" and b.display)
    return formula_context(section, index)


def test_the_item_ending_in_a_colon_names_the_formula_after_the_list():
    context = _formula_context(_LIST % (_ELU % "a(e^{x} - 1)"))
    assert "ELU" in context and "Leaky" not in context and "gradient through" not in context, context


def test_a_list_not_ending_in_a_colon_counts_whole():
    context = _formula_context(_LIST.replace("2. **ELU**:", "2. **ELU** is smoother.") % (_ELU % "a(e^{x} - 1)"))
    assert "Leaky" in context, context


def test_an_elu_written_with_a_under_its_own_item_is_verified():
    latex = _ELU % "a(e^{x} - 1)"
    decision = check_note_formula(latex, _formula_context(_LIST % latex))
    assert decision.status == "verified" and decision.formula.id == "elu", decision.detail


def test_a_wrong_elu_under_its_own_item_is_still_caught():
    latex = _ELU % "a(e^{-x} - 1)"
    decision = check_note_formula(latex, _formula_context(_LIST % latex))
    assert decision.status == "note_differs" and decision.formula.id == "elu", decision.detail


LOGISTIC = "Logistic regression. The log-odds of class 1 is linear in the features:"


def test_the_log_odds_is_the_linear_score_not_the_probability():
    decision = check_note_formula(r"\text{log-odds} = w^\top x + b", LOGISTIC)
    assert decision.status != "note_differs", decision.detail
    assert decision.formula is None or decision.formula.id != "logistic_prediction", decision.detail


def test_a_wrong_log_odds_is_caught_as_the_linear_score():
    decision = check_note_formula(r"\text{log-odds} = w^\top x - b", LOGISTIC)
    assert decision.status == "note_differs" and decision.formula.id == "linear_prediction", decision.detail


def test_a_wrong_probability_is_still_caught():
    decision = check_note_formula(r"P(y=1 \mid x) = \frac{1}{1 + e^{w^\top x + b}}", LOGISTIC)
    assert decision.status == "note_differs" and decision.formula.id == "logistic_prediction", decision.detail


SPREAD = "Each feature is brought to mean 0 and standard deviation 1 over the batch:"


def test_a_squared_sigma_is_a_variance_whatever_the_words_name():
    decision = check_note_formula(r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)^2", SPREAD)
    assert decision.status == "verified" and "variance" in decision.formula.id, decision.detail


def test_a_variance_is_never_called_a_wrong_standard_deviation():
    decision = check_note_formula(r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)", SPREAD)
    assert decision.formula is None or "std" not in decision.formula.id, decision.detail


def test_a_wrong_variance_named_a_variance_is_caught():
    decision = check_note_formula(r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^{m} (x_i - \mu_B)",
                                  SPREAD + " its batch variance is")
    assert decision.status == "note_differs" and "variance" in decision.formula.id, decision.detail


DESCENT = "Gradient descent on a toy cost. Define the cost function"


def test_a_cost_written_in_code_is_no_update():
    decision = check_note_formula(r"\mathrm{cost\_function}(x) = x^{2} + 5", DESCENT)
    assert decision.status != "note_differs", decision.detail


def test_a_wrong_update_under_the_same_words_is_still_caught():
    decision = check_note_formula(r"w = w + \eta \nabla_w J(w)", DESCENT)
    assert decision.status == "note_differs", decision.detail


@pytest.mark.parametrize("latex", [r"\sigma'(x) = x \cdot \left(1 - x\right)", r"\tanh'(a) = 1 - a^{2}"])
def test_a_derivative_written_of_the_output_is_not_called_wrong(latex):
    decision = check_identity(latex)
    assert decision.status == "not_checkable" and "output" in decision.detail, decision.detail


@pytest.mark.parametrize("latex", [r"\sigma'(x) = x \left(1 + x\right)", r"\tanh'(a) = 1 + a^{2}",
                                   r"\sigma'(x) = \sigma(x)\left(1 + \sigma(x)\right)"])
def test_a_derivative_wrong_of_either_reading_is_caught(latex):
    assert check_identity(latex).status == "note_differs"


def test_the_textbook_derivative_is_still_verified():
    assert check_identity(r"\sigma'(x) = \sigma(x)\left(1 - \sigma(x)\right)").status == "verified"


MICRO = "Micro-averaged precision over both classes"


def test_a_share_written_as_its_percentage_is_not_called_wrong():
    decision = check_note_formula(r"P = \frac{30+20}{30+10+20+15} = 66.67", MICRO)
    assert decision.status == "not_checkable" and "percentage" in decision.detail, decision.detail


@pytest.mark.parametrize("value", ["56.67", "0.6", "6.667"])
def test_a_wrong_share_or_percentage_is_caught(value):
    decision = check_note_formula(rf"P = \frac{{30+20}}{{30+10+20+15}} = {value}", MICRO)
    assert decision.status == "note_differs", decision.detail


def test_after_the_list_an_item_naming_symbols_inline_still_names_the_formula():
    text = ("# Optimisers\n\n## Adam\n\n- RMSProp keeps $s_t$; Adam adds a first moment: $m_t$ and $v_t$.\n"
            "- Both moments start at zero, so they are corrected:\n\n$$\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}$$\n")
    context = _formula_context(text)
    assert "Adam adds a first moment" in context and "corrected" in context, context
