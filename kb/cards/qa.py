"""Q&A cards: one per question the author wrote; the back is the full answer, lists kept.

A question heading's answer is its section and the sections under it (their headings in bold), up to
the next question. In a Q&A text, a question the note leaves unanswered (its formula was lost) still gets
its card, saying so and where, so the author can fill it in; the parser reports it as a diagnostic too.
Elsewhere an unanswered question heading is only a heading.
"""
from __future__ import annotations

from collections.abc import Iterator

from kb.cards.common import make_card, section_body
from kb.cards.prompts import no_answer, source_label
from kb.model import Card, Note, Section
from kb.parse.questions import plain


def qa_cards(note: Note) -> Iterator[Card]:
    for index, section in enumerate(note.sections):
        if not section.is_question:
            continue
        body = answer_of(note.sections, index)
        if not body.strip():
            if note.kind != "qa":
                continue
            body = f"{no_answer(section.lang)}\n\n{source_label(section.lang)}: {note.file}:{section.line}"
        yield make_card(note, section, "qa", section.heading, body)


def answer_sections(sections: tuple[Section, ...], index: int) -> list[Section]:
    """The question's own section and the sections under it that are not questions themselves."""
    question = sections[index]
    found = [question]
    asked: list[tuple[str, ...]] = []  # questions inside the answer have answers of their own
    for section in sections[index + 1:]:
        if section.level <= question.level or section.path[: len(question.path)] != question.path:
            break
        if section.is_question:
            asked.append(section.path)
        elif not any(section.path[: len(path)] == path for path in asked):
            found.append(section)
    return found


def in_answers(sections: tuple[Section, ...]) -> set[int]:
    """Indices of the sections that are part of some question's answer (below its question heading)."""
    inside: set[int] = set()
    for index, section in enumerate(sections):
        if section.is_question:
            inside.update(sections.index(s, index) for s in answer_sections(sections, index)[1:])
    return inside


def answer_of(sections: tuple[Section, ...], index: int) -> str:
    parts = [section_body(sections[index])]
    for section in answer_sections(sections, index)[1:]:
        body = section_body(section)
        if body.strip():
            parts.append(f"**{plain(section.heading)}**\n\n{body}")
    return "\n\n".join(part for part in parts if part.strip())
