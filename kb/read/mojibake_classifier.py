"""The classifier after a number: a damaged slot between a count and a noun holds 个.

Mandarin puts a classifier between a number and the noun it counts (「3 个样本」, 「前 $k$ 个词」), and 个 is the
general one. UTF-8 read as GBK loses 个's last byte (E4 B8 AA) wherever it starts a pair before another Han
character (AA E4 is no GBK character), which leaves every character of E4 B8 80-BF that the decoder also rejects
there: 一 (E4 B8 80) and 中 (E4 B8 AD) among them, and the word pairs then read 「B一样本」 as 一样 and 本.

A count is ASCII digits, or a one-letter variable (plain or in inline math) after a word that introduces a
number (第 t 个, 这 B 个, 前 k 个): after a letter alone, 中 is as likely (「集合 S 中」). Digits after a label of
a figure or a formula (图 1 中, 式 3 中) name that figure, not a count.
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
