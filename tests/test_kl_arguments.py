"""A KL divergence's arguments are bound by position: D_KL(A‖B) = Σ A log(A/B) whatever the letters."""
from __future__ import annotations

import math

import pytest

from kb.check.link import check_note_formula

_CONTEXT = "KL divergence between the approximate posterior and the prior"


@pytest.mark.parametrize("latex", [
    r"KL(q\|p) = \sum_z q(z) \log \frac{q(z)}{p(z)}",
    r"D_{\mathrm{KL}}(Q \parallel P) = \sum_x Q(x) \log \frac{Q(x)}{P(x)}",
    r"D_{KL}(q||p) = \sum_i q_i \log \frac{q_i}{p_i}",
    r"D_{KL}(P\|Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}",
])
def test_the_definition_read_with_the_notes_first_argument_first_is_verified(latex):
    decision = check_note_formula(latex, _CONTEXT)
    assert (decision.status, decision.formula.id) == ("verified", "kl_divergence")


def test_the_sum_of_the_other_order_differs_and_the_counterexample_is_in_the_notes_letters():
    decision = check_note_formula(r"D_{KL}(q\|p) = \sum_z p(z) \log \frac{p(z)}{q(z)}", _CONTEXT)
    assert decision.status == "note_differs"
    at = decision.detail.split(" at ", 1)[1].split(": expected")[0]
    q = [float(v) for v in at.split("q=[", 1)[1].split("]")[0].split(",")]
    p = [float(v) for v in at.split("p=[", 1)[1].split("]")[0].split(",")]
    expected = float(decision.detail.split("expected ", 1)[1].split(",")[0])
    given = float(decision.detail.split("formula gives ", 1)[1].split(" ")[0])
    assert expected == pytest.approx(sum(a * math.log(a / b) for a, b in zip(q, p)), rel=1e-5)   # KL(q‖p)
    assert given == pytest.approx(sum(b * math.log(b / a) for a, b in zip(q, p)), rel=1e-5)      # the note's sum
    assert r"left side D_{KL}(q\|p)" in decision.detail


def test_other_letters_are_left_to_the_rest_of_kb():
    from kb.check.kl_arguments import decide
    assert decide(r"KL(\pi\|\mu) = \sum_a \pi(a) \log \frac{\pi(a)}{\mu(a)}", lambda text: None) is None
    assert decide(r"KL(p\|q) = \sum p \log \frac{p}{q}", lambda text: None) is None


def test_with_no_name_near_the_left_side_alone_binds_the_arguments():
    assert check_note_formula(r"KL(q\|p) = \sum_z q(z) \log \frac{q(z)}{p(z)}").status == "verified"
    decision = check_note_formula(r"D_{KL}(q\|p) = \sum_z p(z) \log \frac{p(z)}{q(z)}")
    assert decision.status == "note_differs" and "D_KL(q‖p)" in decision.detail
