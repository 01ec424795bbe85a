"""Reasons and consequences written inside a display formula, after the statement they justify.

Authors end a derivation with why a step holds or what follows from it, in the same display:
`\\sigma'(z) = ... = \\sigma(z)(1-\\sigma(z)) \\quad \\because \\frac{1}{e^z} = e^{-z}`, `a = b, \\text{ where } c = d`,
`x^2 = 4 \\therefore x = 2`. Read as one chain, the reason becomes one more "rewriting" of the quantity, and two
correct statements look like one false one. The marks (per language, kb/parse/data/reasoning_marks.toml) cut a row
into statements, each read on its own, and the mark itself is dropped.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def _mark() -> re.Pattern[str]:
    table = tomllib.loads(resources.files("kb.parse").joinpath("data/reasoning_marks.toml").read_text("utf-8"))
    words = sorted({word for language in table["words"].values() for word in language}, key=len, reverse=True)
    commands = "|".join(table["commands"])
    symbols = "".join(table["symbols"])
    # a comma before the mark, typed full width (，、) by Chinese and Japanese writers, inside the group or before it
    comma = "[,，、]?"
    text_group = (r"\\(?:text|textrm|textnormal|mathrm|mbox)\s*\{\s*" + comma + r"\s*(?:"
                  + "|".join(map(re.escape, words)) + r")(?![^\W\d_])[\s,:，：]*\}")
    gap = r"(?:\s*\\(?:q?quad(?![A-Za-z])|[ ,;:!]))*\s*"     # spacing around the mark lays it out
    return re.compile(comma + gap + r"(?:\\(?:" + commands + r")(?![A-Za-z])|[" + symbols + r"]|" + text_group + r")"
                      + gap)


def split_at_reasoning_marks(row: str) -> list[str]:
    """The statements of a row cut at its reasoning marks outside any group (`\\because`, `∴`, `\\text{where}`),
    the marks dropped; a row without one comes back as itself. Only a mark with something before it cuts: a
    row that opens with one (`\\therefore x = 2`) is the one statement after it."""
    cuts = [match for match in _mark().finditer(row) if _outside_groups(row[:match.start()])]
    if not cuts:
        return [row]
    pieces, last = [], 0
    for match in cuts:
        pieces.append(row[last:match.start()])
        last = match.end()
    pieces.append(row[last:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _outside_groups(before: str) -> bool:
    return before.count("{") == before.count("}") and before.count("(") == before.count(")")
