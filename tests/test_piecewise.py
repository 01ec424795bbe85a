"""Piecewise definitions (`\\begin{cases}`): read as a sympy Piecewise, conditions in words of any language,
evaluated per element with the points no case covers left open."""
from __future__ import annotations

import pytest
import sympy

from kb.check.latex import CARD, LatexError, parse_formula, to_sympy

S = sympy.Symbol

X = S("x")


@pytest.mark.parametrize("latex, rows", [
    (r"\begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
     [(X, X > 0), (S("alpha") * (sympy.exp(X) - 1), True)]),
    (r"\begin{cases} x, & \text{if } x \geq 0 \\ 0, & \text{otherwise} \end{cases}", [(X, X >= 0), (0, True)]),
    (r"\begin{cases} 1 & \text{falls } 0 < x < 1 \\ 0 & \text{sonst} \end{cases}",
     [(1, sympy.And(X > 0, X < 1)), (0, True)]),
    (r"\begin{cases} x & \text{si } x \gt 0 \\ 0.01x & \text{sinon} \end{cases}",
     [(X, X > 0), (X / 100, True)]),
    (r"\begin{cases} x & x \geq 0 \\ 0 & 否则 \end{cases}", [(X, X >= 0), (0, True)]),
    (r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}", [(1, X > 0), (0, X < 0)]),
    (r"\begin{cases} 1 & \text{если } |x| < 1 \\ 0 & \text{иначе} \end{cases}", [(1, CARD(X) < 1), (0, True)]),
    # a condition in parentheses, as Japanese textbooks write it (ゼロから作る Deep Learning)
    (r"\begin{cases} 1 & (x>0) \\ 0 & (x \leq 0) \end{cases}", [(1, X > 0), (0, X <= 0)]),
    (r"\begin{cases} x & (\text{if } x > 0) \\ 0 & (x \le 0) \end{cases}", [(X, X > 0), (0, X <= 0)]),
    (r"\begin{cases} 1 & (x+1) > 0 \\ 0 & (x+1) \le 0 \end{cases}", [(1, X + 1 > 0), (0, X + 1 <= 0)]),  # a side's brackets   # |x| of a name: a size or, of a number, its absolute value
])
def test_cases_read_as_piecewise(latex, rows):
    assert to_sympy(latex) == sympy.Piecewise(*rows)


@pytest.mark.parametrize("latex", [
    r"\begin{cases} 1 & \text{when it rains} \\ 0 & \text{otherwise} \end{cases}",   # a condition in words
    r"\begin{cases} 1 & \text{vielleicht } x > 0 \\ 0 & \text{sonst} \end{cases}",  # an unknown lead-in word
    r"\begin{cases} 1 & x > 0 \\ 0 & x < 0",                                        # unclosed
])
def test_cases_kb_cannot_read_are_errors(latex):
    with pytest.raises(LatexError):
        to_sympy(latex)


def test_relations_inside_cases_are_not_the_formulas():
    parsed = parse_formula(r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha(e^x - 1) & x \le 0 \end{cases}")
    assert parsed.lhs_latex == r"\mathrm{ELU}(x)" and isinstance(parsed.rhs, sympy.Piecewise)


def test_a_piecewise_evaluates_per_element_and_leaves_uncovered_points_open():
    import numpy as np

    from kb.check.latex import compile_numeric, unstated_points

    both = compile_numeric(to_sympy(r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"))
    env = {"x": np.array([-2.0, 0.0, 3.0])}
    values = both(env)
    assert values[0] == 0 and values[2] == 1 and np.isnan(values[1])
    assert unstated_points(both, env).tolist() == [False, True, False]
    full = compile_numeric(to_sympy(r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"), exact=True)
    assert full({"x": sympy.Rational(-1, 2)}) == 0 and full({"x": 3}) == 3
    assert unstated_points(full, {"x": 0}) is False


def test_a_display_environment_around_one_equation_is_layout_even_with_cases_inside():
    # `$$\begin{eqnarray} h(x) = \begin{cases} ... \end{cases} \end{eqnarray}$$`: the rows of the cases are not
    # rows of the eqnarray, and their `&` are no alignment marks of it
    from kb.check.latex_text import strip_formula

    written = r"\begin{eqnarray} h(x) = \begin{cases} x & (x>0) \\ 0 & (x \leq 0) \end{cases} \end{eqnarray}"
    assert strip_formula(written).split() == r"h(x) = \begin{cases} x & (x>0) \\ 0 & (x \leq 0) \end{cases}".split()
    parsed = parse_formula(strip_formula(written))
    assert parsed.rhs == sympy.Piecewise((X, X > 0), (0, X <= 0))
