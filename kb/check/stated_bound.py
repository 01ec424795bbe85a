"""An equation followed by a bound: `\\sigma'(z) = \\sigma(z)(1-\\sigma(z)) \\le 0.25`.

Notes write a function's value and then the bound it obeys in one chain, the way one says "σ' is σ(1 − σ), which is
at most 1/4". The chain makes two statements: the equation `σ'(z) = σ(z)(1-σ(z))` and the bound `σ'(z) ≤ 0.25`. The
bound's number is no value of the left side: read as the chain's last part it would be compared with σ'(z) as an
identity (σ'(1/2) is not 1/4) and the correct line called wrong. Each statement is checked on its own: the
equation by every check an equation gets, the bound as a stated bound of a known function (kb.check.ranges).
The line is verified when both are, differs when either differs, and is not checkable otherwise (a bound kb
cannot check leaves the line unverified, whatever the equation's verdict).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision
from kb.check.latex_text import LatexError, split_chain, strip_formula

_BOUNDS = {"<", ">", "\\le", "\\ge", "\\leq", "\\geq", "\\lt", "\\gt"}


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on `a = b ... ≤ c` (equalities, then one or more bounds), or None for any other formula."""
    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return None
    first_bound = next((k for k, r in enumerate(relations) if r in _BOUNDS), None)
    if (first_bound is None or first_bound == 0 or any(r != "=" for r in relations[:first_bound])
            or any(r not in _BOUNDS for r in relations[first_bound:])):
        return None
    from kb.check.ranges import check_range   # (sympy: not imported by a rebuild whose decisions are all kept)

    equation = " = ".join(parts[:first_bound + 1])
    bound = " ".join([parts[0], *(f"{r} {p}" for r, p in zip(relations[first_bound:], parts[first_bound + 1:]))])
    stated = check(equation)
    bounded = check_range(bound)
    for decision, what in ((stated, f"the equation {equation}"), (bounded, f"the bound {bound}")):
        if decision is not None and decision.status == "note_differs":
            return replace(decision, note_latex=latex, detail=f"{what} differs: {decision.detail}")
    if stated.status == "verified" and bounded is not None and bounded.status == "verified":
        return replace(stated, note_latex=latex, detail=f"the equation {equation} holds ({stated.detail}) and so does "
                                                        f"the bound {bound} ({bounded.detail})")
    unchecked = (f"the equation {equation}: {stated.detail}" if stated.status != "verified"
                 else f"the bound {bound} is one kb cannot check")
    return Decision("not_checkable", latex, detail=f"an equation followed by a bound, two statements; {unchecked}")

