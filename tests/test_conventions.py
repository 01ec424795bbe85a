"""A form that is right under a convention the note may use without saying so is never called wrong.

The L2 penalty is written λ‖W‖² (gradient 2λW) or λ/2·‖W‖² (gradient λW); least squares and the log loss are
averaged or summed, with or without ½. An entry lists those forms as `conventions`; a note in one of them is
not_checkable with the convention named, while a form right under no convention is still caught.
"""
from __future__ import annotations

import pytest

from kb.check.entries import entry_examples
from kb.check.link import check_note_formula
from kb.formulas import registry
from kb.formulas.core import values_match

L2 = "L2 regularization. The gradient of the penalty is:"


@pytest.mark.parametrize("latex", [r"\nabla_w \frac{\lambda}{2}\|w\|^2 = \lambda w",
                                   r"\frac{\partial R}{\partial w} = \lambda w"])
def test_the_half_penalty_gradient_is_not_called_wrong(latex):
    decision = check_note_formula(latex, L2)
    assert decision.status == "not_checkable"
    assert "λ/2·‖W‖²" in decision.detail


def test_the_usual_l2_gradient_is_verified():
    assert check_note_formula(r"\frac{\partial R}{\partial w} = 2\lambda w", L2).status == "verified"


def test_a_gradient_right_under_no_convention_is_still_caught():
    decision = check_note_formula(r"\frac{\partial R}{\partial w} = 2 w", L2)
    assert decision.status == "note_differs"
    assert decision.formula.id == "l2_penalty_gradient"


def test_every_convention_is_another_quantity_than_the_entry():
    """A convention equal to the entry everywhere would excuse nothing; one equal to a mutant would let a
    mutant pass as a convention (the registry check would then prove nothing about it)."""
    with_conventions = [f for f in registry() if f.conventions]
    assert {"l2_penalty_gradient", "least_squares_gradient", "logistic_regression_gradient"} <= {
        f.id for f in with_conventions}
    for formula in with_conventions:
        examples = entry_examples(formula)[:20]
        for name, form in formula.conventions.items():
            assert any(not values_match(formula.truth(**e), form(**e), formula.rel_tol, formula.abs_tol)
                       for e in examples), (formula.id, name)
            for mutant_name, mutant in formula.mutants.items():
                assert any(not values_match(mutant(**e), form(**e), formula.rel_tol, formula.abs_tol)
                           for e in examples), (formula.id, name, mutant_name)


BN = "Batch normalization. The normalised activations:"


def test_batch_norm_with_its_epsilon_under_the_root_is_never_called_wrong():
    """σ is read with ε inside it (σ = √(σ_B²+ε), as a note's γ(x−μ)/σ + β means); a note writing √(σ² + ε)
    means the plain standard deviation: reading its σ with ε inside added ε twice and called it wrong. The ε
    it adds beside σ² shows which σ it means, so the textbook form is verified."""
    decision = check_note_formula(r"\hat{x}_{i} = \frac{x_{i} - \mu}{\sqrt{\sigma^{2}+\epsilon}}", BN)
    assert decision.status == "verified" and "standard deviation" in decision.detail


def test_batch_norm_without_epsilon_is_verified_and_dividing_by_the_variance_is_caught():
    assert check_note_formula(r"y = \gamma \frac{x - \mu}{\sigma} + \beta", BN).status == "verified"
    assert check_note_formula(r"\hat{x}_{i} = \frac{x_{i} - \mu}{\sigma^{2}+\epsilon}", BN).status == "note_differs"
