"""Q&A cards: one per explicit question; the back is the full answer, lists kept."""
from __future__ import annotations

from collections.abc import Iterator

from kb.cards.common import make_card, section_body
from kb.model import Card, Note


def qa_cards(note: Note) -> Iterator[Card]:
    for section in note.sections:
        if section.is_question:
            yield make_card(note, section, "qa", section.heading, section_body(section))
