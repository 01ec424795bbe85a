"""A gradient is checked against the loss the note states in the same section, never a guessed one."""
from __future__ import annotations

from kb.check.link import check_note_formula
from kb.check.stated_loss import gradient_of_stated_loss

MSE_HALF = {"J(w)": r"\frac{1}{2N}\lVert Xw - y \rVert^2"}
MSE = {"L": r"\frac{1}{N}\lVert Xw - y \rVert^2"}


def test_gradient_of_the_stated_half_mse_is_verified():
    decision = gradient_of_stated_loss(r"\nabla J = \frac{1}{N} X^\top (Xw - y)", MSE_HALF)
    assert decision is not None and decision.status == "verified"


def test_the_same_gradient_differs_from_the_stated_mse_without_a_half():
    decision = gradient_of_stated_loss(r"\nabla_w L = \frac{1}{N} X^\top (Xw - y)", MSE)
    assert decision is not None and decision.status == "note_differs"
    assert r"\frac{1}{N}\lVert Xw - y \rVert^2" in decision.detail


def test_a_partial_fraction_names_the_loss_and_its_variable():
    decision = gradient_of_stated_loss(r"\frac{\partial L}{\partial w} = \frac{2}{N} X^\top (Xw - y)", MSE)
    assert decision is not None and decision.status == "verified"


def test_no_stated_loss_leaves_the_gradient_to_the_registry():
    assert gradient_of_stated_loss(r"\nabla_w L = \frac{1}{N} X^\top (Xw - y)", {}) is None
    # and the registry does not call it wrong: the 1/(2N) convention makes it right
    assert check_note_formula(r"\nabla_w L = \frac{1}{N} X^\top (Xw - y)", "").status != "note_differs"


def test_a_loss_written_in_a_quantity_the_section_defines_is_not_checked():
    # p = σ(Xw) depends on w: differentiating with p held fixed would be wrong, so kb says nothing
    stated = {"L": r"-\frac{1}{N}\sum_i y \log p + \lambda \lVert w \rVert^2", "p": r"\sigma(Xw)"}
    assert gradient_of_stated_loss(r"\nabla_w L = \frac{1}{N} X^\top (p - y) + 2\lambda w", stated) is None


def test_the_loss_is_passed_through_check_note_formula():
    decision = check_note_formula(r"\nabla_w L = \frac{1}{N} X^\top (Xw - y)", "", definitions=MSE)
    assert decision.status == "note_differs"


def test_the_random_inputs_go_to_the_same_names_whatever_order_the_names_come_in():
    """A set's order changes with each process's string hashing: the draws must not follow it."""
    import numpy as np

    from kb.check import stated_derivative, stated_loss

    names = ["w", "X", "y", "lambda", "N"]
    first = stated_loss._inputs(names, "w", np.random.default_rng(1))
    again = stated_loss._inputs(names[::-1], "w", np.random.default_rng(1))
    assert first.keys() == again.keys() and all(np.array_equal(first[k], again[k]) for k in first)
    first = stated_derivative._inputs(["x", "w", "b"], ["n"], {"x"}, np.random.default_rng(1))
    again = stated_derivative._inputs(["b", "w", "x"], ["n"], {"x"}, np.random.default_rng(1))
    assert list(first) == list(again) and all(np.array_equal(first[k], again[k]) for k in first)
