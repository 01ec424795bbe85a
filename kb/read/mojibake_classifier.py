"""一 counts no bare noun: a damaged slot that may hold 个 or 一 before a noun holds the classifier.

Mandarin puts a classifier between a number and the noun it counts, and 个 is the general one. UTF-8 read as
GBK loses 个's last byte (E4 B8 AA) wherever it starts a pair before another Han character (AA E4 is no GBK
character), which leaves every character of E4 B8 80-BF that the decoder also rejects there: 一 (E4 B8 80) and
中 (E4 B8 AD) among them. The numeral itself needs a classifier: 一 stands before one (一层, 一种) or inside a
word (一样, 一般), and before a bare noun only as a determiner after 这, 同, 另 (这一模型). Where the slot may hold
个 or 一 before a noun, 一 is the misreading (「编码器是个深度网络」, 「加个池化层」: a verb, 个, the noun, with the
一 speech leaves out). Nor does 一 follow a number written in digits, which takes the classifier itself (「1~2 个点」
came back 「1~2 一点」, 一点 being a word). A count after an ordinal or a demonstrative (第 t 个) is
`kb.read.mojibake._counted_by_variable`'s.
"""
from __future__ import annotations

from functools import cache

CLASSIFIER = "个"
# The numeral the classifier shares its damage with, and the words before it that make 一 a determiner before a
# bare noun (这一模型, 同一层, 另一种, 每一步: formal register).
NUMERAL = "一"
DETERMINERS = frozenset("这那此同另每唯单任")
# A word 一 starts (一样, 一般, 一致) at least this common (jieba's log-probability) is a word, not a count:
# jieba lists rare junk too (一模 from 一模一样).
WORD_LOGP = -11.5


def bare_numeral(before: str, after: str, classes, words) -> bool:
    """Whether 一 between `before` and `after` (the line on either side of a slot) would count a bare noun: the
    next character is a Han character that is no classifier and starts no common word with 一, and no
    determiner stands before."""
    from kb.read.langmodel import is_cjk

    following = after[:1]
    if not following or not is_cjk(following) or before[-1:] in DETERMINERS or before[-1:] == "\0":
        return False
    if classes.class_of(following) == "q":
        return False
    return not any((words.word_logp(NUMERAL + after[:size]) or -1e9) > WORD_LOGP for size in range(1, 4)
                   if "\0" not in after[:size])


def _after_number(before: str) -> bool:
    """Whether `before` ends in a number written in ASCII digits (a space may follow it)."""
    last = before.rstrip(" ")[-1:]
    return last.isascii() and last.isdigit()


def numeral_scores(fixed: str, options, damaged, logp: float, after_number_logp: float = 0.0):
    """A score per (slot, character): `logp` for 一 in a damaged slot that may hold 个 too, where it would
    count a bare noun (`bare_numeral`), `after_number_logp` where it would follow a number in digits; nothing
    elsewhere."""
    from kb.read.langmodel import shared_model
    from kb.read.wordclass import shared_word_classes

    classes, words = shared_word_classes(), shared_model().chinese

    @cache
    def bare(at: int) -> bool:
        return CLASSIFIER in options[at] and bare_numeral(fixed[:at], fixed[at + 1:], classes, words)

    def score(at: int, char: str) -> float:
        if char != NUMERAL or not damaged[at] or CLASSIFIER not in options[at]:
            return 0.0
        if after_number_logp and _after_number(fixed[:at]):
            return after_number_logp
        return logp if bare(at) else 0.0

    return score
