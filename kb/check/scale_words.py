"""A worked number followed by a word that scales it: `$150{,}528 \\times 150{,}528 \\approx 22.7$ billion weights`.

Notes often close the math on the digits and write the scale in words after it ("billion", "Mio.", "亿", "7B"). Read
without the word, the number is a billionth of what the note says, and an exact product compared with 22.7 would be
called wrong. The word is read from the text right after the math's closing delimiter; its power of ten comes from
the note's language (data/scale_words.toml: "billion" is 10^9 in English and 10^12 in French and German). A word
whose power the note's language does not settle and other languages give differently leaves the number unread, and
the formula is not checkable. A number with a scale word is a rounded figure ("22 billion" for 22,657,474,560), so
the scaled number is compared as an approximation, to its written digits.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

from kb.model import Block

_CLOSING = re.compile(r"\s*(?:\$\$?|\\\))")
# the relation and the number that end a formula: `... \approx 22`, `= 1{,}228{,}800`, `= 7.5`
_LAST_NUMBER = re.compile(r"(=|\\approx(?![A-Za-z])|≈)\s*(-?\s*\d[\d.,{}\\ ]*?)\s*$")
_WORDS = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)?")


@dataclass(frozen=True)
class Scale:
    word: str
    power: int | None      # None: the languages that know the word disagree, and the note's does not settle it


@functools.cache
def _table() -> dict[str, dict[str, int]]:
    return tomllib.loads(resources.files("kb.check").joinpath("data/scale_words.toml").read_text("utf-8"))


def _unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (Han, kana, Hangul)."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


def scale_of(text: str, lang: str) -> Scale | None:
    """The scale word that opens `text` (what follows the math) and its power of ten, or None when none does."""
    stripped = text.lstrip()
    if not stripped or len(text) - len(stripped) > 1:
        return None
    table = _table()
    if _unspaced(stripped[0]):
        words = sorted({w for words in table.values() for w in words if _unspaced(w[0])}, key=len, reverse=True)
        word = next((w for w in words if stripped.startswith(w)), None)
        return _resolved(word, lang) if word else None
    found = _WORDS.match(stripped)
    if found is None:
        return None
    first = found.group().split()[0]
    if first in table["symbols"] and not stripped[len(first):len(first) + 1].isalpha():
        return Scale(first, table["symbols"][first])
    # a two-word scale first ("mil millones"), then the first word alone
    for word in (" ".join(found.group().lower().split()), first.lower()):
        if (scale := _resolved(word, lang)) is not None:
            return scale
    return None


def _resolved(word: str, lang: str) -> Scale | None:
    table = _table()
    if word in table.get(lang, {}):
        return Scale(word, table[lang][word])
    powers = {words[word] for name, words in table.items() if name != "symbols" and word in words}
    if not powers:
        return None
    return Scale(word, powers.pop() if len(powers) == 1 else None)


def after_formula(blocks: Sequence[Block], index: int, latex: str, lang: str) -> Scale | None:
    """The scale word right after the formula `latex` (blocks[index]) in the text that holds it: inline math is a
    formula block after its paragraph, list or quote, so the first block before it that is no formula."""
    holder = next((block for block in reversed(blocks[:index]) if block.kind != "formula"), None)
    if holder is None or not latex.strip() or not _LAST_NUMBER.search(latex):
        return None
    at = holder.text.find(latex.strip())
    while at >= 0:
        end = at + len(latex.strip())
        if closing := _CLOSING.match(holder.text, end):
            return scale_of(holder.text[closing.end():closing.end() + 40], lang)
        at = holder.text.find(latex.strip(), end)
    return None


def scaled(latex: str, scale: Scale) -> str:
    """The formula with its last number scaled (`\\approx 22` → `\\approx 22 \\times 10^{9}`), compared as rounded."""
    return _LAST_NUMBER.sub(lambda m: f"\\approx {m.group(2).strip()} \\times 10^{{{scale.power}}}", latex, count=1)
