"""The derivative stated as a limit, for any function: `f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}`.

A definition of the derivative holds for every differentiable f (and g, in the rules proved from it), so one function
for which it fails proves the note's version wrong, and agreement for functions unlike each other (sin, whose
derivative is no multiple of it, and exp, its own derivative) checks it. The statement is read only when one side
is a derivative of the note's f (f'(x), \\frac{d}{dx} f(x), \\frac{d}{dx}[f(x) + g(x)]) and the other a limit: a
formula about one particular f (`f'(x) = f(x)(1 - f(x))` for a sigmoid the text names f) is never read this way,
and a function the section defines is left to kb.check.identity's definitions.
"""
from __future__ import annotations

import re

from kb.check.decision import Decision, Evidence
from kb.check.latex_text import LatexError, split_relation, strip_formula

_LETTERS = ("f", "g")
# each test gives every function letter a function kb computes; the two tests swap them
_TESTS = ({"f": r"\sin", "g": r"\exp"}, {"f": r"\exp", "g": r"\sin"})
_LIMIT = re.compile(r"\\lim(?![A-Za-z])")
_DERIVATIVE = re.compile(r"'|\\prime|\\[dt]?frac\s*\{\s*(?:d|\\mathrm\{d\})\s*\}\s*\{\s*(?:d|\\mathrm\{d\})\s*[a-z]\s*\}")
# `\Delta x` is one increment (the translator reads Δ·x): one symbol, as the limit needs its variable
_INCREMENT = re.compile(r"\\Delta\s*(?:\{\s*([a-z])\s*\}|([a-z])(?![A-Za-z]))")
TEXTBOOK = r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}"


def _called(letter: str) -> re.Pattern[str]:
    """The letter as a function: applied to arguments, or primed."""
    return re.compile(rf"(?<![A-Za-z\\]){letter}(?=\s*(?:'|\^\s*\{{?\\prime|\\prime|\(|\\left\s*\(|\\big\s*\())")


def decide(latex: str, definitions: dict[str, str]) -> Decision | None:
    """Verified or note_differs for a derivative stated as a limit of the note's own f (and g); None otherwise."""
    if not _LIMIT.search(latex):
        return None
    try:
        lhs, relation, rhs = split_relation(strip_formula(latex))
    except LatexError:
        return None
    letters = [letter for letter in _LETTERS if _called(letter).search(latex)]
    defined = {key.split("(")[0].lstrip("\\") for key in definitions}
    if relation != "=" or not letters or defined & set(letters):
        return None
    if not ((_LIMIT.search(rhs) and not _LIMIT.search(lhs) and _DERIVATIVE.search(lhs))
            or (_LIMIT.search(lhs) and not _LIMIT.search(rhs) and _DERIVATIVE.search(rhs))):
        return None
    outcomes = []
    for test in _TESTS:
        text = _INCREMENT.sub(lambda m: f"\\delta_{{{m.group(1) or m.group(2)}}}", latex)
        for letter in letters:
            text = _called(letter).sub(lambda _m, name=test[letter]: name, text)
        outcome = _compare(text)
        if outcome is None:
            return None
        outcomes.append((", ".join(f"{letter} = {test[letter].lstrip(chr(92))}" for letter in letters), outcome))
    evidence = Evidence(lhs.strip(), "", {letter: letter for letter in letters})
    failed = [(functions, detail) for functions, (agrees, detail) in outcomes if not agrees]
    if failed:
        functions, detail = failed[0]
        return Decision("note_differs", latex, detail=(
            f"identity for any function: with {functions}, {detail}; the derivative is {TEXTBOOK}"),
            evidence=evidence, verified_latex=TEXTBOOK, method=_method())
    return Decision("verified", latex, detail=(
        "identity for any function: " + "; ".join(f"with {functions}, {detail}" for functions, (_, detail) in outcomes)),
        evidence=evidence, verified_latex=latex, method=_method())


def _compare(text: str) -> tuple[bool, str] | None:
    """(agrees, what was seen) for the equation with the functions given; None when kb cannot compute both sides
    or too few points decide."""
    from kb.check.identity import GRID, MIN_DIFFERENCES, MIN_POINTS, _short, compare_on_grid, parse_lhs
    from kb.check.latex import to_sympy

    lhs, _, rhs = split_relation(strip_formula(text))
    if _LIMIT.search(lhs):
        lhs, rhs = rhs, lhs
    side = parse_lhs(lhs)
    try:
        claimed = to_sympy(rhs)
    except (LatexError, TypeError, ValueError, NotImplementedError):
        return None
    if side is None:
        return None
    variables = sorted(side.truth.free_symbols | claimed.free_symbols, key=lambda v: v.name)
    if not 1 <= len(variables) <= 3:
        return None
    values, differing = compare_on_grid(side.truth, claimed, variables, GRID)
    if values < MIN_POINTS or 0 < len(differing) < MIN_DIFFERENCES:
        return None
    if not differing:
        return True, f"both sides agree at {values} points"
    at, want, got = differing[0]
    shown = ", ".join(f"{v} = {p}" for v, p in at.items())
    return False, (f"at {shown} the derivative is {_short(want)} and the note's limit gives {_short(got)} "
                   f"(differs at {len(differing)} of {values} points)")


def _method() -> str:
    from kb.check.identity import METHOD

    return METHOD
