"""A gradient step worked for one function (x = x − η·2x for f(x) = x²): no letter stands for the gradient, so the
general rule's free gradient cannot judge it; a step that writes its gradient is still checked."""
from __future__ import annotations

import pytest

from kb.check import worked_step
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex, context", [
    (r"x = x - \eta \cdot 2x = (1 - 2\eta) x", "gradient descent on f(x) = x^2, whose gradient is 2x"),
    (r"x = x - \eta \cdot 2x", "gradient descent on f(x) = x^2"),
    (r"\theta = \theta - \alpha (\theta - 3)", "gradient descent on J(θ) = (θ − 3)²/2"),
])
def test_a_step_worked_for_one_function_is_unsure_never_wrong(latex, context):
    decision = check_note_formula(latex, context)
    assert decision.status == "not_checkable", decision.detail
    assert "gradient written out" in decision.detail, decision.detail


@pytest.mark.parametrize("latex, status", [
    (r"w = w - \eta \nabla L", "verified"),
    (r"w = w + \eta \nabla L", "note_differs"),        # ascent: the gradient is written, the sign is wrong
])
def test_a_step_that_writes_its_gradient_is_still_checked(latex, status):
    decision = check_note_formula(latex, "one step of gradient descent")
    assert (decision.status, decision.formula.id) == (status, "sgd_update"), decision.detail


def test_the_rule_asks_for_the_updated_letter_on_the_left_and_no_gradient_letter():
    names = ["lr", "view:x", "view:g_t", "view:nabla"]
    assert worked_step.gradient_written_out(names, {"lr": "eta", "view:x": "x"}, "x")
    assert not worked_step.gradient_written_out(names, {"lr": "eta", "view:x": "x", "view:nabla": "nabla"}, "x")
    assert not worked_step.gradient_written_out(names, {"lr": "eta", "view:x": "x"}, "y")      # no update
    assert not worked_step.gradient_written_out(["lr", "view:x"], {"lr": "eta", "view:x": "x"}, "x")   # no gradient
