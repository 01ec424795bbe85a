"""Which damaged characters spell the word a question asks with, where the clause ends in a question mark.

A Chinese question is marked by a word that asks (哪个, 什么, 怎么, 多少: kb/read/data/questions_zh.toml) or by a
final particle (吗, 呢); a clause that ends in ？ with neither is rare. cp1253 loses the last byte of 哪 (E5 93
AA), 么 (E4 B9 88) and 多 (E5 A4 9A), and of 个 and 怎 too: the words that ask are broken where a question needs
them, and everyday characters one lost byte away win there (「哪个是输入？」 read as 「响不是输入？」). A clause that
ends in ？ (in the first pass's choices, or in a damaged slot that may hold it: cp1253 breaks ？ too) and holds no
word that asks, none the damage left whole, favours the candidates that spell one with the characters and
candidates beside them.
"""
from __future__ import annotations

from functools import cache

# Marks that end the clause a question word is looked for in.
_CLAUSE_MARKS = frozenset("，。；：！？\n")
QUESTION_MARK = "？"
_PARTICLES = frozenset("吗呢")


def asking_scores(context: str, options, damaged, interrogatives, logp: float):
    """A score per (slot, character): `logp` for a candidate of a damaged slot that spells a word of
    `interrogatives` with the intact characters and the candidates of the damaged slots beside it, in a clause
    of `context` (the line with the first pass's choices) that ends in ？ or in a damaged slot that may hold it,
    and holds neither such a word of intact characters nor a final particle; nothing elsewhere."""
    @cache
    def clause_end(at: int) -> int:
        end = at
        while end < len(context) and context[end] not in _CLAUSE_MARKS:
            end += 1
        return end

    def asked_mark(at: int) -> bool:
        """Whether the clause of `at` ends in ？ in the first pass's choices (not just possibly)."""
        return context[clause_end(at):clause_end(at) + 1] == QUESTION_MARK

    @cache
    def unasked(at: int) -> bool:
        end = clause_end(at)
        if end == len(context) or not (context[end] == QUESTION_MARK or damaged[end] and QUESTION_MARK in options[end]):
            return False
        start = at
        while start > 0 and context[start - 1] not in _CLAUSE_MARKS:
            start -= 1
        # Asked already only by a word the damage left whole: a word a damaged slot spells in the first pass
        # (哪 of 「哪不是」) may be the half of one the rule is to complete.
        whole = "".join("\0" if damaged[where] else context[where] for where in range(start, end))
        return not (any(word in whole for word in interrogatives) or context[start:end].rstrip()[-1:] in _PARTICLES)

    def fits(at: int, char: str) -> bool:
        return 0 <= at < len(options) and (char in options[at] if damaged[at] else options[at][0] == char)

    @cache
    def spelling(at: int, char: str) -> bool:
        for word in interrogatives:
            if len(word) == 1 and not asked_mark(at):
                continue   # 哪, 谁 alone only where the mark is settled: a broken 响 or 调 may hold them anywhere
            for offset, letter in enumerate(word):
                if letter == char and all(fits(at - offset + index, other)
                                          for index, other in enumerate(word) if index != offset):
                    return True
        return False

    letters = frozenset("".join(interrogatives))

    def score(at: int, char: str) -> float:
        if char not in letters or not damaged[at] or len(options[at]) < 2 or not unasked(at):
            return 0.0
        return logp if spelling(at, char) else 0.0

    return score
