"""any_function.py and latex.py's \\lim: the derivative stated as a limit, checked for any function by substituting
functions kb computes; a statement about one particular f is never read so."""
from __future__ import annotations

import pytest
import sympy

from kb.check.any_function import decide
from kb.check.latex import LatexError, to_sympy
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex", [
    r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
    r"\frac{d}{dx} f(x) = \lim_{\Delta x \to 0} \frac{f(x + \Delta x) - f(x)}{\Delta x}",
    r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x-h)}{2h}",
    r"\frac{d}{dx}\left[f(x) + g(x)\right] = \lim_{h \to 0} \frac{f(x+h) + g(x+h) - f(x) - g(x)}{h}",
])
def test_a_right_definition_is_verified_for_any_function(latex):
    decision = check_note_formula(latex, "Derivative")
    assert (decision.status, decision.method) == ("verified", "identity")
    assert "with f = sin" in decision.detail and "with f = exp" in decision.detail


@pytest.mark.parametrize("latex, seen", [
    (r"f'(x) = \lim_{x \to 0} \frac{f(x+h) - f(x)}{h}", "h = 1/2, x = 1/2"),        # the limit over the wrong variable
    (r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x-h)}{h}", "limit gives 1.75517"),   # twice the derivative
    (r"\frac{d}{dx} f(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{x}", "with f = sin"),
])
def test_a_wrong_definition_differs_with_the_function_that_shows_it(latex, seen):
    decision = check_note_formula(latex, "Derivative")
    assert decision.status == "note_differs" and seen in decision.detail
    assert decision.verified_latex.startswith("f'(x) = \\lim_{h \\to 0}")


def test_only_a_derivative_against_a_limit_of_an_undefined_function_is_read():
    assert decide(r"f'(x) = f(x)(1 - f(x))", {}) is None                     # a sigmoid the text calls f
    assert decide(r"\lim_{x \to \infty} f(x) = 1", {}) is None                # a fact about one f
    assert decide(r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}", {"f(x)": "x^2"}) is None   # the section's f


def test_a_limit_of_known_functions_is_computed_and_one_of_an_unknown_function_is_not():
    x = sympy.Symbol("x")
    assert to_sympy(r"\lim_{h \to 0} \frac{\sin(x+h) - \sin(x)}{h}") == sympy.cos(x)
    assert to_sympy(r"\lim_{x \to \infty} \frac{1}{1 + e^{-x}}") == 1
    with pytest.raises(LatexError):
        to_sympy(r"\lim_{h \to 0} \frac{f(x+h) - f(x)}{h}")
    with pytest.raises(LatexError):
        to_sympy(r"\lim_{x \to 0} \frac{1}{x}")      # no two-sided limit
