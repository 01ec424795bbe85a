"""Chains `a = b = c` and worked substitutions, checked step by step under the values the text states.

`\\frac{W-F+2P}{S}+1=\\frac{W-3+2}{1}+1=W` after "with F = 3, P = 1, S = 1" is three claims: each step must
equal the next once the stated values are put in. A step is decided when both sides become numbers (exact
arithmetic; a rounded decimal agrees to its last digit) or when the values make them the same expression.
A step that still depends on a symbol the text gives no value for is not a mistake kb can claim, unless the
two sides differ by a constant (then they differ for every value).
"""
from __future__ import annotations

import re
from functools import lru_cache

import sympy

from kb.check.decision import Decision, Evidence
from kb.check.latex import LatexError, symbol_key, to_sympy
from kb.check.latex_text import STATED_VALUE_END
from kb.check.worked import values_equal

# `F = 3`, `$P=1$`, `\alpha = 0.1`: a name set to a number (not `P = 2P`, not `x = 3y`, not `a = 1/(1+e^{-z})`)
_STATED = re.compile(r"(?<![\w\\])(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*=\s*(-?\d+(?:\.\d+)?)" + STATED_VALUE_END)


def stated_values(context: str) -> dict[sympy.Symbol, sympy.Rational]:
    """The values the text gives symbols, by the name the LaTeX translator gives them."""
    return {sympy.Symbol(symbol_key(name)): sympy.Rational(value) for name, value in _STATED.findall(context)}


def check_steps(latex: str, parts: list[str], relations: list[str], context: str) -> Decision | None:
    """The chain's verdict step by step, or None when no step involves a number or a stated value."""
    if len(parts) < 2:
        return None
    exprs = []
    for part in parts:
        try:
            exprs.append(to_sympy(part))
        except (LatexError, TypeError, ValueError):
            exprs.append(None)
    parts, exprs, relations = _without_output_names(parts, exprs, relations)
    start = 1 if exprs[0] is None or isinstance(exprs[0], sympy.Symbol) else 0   # `O = ...`: a name, not a step
    if any(e is None for e in exprs[start:]) or len(parts) - start < 2 or any(r not in ("=", "\\approx") for r in relations):
        return None
    values = stated_values(context)
    used = {s for e in exprs[start:] for s in e.free_symbols if s in values}
    decided = False
    for k in range(start, len(parts) - 1):
        left, right = (_put_in(exprs[k], values), _put_in(exprs[k + 1], values))
        if _undefined(left) or _undefined(right):
            # a(1-a)(-y/a + ...) at a = 1 divides by zero: a point outside the step's domain is no counterexample
            return Decision("not_checkable", latex, detail=(
                f"step {parts[k]} = {parts[k + 1]} is undefined{_under(used, values)}: nothing to compare"))
        if left.is_number and right.is_number:
            decided = True
            if not values_equal(left, right, parts[k + 1], relations[k] != "=", parts[:k + 1]):
                return _differs(latex, parts, k, left, right, used, values)
            continue
        difference = _simplified(left - right)
        if difference == 0:
            decided = decided or bool(exprs[k].free_symbols & set(values))
            continue
        if difference.is_number:
            return _differs(latex, parts, k, left, right, used, values)
        if not decided and not used:
            return None
        # (a Σ over a data vector the text gives no values for, dsum(0): no symbol left, and no number either)
        names = ", ".join(sorted(s.name for s in difference.free_symbols)) or "the data it sums"
        return Decision("not_checkable", latex, detail=(
            f"step {parts[k]} = {parts[k + 1]} holds only for some values of {names}, and the text states none"))
    if not decided:
        return None
    return Decision("verified", latex, detail=(
        f"each of the {len(parts) - 1 - start} steps holds{_under(used, values)} (exact arithmetic)"),
        examples=1, evidence=Evidence(parts[0] if start else "", "", {}), method="steps")


# A step's difference is simplified for every note that repeats the step (copies of a formula in many notes,
# a chain repeated per section): kept per expression, since simplify is a pure function of it and the costliest
# part of checking a chain.
@lru_cache(maxsize=4096)
def _simplified(difference: sympy.Expr) -> sympy.Expr:
    return sympy.simplify(difference)


def _put_in(expr: sympy.Expr, values: dict[sympy.Symbol, sympy.Rational]) -> sympy.Expr:
    """The expression under the stated values. The index of a sum or product is bound, not a value the text
    gives: "for i = 1" beside Σ_{i=1}^{M} x_i says nothing of the sum, and putting 1 in for its index is no
    expression at all (sympy refuses the limits (1, 1, M))."""
    bound = {v for op in expr.atoms(sympy.Sum, sympy.Product) for v in op.variables}
    return expr.xreplace({s: v for s, v in values.items() if s not in bound}).doit()


def _without_output_names(parts: list[str], exprs: list, relations: list[str]) -> tuple[list[str], list, list[str]]:
    """The chain without a middle part that is a name met nowhere else in it: in `g(z) = a = max(0, z)` (Ng's
    notation) `a` names the layer's output, it is no step that must hold for every a."""
    drop = set()
    for k in range(1, len(parts) - 1):
        others = [e for j, e in enumerate(exprs) if j != k]
        if (isinstance(exprs[k], sympy.Symbol) and relations[k - 1] == relations[k] == "="
                and all(e is not None and exprs[k] not in e.free_symbols for e in others)):
            drop.add(k)
    return ([p for k, p in enumerate(parts) if k not in drop], [e for k, e in enumerate(exprs) if k not in drop],
            [r for k, r in enumerate(relations) if k not in drop])


def _differs(latex: str, parts: list[str], k: int, left: sympy.Expr, right: sympy.Expr,
             used: set[sympy.Symbol], values: dict[sympy.Symbol, sympy.Rational]) -> Decision:
    return Decision("note_differs", latex, detail=(
        f"step {parts[k]} = {parts[k + 1]} fails{_under(used, values)}: the left gives {_show(left)}, "
        f"the right {_show(right)}"), examples=1, verified_latex=f"{parts[k]} = {sympy.latex(left)}", method="steps")


def _undefined(value: sympy.Expr) -> bool:
    return value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


def _under(used: set[sympy.Symbol], values: dict[sympy.Symbol, sympy.Rational]) -> str:
    if not used:
        return ""
    return " under " + ", ".join(f"{s.name} = {values[s]}" for s in sorted(used, key=lambda s: s.name))


def _show(expr: sympy.Expr) -> str:
    if expr.is_Rational:
        return str(expr)
    if expr.is_number:
        return f"{float(expr):.6g}"
    return str(expr)
