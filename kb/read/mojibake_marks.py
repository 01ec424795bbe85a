"""Which full-width mark a damaged slot holds, read from the layout around it that UTF-8 read as GBK damages.

A full-width mark is EF BC xx (，EF BC 8C; ：EF BC 9A). GBK reads the UTF-8 in pairs and loses the mark's
last byte where it starts a pair whose second byte cannot be a trail byte (below 0x40): a space or a line
break after the mark. The two bytes that survive fit every mark of the block (！ to ＿), so where the mark
stands is the evidence left, and `kb.read.langmodel.placement_logp` reads only the mark's own line (and
whether the next line goes on with its paragraph).

- Before a space: a space after a full-width mark is the habit of ASCII's 「label: value」 carried over
  (「命名实体识别： 找出人名」): the comma and the enumeration comma, which carry their own spacing and go on with
  the sentence, are not followed by one (no public note of the development split puts a space after any of
  its 331 commas; 6 of its 58 colons have one). Unless the note shows a whole comma with a space after it:
  GBK loses a mark's last byte before a space only where the mark starts a pair, so an author who spaces
  commas shows some of them whole.
- At the end of a list item: the items of one list are parallel, and end alike (「- 学习率过大时损失会震荡；」 among
  items ending in ；, questions among questions). GBK loses an item's last mark only where the mark starts a
  pair, about one time in two, so its siblings show the list's mark whole. And an item a sibling follows may
  end in the semicolon that separates the items of an enumeration (GB/T 15834), which is no rare mark there
  though it ends a line (`kb.read.langmodel.placement_logp` lowers a semicolon at a line's end):
  「- 一阶矩：梯度的指数加权平均；」.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
import re

# The marks that split a clause inside a sentence and carry their own spacing: rare before a space.
UNSPACED = frozenset("，、")


def spaces_commas(texts) -> bool:
    """Whether any of the lines `texts` (NUL for damaged slots) holds a whole comma a space follows."""
    return any(char + " " in text for text in texts for char in UNSPACED)


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


# A list item: its indentation and its marker (a bullet, or a number before . or )).
_LIST_ITEM = re.compile(r"( *)([-*+]|\d+[.)])\s")
# The marks that end a clause or a sentence, which an item may end with.
ITEM_END_MARKS = frozenset("，：；。？！、")
# The mark that separates the items of an enumeration (GB/T 15834: 分项列举的各项之间用分号).
ITEM_SEPARATOR = "；"
# What may follow an item's last mark: spaces, emphasis and the HTML line breaks web editors leave.
_TRAILING = re.compile(r"(?:[ *_]|<br\s*/?>)*$", re.IGNORECASE)


def _item_kind(text: str) -> tuple[int, str] | None:
    """(indentation, marker kind) of a list item line: the bullet itself, or "1" for any number."""
    found = _LIST_ITEM.match(text)
    if found is None:
        return None
    marker = found.group(2)
    return len(found.group(1)), marker if marker in "-*+" else "1" + marker[-1]


def last_mark_at(text: str) -> int | None:
    """The index of the last character of `text` before trailing spaces and markup."""
    end = _TRAILING.search(text).start()
    return end - 1 if end else None


@dataclass(frozen=True)
class ListItem:
    """What a list item ending in a damaged slot has around it: the marks its sibling items end in whole, and
    whether a sibling follows it (it is not its list's last item)."""
    ends: Counter[str]
    followed: bool


def sibling_ends(texts: list[str]) -> list[ListItem | None]:
    """Per line that is a list item ending in a damaged slot (NUL in `texts`), its `ListItem` (its siblings:
    the items of its list at its indentation with its kind of marker); None for other lines.

    One pass: a list goes on until a line outside it, at its indentation or less, that is not one of its items."""
    lists: list[Counter[str]] = []
    open_lists: dict[tuple[int, str], int] = {}
    member: list[int | None] = [None] * len(texts)
    for at, text in enumerate(texts):
        kind = _item_kind(text)
        indent = kind[0] if kind else len(text) - len(text.lstrip(" "))
        if kind is None and not text.strip():
            continue
        for other in [other for other in open_lists if other != kind and other[0] >= indent]:
            del open_lists[other]
        if kind is None:
            continue
        if kind not in open_lists:
            open_lists[kind] = len(lists)
            lists.append(Counter())
        member[at] = open_lists[kind]
        last = last_mark_at(text)
        if last is not None and text[last] in ITEM_END_MARKS:
            lists[member[at]][text[last]] += 1
    last_item = {list_at: at for at, list_at in enumerate(member) if list_at is not None}
    found: list[ListItem | None] = [None] * len(texts)
    for at, list_at in enumerate(member):
        last = last_mark_at(texts[at])
        if list_at is not None and last is not None and texts[at][last] == "\0":
            found[at] = ListItem(lists[list_at], last_item[list_at] > at)
    return found


def sibling_scores(fixed: str, options, damaged, item: ListItem | None, logp: float, separator: float):
    """A score per (slot, character): for a mark in a damaged slot that ends a list item, `logp` times the
    share of its whole siblings that end in that mark, and `separator` for the semicolon where a sibling
    follows; nothing elsewhere."""
    total = sum(item.ends.values()) if item else 0
    last = last_mark_at(fixed) if item else None

    def score(at: int, char: str) -> float:
        if at != last or not damaged[at] or char not in ITEM_END_MARKS:
            return 0.0
        shown = logp * item.ends[char] / total if total else 0.0
        return shown + (separator if char == ITEM_SEPARATOR and item.followed else 0.0)

    return score
