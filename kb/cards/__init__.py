"""Stage 3: Note -> [Card]. Each card maker is a small function over the note's sections."""
from __future__ import annotations

from kb.cards.cloze import cloze_cards
from kb.cards.concept import concept_cards
from kb.cards.formula import formula_cards
from kb.cards.qa import qa_cards
from kb.cards.terms import let_go_of_word_lists
from kb.model import Card, Note

CARD_MAKERS = (qa_cards, concept_cards, formula_cards, cloze_cards)


def make_cards(note: Note) -> list[Card]:
    """All cards of a note, in note order per maker, without duplicate ids or empty backs."""
    cards: list[Card] = []
    seen: set[str] = set()
    for maker in CARD_MAKERS:
        for card in maker(note):
            if card.id in seen or not card.back.strip() or not card.front.strip():
                continue
            seen.add(card.id)
            cards.append(card)
    let_go_of_word_lists()  # a new heading word's lookup loaded its language's list: let it go with the note
    return cards
