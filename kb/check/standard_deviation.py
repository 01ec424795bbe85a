"""A standard deviation stated as the root of a variance: `\\sigma_w = \\sqrt{\\frac{2}{n_{in}}}`.

σ with no square is a standard deviation; the registry states the variances (Xavier's Var(W) = 2/(n_in + n_out),
He's 2/n_in, a population's (1/N)Σ(x − μ)²), a different quantity, so σ_w = √(2/n_in) compared with 2/n_in would be
called wrong although it is He's initialisation written as the deviation torch draws with. Both sides of
`σ = √X` are non-negative, so it states what `σ² = X` states: where no entry states the formula as written, that
equation is checked instead, and the formula is verified when it holds. It is never called wrong that way: a σ
under a root may be a normalisation's √(σ² + ε), whose square is no plain variance. Any other right side of a σ (a
number, a root times something) is left to the other checks, where a variance entry is no certain reading of a σ
(kb.check.link).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision
from kb.check.latex_text import LatexError, braces_balanced, split_chain, strip_formula

# σ, σ_w, σ_{in}, \sigma_{w} (no square, no argument: σ(z) is a function's value)
DEVIATION = re.compile(r"\s*(?:\\sigma|σ)(?![A-Za-z])(?:_\{?\s*[A-Za-z]+\s*\}?|_\{\s*\\?[A-Za-z]+\s*\})?\s*")
# a right side that is one square root and nothing else
_ROOT = re.compile(r"\s*\\sqrt\s*\{(?P<radicand>.*)\}\s*", re.S)


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """`σ = √X` verified as `σ² = X` when that equation is verified; None otherwise."""
    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return None
    if relations != ["="] or not DEVIATION.fullmatch(parts[0]):
        return None
    match = _ROOT.fullmatch(parts[1])
    if match is None or not braces_balanced(match["radicand"]):
        return None
    squared = f"{parts[0].strip()}^2 = {match['radicand'].strip()}"
    decision = check(squared)
    if decision.status != "verified":
        return None
    return replace(decision, note_latex=latex, detail=(
        f"{parts[0].strip()} is a standard deviation, the root of a variance: its square {squared} holds: "
        f"{decision.detail}"))


