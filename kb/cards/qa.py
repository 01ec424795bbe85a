"""Q&A cards: one per explicit question; the back is the full answer, lists kept.

A question the note leaves unanswered (its formula was lost) still gets its card, saying so and where,
so the author can fill it in; the parser reports it as a diagnostic too.
"""
from __future__ import annotations

from collections.abc import Iterator

from kb.cards.common import make_card, section_body
from kb.cards.prompts import no_answer, source_label
from kb.model import Card, Note


def qa_cards(note: Note) -> Iterator[Card]:
    for section in note.sections:
        if not section.is_question:
            continue
        body = section_body(section)
        if not body.strip():
            body = f"{no_answer(section.lang)}\n\n{source_label(section.lang)}: {note.file}:{section.line}"
        yield make_card(note, section, "qa", section.heading, body)
