"""Identities between expressions of two or three variables (issue 12 §2: both sides computable), and a chain whose
first part only names the value: `s = e^a/(e^a+e^b) = 1/(1+e^{b-a})`."""
import pytest

from kb.check.identity import check_identity
from kb.check.link import check_note_formula


@pytest.mark.parametrize("right, wrong", [
    (r"\frac{e^a}{e^a + e^b} = \frac{1}{1+e^{b-a}}", r"\frac{e^a}{e^a + e^b} = \frac{1}{1+e^{a-b}}"),
    (r"\log(e^a + e^b) = a + \log(1 + e^{b-a})", r"\log(e^a + e^b) = a + b"),
    (r"\frac{e^a}{e^a+e^b} = \sigma(a-b)", r"\frac{e^a}{e^a+e^b} = \sigma(b-a)"),
    (r"e^{x+y+z} = e^x e^y e^z", r"e^{x+y+z} = e^x + e^y + e^z"),
])
def test_an_identity_of_several_variables_is_checked_on_a_grid(right, wrong):
    assert check_identity(right).status == "verified"
    assert check_identity(wrong).status == "note_differs"


@pytest.mark.parametrize("latex", [
    r"e^{A+B} = e^A e^B",                 # capitals may be matrices
    r"\max(a, b) = \frac{a + b + |a - b|}{2}",   # kinks: a case the note may state for one side only
    r"\tanh(a) = b",                      # a definition of b, nothing to compute
    r"e^{a+b+c+d} = e^a e^b e^c e^d",     # four variables: more than notes state this way
])
def test_what_is_not_a_scalar_identity_of_few_variables_gets_no_verdict(latex):
    decision = check_identity(latex)
    assert decision is None or decision.method != "identity" or "points of" not in decision.detail


def test_a_chain_whose_first_part_names_the_value_is_the_identity_after_it():
    right = check_note_formula(r"s = \frac{e^a}{e^a + e^b} = \frac{1}{1+e^{b-a}}", "Softmax of two classes")
    wrong = check_note_formula(r"s = \frac{e^a}{e^a + e^b} = \frac{1}{1+e^{a-b}}", "Softmax of two classes")
    assert right.status == "verified" and wrong.status == "note_differs", (right.detail, wrong.detail)
    assert "s names the value" in right.detail
