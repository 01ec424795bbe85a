"""A gradient checked against the loss the note itself states: `With L = 1/N‖Xw − y‖²: ∇_w L = ...`.

Which loss a gradient belongs to is not guessed from its letters (1/N or 1/(2N), a sum or a mean): it is the
one the note wrote under the same name in the same section. Both are read as the note writes them, the note's
gradient is evaluated at random inputs of consistent shapes, and the truth is the numerical gradient of the
stated loss there (central differences in float64). A true gradient formula holds for every input, so any
consistent choice of shapes and values is a fair test; a name the section defines twice, a loss or gradient kb
cannot evaluate, or a gradient of another shape than its variable leaves the check to the registry (None).
"""
from __future__ import annotations

import re
from typing import Any

from kb.check.decision import Decision, Evidence

METHOD = "stated loss"
POINTS = 4              # random input sets tried
STEP = 1e-6             # central-difference step
REL_TOL = 1e-6          # central differences of a smooth loss are exact to ~1e-9 relative
ROWS, COLUMNS = 5, 3    # samples n and features d of the random inputs

# ∇_w L, ∇_{θ} J(θ), ∇J, ∂L/∂w written as a fraction: the loss's name and (when written) the variable
_NAME = r"(?P<name>[A-Za-z]|\\mathcal\{[A-Z]\}|\\ell)(?:\((?P<args>[^()]*)\))?"
_VARIABLE = r"(?:\\[a-z]+|[a-z])"
_NABLA = re.compile(r"\\nabla(?:_\{?(?P<var>" + _VARIABLE + r")\}?)?" + _NAME)
_PARTIAL = re.compile(r"\\[dt]?frac\{(?:\\partial|d)" + _NAME + r"\}\{(?:\\partial|d)(?P<var>" + _VARIABLE + r")\}")
# what the note writes for the number of samples (1/N Σ, 1/(2m) ‖·‖²): the rows of the data
_COUNTS = {"N", "n", "m"}
_CONSTANTS = {"lambda", "alpha", "gamma", "mu", "epsilon", "varepsilon", "delta", "rho", "tau", "kappa"}


def gradient_of_stated_loss(latex: str, definitions: dict[str, str]) -> Decision | None:
    """Verified or note_differs for a gradient whose loss the section states; None when kb cannot tell."""
    from kb.check.latex import LatexError, split_relation, strip_formula

    try:
        lhs, relation, rhs = split_relation(strip_formula(latex))
    except LatexError:
        return None
    if relation != "=":
        return None
    target = _gradient_target(lhs)
    if target is None:
        return None
    name, variable = target
    loss = _stated(definitions, name)
    if loss is None:
        return None
    loss_latex, arguments = loss
    variable = variable or (arguments[0] if len(arguments) == 1 else None)
    if variable is None:
        return None
    try:
        return _compare(latex, lhs, rhs, loss_latex, variable, definitions)
    except (LatexError, ArithmeticError, ValueError, TypeError, KeyError, IndexError):
        return None


def _gradient_target(lhs: str) -> tuple[str, str | None] | None:
    """(the loss's name, the variable or None) of a left side that is a gradient."""
    text = re.sub(r"\s+|\\[,;!]", "", lhs)
    match = _NABLA.fullmatch(text) or _PARTIAL.fullmatch(text)
    if not match:
        return None
    return match.group("name"), match.group("var") or (match.group("args") or None)


def _stated(definitions: dict[str, str], name: str) -> tuple[str, list[str]] | None:
    """The right side the section gives `name` (as `L = ...` or `J(w) = ...`) and its written arguments."""
    found = [(key, rhs) for key, rhs in definitions.items() if re.sub(r"\(.*\)$", "", key) == name]
    if len(found) != 1:
        return None
    key, rhs = found[0]
    arguments = re.findall(r"[^(),]+", key[len(name):].strip("()")) if "(" in key else []
    return rhs, arguments


def _compare(latex: str, lhs: str, rhs: str, loss_latex: str, variable: str, definitions: dict[str, str]
             ) -> Decision | None:
    import numpy as np

    from kb.check.latex import compile_numeric, symbol_key, to_sympy

    matrix = _matrix_notation(rhs) or _matrix_notation(loss_latex)
    loss = to_sympy(loss_latex, matrix_notation=matrix)
    gradient = to_sympy(rhs, matrix_notation=matrix)
    var = symbol_key(variable)
    names = {s.name for s in loss.free_symbols | gradient.free_symbols}
    defined = {re.sub(r"\(.*\)$", "", key) for key in definitions}
    if var not in {s.name for s in loss.free_symbols} or not names <= _assignable(names, var, defined):
        return None
    loss_at, gradient_at = compile_numeric(loss), compile_numeric(gradient)
    rng = np.random.default_rng(20240601)
    for _ in range(POINTS):
        env = _inputs(names, var, rng)
        want = _numerical_gradient(loss_at, env, var)
        got = np.asarray(gradient_at(env), dtype=float)
        if want is None or got.shape != want.shape:
            return None
        if not np.allclose(got, want, rtol=REL_TOL, atol=REL_TOL * max(1.0, float(np.abs(want).max()))):
            shown = ", ".join(f"{k}={_short(v)}" for k, v in sorted(env.items()))
            return Decision("note_differs", latex, detail=(
                f"the note states the loss as {loss_latex.strip()}; its gradient in {var} at {shown} is "
                f"{_short(want)}, the note's formula gives {_short(got)}"),
                examples=POINTS, evidence=Evidence(lhs.strip(), "the loss the note states", {var: var}),
                method=METHOD)
    return Decision("verified", latex, detail=(
        f"equals the gradient of the loss the note states ({loss_latex.strip()}) at {POINTS} random inputs "
        "(central differences)"), examples=POINTS, evidence=Evidence(lhs.strip(), "the loss the note states",
                                                                       {var: var}), method=METHOD)


def _matrix_notation(latex: str) -> bool:
    return bool(re.search(r"\^\{?\\(?:top|intercal)\b|\^\{?T\}?(?![A-Za-z])", latex))


def _assignable(names: set[str], var: str, defined: set[str]) -> set[str]:
    """The names kb can give free values to: the variable, single letters (data) and counts, and the Greek
    letters notes use for constants. A name the section defines (p = σ(Xw)) depends on the variable, and a name
    such as ŷ may too: neither is a free input, so a formula using one is not checked here."""
    return {n for n in names if n == var or (n not in defined and (len(n) == 1 or n in _CONSTANTS))}


def _inputs(names: set[str], var: str, rng: Any) -> dict[str, Any]:
    """Consistent shapes: a capital letter is the n×d data matrix, the variable a d-vector, a count n, a Greek
    letter a positive scalar, another lower-case letter an n-vector (targets, labels). Drawn in name order: a
    set's order changes with each process's string hashing, and with it which name got which draw (the
    counterexample a card shows, and in principle its verdict)."""
    env: dict[str, Any] = {}
    for name in sorted(names):
        if name == var:
            env[name] = rng.normal(size=COLUMNS)
        elif name in _COUNTS:
            env[name] = ROWS
        elif len(name) == 1 and name.isupper():
            env[name] = rng.normal(size=(ROWS, COLUMNS))
        elif len(name) == 1:
            env[name] = rng.normal(size=ROWS)
        else:
            env[name] = float(rng.uniform(0.5, 2.0))
    return env


def _numerical_gradient(loss_at: Any, env: dict[str, Any], var: str) -> Any:
    import numpy as np

    point = np.asarray(env[var], dtype=float)
    if np.ndim(loss_at(env)) != 0:
        return None
    grad = np.zeros_like(point)
    for i in np.ndindex(point.shape):
        up, down = point.copy(), point.copy()
        up[i] += STEP
        down[i] -= STEP
        grad[i] = (float(loss_at({**env, var: up})) - float(loss_at({**env, var: down}))) / (2 * STEP)
    return grad


def _short(value: Any) -> str:
    import numpy as np

    if np.ndim(value) == 0:
        return f"{float(value):.6g}"
    return "[" + ", ".join(f"{v:.4g}" for v in np.ravel(value)[:6]) + (", …" if np.size(value) > 6 else "") + "]"
