"""A chain `a = b = c` is verified only when every link is: each part after the first is checked as `a = part`.

The registry and identity checks read a chain's first and last parts (the left side and the final form), so a
wrong middle step (`H = E_p[\\log q] = -\\sum p \\log q`, the first link without its minus) would pass with the
last. A link kb cannot check leaves the chain partly checked (not_checkable, saying which link); a link that
fails makes the chain differ, by that link's own decision (whose identity checks it passed).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision
from kb.check.latex_text import LatexError, split_chain, strip_formula

# relations a chain's parts all hold under: each part is then the first one's value
_EQUAL = ("=", "\\approx")
# checks whose verdict already reads every step of the chain (worked numbers, steps under stated values)
STEPWISE = ("steps", "arithmetic")


def links(latex: str) -> list[tuple[str, str]]:
    """(first part, later part) for each middle part of a chain of equalities; [] for a plain equation."""
    try:
        parts, relations = split_chain(strip_formula(latex))
    except LatexError:
        return []
    if len(parts) < 3 or not parts[0].strip():
        return []
    return [(parts[0], part) for part in parts[1:-1] if part.strip()]


def check_every_link(latex: str, decision: Decision, check: Callable[..., Decision]) -> Decision:
    """`decision` (on the chain's first and last parts) when every middle link holds too; else the verdict of the
    chain's weakest link. `check(equation, entries=None)` decides one equation `a = b` in the chain's context,
    against the given entries only where they are given."""
    if decision.status != "verified" or decision.method in STEPWISE:
        return decision
    middle = links(latex)
    if not middle:
        return decision
    try:
        relations = split_chain(strip_formula(latex))[1]
    except LatexError:
        return decision
    if any(r not in _EQUAL for r in relations):
        return Decision("not_checkable", latex, detail=(
            f"partly checked: its last part agrees with {_what(decision)}, but the chain also states "
            f"{', '.join(r for r in relations if r not in _EQUAL)}, which kb does not check link by link"),
            evidence=decision.evidence)
    unchecked = []
    for first, part in middle:
        if _name_only(part, latex):
            continue   # `g(z) = a = max(0, z)`: a name for the value, no step
        link = _same_quantity(check, f"{first} = {part}", decision)
        if link.status == "note_differs":
            return replace(link, note_latex=latex, detail=(
                f"the link {first} = {part} fails (the chain's last part agrees with {_what(decision)}): "
                f"{link.detail}"))
        if link.status != "verified":
            unchecked.append((part, link.detail))
    if unchecked:
        part, why = unchecked[0]
        return Decision("not_checkable", latex, detail=(
            f"partly checked: its last part agrees with {_what(decision)}, but the link {middle[0][0]} = {part} "
            f"cannot be checked ({why})"), evidence=decision.evidence)
    return replace(decision, detail=f"{decision.detail}; each of the chain's {len(middle) + 1} links holds")


def _same_quantity(check: Callable[..., Decision], link: str, decision: Decision) -> Decision:
    """The link's decision as the chain's quantity. A link that agrees with another entry than the chain's is no step
    of the same value (`∂L/∂b = ŷ - y` agrees with the gradient of sigmoid + cross-entropy, the chain's end y - ŷ with
    a boosting residual): it is checked again against the chain's own entry alone, and one that is not verified
    there is left unchecked, never taken for a mistake (which of the two entries the note means is not certain)."""
    found = check(link)
    if found.status != "verified" or decision.formula is None or found.formula in (None, decision.formula):
        return found
    again = check(link, (decision.formula,))
    if again.status == "verified":
        return again
    return Decision("not_checkable", link, detail=(
        f"it agrees with {found.formula.id}, another quantity than the chain's {decision.formula.id}"))


def _what(decision: Decision) -> str:
    return decision.formula.id if decision.formula is not None else "its left side"


def _name_only(part: str, latex: str) -> bool:
    """A middle part that is one name met nowhere else in the chain names the value (Ng's `a` in
    `g(z) = a = max(0, z)`): no step."""
    import sympy

    from kb.check.latex import to_sympy

    try:
        parts = split_chain(strip_formula(latex))[0]
        name = to_sympy(part)
        others = [to_sympy(p) for p in parts if p is not part and p.strip() != part.strip()]
    except (LatexError, TypeError, ValueError):
        return False
    return isinstance(name, sympy.Symbol) and all(name not in e.free_symbols for e in others)


def after_leading_name(latex: str) -> str:
    """`s = \frac{e^a}{e^a+e^b} = \frac{1}{1+e^{b-a}}`: the chain after a first part that only names its value (one
    letter met nowhere else in it), as an equation of its own ('' for any other formula)."""
    import sympy

    from kb.check.latex import to_sympy

    try:
        parts, relations = split_chain(strip_formula(latex))
        if len(parts) < 3 or any(r != "=" for r in relations):
            return ""
        name = to_sympy(parts[0])
        others = [to_sympy(p) for p in parts[1:]]
    except (LatexError, TypeError, ValueError):
        return ""
    if not isinstance(name, sympy.Symbol) or any(name in e.free_symbols for e in others):
        return ""
    return " = ".join(p.strip() for p in parts[1:])
