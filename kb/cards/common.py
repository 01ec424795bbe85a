"""Helpers every card maker shares: section bodies, topics, unique fronts, tags, building a Card."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import replace

from kb.cards.ids import card_id, normalise_front
from kb.cards.prompts import in_context
from kb.cards.terms import is_generic, short_name, term_of
from kb.config import SKIP_MARKER
from kb.model import Card, CardKind, Note, Section, SourcePos

_EXTRACTED_KINDS = ("formula", "image")


def section_body(section: Section) -> str:
    """The section's content as Markdown, blocks separated by blank lines.

    The parser emits formulas and images found inside a paragraph or list as extra blocks after it;
    they are already in that block's text, so they are not repeated.
    """
    parts: list[str] = []
    for block in section.blocks:
        text = block.text.strip("\n")
        if not text.strip() or SKIP_MARKER.match(text) or (block.kind in _EXTRACTED_KINDS and parts and text.strip() in parts[-1]):
            continue
        parts.append(text)
    return "\n\n".join(parts)


def parent_name(section: Section) -> str:
    """The short name of the nearest enclosing heading that names a topic, else of the parent ('' at the
    top): under 'Normalization > Training', a subsection belongs to 'Normalization'."""
    for heading in reversed(section.path[:-1]):
        name = short_name(heading)
        if name and not is_generic(name, section.lang):
            return name
    return short_name(section.path[-2]) if len(section.path) > 1 else ""


def topic_of(section: Section) -> str:
    """What a section is about, in a few words: its term, with the parent's name when the heading alone
    ('Training', 'Method') does not say which topic it belongs to."""
    if section.is_question and len(section.path) > 1:
        # A formula in a question's answer is about the topic the question sits under.
        section = replace(section, heading=section.path[-2], path=section.path[:-1], is_question=False)
    term = term_of(section.heading)
    parent = parent_name(section)
    if parent and is_generic(term, section.lang):
        return in_context(term, parent, section.lang)
    return term


def unique_fronts(candidates: list[list[str]]) -> list[str]:
    """One front per card, no two alike. Each card lists its fronts from most to least preferred; where
    fronts collide, the cards with the most alternatives left move on first (a paper whose method shares
    its name switches to its full title before the method gets qualified), and what still collides is
    numbered."""
    choice = [0] * len(candidates)
    while True:
        moved = False
        for group in _collisions([c[i] for c, i in zip(candidates, choice)]):
            left = {i: len(candidates[i]) - 1 - choice[i] for i in group}
            most = max(left.values())
            for i in group:
                if most and left[i] == most:
                    choice[i] += 1
                    moved = True
        if not moved:
            break
    fronts = [c[i] for c, i in zip(candidates, choice)]
    for group in _collisions(fronts):
        for number, i in enumerate(group[1:], start=2):
            fronts[i] = f"{fronts[i]} ({number})"
    return fronts


def _collisions(fronts: list[str]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, front in enumerate(fronts):
        groups[normalise_front(front).casefold()].append(index)
    return [group for group in groups.values() if len(group) > 1]


def slug(text: str) -> str:
    """A tag-safe slug in any script (Anki tags cannot contain spaces): letters, digits and the combining
    marks that Thai, Devanagari or Arabic write vowels with are kept."""
    text = re.sub(r"[\s:]+", "_", text.strip())
    text = "".join(ch for ch in text if ch in "-._" or unicodedata.category(ch)[0] in "LNM")
    return text.strip("_")[:60] or "untitled"


def tags_for(note: Note, section: Section, kind: CardKind) -> tuple[str, ...]:
    topic = section.path[1] if len(section.path) > 1 and note.kind != "qa" else section.path[0]
    return (
        f"kb::topic::{slug(topic)}",
        f"kb::lang::{section.lang}",
        f"kb::source::{slug(note.file.rsplit('.', 1)[0])}",
        f"kb::kind::{kind}",
    ) + tuple(author_tag(tag) for tag in note.tags)


def author_tag(tag: str) -> str:
    """A tag the author gave the note (`area/sub-topic` nests as Anki's `area::sub-topic`)."""
    return "::".join(slug(part) for part in tag.split("/") if part.strip())


def make_card(note: Note, section: Section, kind: CardKind, front: str, back: str, line: int | None = None) -> Card:
    return Card(
        id=card_id(note.file, section.path, f"{kind}:{front}"),
        kind=kind,
        front=front,
        back=back,
        lang=section.lang,
        tags=tags_for(note, section, kind),
        section=section.path,
        source=SourcePos(note.file, line if line is not None else section.line),
        note_title=note.title,
    )
