"""Correlative pairs: a damaged slot's candidate that makes one half of a pair whose other half stands in its sentence.

Mandarin links the clauses of a sentence with paired adverbs and conjunctions: 「先 X，再 Y」, 「既 X，又 Y」, 「不仅 X，还
Y」, 「虽然 X，但 Y」. cp1253 loses the last byte of 先 (E5 85 88), 再 (E5 86 8D), 也 (E4 B9 9F) and 还 (E8 BF 98) and
both continuation bytes of 又, and the news the pairs were counted from ranks 党 over 先 and 分 over 再 at a
clause's start; the half that the damage left whole says which word the broken one is. The pairs are data
(kb/read/data/frames_zh.toml, `correlatives`).
"""
from __future__ import annotations

from functools import cache

# Marks that end the sentence a pair stays within (commas and semicolons do not: the halves stand in two clauses).
_SENTENCE_ENDS = frozenset("。！？!?\n")
# The fewest characters between the two halves (先后, 再次 are words, no pair).
GAP = 2


@cache
def correlatives() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(first half, the second halves it takes), per pair (kb/read/data/frames_zh.toml)."""
    from kb.read.langmodel import data_table

    table = data_table("frames_zh.toml")["correlatives"]
    return tuple((first, tuple(seconds)) for first, seconds in sorted(table.items()))


def correlative_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` for a one-character candidate of a damaged slot that is the first
    half of a pair whose second half stands later in its sentence, or a second half whose first half stands
    earlier, GAP characters apart at least; nothing elsewhere. `fixed` is the line with NUL for characters not
    settled."""
    pairs = correlatives()
    halves = frozenset(half for first, seconds in pairs for half in (first, *seconds) if len(half) == 1)

    @cache
    def sentence(at: int) -> tuple[str, str]:
        start, end = at, at + 1
        while start > 0 and fixed[start - 1] not in _SENTENCE_ENDS:
            start -= 1
        while end < len(fixed) and fixed[end] not in _SENTENCE_ENDS:
            end += 1
        return fixed[start:max(start, at - GAP)], fixed[at + 1 + GAP:end]

    @cache
    def paired(at: int, char: str) -> bool:
        before, after = sentence(at)
        for first, seconds in pairs:
            if char == first and any(second in after for second in seconds):
                return True
            if char in seconds and first in before:
                return True
        return False

    def score(at: int, char: str) -> float:
        if char not in halves or not damaged[at] or len(options[at]) < 2:
            return 0.0
        return logp if paired(at, char) else 0.0

    return score
