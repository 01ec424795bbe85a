"""Identities between softmax expressions that kb computes on both sides with no registry entry:
`softmax(z - c) = softmax(z)` (shift invariance), `softmax(z/T) = softmax(z)` (false for T ≠ 1).

Such an equation states a fact for every vector z and number c, but the note does not say which letter is the
vector: each way of reading the letters as vectors or numbers that gives every softmax a vector to act on is
tried on random draws. The note is right when one reading agrees on every draw, and differs only when none
does (a counterexample is shown in the reading that makes the first softmax's whole argument a vector).
A letter outside every softmax (`softmax(z) = p`) is defined by the equation, which is then left alone.
"""
from __future__ import annotations

import itertools
import random
from typing import Any

import sympy

from kb.check.decision import Decision, Evidence
from kb.check.latex import SOFTMAX, LatexError, compile_numeric, split_relation, strip_formula, to_sympy

DRAWS = 20           # random draws per reading
LENGTH = 4           # entries of a vector in a draw
MAX_SYMBOLS = 3      # readings grow as 2^n; notes state these identities with one vector and a constant or two
METHOD = "identity"
_TOLERANCE = 1e-9


def check_softmax_identity(latex: str) -> Decision | None:
    """Verified or note_differs for an equation with a softmax on both sides; None for anything else."""
    try:
        lhs_latex, relation, rhs_latex = split_relation(strip_formula(latex))
        lhs, rhs = to_sympy(lhs_latex), to_sympy(rhs_latex)
    except (LatexError, TypeError, ValueError):
        return None
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
    inside = {s for call in lhs.atoms(SOFTMAX) | rhs.atoms(SOFTMAX) for s in call.free_symbols}
    if (relation != "=" or not lhs.has(SOFTMAX) or not rhs.has(SOFTMAX) or set(symbols) - inside
            or not 0 < len(symbols) <= MAX_SYMBOLS):
        return None
    try:
        left, right = compile_numeric(lhs), compile_numeric(rhs)
    except LatexError:
        return None
    readings = [dict(zip(symbols, roles)) for roles in itertools.product((True, False), repeat=len(symbols))]
    readings = [r for r in readings if _every_softmax_acts_on_a_vector(lhs, rhs, r)]
    if not readings:
        return None
    evidence = Evidence(lhs_latex.strip(), "", {s.name: s.name for s in symbols})
    failures = []
    for reading in readings:
        failure = _first_failure(left, right, reading)
        if failure is None:
            vectors = ", ".join(s.name for s, is_vector in reading.items() if is_vector)
            return Decision("verified", latex, detail=(
                f"identity: both sides agree on {DRAWS} random draws ({vectors} a vector of {LENGTH} numbers, "
                "the other letters numbers)"), examples=DRAWS, evidence=evidence, method=METHOD)
        failures.append((reading, failure))
    if any(f == "undefined" for _, f in failures):
        return None      # a reading kb could not evaluate: no verdict rather than a guess
    reading, (env, want, got) = min(failures, key=lambda rf: _natural(lhs, rf[0]))
    shown = ", ".join(f"{k} = {_short(v)}" for k, v in env.items())
    return Decision("note_differs", latex, detail=(
        f"identity: at {shown} the left side is {_short(want)} and the right side {_short(got)}; no reading of "
        "the letters as vectors or numbers makes the two sides equal"), examples=DRAWS * len(readings),
        evidence=evidence, method=METHOD)


def _every_softmax_acts_on_a_vector(lhs: sympy.Expr, rhs: sympy.Expr, reading: dict[sympy.Symbol, bool]) -> bool:
    calls = lhs.atoms(SOFTMAX) | rhs.atoms(SOFTMAX)
    return all(any(reading[s] for s in call.free_symbols) for call in calls)


def _natural(lhs: sympy.Expr, reading: dict[sympy.Symbol, bool]) -> tuple[int, int]:
    """Readings ordered by how a note means its letters: one vector (the first softmax's first letter) first."""
    first = sorted(next(iter(lhs.atoms(SOFTMAX))).free_symbols, key=lambda s: s.name)
    return (sum(reading.values()), 0 if first and reading.get(first[0]) else 1)


def _first_failure(left: Any, right: Any, reading: dict[sympy.Symbol, bool]) -> Any:
    import numpy as np

    rng = random.Random(0)
    for _ in range(DRAWS):
        env = {s.name: (np.array([rng.uniform(-3, 3) for _ in range(LENGTH)]) if is_vector
                        else rng.uniform(-3, 3)) for s, is_vector in reading.items()}
        try:
            want, got = np.asarray(left(env), dtype=float), np.asarray(right(env), dtype=float)
        except (TypeError, ValueError, ZeroDivisionError):
            return "undefined"
        if not (np.all(np.isfinite(want)) and np.all(np.isfinite(got))):
            return "undefined"
        if want.shape != got.shape or not np.allclose(want, got, rtol=_TOLERANCE, atol=_TOLERANCE):
            return env, want, got
    return None


def _short(value: Any) -> str:
    import numpy as np

    if isinstance(value, np.ndarray):
        return "[" + ", ".join(f"{v:.4g}" for v in value.ravel()) + "]" if value.ndim else f"{float(value):.4g}"
    return f"{value:.4g}"
