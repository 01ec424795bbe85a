"""What draws nothing of its own around or inside a formula: a brace group around the whole formula
(`$$ {y = ...} $$`, as some blog notes wrap their displays), `\\cfrac` (a fraction set in display style) and the
index's range after a gap (`\\quad (i = 1, \\ldots, n)`). Formulas written for these tests."""
from __future__ import annotations

import pytest

from kb.cards.formula import is_equation, lhs_of
from kb.check.bare_braces import readings
from kb.check.latex_text import seen_through, strip_formula
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex,expected", [
    (r"{y = \frac{1}{1 + e^{-x}}}", r"y = \frac{1}{1 + e^{-x}}"),
    ("{{a = b + c}\n}", "a = b + c"),
    (r"\boxed{{z = w x}}", "z = w x"),
    (r"{a}^{b} = c", r"{a}^{b} = c"),        # the first group closes before the end: an exponent's base
    (r"\{x\} = y", r"\{x\} = y"),            # escaped braces are a set's, drawn on the page
    (r"{1 - \beta} dW", r"{1 - \beta} dW"),
])
def test_a_brace_group_around_the_whole_formula_is_seen_through(latex, expected):
    assert seen_through(latex) == expected


def test_a_wrapped_display_is_an_equation_with_its_own_left_side():
    assert is_equation(r"{y = \cfrac{1}{1 + e^{-x}}}")
    assert lhs_of(r"{\cfrac{\partial y}{\partial x} = y(1 - y)}") == r"\cfrac{\partial y}{\partial x}"


@pytest.mark.parametrize("latex,expected", [
    (r"y = \cfrac{1}{1 + e^{-x}}", r"y = \frac{1}{1 + e^{-x}}"),
    (r"y_i = \frac{e^{x_i}}{\sum_k e^{x_k}} \quad (i = 1, 2, \ldots, n)", r"y_i = \frac{e^{x_i}}{\sum_k e^{x_k}}"),
    (r"a_j = b_j, \; j = 1, \dots, m", "a_j = b_j"),
    (r"f(x) = x \quad x > 0", r"f(x) = x \quad x > 0"),      # a condition is no list of index values
])
def test_display_fractions_and_index_ranges_are_read_as_the_formula(latex, expected):
    assert strip_formula(latex) == expected


def test_braces_around_the_whole_formula_are_no_bare_group_of_a_sum():
    assert readings(r"{\tanh'(x) = 1 + \tanh^2(x)}") is None
    assert readings(r"\beta V + {1 - \beta} dW") is not None


@pytest.mark.parametrize("latex,status", [
    (r"{\tanh'(x) = 1 - \tanh^2(x)}", "verified"),
    (r"{\tanh'(x) = 1 + \tanh^2(x)}", "note_differs"),
    (r"{\sigma(x) = \cfrac{1}{1 + e^{-x}}}", "verified"),
    (r"{\sigma(x) = \cfrac{1}{1 + e^{x}}}", "note_differs"),
])
def test_wrapped_identities_are_checked(latex, status):
    assert check_note_formula(latex).status == status


def test_softmax_with_its_index_range_is_verified():
    decision = check_note_formula(r"y_i = \cfrac{e^{x_i}}{\sum_{k=1}^{n} e^{x_k}} \quad (i = 1, 2, \ldots, n)",
                                  "softmax", heading="softmax", local="softmax")
    assert decision.status == "verified" and decision.formula.id == "softmax", decision.detail
