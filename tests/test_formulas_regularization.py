"""The L2 penalty and the L2-regularised cost: each course's scale of λ is a convention, a structural slip is not."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, entry", [
    (r"R(W) = \sum_k \sum_l W_{k,l}^2", r"R(W) = \sum_k \sum_l W_{k,l}", "l2_penalty"),
    (r"J_{reg} = J + \frac{\lambda}{2m}\|W\|_F^2", r"J_{reg} = J - \frac{\lambda}{2m}\|W\|_F^2", "l2_regularized_cost"),
])
def test_l2_penalty_and_cost_link_and_a_wrong_one_differs(right, wrong, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, "L2 regularization", entry)


@pytest.mark.parametrize("latex", [
    r"J_{reg} = J + \frac{\lambda}{2}\|W\|_F^2",
    r"J_{reg} = J + \frac{\lambda}{m}\|W\|_F^2",
    r"J_{reg} = J + \lambda\|W\|_F^2",
])
def test_each_courses_scale_of_lambda_is_verified_as_the_note_writes_it(latex):
    decision = check_note_formula(latex, "L2 regularization")
    assert decision.status == "verified" and decision.formula.id == "l2_regularized_cost", decision.detail
