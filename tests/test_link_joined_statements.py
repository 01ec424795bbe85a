"""A display that holds several statements is checked statement by statement, never as one chain: a chain read
across a row break or across a comma would compare one step's end with the next step's start and call a right
note wrong. And a match of letters is no identity: a Greek letter on the left (a rate, a coefficient) does not
become a count because a word nearby names one, and one letter shared with a step of three inputs is no step."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from kb.parse.dialects.math import statement_rows


def test_a_column_of_steps_ending_in_dots_is_split_into_its_rows():
    rows = statement_rows(r"\frac{df}{df} = 1 \\ \frac{dq}{dx} = \frac{-1}{x^2} = \frac{-1}{2^2} = -0.25 \\ \cdots")
    assert [row.strip() for row in rows] == [r"\frac{df}{df} = 1", r"\frac{dq}{dx} = \frac{-1}{x^2} = \frac{-1}{2^2} = -0.25"]


@pytest.mark.parametrize("latex", [
    # rows kb could not take apart (a row with no relation keeps the display whole)
    r"\frac{\delta f}{\delta f} = 1 \\ \frac{\delta q}{\delta x} = \frac{-1}{1.37^2} = -0.53 \\ \text{and so on}",
    r"a = 2 \\ b = 3 \\ c",
    # a step and the next, joined by a comma: e^{-1} = 0.37, then 0.37 times the upstream gradient
    r"\frac{\delta e}{\delta x} = e^x = e^{-1} = 0.37, 0.37 \times -0.53 = -0.2",
])
def test_separate_statements_in_one_formula_are_never_one_chain(latex):
    decision = check_note_formula(latex, "Backpropagation by hand")
    assert decision.status == "not_checkable" and "not read as one chain" in decision.detail


@pytest.mark.parametrize("latex, status", [
    (r"a = 1 + 2 \\ = 3", "not_checkable"),             # a chain continued on the next row is still one statement
    (r"\frac{1}{1+e^{0}} = 0.5", "verified"),
    (r"\frac{1}{1+e^{0}} = 0.6", "note_differs"),
    (r"f(x, y) = x + y", "not_checkable"),               # commas inside brackets join nothing
])
def test_one_statement_is_still_read_whole(latex, status):
    decision = check_note_formula(latex, "")
    assert decision.status == status and "not read as one chain" not in decision.detail


@pytest.mark.parametrize("latex", [r"\eta_n = 1 / \min(n+1, m)", "λ_n = 1 / min(n+1, m)"])
def test_a_greek_letter_is_no_parameter_count_because_lstm_is_named_nearby(latex):
    decision = check_note_formula(latex, "Gradient clipping is common in LSTM training")
    assert decision.status == "not_checkable" and "is a count or a size" in decision.detail


@pytest.mark.parametrize("latex", [r"f(x) = x \cdot x - 5 \cdot x + 5", r"\mathrm{df}(x) = 2 \cdot x - 5"])
def test_a_function_of_one_letter_is_no_step_of_three_inputs(latex):
    """Code under a gradient-descent heading defines the function it minimises: its x is one of the step's
    inputs by letter only."""
    decision = check_note_formula(latex, "Градиентный спуск")
    assert decision.status == "not_checkable" and "defines a function of x, one of the 3 inputs" in decision.detail


def test_a_wrong_step_that_writes_its_inputs_is_still_caught():
    assert check_note_formula(r"w = w + \eta \nabla L(w)", "Gradient descent").status == "note_differs"
