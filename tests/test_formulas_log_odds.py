"""Odds, the logit and the probability back from the odds, as logistic-regression notes define them; and the
natural logarithm typeset \\mathrm{ln}(…), read as ln."""
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\text{odds} = \frac{p}{1-p}", r"\text{odds} = \frac{1-p}{p}", "Odds", "odds"),
    (r"odds=\frac{p}{1-p}", r"odds=\frac{p}{1+p}", "オッズ", "odds"),
    (r"\operatorname{logit}(p) = \ln\frac{p}{1-p}", r"\operatorname{logit}(p) = \ln\frac{1-p}{p}", "Log-odds",
     "logit"),
    (r"logit(p)=\log(\frac{p}{1-p})", r"logit(p)=\frac{\log p}{\log(1-p)}", "Función logit", "logit"),
    (r"p = \frac{odds}{1+odds}", r"p = \frac{1}{1+odds}", "Von den Odds zur Wahrscheinlichkeit", "probability_from_odds"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_ln_typeset_in_mathrm_is_the_natural_logarithm():
    decision = check_note_formula(r"\mathrm{ln}\left(\frac{p}{1-p}\right)", "Log-odds")
    assert decision.status == "verified" and decision.formula.id == "logit", decision.detail


@pytest.mark.parametrize("latex", [r"z_i = \log p_i", r"p(1-p)", r"logit(p)=\log(\frac{1-p}{p})"])
def test_the_logits_of_a_softmax_note_name_no_log_odds(latex):
    """'Logits' are the scores before a softmax: the word names neither the logit function nor its entry."""
    assert check_note_formula(latex, "Logits and the softmax").status == "not_checkable"
