"""A display that holds several statements is checked statement by statement, never as one chain: a chain read
across a row break or across a comma would compare one step's end with the next step's start and call a right
note wrong. And a Greek letter on the left that the registry knows as another entry's value (η: a learning rate)
does not become a count or a size because a word nearby names one."""
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


def test_a_learning_rate_letter_is_no_parameter_count_because_lstm_is_named_nearby():
    decision = check_note_formula(r"\eta_n = 1 / \min(n+1, m)", "Gradient clipping is common in LSTM training")
    assert decision.status == "not_checkable" and "lr_decay computes" in decision.detail
