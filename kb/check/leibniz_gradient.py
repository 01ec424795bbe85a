"""An update whose gradient is written in Leibniz's notation: `θ_{t+1} = θ_t − η ∂L/∂θ_t` is `θ_t − η∇L(θ_t)`.

Optimiser notes that follow Japanese and Korean textbooks (and many lecture notes) write the gradient of the
loss as the fraction `\\frac{\\partial L}{\\partial \\theta_t}` (or `\\frac{dJ(\\omega)}{d\\omega}`) inside an update
rule: it is the gradient of the objective taken at the iterate in its denominator, what the same notes write
elsewhere as ∇_θ L(θ_t). kb reads ∇ in updates already (kb.check.latex: the gradient is named by the iterate it is
taken at), so such an update is rewritten with each fraction as `\\nabla L(point)` and checked as that.

Only the right side of an update is rewritten: a left side that is itself a derivative (`∂L/∂w = ...`, a chain
rule, a backpropagation step) states what the derivative equals, which is no update. The numerator must be an
objective (a cost's letter, with or without its arguments) and the denominator one name, so that the fraction
is the gradient and nothing else; a look-ahead point (`∂L/∂(θ_t + αv_t)`, Nesterov's) is kept, and the
translator says it cannot name it.
"""
from __future__ import annotations

import re

from kb.check.latex_text import LatexError, split_relation, strip_formula

# the objective: a cost's letter (L, J, E, C, ℓ, 𝓛), optionally with its arguments: L, J(\omega, b), \mathcal{L}
_OBJECTIVE = r"(?:[LJEC]|\\ell|\\mathcal\s*\{\s*[LJE]\s*\}|\\mathcal\s*[LJE])(?:\s*\([^()]*\))?"
# a name the objective is differentiated by: a letter or Greek command, bold or not, with an optional subscript
_NAME = (r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*(?:[A-Za-z]|\\[A-Za-z]+)\s*\}|[A-Za-z]|\\[A-Za-z]+)"
         r"(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?")
# the point: one name, or a parenthesised expression (a look-ahead), left for the translator to refuse
_POINT = r"(?P<point>" + _NAME + r"|\((?:[^()]|\([^()]*\))*\)|\\left\s*\((?:[^()]|\([^()]*\))*\\right\s*\))"
_FRACTION = re.compile(r"\\(?:d|t)?frac\s*\{\s*(?P<d>\\partial|d)\s*(?P<objective>" + _OBJECTIVE + r")\s*\}\s*"
                       r"\{\s*(?P=d)\s*" + _POINT + r"\s*\}")
# derivative notation on a left side: the formula states a derivative, it updates nothing
_DERIVATIVE = re.compile(r"\\partial|\\nabla|\\(?:d|t)?frac\s*\{\s*d|'|\\prime")


def rewrite(latex: str) -> str | None:
    """The update with each Leibniz gradient of its right side written `\\nabla L(point)`; None when the formula is
    no update with such a gradient (a derivative on the left, or no fraction of an objective by one name)."""
    try:
        lhs, _, _ = split_relation(strip_formula(latex))
    except LatexError:
        return None
    if not lhs.strip() or _DERIVATIVE.search(lhs):
        return None
    start = latex.find(lhs.strip()) + len(lhs.strip()) if lhs.strip() in latex else 0
    head, tail = latex[:start], latex[start:]
    rewritten, count = _FRACTION.subn(_as_nabla, tail)
    if not count or "\\partial" in rewritten:
        return None   # another ∂ stays (a second-order term, a chain): not the gradient alone
    return head + rewritten


def _as_nabla(match: re.Match[str]) -> str:
    objective = re.sub(r"\s*\([^()]*\)\s*$", "", match.group("objective"))
    point = match.group("point")
    if not point.startswith(("(", "\\left")):
        point = f"({point})"
    return f"\\nabla {objective}{point}"
