"""An update written with = (x = x + αd) is no equation: checked as an update an entry states, else unsure, saying so."""
from __future__ import annotations

import pytest
import sympy

from kb.check import assignment
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex, symbol", [
    (r"x = x + \alpha d", "x"),
    (r"v = \beta v + (1-\beta) g", "v"),
    (r"\theta = \theta - v", r"\theta"),
    (r"\bar{x} = \alpha \bar{x} + (1-\alpha) x", r"\bar{x}"),
    (r"i = i + 1", "i"),
])
def test_an_update_no_entry_states_is_unsure_and_says_it_is_an_update(latex, symbol):
    decision = check_note_formula(latex, "each iteration")
    assert decision.status == "not_checkable", decision.detail
    assert decision.detail.startswith(f"an update written with = ({symbol} on both sides"), decision.detail


@pytest.mark.parametrize("latex, status", [
    (r"w = w - \eta \nabla L", "verified"),
    (r"w = w + \eta \nabla L", "note_differs"),
])
def test_an_update_an_entry_states_is_checked_as_that_update(latex, status):
    decision = check_note_formula(latex, "one step of gradient descent")
    assert (decision.status, decision.formula.id) == (status, "sgd_update"), decision.detail


def test_which_formulas_are_updates():
    x, y, a = sympy.symbols("x y alpha")
    assert assignment.updated_symbol(x, x + a, " x ") == "x"
    assert assignment.updated_symbol(x, 2 * y, "x") == ""          # a definition
    assert assignment.updated_symbol(x, x, "x") == ""              # x = x states nothing
    assert assignment.updated_symbol(None, x + 1, "") == ""
    assert assignment.updated_symbol(sympy.Function("f")(x), x + 1, "f(x)") == ""
