"""Stated ranges and bounds of a named function: `\\sigma'(x) \\in (0, 0.25]`, `0 < \\sigma(x) < 1`,
`\\tanh'(x) \\le 1`.

`f(x) \\in I` states the range (the set of values f takes over the real line), so its ends must be the infimum
and the supremum and each end must be closed exactly when f attains it (σ' attains 1/4 at 0; σ never reaches 0
or 1). An inequality states a bound: it is wrong only where f breaks it (`σ'(x) < 1/4` fails at x = 0); a loose
bound is still true.

The truth: the function (or its derivative) is built by sympy as the identity checks build it; its limits at
±∞ come from sympy, its interior extremes from a dense grid refined by Newton's method on f' at 50 digits. Only
functions that are continuous on the whole real line are judged (an interior extreme above both limits is then
attained); anything else, or a claim kb cannot read, gives None (the caller's other checks decide).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from kb.check.decision import Decision, Evidence
from kb.check.identity import KnownSide, parse_lhs
from kb.check.latex import LatexError, to_sympy

# x in [-40, 40], step 1/8, nearest to 0 first (a counterexample is shown at the simplest point)
GRID = tuple(sorted((sympy.Rational(k, 8) for k in range(-320, 321)), key=lambda p: (abs(p), p)))
TOLERANCE = sympy.Float(10) ** -30                                  # two values closer than this are equal
EXACT = sympy.Float(10) ** -45      # a grid value this close to a limit is checked for exact equality
DIGITS = 50
METHOD = "range"
# Functions whose value and first derivative are continuous on the real line (ReLU's derivative is not).
_CONTINUOUS = {("sigma", 0), ("sigma", 1), ("sigmoid", 0), ("sigmoid", 1), ("tanh", 0), ("tanh", 1),
               ("softplus", 0), ("softplus", 1), ("swish", 0), ("swish", 1), ("silu", 0), ("silu", 1),
               ("relu", 0), ("arctan", 0), ("arctan", 1), ("exp", 0), ("exp", 1), ("sinh", 0), ("cosh", 0),
               ("softmax", 0)}
_NAME = re.compile(r"\\?(?:mathrm|operatorname|text)?\{?\\?([A-Za-z]+)")
_INTERVAL = re.compile(r"^\s*\\in\s*(?:\\left)?\s*([(\[])(.+),(.+?)(?:\\right)?\s*([)\]])\s*$")
_SOFTMAX = re.compile(r"^\\(?:mathrm|operatorname|text)\{softmax\}\s*\((?P<arg>[^()]+)\)\s*(?:_\{?\s*\w+\s*\}?)?$"
                      r"|^softmax\s*\((?P<arg2>[^()]+)\)\s*(?:_\{?\s*\w+\s*\}?)?$")
_LESS = {"<": (False, "upper"), "\\le": (True, "upper"), "\\leq": (True, "upper"),
         ">": (False, "lower"), "\\ge": (True, "lower"), "\\geq": (True, "lower")}
_CHAIN = re.compile(r"(\\leq?|\\geq?|<|>)(?![A-Za-z])")


@dataclass(frozen=True)
class End:
    value: sympy.Expr        # a number, or ±oo
    closed: bool


@dataclass(frozen=True)
class Claim:
    side: KnownSide
    lower: End | None
    upper: End | None
    is_range: bool           # `∈ I` states the range; an inequality only a bound


@dataclass(frozen=True)
class Extreme:
    value: sympy.Expr        # the infimum or supremum (±oo allowed)
    attained_at: sympy.Expr | None   # a point where f takes it, None when only approached


def parse_claim(latex: str) -> Claim | None:
    """The function and the range or bounds the note states for it; None when this is not such a claim."""
    text = latex.strip().strip("$").strip().rstrip(".,;")
    text = re.sub(r"\\(?:quad|qquad|,|;|!)|\\text\{\s*for all[^}]*\}", " ", text)
    text = re.sub(r"\\forall.*$|,?\s*x\s*\\in\s*\\mathbb\{R\}\s*$", "", text).strip()
    if "\\in" in text:
        lhs, _, rest = text.partition("\\in")
        match = _INTERVAL.match("\\in" + rest)
        side = _side(lhs)
        if match is None or side is None:
            return None
        lower, upper = _number(match.group(2)), _number(match.group(3))
        if lower is None or upper is None:
            return None
        return Claim(side, End(lower, match.group(1) == "["), End(upper, match.group(4) == "]"), True)
    parts = _CHAIN.split(text)
    if len(parts) == 3:                     # f(x) <= b, or b >= f(x)
        return _one_bound(parts[0], parts[1], parts[2]) or _one_bound(parts[2], _flip(parts[1]), parts[0])
    if len(parts) == 5 and _direction(parts[1]) == _direction(parts[3]):   # a < f(x) <= b
        side = _side(parts[2])
        low, high = _number(parts[0]), _number(parts[4])
        if side is None or low is None or high is None:
            return None
        first, second = _LESS[parts[1]][0], _LESS[parts[3]][0]
        if _direction(parts[1]) == "upper":   # a < f < b
            return Claim(side, End(low, first), End(high, second), False)
        return Claim(side, End(high, second), End(low, first), False)   # b > f > a
    return None


def _one_bound(lhs: str, relation: str, rhs: str) -> Claim | None:
    side, bound = _side(lhs), _number(rhs)
    if side is None or bound is None:
        return None
    closed, which = _LESS[relation]
    end = End(bound, closed)
    return Claim(side, end if which == "lower" else None, end if which == "upper" else None, False)


def _flip(relation: str) -> str:
    return {"<": ">", ">": "<", "\\le": "\\ge", "\\leq": "\\geq", "\\ge": "\\le", "\\geq": "\\leq"}[relation]


def _direction(relation: str) -> str:
    return _LESS[relation][1]


def _side(latex: str) -> KnownSide | None:
    """A named function of one variable kb computes and judges ranges of (softmax: one component, whose
    range over R^n, n ≥ 2, is the sigmoid's: softmax(z)_i = σ(z_i − log Σ_{j≠i} e^{z_j}))."""
    text = latex.strip()
    if _SOFTMAX.match(text):
        x = sympy.Symbol("t")
        return KnownSide(1 / (1 + sympy.exp(-x)), x, text, None)
    side = parse_lhs(text)
    if side is None:
        return None
    name = (_NAME.match(re.sub(r"\\frac\{d\}\{d[a-z]\}|\\frac\{d", "", text)) or [None, ""])[1].lower()
    order = 1 if ("'" in text or "\\prime" in text or "frac{d" in text) else 0
    return side if (name, order) in _CONTINUOUS and side.textbook is not None else None


def _number(latex: str) -> sympy.Expr | None:
    text = latex.strip()
    if re.fullmatch(r"\+?\\infty", text):
        return sympy.oo
    if re.fullmatch(r"-\\infty", text):
        return -sympy.oo
    try:
        value = to_sympy(text)
    except (LatexError, TypeError, ValueError):
        return None
    return value if value.is_number and value.is_real else None


def extremes(side: KnownSide) -> tuple[Extreme, Extreme, list] | None:
    """The infimum and supremum of the function over the real line, where each is attained, and the grid's
    (point, value) pairs."""
    f, x = side.truth, side.variable
    try:
        limits = (sympy.limit(f, x, -sympy.oo), sympy.limit(f, x, sympy.oo))
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not all(v.is_extended_real for v in limits):   # an oscillation (AccumBounds) or a complex value
        return None
    import mpmath

    numeric = sympy.lambdify(x, f, "mpmath")
    with mpmath.workdps(DIGITS):
        try:
            values = [(point, sympy.Float(numeric(mpmath.mpf(point.p) / point.q), DIGITS)) for point in GRID]
        except (ValueError, TypeError, ZeroDivisionError):
            return None
    if not all(v.is_finite for _, v in values):
        return None
    low, high = _extreme(f, x, values, min(limits), lowest=True), _extreme(f, x, values, max(limits), lowest=False)
    return low, high, values


def _extreme(f: sympy.Expr, x: sympy.Symbol, values: list, limit: sympy.Expr, lowest: bool) -> Extreme:
    point, value = (min if lowest else max)(values, key=lambda pv: pv[1])
    beyond = (value < limit - TOLERANCE) if lowest else (value > limit + TOLERANCE)
    if beyond:   # an interior extreme of a continuous function beyond both limits: attained; refine it
        refined = _refine(f, x, point)
        if refined is not None:
            better = f.subs(x, refined).evalf(DIGITS)
            if (better <= value) if lowest else (better >= value):
                return Extreme(better, refined)
        return Extreme(value, point)
    # the limit is the extreme; it is attained only where f equals it exactly (ReLU's 0 on x ≤ 0)
    for grid_point, grid_value in values:
        if limit.is_finite and abs(grid_value - limit) < EXACT and sympy.simplify(f.subs(x, grid_point) - limit) == 0:
            return Extreme(limit, grid_point)
    return Extreme(limit, None)


def _refine(f: sympy.Expr, x: sympy.Symbol, start: sympy.Expr) -> sympy.Expr | None:
    try:
        return sympy.nsolve(sympy.diff(f, x), x, start, prec=DIGITS)
    except (ValueError, ZeroDivisionError, TypeError):
        return None


def check_range(latex: str) -> Decision | None:
    """Verified or note_differs for a stated range or bound of a known function; None when kb cannot read
    the claim or compute the function's extremes."""
    claim = parse_claim(latex)
    if claim is None:
        return None
    found = extremes(claim.side)
    if found is None:
        return None
    low, high, values = found
    truth = _shown_range(low, high)
    evidence = Evidence(claim.side.shown, "", {claim.side.variable.name: claim.side.variable.name})
    problems = [p for p in (_check_end(claim, claim.lower, low, "lower", values),
                            _check_end(claim, claim.upper, high, "upper", values)) if p]
    if problems:
        return Decision("note_differs", latex, detail=f"{claim.side.shown}: {'; '.join(problems)} (its range is {truth})",
                        examples=len(GRID), evidence=evidence, verified_latex=f"{claim.side.shown} \\in {truth}",
                        method=METHOD)
    kind = "range" if claim.is_range else "bound"
    return Decision("verified", latex, detail=f"{kind}: {claim.side.shown} ranges over {truth} on the real line",
                    examples=len(GRID), evidence=evidence, verified_latex=f"{claim.side.shown} \\in {truth}",
                    method=METHOD)


def _check_end(claim: Claim, end: End | None, extreme: Extreme, which: str, values: list) -> str:
    """What is wrong with one stated end ('' when nothing is)."""
    if end is None:
        return ""
    x = claim.side.variable
    sign = -1 if which == "lower" else 1       # an upper end is broken by values above it
    gap = sign * (extreme.value - end.value) if (extreme.value.is_finite and end.value.is_finite) else None
    if gap is None:
        if extreme.value == end.value:
            return f"it never reaches {_show(end.value)}, so that end is open" if end.closed and claim.is_range else ""
        broken = (extreme.value == (sympy.oo if sign > 0 else -sympy.oo))
        if broken:
            return f"it has no {which} bound (it tends to {_show(extreme.value)})"
        return f"its {'infimum' if sign < 0 else 'supremum'} is {_show(extreme.value)}, not {_show(end.value)}" \
            if claim.is_range else ""
    if gap > TOLERANCE:                         # the function goes past the stated end
        point, value = next((p, v) for p, v in values if sign * (v - end.value) > TOLERANCE)
        return f"at {x} = {_show(point)} it is {_show(value)}, beyond the stated {which} end {_show(end.value)}"
    if gap < -TOLERANCE:                        # it stays inside: a loose bound is true, a loose range is not
        if claim.is_range:
            name = "infimum" if sign < 0 else "supremum"
            return f"its {name} is {_show(extreme.value)}, not {_show(end.value)}"
        return ""
    if extreme.attained_at is not None and not end.closed:
        return f"it equals {_show(end.value)} at {x} = {_show(extreme.attained_at)}, so that end is closed"
    if extreme.attained_at is None and end.closed and claim.is_range:
        return f"it never reaches {_show(end.value)} (only approaches it), so that end is open"
    return ""


def _shown_range(low: Extreme, high: Extreme) -> str:
    left = "[" if low.attained_at is not None else "("
    right = "]" if high.attained_at is not None else ")"
    return f"{left}{_latex(low.value)}, {_latex(high.value)}{right}"


def _latex(value: sympy.Expr) -> str:
    if value in (sympy.oo, -sympy.oo):
        return "\\infty" if value > 0 else "-\\infty"
    return _show(value)


def _show(value: sympy.Expr) -> str:
    if value in (sympy.oo, -sympy.oo):
        return "∞" if value > 0 else "-∞"
    rational = sympy.nsimplify(value, rational=False, tolerance=sympy.Float(10) ** -25)
    if rational.is_Rational and rational.q < 1000:
        return str(rational)
    return f"{float(value):.6g}"
