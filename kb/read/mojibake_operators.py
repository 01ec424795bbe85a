"""Which mathematical symbol a damaged slot holds, read from how mathematics sets its symbols.

A code page that loses a symbol's last byte leaves the rest of its block as candidates: UTF-8 read as GBK loses
∈ (E2 88 88) and ∞ (E2 88 9E) before a space, where ∂, ∇, ∑, √ and ∫ (E2 88 82-AB) fit as well, and at the
shares notes write them with, the first of the block (∂) won every such slot: 「x ∈ X」 came back 「x ∂ X」 and
「β → ∞」 「β → ∂」. Two conventions of mathematical typography tell them apart:

- An operator that applies to what follows it (∂, ∇, ∑, ∏, ∫, √) is set against its operand (∂L, ∇f, √2): a
  space after the slot says it holds no such operator.
- A relation or an arrow (∈, →, ≤) stands between two terms, never right after another: after one, the slot
  holds a term (∞ in 「β → ∞」), not a second relation.
- Membership (∈, ∉) relates an element to a set, and no set is written as a number: before a digit the slot holds
  another relation or operator (the minus of 「n − 1」, E2 88 92, beside ∈'s E2 88 88).
"""
from __future__ import annotations

# Operators set against the operand after them.
PREFIX = frozenset("∂∇∑∏∫∮√∛")
# Relations, arrows and infix operators: each stands between two terms.
INFIX = frozenset("∈∉∋∌−∓±×÷∘∙∝∧∨∩∪⊂⊃⊆⊇⊕⊗⊙≤≥≈≠≡≪≫→←↔⇒⇐⇔=<>")
# Relations whose right side is a set.
MEMBERSHIP = frozenset("∈∉")


def operator_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` (below zero) for a prefix operator in a damaged slot a space or the
    line's end follows, for a relation in a damaged slot right after another relation (spaces between), and for
    membership right before a number; nothing elsewhere, nor where the slot holds a single candidate. `fixed` is
    the line with NUL for characters not settled."""
    def score(at: int, char: str) -> float:
        if not damaged[at] or len(options[at]) < 2:
            return 0.0
        if char in PREFIX:
            return logp if fixed[at + 1:at + 2] in ("", " ") else 0.0
        if char in INFIX:
            before, after = fixed[:at].rstrip(" "), fixed[at + 1:].lstrip(" ")
            misplaced = before[-1:] in INFIX or (char in MEMBERSHIP and after[:1].isdigit())
            return logp if misplaced else 0.0
        return 0.0

    return score
