"""A gradient written one component at a time over the examples, as Andrew Ng's notes write it, in matrix form.

∂J/∂θ_j = (1/m) Σ_i (h_θ(x^{(i)}) − y^{(i)}) x_j^{(i)} states, for every j, the j-th entry of (1/m) Xᵀ(h_θ(x) − y):
Σ_i c_i x_j^{(i)} is (Xᵀc)_j when the rows of X are the examples x^{(i)}. kb's entries hold the gradient as a vector,
so the formula is rewritten as ∇_θ J(θ) = (1/m) X^T(...) and checked as that. Only when the component index of the
left side's θ_j is the one of the example's x_j^{(i)} and that factor multiplies the whole summand.
"""
from __future__ import annotations

import re

_PARTIAL_LHS = re.compile(
    r"^\s*\\(?:d|t)?frac\s*\{\s*\\partial\s*(?P<num>[A-Za-z]?(?:\s*\(\s*\\theta\s*\))?)\s*\}\s*"
    r"\{\s*\\partial\s*\\theta_\{?(?P<j>[a-z])\}?\s*\}\s*(?P<after>J\s*\(\s*\\theta\s*\))?\s*$")
_SUM = re.compile(r"\\sum_\s*(?:\{\s*i\s*(?:=\s*1\s*)?\}|i)\s*(?:\^\s*(?:\{\s*m\s*\}|m))?\s*")
# x_j^{(i)} or x^{(i)}_j: feature j of example i (@ stands for the component's letter)
_FEATURE = r"x_\{?@\}?\s*\^\s*\{\s*\(\s*i\s*\)\s*\}|x\s*\^\s*\{\s*\(\s*i\s*\)\s*\}\s*_\{?@\}?"
_EXAMPLE = re.compile(r"\^\s*\{\s*\(\s*i\s*\)\s*\}")


def rewrite(latex: str) -> str | None:
    """`\\frac{\\partial}{\\partial\\theta_j}J(\\theta) = \\frac{1}{m}\\sum_i (...)x_j^{(i)}` as
    `\\nabla_\\theta J(\\theta) = \\frac{1}{m}X^T\\left(...\\right)`; None for any other formula."""
    lhs, equals, rhs = latex.partition("=")
    match = _PARTIAL_LHS.match(lhs)
    if not equals or match is None or (not match.group("num").strip() and not match.group("after")):
        return None
    j = match.group("j")
    found = _SUM.search(rhs)
    if found is None or len(_SUM.findall(rhs)) != 1:
        return None
    before, summand = rhs[:found.start()], rhs[found.end():].strip()
    feature = re.compile(r"(?:\\cdot\s*)?(?:" + _FEATURE.replace("@", j) + r")\s*$")
    tail = feature.search(summand)
    if tail is None or len(re.findall(_FEATURE.replace("@", j), summand)) != 1:
        return None
    body = summand[:tail.start()].strip()
    if not (body.startswith(("(", "\\left(")) and _closes_at_end(body)):
        return None   # the feature must multiply the whole summand, written in parentheses
    if re.search(r"(?<![\\A-Za-z])[a-z]_\{?" + j + r"\b", body):
        return None   # another quantity indexed by j: not a component of one vector
    return rf"\nabla_\theta J(\theta) = {before.strip()} X^T{_EXAMPLE.sub('', body)}"


def _closes_at_end(body: str) -> bool:
    """The opening parenthesis of `body` closes at its end: (a − b), not (a)(b) or (a) − b."""
    text = re.sub(r"\\(?:left|right)\s*", "", body)
    depth = 0
    for at, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return at == len(text) - 1
    return False
