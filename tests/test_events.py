"""Equations in the probability of events are checked on joint distributions, with no registry entry."""
import pytest

from kb.check.events import check_events
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex", [
    r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}",
    r"P(A|B) = \frac{P(B|A)P(A)}{P(B|A)P(A) + P(B|\bar{A})P(\bar{A})}",
    r"P(B) = P(B \mid A)P(A) + P(B \mid \neg A)P(\neg A)",
    r"P(A \cup B) = P(A) + P(B) - P(A \cap B)",
    r"\Pr(A \mid B) = \frac{\Pr(A \cap B)}{\Pr(B)}",
    r"P(A, B \mid C) = P(A \mid B, C)\,P(B \mid C)",
    r"P(A^c) = 1 - P(A) = P(\neg A)",
])
def test_true_identities_are_verified(latex):
    decision = check_note_formula(latex, "")
    assert decision.status == "verified" and decision.method == "probability", decision.detail


@pytest.mark.parametrize("latex", [
    r"P(A \mid B) = \frac{P(B \mid A)\,P(B)}{P(A)}",          # priors swapped
    r"P(A \mid B) = P(B \mid A)",                              # the conditional reversed
    r"P(B) = P(B \mid A)P(A) + P(B \mid \neg A)",              # a prior forgotten
    r"P(A \cup B) = P(A)\,P(B)",
])
def test_false_identities_differ_with_the_note_s_own_terms(latex):
    decision = check_note_formula(latex, "")
    assert decision.status == "note_differs", decision.detail
    assert "P(A" in decision.detail and "the sides give" in decision.detail


def test_a_differing_bayes_rule_shows_the_textbook_form():
    decision = check_events(r"P(A \mid B) = \frac{P(B \mid A)\,P(B)}{P(A)}")
    assert decision.verified_latex == r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}"


@pytest.mark.parametrize("latex, case", [
    (r"P(A \mid B) = P(A)", "independent"),
    (r"P(A, B) = P(A)\,P(B)", "independent"),
    (r"P(A \cup B) = P(A) + P(B)", "disjoint"),
])
def test_an_equation_true_for_independent_or_disjoint_events_is_not_called_wrong(latex, case):
    decision = check_events(latex)
    assert decision.status == "not_checkable" and case in decision.detail


@pytest.mark.parametrize("latex", [
    r"P(y=1 \mid x) = \sigma(w^\top x + b)",     # a probability of a variable's value, not of events
    r"p(x \mid \theta) = \mathcal{N}(x; \mu, \sigma^2)",
    r"P(A \mid B) = 0.5",                        # a value, not an identity
    r"P(A) = p",                                 # a symbol that is not an event probability
    r"P(A \cap B \cup C) = P(A)",                # ambiguous without parentheses
])
def test_what_is_not_an_equation_of_event_probabilities_is_left_alone(latex):
    assert check_events(latex) is None
