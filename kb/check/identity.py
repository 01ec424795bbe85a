"""Identities kb checks without a registry entry: the left side is a function kb knows (σ, tanh, ReLU,
sinh, ...) or its derivative (σ'(x), d/dx tanh(x)), and the right side is what the note says it equals.

The left side is computed by sympy (a derivative is differentiated), the right side is translated from the
note, and the two are compared by symbolic simplification and by exact evaluation to 50 digits at fixed
points. A difference is claimed only where both sides are real and finite and differ at two points or more
far beyond rounding: a single point of disagreement (ReLU'(0), where conventions differ) is not a mistake.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from kb.check.decision import Decision, Evidence
from kb.check.latex import CARD, LatexError, declared_variables, split_relation, strip_formula, to_sympy
from kb.check.latex_text import DERIVATIVE_ONLY

DIGITS = 50
POINTS = tuple(sympy.Rational(p) for p in ("0", "1/2", "-1/2", "1", "-1", "2", "-2", "3", "-3", "1/3"))
MIN_POINTS = 3          # real, finite points needed before anything is claimed
MIN_DIFFERENCES = 2     # points of disagreement needed for note_differs
METHOD = "identity"     # how `kb verify` names these checks (they have no registry entry)
_EXP = sympy.exp


def _sigmoid(x: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + _EXP(-x))


# Functions a note may name on the left side, by the name written (case-insensitive), as kb defines them.
KNOWN: dict[str, Callable[[sympy.Expr], sympy.Expr]] = {
    "sigma": _sigmoid, "sigmoid": _sigmoid, "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "arctan": sympy.atan, "relu": lambda x: sympy.Max(x, 0), "softplus": lambda x: sympy.log(1 + _EXP(x)),
    "swish": lambda x: x * _sigmoid(x), "silu": lambda x: x * _sigmoid(x),
}
# The textbook form shown beside a note's that differs, by (function, order of derivative); {x} is the variable.
# tests/test_identity.py checks every one against KNOWN.
TEXTBOOK: dict[tuple[str, int], str] = {
    ("sigma", 0): r"\frac{1}{1+e^{-{x}}}", ("sigma", 1): r"\sigma({x})(1-\sigma({x}))",
    ("tanh", 0): r"\frac{e^{x}-e^{-{x}}}{e^{x}+e^{-{x}}}", ("tanh", 1): r"1-\tanh^2({x})",
    ("sinh", 0): r"\frac{e^{x}-e^{-{x}}}{2}", ("sinh", 1): r"\cosh({x})",
    ("cosh", 0): r"\frac{e^{x}+e^{-{x}}}{2}", ("cosh", 1): r"\sinh({x})",
    ("relu", 0): r"\max(0, {x})", ("softplus", 0): r"\log(1+e^{x})", ("softplus", 1): r"\sigma({x})",
    ("swish", 0): r"{x}\,\sigma({x})", ("swish", 1): r"\sigma({x})+{x}\,\sigma({x})(1-\sigma({x}))",
    ("exp", 1): r"e^{x}", ("log", 1): r"\frac{1}{{x}}", ("sin", 1): r"\cos({x})", ("cos", 1): r"-\sin({x})",
}
TEXTBOOK.update({("sigmoid", k): v for (name, k), v in TEXTBOOK.items() if name == "sigma"})
TEXTBOOK.update({("silu", k): v for (name, k), v in TEXTBOOK.items() if name == "swish"})
TEXTBOOK.update({("ln", 1): TEXTBOOK[("log", 1)]})

_SHOWN = {"sigma": r"\sigma", "sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "softplus": r"\mathrm{softplus}",
          "swish": r"\mathrm{swish}", "silu": r"\mathrm{SiLU}"}

_NAME = r"\\?(?P<name>[A-Za-z]+)"
# a prime written ', ^\prime, ^{''} or a bare \prime (f\prime(x), which renders as f′(x) too)
_CALL = re.compile(_NAME + r"(?P<primes>(?:'|\^\{?\\prime\}?|\\prime(?![A-Za-z])|\^\{''?\})*)\((?P<arg>[^()]+)\)")
_D_BEFORE = re.compile(r"\\[dt]?frac\{d\}\{d(?P<var>[a-z])\}(?P<call>.+)")        # \frac{d}{dx}\sigma(x)
_D_OVER = re.compile(r"\\[dt]?frac\{d(?P<call>.+)\}\{d(?P<var>[a-z])\}")           # \frac{d\sigma(x)}{dx}


@dataclass(frozen=True)
class KnownSide:
    """A left side kb computes: its value as a sympy expression of one variable, as shown, and the textbook
    form of a named function (None for an expression the note wrote out)."""
    truth: sympy.Expr
    variable: sympy.Symbol
    shown: str
    textbook: str | None
    function: sympy.Expr | None = None    # f(x) when the side is f'(x) of a named f: what an output-side form reads


def parse_lhs(lhs: str) -> KnownSide | None:
    """The left side when it is a known function of one variable (σ(x), σ(-x), tanh'(x)) or the derivative of
    one or of an expression (d/dx σ(x), d/dx log(1+e^x)); None otherwise."""
    text = re.sub(r"\\(?:left|right|,|;|!|\s)|\s", "", lhs)
    text = re.sub(r"\\(?:mathrm|text|operatorname|mathit)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\partial|\\mathrm\{d\}", "d", text).replace("{\\sigma}", "\\sigma")
    order, var = 0, None
    for pattern in (_D_BEFORE, _D_OVER):
        if match := pattern.fullmatch(text):
            text, order, var = match.group("call"), 1, match.group("var")
            if re.fullmatch(_NAME, text):
                text += f"({var})"   # \frac{d\sigma}{dx}: σ as a function of x
            break
    match = _CALL.fullmatch(text)
    if match and match.group("name").lower() in KNOWN:
        name = match.group("name").lower()
        primes = match.group("primes").count("'") + match.group("primes").count("prime")
        argument = _expression(match.group("arg"))
        if argument is None or len(argument.free_symbols) != 1 or (var and sympy.Symbol(var) not in argument.free_symbols):
            return None
        x, u = next(iter(argument.free_symbols)), sympy.Dummy("u")
        # f'(2x) is f' at 2x; d/dx f(2x) differentiates the whole (chain rule)
        truth = sympy.diff(KNOWN[name](u), u, primes).subs(u, argument) if primes else KNOWN[name](argument)
        truth = sympy.diff(truth, x, order) if order else truth
        order += primes
        plain = argument == x
        written = _SHOWN.get(name, "\\" + name) + "'" * primes + f"({match.group('arg')})"
        shown = f"\\frac{{d}}{{d{var}}}{written}" if var and not plain else written
        if var and plain:
            shown = _SHOWN.get(name, "\\" + name) + "'" * order + f"({match.group('arg')})"
        textbook = TEXTBOOK.get((name, order)) if plain else None
        function = KNOWN[name](x) if plain and order == 1 else None
        return KnownSide(truth, x, shown, textbook.replace("{x}", "{" + x.name + "}") if textbook else None, function)
    if order and var and (expr := _expression(text, frozenset({var}))) is not None and expr.free_symbols == {sympy.Symbol(var)}:
        x = sympy.Symbol(var)   # the derivative of an expression the note writes out: d/dx log(1+e^x), d/dr |r|
        real = sympy.Symbol(var, real=True)   # |r| differentiates to sign(r) only for a real r
        return KnownSide(sympy.diff(expr.subs(x, real), real).subs(real, x), x,
                         f"\\frac{{d}}{{d{var}}}\\left({text}\\right)", None)
    return None


# Functions whose value kb knows everywhere (no kink or case where a note may state only one side of a condition:
# `\max(0, x) = x` is written for x > 0, so max, min, |.| and cases are left to the forms parse_lhs reads)
_SMOOTH = (sympy.exp, sympy.log, sympy.tanh, sympy.sinh, sympy.cosh, sympy.sin, sympy.cos, sympy.tan, sympy.atan)
_KINKED = (sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Piecewise, sympy.floor, sympy.ceiling)


def expression_lhs(lhs: str) -> KnownSide | None:
    """A left side that is an expression of one variable built from functions kb knows (`1 - \\sigma(x)`,
    `\\log\\sigma(x)`, `2\\sigma(2a) - 1`): an equation between two such sides is an identity kb computes whole.
    None for a name, for an expression with no known function (a letter alone names a quantity), for a
    capital variable (σ(X) of a random variable is its standard deviation), and for kinked functions."""
    expr = _expression(lhs)
    if expr is None or len(expr.free_symbols) != 1 or isinstance(expr, sympy.Symbol):
        return None
    x = next(iter(expr.free_symbols))
    if not re.fullmatch(r"[a-z]", x.name) or not expr.atoms(*_SMOOTH) or expr.atoms(*_KINKED):
        return None
    return KnownSide(expr, x, lhs.strip(), None)


def _expression(latex: str, declared: frozenset[str] = frozenset()) -> sympy.Expr | None:
    try:
        expr = to_sympy(latex, declared=declared)
    except (LatexError, TypeError, ValueError):
        return None
    if expr.has(sympy.Function("dsum"), sympy.Function("dmean"), sympy.Function("dmax"), sympy.Function("dmin")):
        return None
    # |x| of the one variable is its absolute value (the translator reads |S| of a name as a size)
    return expr.replace(lambda e: e.func == CARD and isinstance(e.args[0], sympy.Symbol), lambda e: sympy.Abs(e.args[0]))


def check_identity(latex: str) -> Decision | None:
    """Verified or note_differs when the left side is a known function (or a derivative) of one variable
    and the right side a formula of that variable; None when kb cannot compute both sides."""
    try:
        lhs_latex, relation, rhs_latex = split_relation(strip_formula(latex))
    except LatexError:
        return None
    side = (parse_lhs(lhs_latex) or expression_lhs(lhs_latex)) if relation == "=" else None
    rhs = _expression(rhs_latex, declared_variables(lhs_latex)) if side is not None else None
    if side is None or rhs is None or rhs.free_symbols - {side.variable}:
        if relation == "=" and (derived := _derivative_with_parameters(latex, lhs_latex, rhs_latex)) is not None:
            return derived
        if relation == "=" and (several := _several_variables(latex, lhs_latex, rhs_latex)) is not None:
            return several
        from kb.check.vector_identity import check_softmax_identity

        return check_softmax_identity(latex)
    form = side.textbook or sympy.latex(_readable(side.truth))
    decision = _compare(latex, lhs_latex, side.truth, rhs, side.variable, side.shown, form)
    if decision is not None and decision.status == "note_differs" and _of_the_output(side, rhs):
        return Decision("not_checkable", latex, detail=(
            f"the right side is {side.shown} written of the function's output, not of its input: "
            f"{sympy.latex(rhs)} with {side.variable} = {sympy.latex(side.function)} gives it (code passes the "
            f"activation's output to its derivative, s·(1 − s) for σ), so which one {side.variable} is is not certain"),
            evidence=decision.evidence, method=METHOD)
    return decision


def _of_the_output(side: KnownSide, rhs: sympy.Expr) -> bool:
    """Whether the right side is the derivative as a function of f's value: σ' = s(1 − s), tanh' = 1 − s² with s
    = f(x) (what `def sigmoid_derivative(x): return x * (1 - x)` computes when called on the activation)."""
    if side.function is None:
        return False
    x = side.variable
    pairs = [(_value(side.truth, x, p), _value(rhs.subs(x, side.function), x, p)) for p in POINTS]
    pairs = [(want, got) for want, got in pairs if want is not None and got is not None]
    return len(pairs) >= MIN_POINTS and all(
        abs(want - got) <= sympy.Float(10) ** (10 - DIGITS) * max(1, abs(want)) for want, got in pairs)


def _compare(latex: str, lhs_latex: str, truth: sympy.Expr, rhs: sympy.Expr, x: sympy.Symbol, shown: str,
             form: str) -> Decision | None:
    evidence = Evidence(lhs_latex.strip(), "", {x.name: x.name})
    verified_latex = f"{shown} = {form}"
    values = []
    breaks = break_points(truth, x) | break_points(rhs, x)
    for point in POINTS:
        if point in breaks:   # ReLU'(0), a case's boundary: conventions differ there, so nothing is claimed
            continue
        want, got = _value(truth, x, point), _value(rhs, x, point)
        if want is not None and got is not None:
            values.append((point, want, got))
    if len(values) < MIN_POINTS:
        return None
    differing = [(p, w, g) for p, w, g in values if abs(w - g) > sympy.Float(10) ** (10 - DIGITS) * max(1, abs(w))]
    if not differing:
        return Decision("verified", latex, detail=(
            f"identity: {shown} and the note's right side agree at {len(values)} points to {DIGITS} digits"
            f"{' and simplify to the same expression' if _simplifies_equal(truth, rhs) else ''}"),
            examples=len(values), evidence=evidence, verified_latex=verified_latex, method=METHOD)
    if len(differing) < MIN_DIFFERENCES:
        point = differing[0][0]
        return Decision("not_checkable", latex, detail=(
            f"{shown} and the note's right side differ only at {x} = {point}, where conventions may differ"),
            evidence=evidence, method=METHOD)
    point, want, got = differing[0]
    return Decision("note_differs", latex, detail=(
        f"identity: at {x} = {point} the note's right side gives {_short(got)}, {shown} is {_short(want)} "
        f"(differs at {len(differing)} of {len(values)} points)"),
        examples=len(values), evidence=evidence, verified_latex=verified_latex, method=METHOD)


# Values each variable takes when an identity has two or three (every combination is tried)
GRID = tuple(sympy.Rational(p) for p in ("1/2", "-1/3", "1", "-2", "3"))
MAX_VARIABLES = 3


def _several_variables(latex: str, lhs_latex: str, rhs_latex: str) -> Decision | None:
    """`\frac{e^a}{e^a+e^b} = \frac{1}{1+e^{b-a}}`: both sides expressions of two or three one-letter variables
    built with functions kb knows everywhere (exp, log, tanh, ...: no kink, no case), the right side using no other
    variable. Compared on every combination of GRID values where both sides are real; None for anything else
    (a capital letter may be a matrix, for which e^{A+B} = e^A e^B fails)."""
    lhs, rhs = _expression(lhs_latex), _expression(rhs_latex)
    if lhs is None or rhs is None or isinstance(lhs, sympy.Symbol):
        return None
    variables = sorted(lhs.free_symbols, key=lambda v: v.name)
    if (not 2 <= len(variables) <= MAX_VARIABLES or rhs.free_symbols - lhs.free_symbols or not rhs.free_symbols
            or not all(re.fullmatch(r"[a-z]", v.name) for v in variables)
            or not (lhs.atoms(*_SMOOTH) or rhs.atoms(*_SMOOTH)) or lhs.atoms(*_KINKED) or rhs.atoms(*_KINKED)
            or any(not isinstance(f, _SMOOTH) for f in (lhs.atoms(sympy.Function) | rhs.atoms(sympy.Function)))):
        return None
    return _grid_decision(latex, lhs_latex, lhs, rhs, variables, GRID,
                          f"both sides agree at {{values}} points of ({', '.join(v.name for v in variables)})",
                          "the left side is {want} and the right side {got}")


def _grid_decision(latex: str, lhs_latex: str, truth: sympy.Expr, claimed: sympy.Expr, variables: list[sympy.Symbol],
                   grid: tuple, agree: str, differ: str, verified_latex: str | None = None) -> Decision | None:
    """The verdict of comparing `truth` with the note's `claimed` side on every combination of `grid` values:
    verified, note_differs (at MIN_DIFFERENCES points or more), or None when too few points compute or too few
    differ. `agree` words the agreement ({values}: the points compared), `differ` the first difference ({want},
    {got})."""
    values, differing = compare_on_grid(truth, claimed, variables, grid)
    if values < MIN_POINTS:
        return None
    evidence = Evidence(lhs_latex.strip(), "", {v.name: v.name for v in variables})
    if not differing:
        return Decision("verified", latex, detail=f"identity: {agree.format(values=values)} to {DIGITS} digits",
                        examples=values, evidence=evidence, verified_latex=latex, method=METHOD)
    if len(differing) < MIN_DIFFERENCES:
        return None
    at, want, got = differing[0]
    shown = ", ".join(f"{v} = {p}" for v, p in at.items())
    return Decision("note_differs", latex, detail=(
        f"identity: at {shown} {differ.format(want=_short(want), got=_short(got))} (differs at {len(differing)} of "
        f"{values} points)"), examples=values, evidence=evidence, method=METHOD,
        **({"verified_latex": verified_latex} if verified_latex else {}))


# `\frac{d}{dv}` written before the expression it differentiates (with ∂ or an upright d as well)
_D_APPLIED = re.compile(r"\\[dt]?frac\s*\{\s*(?:d|\\partial|\\mathrm\{d\})\s*\}\s*\{\s*(?:d|\\partial|\\mathrm\{d\})\s*"
                        r"(?P<var>[a-z])\s*\}(?P<body>.+)", re.S)
# the values each variable takes when a derivative has parameters (fewer when there are four letters in all)
_PARAMETER_GRIDS = {2: GRID, 3: GRID, 4: GRID[:4]}


def _derivative_with_parameters(latex: str, lhs_latex: str, rhs_latex: str) -> Decision | None:
    """`\\frac{d}{dv}\\left(A\\sin(Bv + C)\\right) = AB\\cos(Bv + C)`: the derivative in v of an expression of v and one
    to three other one-letter parameters, which the ordinary derivative holds constant (a letter written with no
    argument is no function of v). Built from functions kb knows everywhere (no kink, no case); the right side
    uses no letter the left side does not. Compared on every combination of grid values; None for anything else."""
    match = _D_APPLIED.fullmatch(re.sub(r"\\(?:left|right)(?![A-Za-z])", "", lhs_latex).strip())
    if match is None:
        return None
    x = sympy.Symbol(match.group("var"))
    expr = _expression(match.group("body"), frozenset({x.name}))
    rhs = _expression(rhs_latex, declared_variables(lhs_latex) | {x.name})
    if expr is None or rhs is None or x not in expr.free_symbols or not rhs.free_symbols <= expr.free_symbols:
        return None
    variables = sorted(expr.free_symbols, key=lambda v: v.name)
    if (len(variables) not in _PARAMETER_GRIDS or not all(re.fullmatch(r"[A-Za-z]", v.name) for v in variables)
            or not expr.atoms(*_SMOOTH) or expr.atoms(*_KINKED) or rhs.atoms(*_KINKED)
            or any(not isinstance(f, _SMOOTH) for f in (expr.atoms(sympy.Function) | rhs.atoms(sympy.Function)))):
        return None
    truth = sympy.diff(expr, x)
    held = ", ".join(v.name for v in variables if v != x)
    derivative = f"the derivative in {x} ({held} held constant)"
    return _grid_decision(latex, lhs_latex, truth, rhs, variables, _PARAMETER_GRIDS[len(variables)],
                          f"{derivative} and the note's right side agree at {{values}} points",
                          f"{derivative} is {{want}}, the note's right side gives {{got}}",
                          f"\\frac{{d}}{{d{x}}}{match.group('body').strip()} = {sympy.latex(truth)}")


def a_step_of_a_system(decision: Decision, companions: tuple[str, ...]) -> Decision | None:
    """`p(1 + e^v) = e^v` below `\frac{p}{1-p} = e^v`: an equation in several variables that fails as an
    identity is a step in solving the section's other equations when one of them ties the same variables
    and is no identity itself (it holds only where p and v are related). True where they hold, not for
    every value: not checkable. None when no such companion is there (`e^{a+b} = e^a + e^b` alone)."""
    if decision.status != "note_differs" or decision.method != METHOD or decision.evidence is None:
        return None
    names = set(decision.evidence.roles)
    if len(names) < 2:
        return None
    for row in companions:
        sides = _equation_sides(row)
        if sides is None or not names <= {v.name for v in sides[0].free_symbols | sides[1].free_symbols}:
            continue
        variables = sorted(sides[0].free_symbols | sides[1].free_symbols, key=lambda v: v.name)
        values, differing = compare_on_grid(sides[0], sides[1], variables, GRID)
        if values and differing:
            return Decision("not_checkable", decision.note_latex, detail=(
                f"an equation in {', '.join(sorted(names))} like the section's `{row.strip()}`, which is no identity: "
                f"a step in solving them, true where they hold, not for every value ({decision.detail})"),
                evidence=decision.evidence, method=METHOD)
    return None


def _equation_sides(row: str) -> tuple[sympy.Expr, sympy.Expr] | None:
    try:
        lhs, relation, rhs = split_relation(strip_formula(row))
    except LatexError:
        return None
    left, right = _expression(lhs), _expression(rhs)
    if relation != "=" or left is None or right is None or len(left.free_symbols | right.free_symbols) > MAX_VARIABLES + 1:
        return None
    return left, right


def compare_on_grid(a: sympy.Expr, b: sympy.Expr, names: list[sympy.Symbol], grid: tuple
                    ) -> tuple[int, list[tuple[dict, sympy.Float, sympy.Float]]]:
    """(points where both are real and finite, [(point, a's value, b's value)] where they differ) over every
    combination of `grid` values for `names`."""
    compared, differing = 0, []
    for point in itertools.product(grid, repeat=len(names)):
        at = dict(zip(names, point))
        left, right = _value_at(a, at), _value_at(b, at)
        if left is None or right is None:
            continue
        compared += 1
        if abs(left - right) > sympy.Float(10) ** (10 - DIGITS) * max(1, abs(left)):
            differing.append((at, left, right))
    return compared, differing


def _value_at(expr: sympy.Expr, at: dict) -> sympy.Float | None:
    try:
        value = expr.subs(at).evalf(DIGITS)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not value.is_number or not value.is_real or not value.is_finite:
        return None
    return value


def break_points(expr: sympy.Expr, x: sympy.Symbol) -> set[sympy.Expr]:
    """The real points where a piecewise expression switches rows or a kink sits (the boundaries of a case's
    condition, the arguments' zeros of Heaviside, |.|, sign, and where the arguments of max/min meet)."""
    edges: list[sympy.Expr] = []
    for piece in expr.atoms(sympy.Piecewise):
        for _, condition in piece.args:
            edges += [rel.lhs - rel.rhs for rel in condition.atoms(sympy.core.relational.Relational)]
    for kink in expr.atoms(sympy.Heaviside, sympy.Abs, sympy.sign):
        edges.append(kink.args[0])
    for extreme in expr.atoms(sympy.Max, sympy.Min):
        edges += [a - b for a, b in zip(extreme.args, extreme.args[1:])]
    points: set[sympy.Expr] = set()
    for edge in edges:
        if x not in edge.free_symbols or edge.free_symbols - {x}:
            continue
        try:
            points |= {p for p in sympy.solve(edge, x) if p.is_real}
        except (NotImplementedError, TypeError, ValueError):
            continue
    return points


def _value(expr: sympy.Expr, x: sympy.Symbol, point: sympy.Rational) -> sympy.Float | None:
    """The expression at the point to DIGITS digits; None where it is not a real finite number."""
    try:
        value = expr.subs(x, point).evalf(DIGITS)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not value.is_number or not value.is_real or not value.is_finite:
        return None
    return value


def _simplifies_equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    try:
        return sympy.simplify(a - b) == 0
    except (TypeError, ValueError, RecursionError):
        return False


def _readable(expr: sympy.Expr) -> sympy.Expr:
    """A shorter form of the truth to show beside the note's (σ' as e^{-x}/(1+e^{-x})^2)."""
    try:
        return sympy.simplify(expr)
    except (TypeError, ValueError, RecursionError):
        return expr


def _short(value: sympy.Float) -> str:
    rational = sympy.nsimplify(value, rational=False, tolerance=sympy.Float(10) ** (20 - DIGITS))
    if rational.is_Rational and rational.q < 1000:
        return str(rational)
    return f"{float(value):.6g}"


# A function of one argument the note defines, `g(z)` or `\zeta(x)` (a Latin letter or a Greek one).
_DEFINED_CALL = re.compile(r"(?P<name>[A-Za-z]|\\[a-zA-Z]+)\((?P<param>[A-Za-z])\)")


def check_with_definitions(latex: str, definitions: dict[str, str],
                           definition_verified: Callable[[str], bool]) -> Decision | None:
    """An equation about functions the section defines (Goodfellow's `\\zeta(x) - \\zeta(-x) = x` under
    `\\zeta(x) = \\log(1 + \\exp(x))`, the course notes' `g'(z) = g(z)(1 - g(z))` under `g(z) = \\frac{1}{1+e^{-z}}`)
    checked as an identity with each call replaced by its definition (a derivative `g'(z)` by the derivative of
    it). A name the section defines twice is no definition (kb.check.link.formula_definitions drops it). The note
    differs only when every definition used is itself verified: against a wrong definition the mistake may be the
    definition's. None when no defined function is called, or the formula is the definition itself."""
    try:
        lhs, relation, rhs = split_relation(strip_formula(latex))
    except LatexError:
        return None
    if relation != "=":
        return None
    used = []
    for key, body in definitions.items():
        # (a name the section redefines is defined only for a derivative of it written below: DERIVATIVE_ONLY)
        call = key.removeprefix(DERIVATIVE_ONLY)
        defined = _DEFINED_CALL.fullmatch(call)
        if defined is None:
            continue
        if re.sub(r"\s+", "", lhs) == call:
            return None   # the definition itself: checked as what it defines, not against itself
        name, param = defined.group("name"), defined.group("param")
        # (the plain substitution fails exactly where the left side writes a derivative of the name)
        if key.startswith(DERIVATIVE_ONLY) and _substitute_calls(lhs, name, param, body, derivatives=False)[0] is not None:
            continue
        lhs_done, on_left = _substitute_calls(lhs, name, param, body, derivatives=True)
        rhs_done, on_right = _substitute_calls(rhs, name, param, body, derivatives=False)
        if lhs_done is None or rhs_done is None:
            return None
        if on_left or on_right:
            lhs, rhs = lhs_done, rhs_done
            used.append((call, body))
    if not used:
        return None
    decision = check_identity(f"{lhs} = {rhs}")
    if decision is None:
        return None
    said = "; ".join(f"{call} = {body}" for call, body in used)
    if decision.status == "note_differs" and not all(definition_verified(f"{c} = {body}") for c, body in used):
        return Decision("not_checkable", latex, detail=(
            f"differs from what the section's definition ({said}) gives, but kb does not verify that definition, so "
            f"the mistake may be the definition's: {decision.detail}"), evidence=decision.evidence, method=METHOD)
    return Decision(decision.status, latex, detail=f"with the section's definition {said}: {decision.detail}",
                    examples=decision.examples, evidence=decision.evidence, verified_latex=decision.verified_latex,
                    method=METHOD)


def _substitute_calls(text: str, name: str, param: str, body: str, derivatives: bool) -> tuple[str | None, int]:
    """`text` with each call `name(arg)` replaced by the body at arg, and (on a left side) `name'(v)` by
    `\\frac{d}{dv}` of the body at v; (None, 0) for a derivative kb does not rewrite (one on a right side, or of
    an argument that is not one letter)."""
    start = r"\\" + name[1:] if name.startswith("\\") else rf"(?<![\\A-Za-z]){name}"
    call = re.compile(start + r"(?![A-Za-z])(?P<primes>(?:'|\^\{?\\prime\}?|\\prime(?![A-Za-z]))*)\s*(?:\\left)?\s*\(")
    out, at, count = [], 0, 0
    for match in call.finditer(text):
        if match.start() < at:
            continue
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        if depth:
            return None, 0
        argument = re.sub(r"\\right\s*$", "", text[match.end():end - 1]).strip()
        # (braced: in `e^z` the argument is a superscript, and `e^\left(` would raise only `\left`)
        filled = re.sub(rf"(?<![\\A-Za-z]){param}(?![A-Za-z])", lambda _m: "{\\left(" + argument + "\\right)}", body)
        if match.group("primes"):
            if not derivatives or not re.fullmatch(r"[A-Za-z]", argument):
                return None, 0
            out += [text[at:match.start()], rf"\frac{{d}}{{d{argument}}}\left({filled}\right)"]
        else:
            out += [text[at:match.start()], "\\left(" + filled + "\\right)"]
        at, count = end, count + 1
    return "".join(out) + text[at:], count
