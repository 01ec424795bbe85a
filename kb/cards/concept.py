"""Concept cards: 'What is <term>?' in the section's language, answered by the section's content.

Q&A notes already ask their own questions, and a note's preamble (level 0) has no heading of its own,
so neither gets concept cards. A section needs some prose, a formula, a table or code: a heading
over nothing but links or pictures is not a concept the note explains.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.cards.common import make_card, section_body
from kb.cards.prompts import aspect_prompt, concept_prompt
from kb.cards.terms import clean_heading, is_generic, term_of
from kb.model import Block, Card, Note, Section

_STRUCTURED_KINDS = ("table", "formula", "code")
_PROSE_KINDS = ("paragraph", "list", "quote")
# Reading lists ("- https://...", "see here: <url>") point elsewhere rather than explain.
_NOT_WORDS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<?https?://\S+|^\s*([-*+>]|\d+[.)])\s|see( also)?( here)?:?", re.M | re.I)
_MIN_PROSE_LETTERS = 12


def concept_cards(note: Note) -> Iterator[Card]:
    if note.kind == "qa":
        return
    for section in note.sections:
        if section.is_question or section.level == 0 or not _explains(section):
            continue
        body = section_body(section)
        front = concept_front(section)
        if body.strip() and front:
            yield make_card(note, section, "concept", front, body)


def concept_front(section: Section) -> str:
    heading = clean_heading(section.heading)
    if not heading:
        return ""
    if heading.endswith(("?", "？")):
        return heading
    term = term_of(section.heading)
    parents = [clean_heading(h) for h in section.path[:-1]]
    if parents and parents[-1] and is_generic(term, section.lang):
        return aspect_prompt(term_of(parents[-1]), term, section.lang)
    return concept_prompt(term, section.lang)


def _explains(section: Section) -> bool:
    return any(_block_explains(block) for block in section.blocks)


def _block_explains(block: Block) -> bool:
    if block.kind in _STRUCTURED_KINDS:
        return bool(block.text.strip())
    if block.kind not in _PROSE_KINDS:
        return False
    words = _NOT_WORDS.sub(" ", block.text)
    return sum(ch.isalpha() for ch in words) >= _MIN_PROSE_LETTERS
