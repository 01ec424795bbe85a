"""Identities checked with no registry entry: a known function (or its derivative) on the left, the note's
formula on the right, compared exactly (symbolic simplification, 50-digit evaluation). Notes written for
these tests."""
from __future__ import annotations

import pytest
import sympy

from kb.check.identity import KNOWN, TEXTBOOK, check_identity, check_with_definitions, parse_lhs
from kb.check.latex import to_sympy
from kb.check.link import check_note_formula


def test_sinh_written_with_a_plus_differs_at_zero():
    decision = check_identity(r"\sinh(x)=\frac{e^x+e^{-x}}{2}")
    assert decision is not None and decision.status == "note_differs"
    assert "at x = 0 the note's right side gives 1, \\sinh(x) is 0" in decision.detail
    assert decision.to_check().verified_latex == r"\sinh(x) = \frac{e^{x}-e^{-{x}}}{2}"


@pytest.mark.parametrize("latex", [
    r"\sigma'(x)=\sigma(x)(1-\sigma(x))",
    r"\tanh'(x)=1-\tanh^2(x)",
    r"\frac{d}{dx}\sigma(x) = \sigma(x)\left(1-\sigma(x)\right)",
    r"\frac{d\sigma}{dz} = \sigma(z)(1-\sigma(z))",
    r"\tanh(x) = 2\sigma(2x) - 1",
    r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}",
    r"\mathrm{ReLU}(x) = \max(0, x)",
    r"\sigma(x) = \frac{e^x}{1+e^x}",
])
def test_correct_identities_are_verified(latex):
    decision = check_identity(latex)
    assert decision is not None and decision.status == "verified", decision and decision.detail


def test_a_wrong_derivative_shows_the_counterexample_and_the_textbook_form():
    decision = check_identity(r"\sigma'(z) = \sigma(z)\,(1 + \sigma(z))")
    assert decision is not None and decision.status == "note_differs"
    assert "at z = 0 the note's right side gives 3/4, \\sigma'(z) is 1/4" in decision.detail
    assert decision.to_check().verified_latex == r"\sigma'(z) = \sigma({z})(1-\sigma({z}))"


def test_an_activation_that_is_constant_is_caught():
    decision = check_identity(r"\sigma(x) = \frac{e^{x}}{e^{x}}")
    assert decision is not None and decision.status == "note_differs"


def test_what_kb_cannot_compute_is_left_alone():
    assert check_identity(r"f(x) = x^2") is None                      # f is not a function kb knows
    assert check_identity(r"\sigma(x) = \frac{1}{1+e^{-ax}}") is None  # a symbol the left side does not have
    assert check_identity(r"\sigma = \sqrt{\mathrm{Var}(x)}") is None  # σ as a standard deviation, not called
    assert parse_lhs(r"\sigma(x)_j") is None


def test_the_linker_falls_back_to_identities():
    decision = check_note_formula(r"\cosh(x)=\frac{e^x-e^{-x}}{2}", "Hyperbolic functions")
    assert decision.status == "note_differs" and decision.formula is None


@pytest.mark.parametrize("key", sorted(TEXTBOOK))
def test_every_textbook_form_is_the_function(key):
    name, order = key
    x = sympy.Symbol("x")
    truth = sympy.diff(KNOWN[name](x), x, order)
    shown = to_sympy(TEXTBOOK[key].replace("{x}", "{x}"))
    for point in (sympy.Rational(1, 3), sympy.Rational(-2), sympy.Rational(5, 2)):
        assert abs((truth - shown).subs(x, point).evalf(40)) < 1e-30


@pytest.mark.parametrize("latex, status", [
    (r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}", "verified"),
    # the value at the kink is a convention: 1, 0 or 1/2 there is never a difference
    (r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}", "verified"),
    (r"\frac{d}{dx}\max(0, x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", "verified"),
    (r"\mathrm{ReLU}(x) = \begin{cases} x & x \ge 0 \\ 0 & \text{sonst} \end{cases}", "verified"),
    (r"\mathrm{ReLU}'(x) = \begin{cases} 0 & x > 0 \\ 1 & x < 0 \end{cases}", "note_differs"),
    (r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 1 \\ 0 & x \le 1 \end{cases}", "note_differs"),   # break moved
    (r"\mathrm{ReLU}(x) = \begin{cases} x & x < 0 \\ 0 & \text{otherwise} \end{cases}", "note_differs"),
])
def test_piecewise_identities_are_compared_away_from_break_points(latex, status):
    decision = check_identity(latex)
    assert decision is not None and decision.status == status, decision and decision.detail


def test_a_moved_break_point_is_shown_where_the_cases_disagree():
    decision = check_identity(r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 1 \\ 0 & x \le 1 \end{cases}")
    assert "at x = 1/2 the note's right side gives 0, \\mathrm{ReLU}'(x) is 1" in decision.detail


# ---- a left side that is an expression of known functions (Goodfellow's properties of σ and ζ) -------------

@pytest.mark.parametrize("latex, status", [
    (r"1 - \sigma(x) = \sigma(-x)", "verified"),
    (r"\sigma(x) + \sigma(-x) = 1", "verified"),
    (r"\log \sigma(x) = -\log(1 + e^{-x})", "verified"),
    (r"1 - \sigma(x) = \sigma(x)", "note_differs"),
])
def test_an_expression_of_known_functions_on_the_left_is_an_identity(latex, status):
    decision = check_identity(latex)
    assert decision is not None and decision.status == status, decision and decision.detail


@pytest.mark.parametrize("latex", [
    r"\max(0, x) = x",          # stated for x > 0: a kinked function on the left is left to the forms parse_lhs reads
    r"a = \sigma(z)",           # a name on the left
    r"x + 1 = \sigma(x)",       # no known function on the left: a letter's expression names nothing kb knows
])
def test_an_expression_left_side_that_is_not_certain_is_left_alone(latex):
    assert check_identity(latex) is None


def test_an_expression_left_side_is_never_judged_as_a_registry_entry_it_does_not_compute():
    # ζ is unknown without the section's definition: the left side names no quantity, whatever the words say
    decision = check_note_formula(r"\zeta(x) - \zeta(-x) = -x", "Die Softplus-Funktion\nEigenschaften:")
    assert decision.status == "not_checkable", decision.detail
    assert "left side is a sum of terms" in decision.detail


# ---- functions the section defines (ζ(x) = log(1 + exp(x)), g(z) = 1/(1 + e^{-z})) ------------------------

_SOFTPLUS = {r"\zeta(x)": r"\log(1 + \exp(x))"}
_SIGMOID = {"g(z)": r"\frac{1}{1 + e^{-z}}"}


@pytest.mark.parametrize("latex, definitions, status", [
    (r"\zeta(x) - \zeta(-x) = x", _SOFTPLUS, "verified"),
    (r"\zeta(x) - \zeta(-x) = -x", _SOFTPLUS, "note_differs"),
    (r"\log \sigma(x) = -\zeta(-x)", _SOFTPLUS, "verified"),
    (r"\zeta'(x) = \sigma(x)", _SOFTPLUS, "verified"),
    (r"g'(z) = g(z)\left(1 - g(z)\right)", _SIGMOID, "verified"),
    (r"g'(z) = g(z)\left(1 + g(z)\right)", _SIGMOID, "note_differs"),
])
def test_the_sections_definitions_make_an_identity(latex, definitions, status):
    decision = check_with_definitions(latex, definitions, lambda _text: True)
    assert decision is not None and decision.status == status, decision and decision.detail
    assert "section's definition" in decision.detail


def test_the_definition_itself_and_unknown_calls_are_left_alone():
    assert check_with_definitions(r"\zeta(x) = \log(1 + \exp(x))", _SOFTPLUS, lambda _text: True) is None
    assert check_with_definitions(r"h(x) = g(\theta^T x)", _SIGMOID, lambda _text: True) is None


def test_against_a_definition_kb_does_not_verify_a_difference_is_not_claimed():
    decision = check_with_definitions(r"g'(z) = g(z)\left(1 + g(z)\right)", _SIGMOID, lambda _text: False)
    assert decision is not None and decision.status == "not_checkable"
    assert "mistake may be the definition's" in decision.detail


def test_the_linker_uses_a_section_definition_it_verifies():
    definitions = {r"\zeta(x)": r"\log(1 + \exp(x))"}
    right = check_note_formula(r"\zeta(x) - \zeta(-x) = x", "Softplus", definitions=definitions)
    wrong = check_note_formula(r"\log \sigma(x) = \zeta(-x)", "Softplus", definitions=definitions)
    assert (right.status, wrong.status) == ("verified", "note_differs"), (right.detail, wrong.detail)


# ---- a derivative with parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("latex, status", [
    (r"\frac{d}{dv}\left(A\sin(Bv + C)\right) = AB\cos(Bv + C)", "verified"),
    (r"\frac{d}{dv}\left(A\sin(Bv + C)\right) = A\cos(Bv + C)", "note_differs"),   # the chain rule's B left out
    (r"\frac{d}{dv} \ln(1 + e^{av}) = \frac{a}{1 + e^{-av}}", "verified"),
    (r"\frac{d}{dv} \ln(1 + e^{av}) = \frac{1}{1 + e^{-av}}", "note_differs"),     # the factor a left out
    (r"\frac{d}{dx}\left(\frac{1}{1 + e^{-ax}}\right) = \frac{ae^{-ax}}{(1 + e^{-ax})^2}", "verified"),
    (r"\frac{\partial}{\partial x} \sigma(wx + b) = w\sigma(wx + b)(1 - \sigma(wx + b))", "verified"),
])
def test_a_derivative_holds_the_other_letters_constant(latex, status):
    """The ordinary derivative d/dv of an expression in v and parameters (A, B, C of a sinusoid, the slope a of a
    softplus): the letters written with no argument are constants."""
    decision = check_identity(latex)
    assert decision is not None and decision.status == status, decision and decision.detail
    if status == "note_differs":
        assert "held constant" in decision.detail


@pytest.mark.parametrize("latex", [
    r"\frac{d}{dx}\left(x^2 y\right) = 2xy + x^2",               # no function kb knows everywhere: y may be y(x)
    r"\frac{d}{dv}\left(A\sin(Bv + C)\right) = AB\cos(Bv + D)",  # a letter the left side does not have
    r"\frac{d}{dx}\left(\max(0, ax)\right) = a",                 # a kink
    r"\frac{d}{dx}\left(\sin(\omega x)\right) = \cos(\omega x)", # a parameter that is no letter
])
def test_a_derivative_with_parameters_kb_cannot_be_certain_of_is_left_alone(latex):
    assert check_identity(latex) is None or check_identity(latex).status == "not_checkable"


def test_a_derivative_of_the_sections_function_with_parameters():
    definitions = {r"\varphi(v)": r"A\sin(Bv + C)"}
    right = check_with_definitions(r"\varphi'(v) = AB\cos(Bv + C)", definitions, lambda text: False)
    assert right is not None and right.status == "verified"
    wrong = check_with_definitions(r"\varphi'(v) = A\cos(Bv + C)", definitions, lambda text: False)
    assert wrong is not None and wrong.status == "not_checkable"   # kb does not verify the definition itself
