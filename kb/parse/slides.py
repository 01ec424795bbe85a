"""Slide-deck text: Markdown pieces (`$$` math, pipe tables, fences) without Markdown headings.

A slide's title is a short line of its own; captions and fragments of diagrams are short too, so a
title candidate that directly follows another title is kept as content unless it names a term
(an acronym or a Latin term in a Cyrillic title) or is very short.
"""
from __future__ import annotations

import re

from kb.model import Block, Note, SourceText
from kb.parse.markdown import markdown_items
from kb.parse.sections import Heading, Item, assemble

_MAX_CHARS = 80
_MAX_WORDS = 8
_SHORT_WORDS = 4
_NOT_TITLE = re.compile(
    r"^\s*([-*+•–—(«\"“]|\w\)|\d+[.)]\s)"   # list items, captions "a)", quotes
    r"|[.,;:]\s*$"                         # sentences and lead-ins end with punctuation
    r"|\$|https?://|<http|\|"               # formulas, links, table rows
    r"|\s[–—-]\s|,\s"                      # "term – definition", citations "A, B and C 2008"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b")


def parse_slides(source: SourceText) -> Note:
    return assemble(source, slide_items(source))


def slide_items(source: SourceText) -> list[Item]:
    items: list[Item] = []
    for item in markdown_items(source):
        after_heading = bool(items) and isinstance(items[-1], Heading)
        if isinstance(item, Block) and is_slide_title(item, after_heading):
            items.append(Heading(_strip_bold(item.text.strip()), 1, item.line))
        else:
            items.append(item)
    return items


def is_slide_title(block: Block, after_heading: bool) -> bool:
    text = block.text.strip()
    if block.kind != "paragraph" or "\n" in text or len(text) > _MAX_CHARS or _NOT_TITLE.search(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    words = text.split()
    if not letters or not letters[0].isupper() or len(words) > _MAX_WORDS:
        return False
    return not after_heading or len(words) <= _SHORT_WORDS or bool(_ACRONYM.search(text))


def _strip_bold(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)
