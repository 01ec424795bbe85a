"""A KL divergence whose left side names its arguments: they are bound to the definition by position.

D_KL(A ‖ B) = Σ A log(A/B) whatever the letters: the first argument weights the sum and stands above the fraction
bar. Notes write it with the letters they use elsewhere, often the other way round from the registry's P and Q:
`KL(q‖p) = Σ_z q(z) log q(z)/p(z)` (variational inference: q the approximation, p the posterior) is the definition
read with q first. Matched by letters, q is taken for the registry's Q, and the note's correct formula looks like
the mutant "arguments swapped". Here the right side is read with the letters exchanged, so that the note's first
argument plays the entry's P; the verdict is then the entry's verdict on that reading, said in the note's letters.

Only the two letters p and q (either case, with their indices) are exchanged; any other pair (`KL(π‖μ)`,
`KL(q_φ(z|x) ‖ p(z))`) is left to the rest of kb.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision

_NAME = r"(?:D\s*_\s*\{?\s*(?:\\(?:mathrm|text|operatorname|rm)\s*\{\s*KL\s*\}|KL)\s*\}?|\\(?:mathrm|text|operatorname)\s*\{\s*KL\s*\}|KL)"
_BETWEEN = r"(?:\\\||\\Vert|\\parallel|\\mid\s*\\mid|\|\||‖|\\lVert|\\rVert)"
_LEFT_SIDE = re.compile(rf"^\s*{_NAME}\s*(?:\\left\s*)?[(\[]\s*(?P<first>[pPqQ])\s*(?:\\,|\\;|\s)*{_BETWEEN}"
                        rf"\s*(?:\\,|\\;|\s)*(?P<second>[pPqQ])\s*(?:\\right\s*)?[)\]]\s*$")
_RELATION = re.compile(r"(?<![<>!\\:])=")
_READ_LEFT = r"D_{KL}(P\,\|\,Q)"
# two distributions the counterexample is shown on
_FIRST, _SECOND = (0.7, 0.2, 0.1), (0.1, 0.3, 0.6)
_AT = re.compile(r"(\bat )(.*?)(: expected)")


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on `KL(q‖p) = …` read with the note's first argument as the entry's first (None when the left
    side is no KL of p and q in the other order than the entry's)."""
    parts = _RELATION.split(latex)
    if len(parts) != 2 or (named := _LEFT_SIDE.match(parts[0])) is None:
        return None
    first, second = named.group("first"), named.group("second")
    if first.lower() != "q" or second.lower() != "p":
        return None
    read = check(f"{_READ_LEFT}={_exchange(parts[1])}")
    if read.formula is None or read.formula.id != "kl_divergence" or read.status not in ("verified", "note_differs"):
        return _the_other_direction(latex, parts[0].strip(), first, second, check(f"{_READ_LEFT}={parts[1]}"))
    binding = (f"arguments bound by position: the note's {first} is the first argument (P in "
               f"{read.formula.latex}), its {second} the second")
    # the reading's counterexample and left side are in the exchanged letters: said again in the note's
    detail = _AT.sub(lambda m: m.group(1) + _exchange(m.group(2)) + m.group(3), read.detail, count=1)
    detail = detail.replace(f"left side {_READ_LEFT}", f"left side {parts[0].strip()}")
    mapping = {parameter: _exchange(symbol) for parameter, symbol in read.mapping.items()}
    return replace(read, note_latex=latex, mapping=mapping, detail=f"{detail}; {binding}")


def _the_other_direction(latex: str, left: str, first: str, second: str, as_written: Decision) -> Decision | None:
    """note_differs when the right side, read in the note's own letters, is the registry's D_KL(P‖Q) itself: the
    left side asks for the divergence of its first argument from its second, and the sum is the other one, which
    differs wherever the two distributions differ (None when the right side is not that sum)."""
    if as_written.status != "verified" or as_written.formula is None or as_written.formula.id != "kl_divergence":
        return None
    want = sum(a * math.log(a / b) for a, b in zip(_FIRST, _SECOND))
    got = sum(b * math.log(b / a) for a, b in zip(_FIRST, _SECOND))
    return Decision("note_differs", latex, formula=as_written.formula, examples=as_written.examples, detail=(
        f"differs from kl_divergence: at {first}={list(_FIRST)}, {second}={list(_SECOND)}: expected {want:.6g}, "
        f"the note's formula gives {got:.6g}; the right side sums under {second} (D_KL({second}‖{first})), the left "
        f"side asks for D_KL({first}‖{second}) (identified by: left side {left}; arguments bound by position)"))


def _exchange(rhs: str) -> str:
    """The right side with p and q exchanged, in either case (q(z) ↔ p(z), Q_k ↔ P_k)."""
    swap = {"p": "q", "q": "p", "P": "Q", "Q": "P"}
    return re.sub(r"(?<![A-Za-z\\])([pPqQ])(?![A-Za-z])", lambda m: swap[m.group(1)], rhs)
