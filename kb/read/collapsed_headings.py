"""Where a heading ends when a page dump put it and the paragraph under it on one line.

A page dump collapses every newline to a space, so `### Max Pooling` and the paragraph `Max pooling keeps
the largest value.` come out as `### Max Pooling Max pooling keeps the largest value.`. Only the words
say where the heading ends; the rules below read the conventions headings and sentences follow:

- A heading is a title, a sentence is prose: the paragraph must contain a sentence end (`.`, `!`, `?`,
  `。`...), and the words from the cut to that end must read as prose (few capitalised words), so a
  Title Case subtitle after a heading is never taken for a paragraph.
- A heading asking a question ends at its question mark.
- In Latin-script text the paragraph starts with a capital letter, and a heading never ends on an
  article, a preposition or a conjunction. Among the places left, the best is a sentence opener that
  Title Case writes lower case (`The`, `This`, `Each`: `Output Size of Convolution The output ...`),
  then a word the heading already used (a paragraph names its subject: `Max Pooling Max pooling ...`,
  `Purpose of the Pooling layer Pooling ...`), then the earliest capitalised word.
- In Chinese and Japanese text words are not spaced, so the space between two Han/kana characters before
  the first sentence mark is the newline that was there (`概述 这份笔记整理了……，`); failing that, the last
  space before it (`学习率预热 Warmup 训练刚开始时，`).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

_NUMBERING = re.compile(r"(?:\d+(?:\.\d+)*[.)]?|[IVXLC]+\.|[A-Za-z][.)])$")
_SENTENCE_END = re.compile(r"[.!?]['\")\]]*$")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){1,3}$|(?:etc|vs|fig|eq|cf|approx|resp|no|vol|ch|sec)\.$", re.I)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_SENTENCE_MARK = re.compile(r"[，。；！：,;]")
_CJK_QUESTION = re.compile(r"[？?](?= )")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
MAX_TITLE_SHARE = 0.4     # at most this share of a sentence's words (after its first) may be capitalised


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads(resources.files("kb.read").joinpath("data/collapsed_headings.toml").read_text("utf-8"))
    return frozenset(data["non_final"]), frozenset(data["sentence_openers"])


def split_collapsed_heading(text: str) -> tuple[str, str]:
    """(heading text, paragraph text after it; '' when the whole text is the heading)."""
    words = text.split(" ")
    numbered = 1 if len(words) > 1 and _NUMBERING.match(words[0]) else 0
    first = words[numbered] if numbered < len(words) else ""
    cut = _cjk_cut(text, numbered) if _CJK_CHAR.match(first) else _latin_cut(words, numbered)
    if cut is None:
        return text, ""
    return text[:cut].rstrip(), text[cut:].lstrip()


def _cjk_cut(text: str, numbered: int) -> int | None:
    start = len(text.split(" ")[0]) + 1 if numbered else 0
    question = _CJK_QUESTION.search(text, start)
    mark = _CJK_SENTENCE_MARK.search(text, start)
    if question and (mark is None or question.start() < mark.start()):
        return question.end() + 1
    if mark is None:
        return None
    gaps = [m.start() for m in _CJK_GAP.finditer(text, start, mark.start())]
    spaces = gaps or [i for i in range(start, mark.start()) if text[i] == " "]
    return spaces[-1] + 1 if spaces else None


def _latin_cut(words: list[str], numbered: int) -> int | None:
    ends = [i for i in range(numbered, len(words)) if _sentence_end(words[i])]
    if not ends:
        return None
    first_end = ends[0]
    if words[first_end].endswith("?") and first_end + 1 < len(words):
        following = next((i for i in ends if i > first_end), len(words) - 1)
        if not words[following].endswith("?") and _prose(words[first_end + 1: following + 1]):
            return _offset(words, first_end + 1)
    non_final, openers = _words()
    best: tuple[int, int] | None = None
    for k in range(numbered + 1, first_end + 1):
        word, before = words[k], words[k - 1]
        if not word[:1].isupper() or before.lower().strip(",:;") in non_final:
            continue
        if not _prose(words[k: first_end + 1]):
            continue
        lower = word.lower()
        if lower in openers:
            tier = 0
        elif lower == words[numbered].lower() or (lower in {w.lower() for w in words[numbered:k]} and before[:1].islower()):
            tier = 1
        else:
            tier = 2
        if best is None or (tier, k) < best:
            best = (tier, k)
    return _offset(words, best[1]) if best else None


def _sentence_end(word: str) -> bool:
    return bool(_SENTENCE_END.search(word)) and not _NUMBERING.match(word) and not _ABBREVIATION.match(word)


def _prose(sentence: list[str]) -> bool:
    """At least three words, and few of them (after the first) capitalised: a sentence, not a title."""
    if len(sentence) < 3:
        return False
    capitalised = sum(1 for w in sentence[1:] if w[:1].isupper())
    return capitalised <= MAX_TITLE_SHARE * (len(sentence) - 1)


def _offset(words: list[str], index: int) -> int:
    return sum(len(w) + 1 for w in words[:index])
