"""The classifier after a number: a damaged slot between a count and a noun holds 个; 一 counts no bare noun.

Mandarin puts a classifier between a number and the noun it counts (「3 个样本」, 「前 $k$ 个词」), and 个 is the
general one. UTF-8 read as GBK loses 个's last byte (E4 B8 AA) wherever it starts a pair before another Han
character (AA E4 is no GBK character), which leaves every character of E4 B8 80-BF that the decoder also rejects
there: 一 (E4 B8 80) and 中 (E4 B8 AD) among them, and the word pairs then read 「这N一向量」.

A count is ASCII digits, or a one-letter variable (plain or in inline math) after a word that introduces a
number (第 t 个, 这 B 个, 前 k 个): after a letter alone, 中 is as likely (「集合 S 中」). Digits after a label of
a figure or a formula (图 1 中, 式 3 中) name that figure, not a count.

The numeral itself needs a classifier: 一 stands before one (一层, 一种) or inside a word (一样, 一般), and before
a bare noun only as a determiner after 这, 同, 另 (这一模型). Where the slot may hold 个 or 一 before a noun, the
classifier is the reading (「是个多任务过程」, 「加个分隔符」: a verb, 个, the noun, 一 left out as speech does).
"""
from __future__ import annotations

from functools import cache
import re

CLASSIFIER = "个"
# Words right before a one-letter variable that make it a count: an ordinal, demonstratives, "each", "the first".
COUNTING = frozenset("第这那每前后共")
# Labels whose number names a thing (a figure, a table, a formula, an example), not a count.
LABELS = frozenset("图表式例")
# A count right before the slot: digits, or one letter (in inline math or not), then perhaps a space.
_COUNT_BEFORE = re.compile(r"(?:(?P<digits>\d+)|\$(?P<math>[A-Za-z]|\d+)\$|(?P<letter>[A-Za-z])) ?$")


def counts_before(before: str) -> bool:
    """Whether `before`, the line up to a slot, ends in a count."""
    found = _COUNT_BEFORE.search(before)
    if found is None:
        return False
    ahead = before[:found.start()].rstrip(" ")
    last = ahead[-1:]
    digits = found.group("digits") or (found.group("math") or "").isdigit()
    if last.isascii() and (last.isalnum() or last in ".,_"):
        return False   # the digits or the letter end a longer word or number (LSTM, conv3, 0.5)
    return last not in LABELS if digits else last in COUNTING


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


def numeral_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` for 一 in a damaged slot that may hold 个 too, where it would
    count a bare noun (`bare_numeral`); nothing elsewhere."""
    from kb.read.langmodel import shared_model
    from kb.read.wordclass import shared_word_classes

    classes, words = shared_word_classes(), shared_model().chinese

    @cache
    def bare(at: int) -> bool:
        return CLASSIFIER in options[at] and bare_numeral(fixed[:at], fixed[at + 1:], classes, words)

    def score(at: int, char: str) -> float:
        return logp if char == NUMERAL and damaged[at] and bare(at) else 0.0

    return score


def classifier_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` for 个 in a damaged slot after a count and before a Han character
    or another damaged slot, where the slot may hold another character too; nothing elsewhere. `fixed` is the
    line with NUL for characters not settled."""
    from kb.read.langmodel import is_cjk

    @cache
    def counted(at: int) -> bool:
        after = fixed[at + 1:at + 2]
        return (len(options[at]) > 1 and CLASSIFIER in options[at] and (after == "\0" or is_cjk(after))
                and counts_before(fixed[:at]))

    def score(at: int, char: str) -> float:
        return logp if char == CLASSIFIER and damaged[at] and counted(at) else 0.0

    return score
