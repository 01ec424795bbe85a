"""Cloze cards: deletions the author marked, the right-hand side of an equation, or a key term the author
emphasised.

Marked deletions are the conventions of other flashcard tools: Anki's `{{c1::term}}` (one card as
written: Anki asks each number in turn), and Obsidian Spaced Repetition's `==term==` and `{{term}}` (one card per deletion). Their front is
the author's line itself, since they wrote it to be asked; a line with marked deletions gets no inferred
cloze.

Each front starts with the section's topic, so the blank can be recalled from the front alone. A
right-hand side that is a bare number (a worked example's result, a setting) and a bold label that is
an everyday word ('**Steps**:', '**Improvement**:') are not worth a card.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

from kb.cards.common import make_card, topic_of
from kb.cards.formula import formula_blocks, top_relation
from kb.cards.prompts import source_label
from kb.cards.terms import DECORATION, is_generic
from kb.model import Card, Note
from kb.parse.questions import plain

_BOLD = re.compile(r"\*\*([^*\n]{2,40})\*\*")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")  # <u>, <font color=...>: how it looked, not what it says
_SENTENCE_LEN = (15, 300)
_MULTILINE = re.compile(r"\\begin\{|\\\\|&")
_NUMBER_ONLY = re.compile(r"[-+\d\s.,{}\[\]()]*")
_LABEL_AFTER = re.compile(r"^\s*[:：]")


_ANKI = re.compile(r"\{\{c(?P<number>\d+)::(?P<text>.*?)(?:::(?P<hint>[^{}]*?))?\}\}")
_MARKED = re.compile(r"==(?P<text>[^=\n]+?)==|\{\{(?!c\d+::)(?P<curly>[^{}\s](?:[^{}\n]*[^{}\s])?)\}\}")
_PLACEHOLDER = "\x00{}\x00"
_HELD = "\x00"
# code and math say what they say: `Dk x Dk`, $\mathbf{Y}_{1}$ keep their characters when a sentence loses its markup
_CODE_OR_MATH = re.compile(r"`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$")
_KEPT = re.compile("\x01(\\d+)\x01")
_PROSE_KINDS = ("paragraph", "list", "quote")
_LABEL = re.compile(r"\\label\{[^}]*\}")  # an equation's cross-reference name is not part of what it says


def cloze_cards(note: Note) -> Iterator[Card]:
    yield from _marked_clozes(note)
    yield from _formula_clozes(note)
    yield from _term_clozes(note)


def has_marked_deletion(text: str) -> bool:
    return bool(_ANKI.search(text) or _MARKED.search(text))


def marked_clozes(line: str) -> list[str]:
    """The cloze fronts a line's marked deletions make, the rest of the line without markup: an Anki line
    as written; otherwise one front per deletion, that one as {{c1::...}} and the other marks removed."""
    if _ANKI.search(line):
        return [plain(line)]  # Anki's own cloze: as written, Anki asks each number in turn
    deletions: list[str] = []

    def hold(match: re.Match[str]) -> str:
        deletions.append(match.group("text") or match.group("curly"))
        return _PLACEHOLDER.format(len(deletions) - 1)

    held = plain(_MARKED.sub(hold, line))
    fronts = []
    for asked in range(len(deletions)):
        front = held
        for index, text in enumerate(deletions):
            front = front.replace(_PLACEHOLDER.format(index), f"{{{{c1::{text}}}}}" if index == asked else text)
        fronts.append(front)
    return fronts


def _marked_clozes(note: Note) -> Iterator[Card]:
    for section in note.sections:
        for block in section.blocks:
            if block.kind not in _PROSE_KINDS:
                continue
            for offset, line in enumerate(block.text.split("\n")):
                for front in marked_clozes(line):
                    answer = re.sub(r"\{\{c1::(.*?)(?:::[^{}]*)?\}\}", r"\1", front)
                    back = f"{answer}\n\n{source_label(section.lang)}: {note.file}:{block.line + offset}"
                    yield make_card(note, section, "cloze", front, back, block.line + offset)


_DOUBLE_OPEN = re.compile(r"\{(?=\{)")
_DOUBLE_CLOSE = re.compile(r"\}(?=\})")


def _formula_clozes(note: Note) -> Iterator[Card]:
    for section, _, block in formula_blocks(note):
        latex = _LABEL.sub("", block.latex or "").replace("\n", " ").strip()  # Anki's cloze is one line
        relation = top_relation(latex)
        if relation is None or _MULTILINE.search(latex):
            continue  # a cloze cannot cut across the rows of an aligned environment
        lhs, rest = latex[: relation.start()].strip(), latex[relation.end():].strip()
        if not lhs or not rest or _NUMBER_ONLY.fullmatch(rest):
            continue
        # Anki closes a cloze at the first "}}", which LaTeX groups produce all the time; "{{" (`\frac{{x}}`)
        # reads as a template field or another cloze to Anki and to a reader. TeX reads "{ {" the same.
        # (every pair in a run: `e^{s_{y_i}}}` ends in three braces, and str.replace would leave two together)
        lhs = _DOUBLE_OPEN.sub("{ ", lhs)
        rest = _DOUBLE_CLOSE.sub("} ", _DOUBLE_OPEN.sub("{ ", rest)) + (" " if rest.endswith("}") else "")
        front = f"{topic_of(section)}\n\n$${lhs} {relation.group(0)} {{{{c1::{rest}}}}}$$"
        back = f"$${block.latex}$$\n\n{source_label(section.lang)}: {note.file}:{block.line}"
        yield make_card(note, section, "cloze", front, back, block.line)


def _term_clozes(note: Note) -> Iterator[Card]:
    for section in note.sections:
        if section.is_question:
            continue
        for block in section.blocks:
            if block.kind != "paragraph" or "\n" in block.text.strip() or has_marked_deletion(block.text):
                continue  # the author's own deletions win over a guessed one
            text = html.unescape(_HTML_TAG.sub("", DECORATION.sub("", block.text))).strip()
            match = _BOLD.search(text)
            if not match or not (_SENTENCE_LEN[0] <= len(text) <= _SENTENCE_LEN[1]):
                continue
            if len(_BOLD.sub("", text).strip(" ，,：:。.")) < 6:
                continue  # the sentence is just the term; nothing to recall it from
            term = match.group(1)
            if term.rstrip().endswith((":", "：")):
                continue  # "**Goal:** ...": the colon inside the bold makes it a lead-in label, not a term
            if _LABEL_AFTER.match(text[match.end():]) and len(term.split()) == 1 and is_generic(term, section.lang):
                continue  # "**Steps**: ..." labels what follows; the word itself is no knowledge
            # The rest of the sentence's markup (other bold terms, italics, links, code) is only how it looked: a
            # front carries none. The deletion is held by a mark while it goes, so emphasis around it goes too.
            sentence = _without_markup(text[: match.start()] + _HELD + text[match.end():]).replace(
                _HELD, f"{{{{c1::{term}}}}}")
            front = f"{topic_of(section)}\n\n{sentence}"
            back = f"{text}\n\n{source_label(section.lang)}: {note.file}:{block.line}"
            yield make_card(note, section, "cloze", front, back, block.line)


def _without_markup(sentence: str) -> str:
    """The sentence without emphasis, links or escapes, its code spans and math as written."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\x01{len(kept) - 1}\x01"

    return _KEPT.sub(lambda match: kept[int(match.group(1))], plain(_CODE_OR_MATH.sub(keep, sentence)))
