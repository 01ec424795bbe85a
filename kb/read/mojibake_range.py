"""Which dash a damaged slot holds where convention says: the en dash of a range, and the spaced dash of
languages that set a clause off with the en dash; and the words of a Chinese range.

UTF-8 read as GBK loses a dash's last byte (– is E2 80 93, — E2 80 94) where a digit follows it (a byte below
0x40 is no GBK trail byte), and the two bytes that survive fit every mark of the General Punctuation block.
Between two numbers (「15–20%」, 「epochs 3–5」) typographic convention writes the en dash, the mark of a range
(Unicode's own description of U+2013; the Chicago Manual of Style; Duden), where the em dash, the commoner mark
alone, sets off a clause and does not stand between digits. A space lost the byte as well (「Farbänderungen – vergrößert」):
German, French, Dutch, Polish and Czech set a clause off with a spaced en dash (Duden's Gedankenstrich, the
French tiret demi-cadratin, the gedachtestreepje, the półpauza, the pomlčka), where Russian and Spanish write the
em dash (тире, raya) and English either. Chinese writes a range between numbers with 到 or 至 (「0.0001 到 0.01」),
and GBK loses 到's last byte (E5 88 B0) before the space as it loses 分's (E5 88 86), which the pairs ranked first.
"""
from __future__ import annotations

import re

EN_DASH = "\u2013"
# The words of a range between two numbers in Chinese.
RANGE_WORDS = frozenset("到至")
# A number ending right before the slot, and one opening right after it (spaces between).
_NUMBER_BEFORE = re.compile(r"\d[ ]*$")
_NUMBER_AFTER = re.compile(r"[ ]*[-+]?\d")
# The languages whose spaced dash is the en dash (wordfreq's codes).
SPACED_EN_DASH_LANGUAGES = frozenset({"de", "fr", "nl", "pl", "cs"})


def range_dash_scores(fixed: str, options, damaged, logp: float, language: str | None = None):
    """A score per (slot, character): `logp` for the en dash in a damaged slot right between two ASCII digits,
    or between two spaces in a note whose letters are in `language` when that language spaces the en dash, and
    for a Chinese range word between two numbers (spaces between), where the slot may hold another character
    too; nothing elsewhere. `fixed` is the line with NUL for characters not settled."""
    from kb.read.langmodel import between_digits

    def score(at: int, char: str) -> float:
        if not damaged[at] or len(options[at]) < 2:
            return 0.0
        if char in RANGE_WORDS:
            ranged = _NUMBER_BEFORE.search(fixed, 0, at) and _NUMBER_AFTER.match(fixed, at + 1)
            return logp if ranged else 0.0
        if char != EN_DASH:
            return 0.0
        spaced = language in SPACED_EN_DASH_LANGUAGES and fixed[at - 1:at] == " " == fixed[at + 1:at + 2]
        return logp if between_digits(fixed, at) or spaced else 0.0

    return score
