"""A derivative of a quantity the note itself states: with `x̂_i = (x_i − μ)/√(σ² + ε)` stated, `∂x̂/∂σ²`.

Backpropagation notes derive local gradients node by node: `∂A/∂B` names a quantity A the note defines by an
equation (`A = expression`) and one input B of that expression. In the computational-graph convention this is
the partial derivative of A's defining expression in B, every other input of it held fixed. kb evaluates that
derivative by central differences at random inputs and the note's right side at the same inputs.

Shapes follow the notation: a name written with a running index (`x_i`, `\\hat{x}_i`) is a data vector, every
other name a positive scalar, and the count of a sum (m, n, N) the vectors' length. A quantity stated element by
element (`x̂_i = …`) has a diagonal Jacobian in an indexed input: `∂x̂/∂x` is read as that diagonal. A Jacobian
that is not diagonal (softmax's), or a left side whose two indices differ (`∂a_i/∂z_j`), is an entry of a
matrix the note has not said which: nothing is decided here.

A verdict needs the identity to be certain. A note may mean by `∂x̂/∂μ` the total derivative, through σ² too
(σ² is stated in terms of μ): when another input of A is a stated quantity that depends on B, a right side that
matches the local derivative is verified, one that does not is not_checkable. A quantity stated only in another
section (the derivation under its own heading, the definition under "Forward pass") is also only verified: that
the letters mean the same thing there is likely, not certain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.check.decision import Decision, Evidence

METHOD = "stated quantity"
POINTS = 4              # random input sets tried
STEP = 1e-6             # central-difference step
REL_TOL = 1e-6          # central differences of a smooth expression are exact to ~1e-9 relative
LENGTH = 5              # entries of a data vector
_COUNTS = {"m", "n", "N"}   # the number of entries a sum runs over, as notes write it
# or whatever letter the note writes as a sum's upper bound: Σ_{k=1}^{d}
_SUM_BOUND = re.compile(r"\\sum\s*(?:_\s*(?:\{[^{}]*\}|\S)\s*)?\^\s*\{?\s*([A-Za-z])\s*\}?")

# ∂A/∂B or dA/dB written as a fraction (\frac, \dfrac, \tfrac) or with a slash
_SIDE = r"(?P<{}>[^{{}}]*(?:\{{[^{{}}]*(?:\{{[^{{}}]*\}}[^{{}}]*)*\}}[^{{}}]*)*)"
_FRACTION = re.compile(r"\\[dt]?frac\{(?P<d1>\\partial|d)" + _SIDE.format("top") + r"\}\{(?P<d2>\\partial|d)"
                       + _SIDE.format("bottom") + r"\}")
_SLASH = re.compile(r"(?P<d1>\\partial|d)(?P<top>[^/]+)/(?P<d2>\\partial|d)(?P<bottom>.+)")
# a decorated letter whose index is written inside the decoration: \hat{x_{i}} is \hat{x}_{i}
_INNER_INDEX = re.compile(r"\\(hat|bar|tilde|dot|vec|overline)\{([A-Za-z]|\\[a-z]+)_\{?([a-z])\}?\}")
# a letter (plain, Greek or decorated) with one lower-case running index: x_i, x_{i}, \hat{x}_{j}
_INDEXED = re.compile(r"(\\(?:hat|bar|tilde|dot|vec|overline)\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
                      r"\s*_\s*(?:\{\s*([a-z])\s*\}|([a-z]))(?![A-Za-z0-9])")
_INDEX_SUFFIX = re.compile(r"^(?P<base>.+)_(?P<index>[a-z])$")


@dataclass(frozen=True)
class Stated:
    """A quantity the note states as `name = expression`, and whether the formula's own section states it."""
    lhs: str
    rhs: str
    own: bool


@dataclass(frozen=True)
class _Name:
    base: str          # the symbol's name without its index: hatx for \hat{x}_i
    index: str         # the running index written on it ('' for none)
    squared: bool      # σ² named as one quantity


def derivative_of_stated_quantity(latex: str, stated: tuple[Stated, ...]) -> Decision | None:
    """Verified, note_differs or not_checkable for `∂A/∂B = …` when the note states A; None when kb cannot
    tell."""
    from kb.check.latex import LatexError, split_chain, strip_formula

    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return None
    if len(parts) != 2 or relations != ["="]:
        return None
    target = _derivative_target(parts[0])
    if target is None:
        return None
    try:
        top, bottom = _name(target[0]), _name(target[1])
        if top is None or bottom is None or (top.index and bottom.index and top.index != bottom.index):
            return None   # ∂a_i/∂z_j: one entry of a Jacobian, which one the note has not said
        return _compare(latex, parts[0].strip(), parts[1], top, bottom, stated)
    except (LatexError, ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def note_statements(note: Any) -> tuple[tuple[Any, str, str, str], ...]:
    """Every `name = expression` the note writes, as (its section, the name's key, left side, right side)."""
    from kb.check.latex import LatexError, split_chain, strip_formula, to_sympy

    found = []
    for section in note.sections:
        for block in section.blocks:
            if block.kind != "formula" or not block.latex:
                continue
            try:
                parts, relations = split_chain(strip_formula(block.latex))
                if not relations or relations[0] != "=" or "(" in parts[0]:
                    continue
                name, rhs = _name(parts[0]), to_sympy(parts[1])
            except LatexError:
                continue
            if name is not None and rhs.free_symbols and _key(name) not in _keys(rhs):
                found.append((section, _key(name), parts[0].strip(), parts[1].strip()))
    return tuple(found)


def stated_quantities(statements: tuple[tuple[Any, str, str, str], ...], section: Any) -> tuple[Stated, ...]:
    """The quantities a formula in `section` can refer to: for each name, the statement of the smallest
    enclosing part of the note (the section, then its parent heading's sections, ..., the note) that states
    it; a name that part states in two ways is left out."""
    chosen: dict[str, Stated] = {}
    for depth in range(len(section.path), -1, -1):
        scope = [f for f in statements if (f[0] is section if depth == len(section.path)
                                           else f[0].path[:depth] == section.path[:depth])]
        for key in {f[1] for f in scope} - set(chosen):
            rhs = {f[3] for f in scope if f[1] == key}
            if len(rhs) == 1:
                lhs = next(f[2] for f in scope if f[1] == key)
                chosen[key] = Stated(lhs, rhs.pop(), own=depth == len(section.path))
            else:
                chosen[key] = Stated("", "", own=False)   # stated twice, differently: nothing certain
    return tuple(s for _key_, s in sorted(chosen.items()) if s.rhs)


def _derivative_target(lhs: str) -> tuple[str, str] | None:
    """(A, B) of a left side `∂A/∂B` or `dA/dB`: both ∂ or both d."""
    text = re.sub(r"\s+|\\[,;!]", " ", lhs).strip()
    match = _FRACTION.fullmatch(text) or _SLASH.fullmatch(text)
    if not match or match.group("d1") != match.group("d2") or not match.group("top").strip():
        return None
    return match.group("top").strip(), match.group("bottom").strip()


def _name(latex: str) -> _Name | None:
    """The quantity a left side or a derivative's letter names: one symbol, with or without a running index,
    or one symbol squared (σ², the variance named as a quantity)."""
    import sympy

    from kb.check.latex import to_sympy

    expr = to_sympy(_INNER_INDEX.sub(r"\\\1{\2}_{\3}", latex))
    squared = isinstance(expr, sympy.Pow) and expr.exp == 2
    if squared:
        expr = expr.base
    if not isinstance(expr, sympy.Symbol):
        return None
    match = _INDEX_SUFFIX.match(expr.name)
    if match:
        return _Name(match.group("base"), match.group("index"), squared)
    return _Name(expr.name, "", squared)


def _key(name: _Name) -> str:
    return name.base + ("^2" if name.squared else "")


def _keys(expr: Any) -> set[str]:
    return {(_INDEX_SUFFIX.match(s.name) or re.match(r"(?P<base>.*)", s.name)).group("base")
            for s in expr.free_symbols}


def _compare(latex: str, lhs: str, rhs: str, top: _Name, bottom: _Name, stated: tuple[Stated, ...]
             ) -> Decision | None:
    from kb.check.latex import compile_numeric

    quantities = {_key(n): s for s in stated if (n := _name(s.lhs)) is not None}
    definition = quantities.get(_key(top))
    if definition is None:
        return None
    squares = {k[:-2] for k in quantities if k.endswith("^2")} | ({bottom.base} if bottom.squared else set())
    vectors = _indexed_names(" ".join([rhs, *(f"{s.lhs} {s.rhs}" for s in stated)])) | (
        {bottom.base} if bottom.index else set())
    expression = _scalar_form(definition.rhs, squares)
    claimed = _scalar_form(rhs, squares)
    variable = _key(bottom)
    inputs = {s.name for s in expression.free_symbols}
    if variable not in inputs or variable == _key(top):
        return None
    claimed = claimed.subs(_symbol(_key(top)), expression)   # a(1 − a) with a = σ(z): the note's own a
    counts = {s.name for s in claimed.free_symbols} - inputs
    bounds = _COUNTS | set(_SUM_BOUND.findall(" ".join([rhs, *(s.rhs for s in stated)])))
    if not counts <= bounds or (counts and not vectors & inputs):
        return None    # the right side names something the definition does not: which value it has is unknown
    value_at, claimed_at = compile_numeric(expression), compile_numeric(claimed)
    free = _mismatch(value_at, claimed_at, variable, lambda rng: _inputs(inputs, counts, vectors, rng))
    if free is None:
        return None
    if not free:
        through = _through(expression, variable, quantities, squares, _key(top))
        return Decision("verified", latex, detail=(
            f"equals the partial derivative of the note's {definition.lhs} = {definition.rhs} in {_shown(variable)}"
            f"{' (its other inputs held fixed)' if through else ''} at {POINTS} random inputs (central differences)"),
            examples=POINTS, evidence=Evidence(lhs, f"the note states {definition.lhs}", {variable: variable}),
            method=METHOD)
    # a right side that differs at arbitrary inputs may still hold wherever the inputs are the forward pass's
    # own values (∂σ²/∂μ = 0 where μ is the mean): only a difference there says the note is wrong
    forward = _mismatch(value_at, claimed_at, variable,
                        lambda rng: _forward(_inputs(inputs, counts, vectors, rng), quantities, squares, vectors, rng))
    evidence = Evidence(lhs, f"the note states {definition.lhs} = {definition.rhs}", {variable: variable})
    through = _through(expression, variable, quantities, squares, _key(top))
    if not forward:
        why = (", and kb cannot compute the values the note states for its inputs" if forward is None
               else ", though it agrees wherever the inputs take the values the note states")
        return Decision("not_checkable", latex, detail=(
            f"differs from the partial derivative of {definition.lhs} = {definition.rhs} in {_shown(variable)} "
            f"at {_shown_env(free[0])}{why}"), evidence=evidence)
    env, want, got = forward
    if through or not definition.own:
        why = (f"{definition.lhs} also depends on {_shown(variable)} through {', '.join(map(_shown, through))}, "
               "so the note may mean the total derivative" if through else
               f"{definition.lhs} is stated in another section, so which quantity it is here is not certain")
        return Decision("not_checkable", latex, detail=(
            f"differs from the partial derivative of {definition.lhs} = {definition.rhs} in {_shown(variable)} "
            f"at {_shown_env(env)}, but {why}"), evidence=evidence)
    return Decision("note_differs", latex, detail=(
        f"the note states {definition.lhs} = {definition.rhs}; its partial derivative in {_shown(variable)} "
        f"at {_shown_env(env)} is {_short(want)}, the note's formula gives {_short(got)}"),
        examples=POINTS, evidence=evidence, method=METHOD)


def _mismatch(value_at: Any, claimed_at: Any, variable: str, draw: Any) -> tuple | None:
    """The first of POINTS drawn inputs where the note's right side differs from the derivative, as (inputs, the
    derivative, the note's value); () when it agrees at all of them; None when kb cannot compare them there."""
    import numpy as np

    rng = np.random.default_rng(20261202)
    for _ in range(POINTS):
        env = draw(rng)
        if env is None:
            return None
        want = _derivative(value_at, env, variable)
        got = np.asarray(claimed_at(env), dtype=float)
        if want is None or not np.all(np.isfinite(want)) or not np.all(np.isfinite(got)):
            return None
        try:
            got = np.broadcast_to(got, np.shape(want))
        except ValueError:
            return None
        if not np.allclose(got, want, rtol=REL_TOL, atol=REL_TOL * max(1.0, float(np.abs(want).max()))):
            return env, want, got
    return ()


def _forward(env: dict[str, Any], quantities: dict[str, Stated], squares: set[str], vectors: set[str], rng: Any
             ) -> dict[str, Any] | None:
    """The inputs with every stated quantity among them replaced by its value from its statement (μ the mean
    of the drawn x), as a forward pass computes them; None when the statements go round in a circle."""
    from kb.check.latex import compile_numeric

    forms = {}
    pending = [name for name in env if name in quantities]
    while pending:
        name = pending.pop()
        if name in forms:
            continue
        forms[name] = _scalar_form(quantities[name].rhs, squares)
        pending.extend(s.name for s in forms[name].free_symbols if s.name in quantities)
    leaves = {s.name for form in forms.values() for s in form.free_symbols} - set(forms) - set(env)
    env = {**env, **_inputs(leaves, set(), vectors, rng)}
    done: set[str] = set()
    for _ in range(len(forms)):
        for name, form in forms.items():
            if name not in done and all(s.name in done or s.name not in forms for s in form.free_symbols):
                env[name] = compile_numeric(form)(env)
                done.add(name)
    return env if len(done) == len(forms) else None


def _shown_env(env: dict[str, Any]) -> str:
    return ", ".join(f"{_shown(k)}={_short(v)}" for k, v in sorted(env.items()))


def _indexed_names(latex: str) -> set[str]:
    """The names written with a running index (x_i, \\hat{x}_{i}): data vectors."""
    from kb.check.latex import LatexError, to_sympy

    names = set()
    for match in _INDEXED.finditer(_INNER_INDEX.sub(r"\\\1{\2}_{\3}", latex)):
        try:
            expr = to_sympy(match.group(1))
        except LatexError:
            continue
        if len(expr.free_symbols) == 1:
            names.add(next(iter(expr.free_symbols)).name)
    return names


def _symbol(name: str) -> Any:
    import sympy

    return sympy.Symbol(name)


def _scalar_form(latex: str, squares: set[str]) -> Any:
    """The expression with each indexed name read as its vector (x_i -> x) and each squared quantity (σ²) as
    one name; a squared quantity's letter left alone elsewhere (σ without the square) makes it unreadable."""
    from kb.check.latex import LatexError, to_sympy

    expr = to_sympy(_INNER_INDEX.sub(r"\\\1{\2}_{\3}", latex))
    expr = expr.xreplace({s: _symbol(m.group("base")) for s in expr.free_symbols
                          if (m := _INDEX_SUFFIX.match(s.name))})
    for base in squares:
        expr = expr.subs(_symbol(base) ** 2, _symbol(base + "^2"))
        if _symbol(base) in expr.free_symbols:
            raise LatexError(f"{base} appears without its square")
    return expr


def _through(expression: Any, variable: str, quantities: dict[str, Stated], squares: set[str], top: str
             ) -> list[str]:
    """The inputs of the expression, other than the variable, that the note states in terms of the variable."""
    from kb.check.latex import LatexError

    def depends(name: str, seen: frozenset[str]) -> bool:
        if name == variable:
            return True
        if name in seen or name not in quantities:
            return False
        try:
            inner = _scalar_form(quantities[name].rhs, squares)
        except LatexError:
            return True    # unreadable: it may depend on the variable
        return any(depends(s.name, seen | {name}) for s in inner.free_symbols)

    return sorted(s.name for s in expression.free_symbols
                  if s.name != variable and depends(s.name, frozenset({top})))


def _inputs(inputs: set[str], counts: set[str], vectors: set[str], rng: Any) -> dict[str, Any]:
    """A draw per input, in name order (a set's order changes with each process's string hashing)."""
    env: dict[str, Any] = {name: LENGTH for name in sorted(counts)}
    for name in sorted(inputs):
        if name in vectors:
            env[name] = rng.normal(size=LENGTH)
        else:
            env[name] = float(rng.uniform(0.5, 2.0))
    return env


def _derivative(value_at: Any, env: dict[str, Any], variable: str) -> Any:
    """∂value/∂variable by central differences: the value's shape for a scalar variable, the gradient for a
    scalar value in a vector, the diagonal of an elementwise value's Jacobian; None for any other Jacobian."""
    import numpy as np

    point = np.asarray(env[variable], dtype=float)
    columns = []
    for i in np.ndindex(point.shape):
        up, down = point.copy(), point.copy()
        up[i] += STEP
        down[i] -= STEP
        high = np.asarray(value_at({**env, variable: up if point.ndim else float(up)}), dtype=float)
        low = np.asarray(value_at({**env, variable: down if point.ndim else float(down)}), dtype=float)
        columns.append((high - low) / (2 * STEP))
    if not point.ndim:
        return columns[0]
    jacobian = np.stack(columns, axis=-1)
    if jacobian.ndim == 1:
        return jacobian
    if jacobian.shape != (point.size, point.size):
        return None
    diagonal = np.diag(jacobian)
    off = jacobian - np.diag(diagonal)
    if np.abs(off).max() > REL_TOL * max(1.0, float(np.abs(jacobian).max())):
        return None    # not elementwise: which entry of the Jacobian the note means is not said
    return diagonal


def _shown(name: str) -> str:
    """A name as the note writes it: x̂ for hatx, σ² for sigma^2."""
    import unicodedata

    base, square = (name[:-2], "²") if name.endswith("^2") else (name, "")
    if base.startswith("hat"):
        return _shown(base[3:]) + "\u0302" + square
    try:
        return unicodedata.lookup("GREEK SMALL LETTER " + base.upper()) + square
    except KeyError:
        return base + square


def _short(value: Any) -> str:
    import numpy as np

    if np.ndim(value) == 0:
        return f"{float(value):.6g}"
    return "[" + ", ".join(f"{v:.4g}" for v in np.ravel(value)[:6]) + (", …" if np.size(value) > 6 else "") + "]"
