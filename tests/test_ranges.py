"""Stated ranges and bounds of named functions: the range (∈ I) must have the right ends, open where the
function only approaches them and closed where it attains them; a bound (≤, <) is wrong only where the function
breaks it. Claims written for these tests."""
from __future__ import annotations

import pytest

from kb.cards.formula import is_range_claim
from kb.check.link import check_note_formula
from kb.check.ranges import check_range


@pytest.mark.parametrize("latex", [
    r"\sigma'(x) \in (0, 0.25]", r"\sigma(x) \in (0, 1)", r"0 < \sigma(x) < 1", r"\sigma'(x) \le \frac{1}{4}",
    r"\mathrm{ReLU}(x) \in [0, \infty)", r"\mathrm{softmax}(z)_i \in \left(0, 1\right)", r"\sigma'(x) \le 0.5",
    r"\tanh(x) \in (-1, 1)",
])
def test_a_right_range_or_bound_is_verified(latex):
    decision = check_range(latex)
    assert decision is not None and decision.status == "verified", decision and decision.detail


@pytest.mark.parametrize("latex, why", [
    (r"\sigma(x) \in [0, 1]", "never reaches 0"),                 # closed ends σ never attains
    (r"\sigma'(x) \in (0, 0.25)", "equals 1/4 at x = 0"),         # σ' attains its maximum 1/4
    (r"\sigma'(x) < \frac{1}{4}", "equals 1/4 at x = 0"),
    (r"\tanh(x) \in (0, 1)", "beyond the stated lower end 0"),    # tanh is negative for x < 0
    (r"\mathrm{ReLU}(x) \in (0, \infty)", "equals 0 at x = 0"),
    (r"\mathrm{swish}(x) \ge 0", "at x = -1/8"),                  # swish dips below 0
])
def test_a_wrong_range_or_bound_differs_with_a_counterexample(latex, why):
    decision = check_range(latex)
    assert decision is not None and decision.status == "note_differs", decision and decision.detail
    assert why in decision.detail and "its range is" in decision.detail
    assert decision.to_check().verified_latex is not None


def test_a_loose_bound_is_true_but_a_loose_range_is_not():
    assert check_range(r"\sigma'(x) \le 1").status == "verified"
    loose = check_range(r"\sigma'(x) \in (0, 1]")
    assert loose.status == "note_differs" and "supremum is 1/4" in loose.detail


@pytest.mark.parametrize("latex", [r"x \in (0, 1)", r"\sigma(x) \in \mathbb{R}", r"f(x) \in (0, 1)",
                                   r"\mathrm{ReLU}'(x) \in \{0, 1\}", r"\sin(x) \in [-1, 1]"])
def test_what_kb_cannot_compute_is_left_to_other_checks(latex):
    assert check_range(latex) is None


def test_a_range_claim_becomes_a_checked_formula():
    assert is_range_claim(r"\sigma'(x) \in (0, 0.25]") and is_range_claim(r"0 < \sigma(x) < 1")
    assert not is_range_claim(r"x \in \mathbb{R}^{N \times D}")
    assert check_note_formula(r"\sigma(x) \in [0, 1]", "Sigmoid").status == "note_differs"
    unknown = check_note_formula(r"g(x) \in (0, 1)", "Some function")
    assert unknown.status == "not_checkable"


def test_a_range_beside_its_functions_derivative_on_one_line_is_checked_as_the_range():
    """`tanh'(x) = 1 - tanh²(x)` and `tanh'(x) ∈ (0, 1)` on one line share their left side: each card is
    checked as the formula it shows, so the wrong range is caught and the derivative verified."""
    from kb.cards import make_cards
    from kb.check.link import attach_checks
    from tests.parse_helpers import parse_text

    note = parse_text("# Tanh\n\nDerivative: $\\tanh'(x) = 1 - \\tanh^2(x)$, with values $\\tanh'(x) \\in (0, 1)$.\n",
                      "tanh.md")
    checks = {c.check.note_latex: c.check.status for c in attach_checks([note], make_cards(note))
              if c.kind == "formula" and c.check}
    assert checks == {"\\tanh'(x) = 1 - \\tanh^2(x)": "verified", "\\tanh'(x) \\in (0, 1)": "note_differs"}
