"""Cloze cards: the right-hand side of an equation, or a key term the author emphasised.

Each front starts with the section's topic, so the blank can be recalled from the front alone. A
right-hand side that is a bare number (a worked example's result, a setting) and a bold label that is
an everyday word ('**Steps**:', '**Improvement**:') are not worth a card.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.cards.common import make_card, topic_of
from kb.cards.formula import formula_blocks, top_relation
from kb.cards.prompts import source_label
from kb.cards.terms import DECORATION, is_generic
from kb.model import Card, Note

_BOLD = re.compile(r"(?:<u>)?\*\*([^*\n]{2,40})\*\*(?:</u>)?")
_SENTENCE_LEN = (15, 300)
_MULTILINE = re.compile(r"\\begin\{|\\\\|&")
_NUMBER_ONLY = re.compile(r"[-+\d\s.,{}\[\]()]*")
_LABEL_AFTER = re.compile(r"^\s*[:：]")


def cloze_cards(note: Note) -> Iterator[Card]:
    yield from _formula_clozes(note)
    yield from _term_clozes(note)


def _formula_clozes(note: Note) -> Iterator[Card]:
    for section, _, block in formula_blocks(note):
        latex = block.latex or ""
        relation = top_relation(latex)
        if relation is None or _MULTILINE.search(latex):
            continue  # a cloze cannot cut across the rows of an aligned environment
        lhs, rest = latex[: relation.start()].strip(), latex[relation.end():].strip()
        if not lhs or not rest or _NUMBER_ONLY.fullmatch(rest):
            continue
        # Anki closes a cloze at the first "}}", which LaTeX groups produce all the time.
        rest = rest.replace("}}", "} }") + (" " if rest.endswith("}") else "")
        front = f"{topic_of(section)}\n\n$${lhs} {relation.group(0)} {{{{c1::{rest}}}}}$$"
        back = f"$${latex}$$\n\n{source_label(section.lang)}: {note.file}:{block.line}"
        yield make_card(note, section, "cloze", front, back, block.line)


def _term_clozes(note: Note) -> Iterator[Card]:
    for section in note.sections:
        if section.is_question:
            continue
        for block in section.blocks:
            if block.kind != "paragraph" or "\n" in block.text.strip():
                continue
            text = DECORATION.sub("", block.text).strip()
            match = _BOLD.search(text)
            if not match or not (_SENTENCE_LEN[0] <= len(text) <= _SENTENCE_LEN[1]):
                continue
            if len(_BOLD.sub("", text).strip(" ，,：:。.")) < 6:
                continue  # the sentence is just the term; nothing to recall it from
            term = match.group(1)
            if _LABEL_AFTER.match(text[match.end():]) and len(term.split()) == 1 and is_generic(term, section.lang):
                continue  # "**Steps**: ..." labels what follows; the word itself is no knowledge
            sentence = text[: match.start()] + f"{{{{c1::{term}}}}}" + text[match.end():]
            front = f"{topic_of(section)}\n\n{sentence}"
            back = f"{text}\n\n{source_label(section.lang)}: {note.file}:{block.line}"
            yield make_card(note, section, "cloze", front, back, block.line)
