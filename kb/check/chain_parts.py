"""A chain `a = b = c` states that its rewritings b, c, ... are one value: two that differ make the chain false,
whatever quantity `a` names.

Checking a chain against registry entries reads each link as an equation of its own, and two links can then agree
with two entries that are different quantities: the course derivation `∂L/∂b = -(y/ŷ - (1-y)/(1-ŷ)) ŷ(1-ŷ) =
-(ŷ - y)` has its middle part ŷ - y (the gradient of sigmoid + cross-entropy) and its last part y - ŷ (a boosting
residual), so every link "agreed" with something while the chain itself is false. Comparing the parts after the
left side with each other needs no entry at all.

Only scalar algebra is compared, where a misreading is unlikely: every part after the left side built from
lowercase names, numbers and functions kb knows everywhere (exp, log, tanh, ...), with no transpose, norm,
sum, bold vector, derivative notation, kink or case (a `max(0, x) = x` is written for x > 0), and no words or
commas (a condition `, y = 1` may follow a step). Two parts are compared only when they use the same names (a
part with one name fewer may state a special case, `= -log ŷ` for y = 1), at positive values only (an author's
√(x²) = x takes x ≥ 0); they differ when both are real and finite and differ at two points or more, never at one
(a convention at a break point), as the identity checks claim. A decimal a part brings in is a rounded value
(`= \\frac{m}{0.19} = 5.26 m`): two parts differ only by more than that rounding allows (kb.check.rounding).
"""
from __future__ import annotations

import itertools
import re

import sympy

from kb.check import rounding
from kb.check.decision import Decision, Evidence
from kb.check.identity import MIN_DIFFERENCES, MIN_POINTS, _SMOOTH, _short, _value_at, compare_on_grid
from kb.check.latex import LatexError, split_chain, strip_formula, to_sympy

METHOD = "chain"     # how `kb verify` names this check (it has no registry entry)
# values each name takes (every combination): positive only, 1 first so a label y = 1 is tried first
GRID = tuple(sympy.Rational(p) for p in ("1", "1/2", "1/3", "2", "3"))
MAX_NAMES = 3        # parts of more names are not compared (the grid grows as 5^names)
# notation whose algebra is not a scalar's, or a part that is no bare value: vectors and matrices (transposes,
# bold letters, norms), derivatives and sums (their own checks read them), words, comments and conditions
_NOT_SCALAR = re.compile(r"\\(?:partial|nabla|sum|prod|int|lim|max|min|arg|mathbf|boldsymbol|bm|vec|top|intercal|"
                         r"text|mbox|mathrm|operatorname|quad|qquad|pm|mp|dots|cdots|ldots|mathbb|mathcal|left\s*\||"
                         r"lVert|Vert|begin)(?![A-Za-z])|\^\s*\{?\s*[T(\[]|[,;|%!']|\\\||\\[dt]?frac\s*\{\s*d|"
                         r"\\[dt]?frac\s*\{[^{}]*\}\s*\{\s*d|\bif\b|\bfor\b")
# LaTeX's spacing commands (`(\hat y - y)\,x`): no comma, semicolon or factorial
_SPACING = re.compile(r"\\[,;:! ]")
# a name is a scalar's: a lowercase letter or Greek letter's name, an accent over it, a subscript
_SCALAR_NAME = re.compile(r"(?:hat|bar|tilde|dot|check)?[a-z]+(?:_\w+)?")


def check_parts(latex: str) -> Decision | None:
    """note_differs when two rewritings of a chain of equalities differ; None when none differ or kb cannot
    compare them."""
    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return None
    if len(parts) < 3 or any(r != "=" for r in relations):
        return None
    values = [(part, _scalar(part), _rounded(part, parts[:k + 1])) for k, part in enumerate(parts[1:])]
    if _assigned_name_reused([expr for _, expr, _ in values if expr is not None]):
        return None   # (the first part names what the chain computes)
    for (left, a, a_rounded), (right, b, b_rounded) in itertools.combinations([v for v in values if v[1] is not None], 2):
        if a.free_symbols != b.free_symbols or len(a.free_symbols) > MAX_NAMES:
            continue
        if (differing := _differing(a, b, a_rounded, b_rounded)) is not None:
            return _differs(latex, left, right, *differing)
    return None


def _rounded(part: str, earlier: list[str]) -> list[tuple[sympy.Expr, sympy.Expr]] | None:
    """The part read with each decimal it brings in (one no earlier part writes) at either end of the interval it
    rounds (kb.check.rounding); None when a reading cannot be read."""
    readings = [tuple(_scalar(text) for text in pair) for pair in rounding.rounded_readings(part, earlier)]
    return None if any(e is None for pair in readings for e in pair) else readings


def _assigned_name_reused(exprs: list[sympy.Expr]) -> bool:
    """`f(x) = y = y + 1`: a part that is a bare name another part computes with is a variable given a new value
    (a program's step, `y = y + 1`), not a rewriting of one value; such a chain states no equality."""
    names = {expr for expr in exprs if isinstance(expr, sympy.Symbol)}
    return any(name in other.free_symbols for name in names for other in exprs if other != name)


def _scalar(part: str) -> sympy.Expr | None:
    """The part as a scalar expression of names, or None when it is not one kb compares."""
    if _NOT_SCALAR.search(_SPACING.sub(" ", part)):
        return None
    try:
        expr = to_sympy(part)
    except (LatexError, TypeError, ValueError):
        return None
    if not isinstance(expr, sympy.Expr) or not expr.free_symbols:
        return None   # a number: a worked step, left to the arithmetic checks (a rounded value is no mistake)
    if any(not _SCALAR_NAME.fullmatch(s.name) for s in expr.free_symbols):
        return None
    if any(not isinstance(f, _SMOOTH) for f in expr.atoms(sympy.Function)):
        return None
    return expr


def _differing(a: sympy.Expr, b: sympy.Expr, a_rounded: list | None, b_rounded: list | None
               ) -> tuple[dict, sympy.Float, sympy.Float, int, int] | None:
    """(the first point where they differ by more than the rounding of their decimals allows, both values there,
    points differing, points compared), or None when they agree or differ at too few points to claim anything
    (or a rounded reading cannot be computed)."""
    if a_rounded is None or b_rounded is None:
        return None
    compared, differing = compare_on_grid(a, b, sorted(a.free_symbols, key=lambda s: s.name), GRID)
    differing = [(at, left, right) for at, left, right in differing
                 if not _within_rounding(at, left, right, a_rounded, b_rounded)]
    if compared < MIN_POINTS or len(differing) < MIN_DIFFERENCES:
        return None
    at, left, right = differing[0]
    return at, left, right, len(differing), compared


def _within_rounding(at: dict, left: sympy.Float, right: sympy.Float, a_rounded: list, b_rounded: list) -> bool:
    values = [[tuple(_value_at(e, at) for e in pair) for pair in rounded] for rounded in (a_rounded, b_rounded)]
    if any(v is None for side in values for pair in side for v in pair):
        return False
    return rounding.within_rounding(left, right, *values)


def _differs(latex: str, left: str, right: str, at: dict, a: sympy.Float, b: sympy.Float, count: int,
             compared: int) -> Decision:
    shown = ", ".join(f"{s.name} = {v}" for s, v in at.items())
    return Decision("note_differs", latex, detail=(
        f"the chain's parts {left} and {right} are not equal: at {shown} the first is {_short(a)} and the second "
        f"{_short(b)} (differ at {count} of {compared} points), so a step between them is wrong"),
        examples=compared, evidence=Evidence(latex.split("=", 1)[0].strip(), "", {s.name: s.name for s in at}),
        method=METHOD)
