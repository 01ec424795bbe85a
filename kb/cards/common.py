"""Helpers every card maker shares: section bodies, tags, building a Card."""
from __future__ import annotations

import re

from kb.cards.ids import card_id
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
        if not text.strip() or (block.kind in _EXTRACTED_KINDS and parts and text.strip() in parts[-1]):
            continue
        parts.append(text)
    return "\n\n".join(parts)


def slug(text: str) -> str:
    """A tag-safe slug that keeps CJK and Cyrillic letters (Anki tags cannot contain spaces)."""
    text = re.sub(r"[\s:]+", "_", text.strip())
    text = re.sub(r"[^\w\-.]", "", text)
    return text.strip("_")[:60] or "untitled"


def tags_for(note: Note, section: Section, kind: CardKind) -> tuple[str, ...]:
    topic = section.path[1] if len(section.path) > 1 and note.kind != "qa" else section.path[0]
    return (
        f"kb::topic::{slug(topic)}",
        f"kb::lang::{section.lang}",
        f"kb::source::{slug(note.file.rsplit('.', 1)[0])}",
        f"kb::kind::{kind}",
    )


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
