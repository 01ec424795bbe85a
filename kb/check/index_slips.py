"""A sum whose indices do not fit together, which kb's numeric reading would pass over.

kb evaluates `\\sum_{i=1}^n t_k \\log y_k` by running the summand over the data vectors, so a sum written over i
whose terms are indexed by k reads like the cross-entropy, and `G_t = \\sum_i \\gamma^i R_{i+1}` like the return from
step t. As written they say something else: the first adds n copies of one term, the second gives every G_t the
same value, the rewards from the first step on. An index is a letter of i, j, k, t written below or above a name
(`x_i`, `R_{t+k+1}`, `x^{(k)}`, `a^{[l]}`); a slip is one of:

- a sum whose own index its terms never use, while they are indexed by another letter (`\\sum_i t_k \\log y_k`);
- a left side indexed by the letter a sum on the right runs over, while the right uses another index the left
  side lacks (`\\hat x^{(i)} = \\frac1n \\sum_i x_i^{(k)}`, the mean of variable i meant over the samples k);
- a left side indexed by a letter the right side, which sums, never writes (`G_t = \\sum_i \\gamma^i R_{i+1}`).

Such a formula agrees with the standard one only through the reading, so it is never called verified.
"""
from __future__ import annotations

import re

from kb.check.latex_text import LatexError, split_relation, strip_formula

INDEX_LETTERS = "ijkt"
# `\sum_{i=1}^{n}`, `\sum_i`, `\sum\limits_{k}`: the letter the sum runs over
_SUM = re.compile(r"\\sum(?:\\limits)?\s*_\s*(?:\{\s*([a-z])\s*(?:=[^{}]*)?\}|([a-z]))")
# a subscript or a superscript: `_{t+k+1}`, `_i`, `^{(k)}`, `^{[l]}`
_SCRIPT = re.compile(r"[_^]\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|([A-Za-z0-9]))")
_WORD = re.compile(r"\\[A-Za-z]+|[A-Za-z]{3,}")   # commands and words (max, pred, new) name no index


def _indices(text: str) -> set[str]:
    """The index letters written in the scripts of `text`."""
    found = set()
    for match in _SCRIPT.finditer(text):
        script = _WORD.sub(" ", match.group(1) if match.group(1) is not None else match.group(2))
        found |= {letter for letter in re.findall(r"[a-z]", script) if letter in INDEX_LETTERS}
    return found


def _written(letter: str, text: str) -> bool:
    """Whether the letter stands anywhere in `text` as a symbol of its own (not inside a command or a word)."""
    return re.search(rf"(?<![\\A-Za-z]){letter}(?![A-Za-z])", _WORD.sub(" ", text)) is not None


def slip(latex: str) -> str:
    """Why the formula's indices disagree ('' when they agree or there is no sum to disagree with)."""
    try:
        lhs, _, rhs = split_relation(strip_formula(latex))
    except LatexError:
        return ""
    sums = list(_SUM.finditer(rhs))
    if not sums:
        return ""
    bound = {m.group(1) or m.group(2) for m in sums}
    for match in sums:
        index = match.group(1) or match.group(2)
        terms = rhs[match.end():]
        others = _indices(terms) - bound
        if index in INDEX_LETTERS and not _written(index, re.sub(r"^\s*\^\s*(?:\{[^{}]*\}|\S)", "", terms)) and others:
            return (f"the sum runs over {index}, but its terms are indexed by {', '.join(sorted(others))}: as written "
                    "it adds copies of one term")
    left = _indices(lhs)
    free = _indices(rhs) - bound
    if (clash := left & bound) and (extra := free - left):
        return (f"the left side is indexed by {', '.join(sorted(clash))}, the letter the sum runs over, and the right "
                f"side by {', '.join(sorted(extra))}, which the left side does not have")
    if absent := sorted(letter for letter in left - _indices(rhs) if not _written(letter, rhs)):
        return (f"the left side is indexed by {', '.join(absent)}, which the right side never writes: as written it "
                "has the same value for every " + absent[0])
    return ""
