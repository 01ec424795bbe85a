"""Which box-drawing character a damaged slot holds, read from the lines of the drawing around it.

Notes draw trees (a project's folders, a model's modules, a decision tree) with box-drawing characters:
「│   ├─ 编码器」. Those are U+2500-U+257F, UTF-8 E2 94 xx and E2 95 xx, so a lost last byte leaves the whole
block as candidates: UTF-8 read as GBK loses │'s last byte (E2 94 82) before a space or a line's end, where ─
(E2 94 80) fits as well, and no word or text pair tells them apart. The drawing does: each character has arms
(─ left and right, │ up and down, ├ up, down and right) and a drawing joins arms. So a candidate is misplaced

- where it has an arm towards a settled box-drawing neighbour that has none back, or none towards a neighbour
  whose arm points at it (a line left dangling: 「├│」, or ─ under a │ that goes on down);
- where it reaches out both sideways into what is no drawing (a space, text, the line's ends): a horizontal
  line joins something on at least one side (「├─ 编码器」 ends in a space, 「  ─  」 is no drawing), while a
  vertical line stands alone between spaces.

Up and down are read at the same character column of the lines above and below: the drawing's part of a line
is box-drawing characters and spaces, which line up column by column.
"""
from __future__ import annotations

import unicodedata
from functools import cache

# The directions a box-drawing character's name gives it arms in.
_DIRECTIONS = {"LEFT": "l", "RIGHT": "r", "UP": "u", "DOWN": "d", "HORIZONTAL": "lr", "VERTICAL": "ud"}
_FACING = {"l": "r", "r": "l", "u": "d", "d": "u"}


def is_box(char: str) -> bool:
    return "\u2500" <= char <= "\u257f"


@cache
def arms(char: str) -> frozenset[str]:
    """The directions (l, r, u, d) a box-drawing character has arms in; empty for any other character."""
    if not is_box(char):
        return frozenset()
    words = unicodedata.name(char, "").split()
    return frozenset("".join(_DIRECTIONS.get(word, "") for word in words))


def box_scores(fixed: list[str], row: int, options, damaged, logp: float):
    """A score per (slot, character) of line `row`: `logp` (below zero) for each misplacement of a box-drawing
    candidate in a damaged slot with more than one candidate; nothing elsewhere. `fixed` is every line of the
    document with NUL for characters not settled."""
    line = fixed[row]

    def settled(r: int, column: int) -> str | None:
        """The character at (r, column) when settled, "" where there is none (past a line's ends), None if damaged."""
        if not 0 <= r < len(fixed) or not 0 <= column < len(fixed[r]):
            return ""
        char = fixed[r][column]
        return None if char == "\0" else char

    def score(at: int, char: str) -> float:
        if not damaged[at] or len(options[at]) < 2 or not is_box(char):
            return 0.0
        own = arms(char)
        neighbours = {"l": settled(row, at - 1), "r": settled(row, at + 1),
                      "u": settled(row - 1, at), "d": settled(row + 1, at)}
        misplaced = 0
        for side, neighbour in neighbours.items():
            if neighbour and is_box(neighbour) and (side in own) != (_FACING[side] in arms(neighbour)):
                misplaced += 1
        sideways = [neighbours[side] for side in "lr" if side in own]
        if len(sideways) == 2 and all(each is not None and not is_box(each) for each in sideways):
            misplaced += 1
        return misplaced * logp

    return score
