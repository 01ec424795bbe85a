"""Slide-deck text: Markdown pieces (`$$` math, pipe tables, fences) without Markdown headings.

A slide's title is a short line of its own. Titles that follow one another with only captions or
diagram labels between them (a section slide, then its first slide; a slide, then the labels of its
figure) nest under the first one, so a section divider becomes the parent of what it introduces.
Right under a title, a longer line without an acronym is its caption. A short line that appears
several times in the deck is a figure's label, not a title (titles are unique); a numbered title
('Shape models (2)') always starts a slide of its own.
"""
from __future__ import annotations

import re
from collections import Counter

from kb.model import Block, Note, SourceText
from kb.parse.markdown import markdown_items
from kb.parse.sections import Heading, Item, assemble

_MAX_CHARS = 80
_MAX_WORDS = 8
_NOT_TITLE = re.compile(
    r"^\s*([-*+•–—(«\"“]|\w\)|\d+[.)]\s)"   # list items, captions "a)", quotes
    r"|[.,;:?。，；：？]\s*$"               # sentences, questions and lead-ins end with punctuation
    r"|^[^：]+：\s*\S"                      # "术语：定义" (a full-width colon needs no space)
    r"|\$|https?://|<http|\|"               # formulas, links, table rows
    r"|\s[–—-]\s|,\s"                      # "term – definition", citations "A, B and C 2008"
    r"|:\s*\d"                             # "Total: 53,952 multiplications" states a result
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")
_MIN_STATEMENT_WORDS = 6
_SHORT_WORDS = 4
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b")
_CONTINUED = re.compile(r"\(\d{1,2}\)\s*$")  # "Shape models (2)": the next slide of a series


def parse_slides(source: SourceText) -> Note:
    return assemble(source, slide_items(source))


def slide_items(source: SourceText) -> list[Item]:
    stream = markdown_items(source)
    repeated = {text for text, count in Counter(_candidate_text(i) for i in stream).items() if text and count > 1}
    items: list[Item] = []
    run_open = False  # since the last title, only captions and labels
    for item in stream:
        text = _candidate_text(item)
        after_title = bool(items) and isinstance(items[-1], Heading)
        if text and text not in repeated and (not after_title or _names_a_slide(text)):
            level = 2 if run_open and not _CONTINUED.search(text) else 1
            items.append(Heading(_strip_bold(text), level, item.line))
            run_open = True
            continue
        items.append(item)
        if run_open and _says_something(item):
            run_open = False
    return items


def is_slide_title(block: Block) -> bool:
    text = block.text.strip()
    if block.kind != "paragraph" or "\n" in text or len(text) > _MAX_CHARS or _NOT_TITLE.search(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and letters[0].isupper() and len(text.split()) <= _MAX_WORDS


def _names_a_slide(text: str) -> bool:
    """Right under a title, a long line is its caption; a short one or one naming an acronym is a title."""
    return len(text.split()) <= _SHORT_WORDS or bool(_ACRONYM.search(text))


def _candidate_text(item: Item) -> str:
    return item.text.strip() if isinstance(item, Block) and is_slide_title(item) else ""


def _says_something(item: Item) -> bool:
    """Content that makes a slide of its own: anything but a short caption or label."""
    if not isinstance(item, Block) or item.kind != "paragraph":
        return isinstance(item, Block) and item.kind != "image"
    words = len(_WORD.findall(item.text))
    return words >= _MIN_STATEMENT_WORDS or bool(_SENTENCE_END.search(item.text) and words >= 3)


def _strip_bold(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)
