"""A cross-entropy written with its arguments on the left, H(p, q), is judged by the convention of their order:
the first is the true distribution, the second the model's, under the log. A right side that takes the log of
the first is wrong where the note calls the first the true one, and open where the note does not say."""
from __future__ import annotations

import math

import pytest

from kb.check.argument_order import roles
from kb.check.link import check_note_formula

SWAPPED = r"H(p,q) = -\sum_j q_j \log p_j"


def test_the_usual_order_is_verified():
    decision = check_note_formula(r"H(p,q) = -\sum_j p_j \log q_j", "Let p be the true distribution and q the model's.")
    assert decision.status == "verified" and decision.formula.id == "cross_entropy_probabilities", decision.detail


def test_a_log_of_the_distribution_the_note_calls_true_differs_with_the_two_values():
    decision = check_note_formula(SWAPPED, "Cross-entropy. Let p be the true distribution and q the predicted one.")
    assert decision.status == "note_differs" and decision.formula.id == "cross_entropy_probabilities"
    want = -(0.7 * math.log(0.1) + 0.2 * math.log(0.3) + 0.1 * math.log(0.6))
    got = -(0.1 * math.log(0.7) + 0.3 * math.log(0.2) + 0.6 * math.log(0.1))
    assert f"expected {want:.6g}, the note's formula gives {got:.6g}" in decision.detail


def test_without_roles_the_letters_alone_verify_no_other_entry():
    """The letters fit a label-smoothed loss (q a smoothed target, p the prediction): that is no reason to verify."""
    decision = check_note_formula(SWAPPED, "Cross-entropy between two distributions")
    assert decision.status == "not_checkable" and "does not say which" in decision.detail


def test_a_note_that_calls_the_second_argument_true_is_not_called_wrong():
    decision = check_note_formula(SWAPPED, "Here q is the true distribution and p the predicted one.")
    assert decision.status == "not_checkable" and "other order" in decision.detail


@pytest.mark.parametrize("context, expected", [
    ("Let p be the true distribution and q the model's prediction.", "first true"),
    ("where q is the target distribution, p the output of the network", "second true"),
    ("给定两个概率分布p和q（P代表正确答案，q代表预测值）", "first true"),
    ("Soit p la distribution prédite et q la vraie distribution.", "second true"),
    ("q: the model's output; p: the empirical distribution of the labels", "first true"),
    ("Two distributions p and q.", ""),
    ("The model is trained so that q approaches p.", ""),   # one clause names both: it gives neither a role
])
def test_roles_are_read_from_the_words_of_each_clause(context, expected):
    assert roles(context, "p", "q") == expected
