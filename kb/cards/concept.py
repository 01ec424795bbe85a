"""Concept cards: 'What is <term>?' in the section's language, answered by the section's content.

Q&A notes already ask their own questions, a question heading and the sections under it are its Q&A
card's answer, and a note's preamble (level 0) has no heading of its own, so none of them gets concept
cards. A section needs a sentence of prose, a formula, a table or code: a
heading over nothing but links, pictures, captions or diagram labels is not a concept the note explains.
The prompt follows the heading's shape (term, aspect of the parent, plural, comparison, half a
question), and fronts are made unique within the note by the parent's name.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.cards.common import make_card, parent_name, section_body, unique_fronts
from kb.cards.prompts import (aspect_prompt, compare_prompt, concept_prompt, explain_prompt, lead_question,
                              qualified)
from kb.cards.qa import in_answers
from kb.cards.terms import (clean_heading, comparison, is_generic, is_plural, question_start, sentence_case,
                            term_of)
from kb.model import Block, Card, Note, Section

_STRUCTURED_KINDS = ("table", "formula", "code")
_PROSE_KINDS = ("paragraph", "list", "quote")
# Reading lists ("- https://...", "see here: <url>") point elsewhere rather than explain.
_REFERENCE = re.compile(r"https?://|\]\(|^\s*(ref|see|source)\b", re.I)
_NOT_WORDS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<[^>]+>|^\s*([-*+>]|\d+[.)]|\(?[a-zа-я]\))\s", re.M | re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff]")
_MIN_WORDS = 6            # "Heat map of computation time" labels a figure; a sentence says something
_MIN_HAN = 8
_MIN_SENTENCE_WORDS = 3   # "Use depthwise separable convolutions." is a statement, however short
_SENTENCE_END = re.compile(r"[^\W\d_]{2,}\**[.!?。！？]\s*$", re.M)
_SENTENCE_SEPARATOR = re.compile(r"\.\s+\S")


def concept_cards(note: Note) -> Iterator[Card]:
    if note.kind == "qa":
        return
    answered = in_answers(note.sections)  # a section under a question heading is part of its answer
    sections = [s for i, s in enumerate(note.sections)
                if not s.is_question and not s.continues and i not in answered and s.level and _explains(s) and clean_heading(s.heading)]
    sections = [s for s in sections if section_body(s).strip()]
    fronts = unique_fronts([front_candidates(s) for s in sections])
    for section, front in zip(sections, fronts):
        yield make_card(note, section, "concept", front, section_body(section))


def concept_front(section: Section) -> str:
    return front_candidates(section)[0]


def front_candidates(section: Section) -> list[str]:
    """The concept front, then fuller forms to fall back on when another card already asks the same."""
    front = _front(section, term_of(section.heading))
    candidates = [front]
    full = clean_heading(section.heading)
    if full != term_of(section.heading) and not full.endswith(("?", "？")):
        candidates.append(_front(section, full))
    parent = parent_name(section)
    if parent and parent.casefold() not in front.casefold():
        candidates.append(qualified(parent, candidates[-1], section.lang))
    return candidates


def _front(section: Section, term: str) -> str:
    lang = section.lang
    heading = clean_heading(section.heading)
    if heading.endswith(("?", "？")):
        return heading
    if _SENTENCE_SEPARATOR.search(term):
        return explain_prompt(term, lang)  # "Transfer learning. Fine-tuning": two phrases, not one term
    pair = comparison(term)
    if pair:
        return compare_prompt(*pair, lang)
    lead = question_start(term) if lang == "en" else None
    if lead:
        return lead_question(*lead)
    plural = lang == "en" and is_plural(term)
    parent = parent_name(section)
    if parent and is_generic(term, lang) and (len(term.split()) == 1 or not is_generic(parent, lang)):
        return aspect_prompt(parent, term, lang, plural)  # under a generic parent only a bare word is an aspect
    return concept_prompt(sentence_case(term, lang) if lang == "en" else term, lang, plural)


def _explains(section: Section) -> bool:
    return any(_block_explains(block) for block in section.blocks)


def _block_explains(block: Block) -> bool:
    if block.kind in _STRUCTURED_KINDS:
        return bool(block.text.strip())
    if block.kind not in _PROSE_KINDS:
        return False
    lines = [line for line in block.text.split("\n") if not _REFERENCE.search(line)]
    text = _NOT_WORDS.sub(" ", "\n".join(lines))
    words = len(_WORD.findall(text))
    sentence = words >= _MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(text))
    return words >= _MIN_WORDS or sentence or len(_HAN.findall(text)) >= _MIN_HAN
