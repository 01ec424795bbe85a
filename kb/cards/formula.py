"""Formula cards: one per formula that states a definition or equation."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.cards.common import make_card
from kb.cards.prompts import formula_prompt, source_label
from kb.cards.terms import clean_heading
from kb.model import Block, Card, Note, Section

_RELATION = re.compile(r"(?<![<>!\\])=|\\(?:approx|propto|equiv|leq?|geq?)(?![A-Za-z])")
_LABEL_MAX = 30
_ATOM = re.compile(r"[\w{}^./]{1,8}")


def top_relation(latex: str) -> re.Match[str] | None:
    """The first relation outside any {...} group (`\\overset{x}{=}` is not split inside its group)."""
    for match in _RELATION.finditer(latex):
        before = re.sub(r"\\[{}]", "", latex[: match.start()])
        if before.count("{") == before.count("}"):
            return match
    return None


def is_equation(latex: str) -> bool:
    """A relation worth a card: not a parameter setting such as `r = 1` or `k_x = n_x`."""
    match = top_relation(latex)
    if not match:
        return False
    lhs, rhs = latex[: match.start()], latex[match.end():]
    return not (_ATOM.fullmatch(lhs.replace(" ", "")) and _ATOM.fullmatch(rhs.replace(" ", "").rstrip(".,")))


def lhs_of(latex: str) -> str:
    """The left-hand side of the first top-level relation, or '' when there is none."""
    match = top_relation(latex)
    return latex[: match.start()].strip() if match else ""


def formula_topic(section: Section, index: int) -> str:
    """What a formula computes, for the card's front: the heading, refined by a short label or the lhs."""
    block = section.blocks[index]
    formulas = [b for b in section.blocks if b.kind == "formula" and is_equation(b.latex or "")]
    if len(formulas) <= 1:
        return section.heading
    label = _preceding_label(section.blocks[:index])
    if label:
        return f"{section.heading}: {label}"
    lhs = lhs_of(block.latex or "")
    return f"{section.heading}: ${lhs}$" if lhs else f"{section.heading} ({formulas.index(block) + 1})"


def _preceding_label(blocks: tuple[Block, ...]) -> str:
    for block in reversed(blocks):
        if block.kind == "formula":
            return ""
        if block.kind == "paragraph":
            if "$" in block.text:
                return ""  # the sentence holds the formula itself; the lhs names it better
            text = clean_heading(block.text).rstrip("?？")
            return text if 0 < len(text) <= _LABEL_MAX and "\n" not in text else ""
    return ""


def formula_blocks(note: Note) -> Iterator[tuple[Section, int, Block]]:
    for section in note.sections:
        for index, block in enumerate(section.blocks):
            if block.kind == "formula" and block.latex and is_equation(block.latex):
                yield section, index, block


def formula_cards(note: Note) -> Iterator[Card]:
    for section, index, block in formula_blocks(note):
        front = formula_prompt(formula_topic(section, index), section.lang)
        back = f"$${block.latex}$$\n\n{source_label(section.lang)}: {note.file}:{block.line}"
        yield make_card(note, section, "formula", front, back, block.line)
