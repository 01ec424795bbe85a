"""Optimizers and gradient clipping against torch, with the notes' own clipping code and numbers."""
import random

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import optimizers as FAMILY


def test_notes_gradient_clipping_code_differs_from_clip_grad_norm():
    formula = next(f for f in FAMILY.FORMULAS if f.id == "clip_grad_norm")
    notes_code = formula.mutants["squared norm (the notes' code)"]
    assert notes_code(g=[3.0, 4.0], c=1.0) != pytest.approx(FAMILY._truth_clip(g=[3.0, 4.0], c=1.0))
    assert FAMILY.clip_grad_norm([3.0, 4.0], 1.0) == pytest.approx([0.6, 0.8])


# Components near the float64 underflow (5e-324 scaled by 0.5 is 0) are out of scope: the direction test
# divides clipped by original components, which underflow makes meaningless.
grads = st.lists(st.floats(-10, 10).filter(lambda v: v == 0 or abs(v) > 1e-100), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(g=grads, c=st.floats(0.01, 20))
def test_clipped_gradient_keeps_direction_and_respects_threshold(g, c):
    clipped = FAMILY.clip_grad_norm(g, c) if any(g) else g
    if any(g):
        assert FAMILY._norm(clipped) <= c * (1 + 1e-12) or clipped == pytest.approx(g)
        ratio = [a / b for a, b in zip(clipped, g) if b]
        assert max(ratio) == pytest.approx(min(ratio))


OPTIMIZERS = [f for f in FAMILY.FORMULAS if f.id in {"sgd_momentum", "adagrad", "rmsprop", "adam"}]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_optimizers_match_torch(seed):
    assert len(OPTIMIZERS) == 4
    for formula in OPTIMIZERS:
        (params,) = formula.examples(random.Random(seed), 1)
        assert formula.reference(**params) == pytest.approx(formula.truth(**params), rel=1e-10, abs=1e-12)


def test_the_rescaling_branch_of_clipping_is_not_called_wrong_and_a_squared_norm_is():
    from kb.check.link import check_note_formula

    branch = check_note_formula(r"\frac{c}{\lVert g \rVert}\, g", "Gradient clipping: if the norm exceeds c, rescale")
    assert branch.status == "not_checkable" and "norm exceeds c" in branch.detail, branch.detail
    whole = check_note_formula(r"g \cdot \min\left(1, \frac{c}{\lVert g \rVert}\right)", "Gradient clipping by norm")
    assert whole.status == "verified" and whole.formula.id == "clip_grad_norm", whole.detail
    squared = check_note_formula(r"g \cdot \min\left(1, \frac{c}{\lVert g \rVert^2}\right)", "Gradient clipping by norm")
    assert squared.status == "note_differs" and squared.formula.id == "clip_grad_norm", squared.detail


@pytest.mark.parametrize("latex, number", [
    (r"m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t", "beta_2"),      # the first moment with the second's constant
    (r"m_t = \beta_{2} m_{t-1} + (1-\beta_{2}) g_t", "beta_2"),  # symbols are read without braces
    # the second moment with the first's constant computes RMSProp's accumulator with decay β₁, but under "Adam"
    # the number names Adam's constant of the other moment
    (r"v_t = \beta_1 v_{t-1} + (1-\beta_1) g_t^2", "beta_1"),
    (r"v_t = \beta_{1} v_{t-1} + (1-\beta_{1}) g_t \odot g_t", "beta_1"),
    (r"\hat{v}_t = \frac{v_t}{1-\beta_1^t}", "beta_1"),      # an exponentially weighted average's correction
])
def test_a_moment_written_with_the_other_moments_constant_is_not_verified(latex, number):
    """Both compute alike, but the note teaches the wrong constant: kb does not call it right."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(latex, "Adam")
    assert decision.status == "not_checkable" and f"writes {number} where" in decision.detail


def test_a_moment_with_its_own_constant_still_verifies():
    from kb.check.link import check_note_formula

    assert check_note_formula(r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", "Adam").status == "verified"


@pytest.mark.parametrize("latex, heading, entry", [
    (r"v_t = \beta_1 v_{t-1} + (1-\beta_1) g_t^2", "RMSProp", "rmsprop_accumulator"),   # no method numbers β here
    (r"s_t = \beta_2 s_{t-1} + (1-\beta_2) g_t^2", "RMSProp", "rmsprop_accumulator"),
    (r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2", "Adam", "adam_second_moment"),
])
def test_a_numbered_constant_no_named_method_gives_another_role_still_verifies(latex, heading, entry):
    from kb.check.link import check_note_formula

    decision = check_note_formula(latex, heading, heading=heading)
    assert (decision.status, decision.formula.id) == ("verified", entry), decision.detail
