"""Concept cards: 'What is <heading>?' in the section's language, answered by the section's content."""
from __future__ import annotations

from collections.abc import Iterator

from kb.cards.common import make_card, section_body
from kb.cards.prompts import concept_prompt
from kb.model import Card, Note


def concept_cards(note: Note) -> Iterator[Card]:
    for section in note.sections:
        if section.is_question or not section.blocks:
            continue
        body = section_body(section)
        if body.strip():
            yield make_card(note, section, "concept", concept_prompt(section.heading, section.lang), body)
