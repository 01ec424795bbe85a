"""Which mathematical symbol a damaged slot holds, read from how mathematics sets its symbols.

A code page that loses a symbol's last byte leaves the rest of its block as candidates: UTF-8 read as GBK loses
∈ (E2 88 88) and ∞ (E2 88 9E) before a space, where ∂, ∇, ∑, √ and ∫ (E2 88 82-AB) fit as well, and at the
shares notes write them with, the first of the block (∂) won every such slot: 「x ∈ X」 came back 「x ∂ X」 and
「β → ∞」 「β → ∂」. Two conventions of mathematical typography tell them apart:

- An operator that applies to what follows it (∂, ∇, ∑, ∏, ∫, √) is set against its operand (∂L, ∇f, √2): a
  space after the slot says it holds no such operator.
- A relation or an arrow (∈, →, ≤) stands between two terms, never right after another: after one, the slot
  holds a term (∞ in 「β → ∞」), not a second relation.
"""
from __future__ import annotations

# Operators set against the operand after them.
PREFIX = frozenset("∂∇∑∏∫∮√∛")
# Relations, arrows and infix operators: each stands between two terms.
INFIX = frozenset("∈∉∋∌−∓±×÷∘∙∝∧∨∩∪⊂⊃⊆⊇⊕⊗⊙≤≥≈≠≡≪≫→←↔⇒⇐⇔=<>")


def operator_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` (below zero) for a prefix operator in a damaged slot a space or the
    line's end follows, and for a relation in a damaged slot right after another relation (spaces between);
    nothing elsewhere, nor where the slot holds a single candidate. `fixed` is the line with NUL for
    characters not settled."""
    def score(at: int, char: str) -> float:
        if not damaged[at] or len(options[at]) < 2:
            return 0.0
        if char in PREFIX:
            return logp if fixed[at + 1:at + 2] in ("", " ") else 0.0
        if char in INFIX:
            before = fixed[:at].rstrip(" ")
            return logp if before[-1:] in INFIX else 0.0
        return 0.0

    return score
