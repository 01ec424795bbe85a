"""Chain rules in Leibniz's notation (`∂ℓ/∂w = ∂ℓ/∂a · ∂a/∂w`) are right exactly when their factors cancel to the
left side. Formulas written for these tests."""
from __future__ import annotations

import pytest

from kb.check.leibniz_chain import decide
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial \hat{y}} \frac{\partial \hat{y}}{\partial z} \frac{\partial z}{\partial w}",
    r"\frac{\partial C}{\partial b_1} = \frac{\partial z_1}{\partial b_1} \cdot \left( \frac{\partial C}{\partial z_1} \right)",
    r"\pdv{J}{u} = \pdv{J}{v}\pdv{v}{u}",
    r"\dfrac{\partial \ell}{\partial \mathbf{W}_2} = \dfrac{\partial \ell}{\partial \mathbf{a}_2} \times \dfrac{\partial \mathbf{a}_2}{\partial W_2}",
    # a variable's superscript and subscript written in either order are one variable, as LaTeX draws them
    r"\frac{\partial E}{\partial U^L_{kj}} = \frac{\partial E}{\partial y_{kj}} \frac{\partial y_{kj}}{\partial U_{kj}^L}",
])
def test_a_chain_rule_whose_factors_cancel_to_its_left_side_is_verified(latex):
    decision = check_note_formula(latex)
    assert (decision.status, decision.method) == ("verified", "chain rule"), decision.detail


@pytest.mark.parametrize("latex, left_over", [
    # the middle factor ∂a/∂z is missing
    (r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a} \frac{\partial z}{\partial w}", "z/a"),
    # ∂J/∂J written where ∂J/∂v was meant
    (r"\pdv{J}{u} = \pdv{J}{J}\pdv{v}{u}", "v/J"),
    # the last factor turned upside down: layers 1 and 2 are two variables, not one written two ways
    (r"\frac{\partial L}{\partial h_1} = \frac{\partial L}{\partial h_2} \frac{\partial h_1}{\partial h_2}", "h_1·h_1/h_2·h_2"),
    # a factor too many: the loss's derivative taken twice
    (r"\frac{\partial E}{\partial h} = \frac{\partial E}{\partial o} \frac{\partial E}{\partial o} \frac{\partial o}{\partial h}",
     "E/o"),
])
def test_a_chain_rule_that_leaves_a_variable_over_differs_and_says_which(latex, left_over):
    decision = check_note_formula(latex)
    assert decision.status == "note_differs" and f"{left_over} is left over" in decision.detail, decision.detail


def test_factors_that_cancel_only_without_their_indices_are_left_unchecked():
    """`∂L/∂w_{ij} = ∂L/∂z_j ∂z_j/∂w`: the dropped index may be the author's shorthand, so no verdict either way."""
    decision = decide(r"\frac{\partial L}{\partial w_{ij}} = \frac{\partial L}{\partial z_j}\frac{\partial z_j}{\partial w}")
    assert decision is not None and decision.status == "not_checkable" and "indices" in decision.detail


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a} a(1 - a) x",             # a factor written out
    r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}",                          # one factor: no chain
    r"\frac{\partial L}{\partial W} = \left(\frac{\partial z}{\partial W}\right)^T \frac{\partial L}{\partial z}",
    r"\frac{\partial L}{\partial x} = \sum_k \frac{\partial L}{\partial y_k}\frac{\partial y_k}{\partial x}",  # paths
    r"\frac{\partial^2 L}{\partial w^2} = \frac{\partial L}{\partial a}\frac{\partial a}{\partial w}",       # second order
    r"\frac{\partial (uv)}{\partial x} = \frac{\partial u}{\partial x}\frac{\partial v}{\partial x}",       # no variable
    r"\frac{\partial L}{\partial w} \le \frac{\partial L}{\partial a}\frac{\partial a}{\partial w}",          # no equation
])
def test_anything_but_two_products_of_partial_derivatives_is_not_read_as_a_chain_rule(latex):
    assert decide(latex) is None
