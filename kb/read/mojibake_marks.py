"""Which full-width mark a damaged slot holds, read from the layout around it that UTF-8 read as GBK damages.

A full-width mark is EF BC xx (，EF BC 8C; ：EF BC 9A). GBK reads the UTF-8 in pairs and loses the mark's
last byte where it starts a pair whose second byte cannot be a trail byte (below 0x40): a space or a line
break after the mark. The two bytes that survive fit every mark of the block (！ to ＿), so where the mark
stands is the evidence left, and `kb.read.langmodel.placement_logp` reads only the mark's own line.

- Before a space: a space after a full-width mark is the habit of ASCII's 「label: value」 carried over
  (「分类任务： 文本分类」): the comma and the enumeration comma, which carry their own spacing and go on with
  the sentence, are not followed by one (no public note of the development split puts a space after any of
  its 331 commas; 6 of its 58 colons have one).
- At a soft wrap: a line that the next line continues (Markdown joins them into one paragraph: the next line
  is not blank, opens no block and is indented no deeper) does not end its sentence there, though it ends
  the line: 「……调整单词的表示，」 above 「这样经过调整后……」. The mark is read as the joined paragraph
  places it, not as a line's last mark (where a comma is rare: 「计算如下：」).
"""
from __future__ import annotations

from functools import cache
import re

# The marks that split a clause inside a sentence and carry their own spacing: rare before a space.
UNSPACED = frozenset("，、")


def spacing_scores(fixed: str, options, damaged, logp: float):
    """A score per (slot, character): `logp` for a comma or enumeration comma in a damaged slot that a space
    and then more of the line follow, where the slot may hold another mark too; nothing elsewhere. `fixed` is
    the line with NUL for characters not settled."""
    @cache
    def spaced(at: int) -> bool:
        rest = fixed[at + 1:]
        return rest[:1] == " " and bool(rest.strip()) and len(options[at]) > 1

    def score(at: int, char: str) -> float:
        return logp if char in UNSPACED and damaged[at] and spaced(at) else 0.0

    return score


# A line that opens a block of its own, so it continues no paragraph: a heading, a list item, a quote, a table
# row, a fence, display math, a thematic break or a setext underline, HTML (and the &nbsp; runs pasted from web
# editors to indent a block).
_OPENS_BLOCK = re.compile(r"#{1,6}(?:\s|$)|[-*+](?:\s|$)|\d+[.)](?:\s|$)|>|\||```|~~~|\$\$|\\\[|\\begin\{"
                          r"|(?:-\s*){3,}$|(?:\*\s*){3,}$|(?:_\s*){3,}$|=+\s*$|<|&nbsp;", re.IGNORECASE)
# Extra indentation beyond which the next line is a drawing or code set under the line, not its text going on.
WRAP_INDENT = 1


def continued_by(line: str, following: str) -> bool:
    """Whether Markdown reads `following`, the line after `line`, as the same paragraph going on."""
    text, next_text = line.lstrip(" "), following.lstrip(" ")
    if not text or not next_text or _OPENS_BLOCK.match(next_text) or text.startswith(("#", "|", "```", "$$")):
        return False
    return len(following) - len(next_text) <= len(line) - len(text) + WRAP_INDENT


def wrap_scores(fixed: str, options, damaged, following: str | None, names_topic):
    """A score per (slot, character): for a mark in a damaged slot that ends a line `following` continues,
    what the placement of marks (`kb.read.langmodel.placement_logp`) changes when the next line's text is
    joined on; nothing elsewhere (nor where no line follows: `following` None)."""
    from kb.read.langmodel import PLACED_MARKS, placement_logp

    joined = None if following is None else fixed + following.lstrip(" ")

    @cache
    def change(at: int) -> dict[str, float]:
        if joined is None or not damaged[at] or fixed[at + 1:].strip() or not PLACED_MARKS.intersection(options[at]):
            return {}
        alone, going_on = placement_logp(fixed, at, names_topic), placement_logp(joined, at, names_topic)
        return {char: going_on.get(char, 0.0) - alone.get(char, 0.0) for char in alone.keys() | going_on.keys()}

    def score(at: int, char: str) -> float:
        return change(at).get(char, 0.0)

    return score
