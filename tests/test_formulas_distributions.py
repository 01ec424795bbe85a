"""Means and variances of simple distributions, and a mean on the left kept apart from a variance: E[X] = p(1-p)
computes the Bernoulli variance, which is no reason to verify it."""
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"E[X] = p", r"E[X] = p(1-p)", "Bernoulli distribution", "bernoulli_mean"),
    (r"E[X] = n p", r"E[X] = n p (1-p)", "Биномиальное распределение", "binomial_mean"),
    (r"\mathrm{Var}(X) = n p (1-p)", r"\mathrm{Var}(X) = n p", "Binomialverteilung", "binomial_variance"),
    (r"E[X] = \frac{a+b}{2}", r"E[X] = \frac{b-a}{2}", "Uniform distribution on [a, b]", "uniform_mean"),
    (r"\mathrm{Var}(X) = \frac{(b-a)^2}{12}", r"\mathrm{Var}(X) = \frac{(b-a)^2}{2}", "均匀分布", "uniform_variance"),
    (r"f(x) = \lambda e^{-\lambda x}", r"f(x) = e^{-\lambda x}", "Exponential distribution", "exponential_pdf"),
    (r"E[X] = \frac{1}{\lambda}", r"E[X] = \frac{1}{\lambda^2}", "Exponential distribution", "exponential_mean"),
    (r"\sigma^2 = \frac{1}{\lambda^2}", r"\sigma^2 = \frac{1}{\lambda}", "Loi exponentielle", "exponential_variance"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex", [r"E[X] = p(1-p)", r"E(X) = p(1-p)", r"\mu = p(1-p)"])
def test_a_mean_on_the_left_is_never_verified_as_a_variance(latex):
    decision = check_note_formula(latex, "Bernoulli distribution", formulas=None)
    assert not (decision.status == "verified" and "variance" in decision.formula.id), decision.detail


def test_a_mean_of_squares_on_the_left_may_still_be_the_variance():
    decision = check_note_formula(r"E[(X-p)^2] = p(1-p)", "Bernoulli distribution")
    assert decision.status == "verified" and decision.formula.id == "bernoulli_variance", decision.detail
