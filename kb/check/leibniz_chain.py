"""A chain rule written in Leibniz's notation: `∂ℓ/∂w = ∂ℓ/∂a · ∂a/∂z · ∂z/∂w` holds as written exactly when its
factors cancel like fractions down to the left side.

Backpropagation notes state the chain rule so, a product of partial derivatives (`\\frac{\\partial E}{\\partial A_2}`,
the physics package's `\\pdv{L}{e}`) whose inner variables cancel: the notation was made so that this cancelling is
the rule. A product that leaves a variable over (`∂ℓ/∂f_2 = ∂h_3/∂f_2 · ∂ℓ/∂f_3`, the factor ∂f_3/∂h_3 missing, or a
factor `∂L/∂L` where `∂L/∂c` was meant) is no chain rule of the left side's derivative, whatever the functions are.

Only a formula whose two sides are products of such fractions and nothing else is read (parentheses and `\\cdot`
between them): another factor (an activation's derivative written out, a transpose, a sum over paths) is a
computation this reading cannot follow. Variables are compared as written, typefaces aside (`\\mathbf{f}_k` is
`f_k`); when the factors cancel only once the indices are dropped (`∂L/∂w_{ij} = ∂L/∂z_j · ∂z_j/∂w`), the indices may
be the author's shorthand, so the formula is left unchecked rather than called wrong.
"""
from __future__ import annotations

import re
from collections import Counter

from kb.check.decision import Decision
from kb.check.latex_text import LatexError, split_relation, strip_formula

METHOD = "chain rule"   # how `kb verify` names this check (it has no registry entry)

_GROUP = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
# ∂a/∂b as a fraction (\frac, \dfrac, \tfrac) or the physics package's \pdv{a}{b}
_FRACTION = re.compile(r"\\(?:[dt]?frac\s*\{\s*\\partial(?![A-Za-z])\s*((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})+?)\s*\}\s*"
                       r"\{\s*\\partial(?![A-Za-z])\s*((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})+?)\s*\}"
                       r"|pdv\s*" + _GROUP + r"\s*" + _GROUP + ")")
# what may stand between the factors of a product: space, multiplication dots, parentheses of any size
_GLUE = re.compile(r"^(?:\s|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\\left\s*[(\[]|\\right\s*[)\]]|[()\[\]]|\\[,;:! ])*$")
# a variable: one name with optional scripts (no operator, no application, no second term)
_VARIABLE = re.compile(r"^(?:\\[A-Za-z]+\s*(?:\{[^{}]*\})?|[A-Za-z]+)(?:\s*[_^]\s*(?:\{[^{}]*\}|[A-Za-z0-9]))*$")
_TYPEFACE = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathrm|mathit|mathcal)\s*\{([^{}]*)\}")
_SCRIPTS = re.compile(r"[_^].*$")
_SCRIPT = re.compile(r"([_^])\s*(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])")


def decide(latex: str) -> Decision | None:
    """The chain rule's verdict, or None when `latex` is not an equation of two products of partial derivatives
    (the right one of two factors or more)."""
    try:
        lhs, relation, rhs = split_relation(strip_formula(latex))
    except LatexError:
        return None
    if relation != "=":
        return None
    left, right = _factors(lhs), _factors(rhs)
    if left is None or right is None or len(left) != 1 or len(right) < 2:
        return None
    over_top, over_bottom = _left_over(left, right)
    shown = _shown(left[0])
    if not over_top and not over_bottom:
        return Decision("verified", latex, detail=f"chain rule: the factors cancel to {shown}", examples=1,
                        verified_latex=latex, method=METHOD)
    if _dropped_indices(over_top, over_bottom):
        return Decision("not_checkable", latex, detail=(
            f"chain rule: the factors cancel to {shown} only when the variables' indices are dropped, "
            f"which may be the note's shorthand"))
    over = f"{'·'.join(sorted(over_top.elements())) or '1'}/{'·'.join(sorted(over_bottom.elements())) or '1'}"
    return Decision("note_differs", latex, detail=(
        f"chain rule: the factors do not cancel to {shown}: {over} is left over"), examples=1, method=METHOD)


def _factors(side: str) -> list[tuple[str, str]] | None:
    """The (numerator, denominator) variables of a side that is a product of partial derivatives, else None."""
    factors, at = [], 0
    for match in _FRACTION.finditer(side):
        if not _GLUE.match(side[at:match.start()]):
            return None
        top, bottom = (match.group(1), match.group(2)) if match.group(1) is not None else (match.group(3), match.group(4))
        if not (_VARIABLE.match(top.strip()) and _VARIABLE.match(bottom.strip())):
            return None
        factors.append((top, bottom))
        at = match.end()
    return factors if factors and _GLUE.match(side[at:]) else None


def _name(variable: str) -> str:
    """A variable as written, its typeface, braces and spaces aside: `\\mathbf{f}_{k}` is `f_k`; its subscript and
    superscript in one order, as LaTeX draws them (`U^L_{qj}` and `U_{qj}^L` are one variable)."""
    plain = _TYPEFACE.sub(r"\1", variable)
    first = re.search(r"[_^]", plain)
    if first is None:
        return re.sub(r"[{}\s]", "", plain)
    scripts = {"_": "", "^": ""}
    for kind, script in _SCRIPT.findall(plain[first.start():]):
        scripts[kind] += script
    name = plain[:first.start()] + "".join(f"{kind}{scripts[kind]}" for kind in "_^" if scripts[kind])
    return re.sub(r"[{}\s]", "", name)


def _left_over(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> tuple[Counter, Counter]:
    """What the right side's product has over the left side's derivative, as (numerator, denominator) variables
    (both empty when nothing): ∏ n_i/d_i = N/D exactly when the n_i with D and the d_i with N are the same."""
    tops = Counter(_name(top) for top, _ in right) + Counter([_name(left[0][1])])
    bottoms = Counter(_name(bottom) for _, bottom in right) + Counter([_name(left[0][0])])
    return tops - bottoms, bottoms - tops


def _dropped_indices(over_top: Counter, over_bottom: Counter) -> bool:
    """Whether what is left over pairs a variable written without indices with the same letter written with them
    (`w` against `w_{ij}`), every variable of it so: the same variable, its indices left out."""
    if sum(over_top.values()) != sum(over_bottom.values()):
        return False
    unpaired = list(over_bottom.elements())
    for top in over_top.elements():
        match = next((bottom for bottom in unpaired if _same_letter_one_bare(top, bottom)), None)
        if match is None:
            return False
        unpaired.remove(match)
    return True


def _same_letter_one_bare(first: str, second: str) -> bool:
    bare = [name for name in (first, second) if not _SCRIPTS.search(name)]
    return len(bare) == 1 and _SCRIPTS.sub("", first) == _SCRIPTS.sub("", second)


def _shown(factor: tuple[str, str]) -> str:
    return f"∂{_name(factor[0])}/∂{_name(factor[1])}"
