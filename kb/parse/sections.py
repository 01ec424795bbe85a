"""Turn a flat stream of headings and blocks into a Note: heading paths, languages, section lines."""
from __future__ import annotations

import re
from dataclasses import replace

from kb.model import Block, Diagnostic, Note, Section, SourcePos, SourceText
from kb.parse.items import Heading, Item, Resume
from kb.parse.questions import find_questions
from kb.parse.titles import clean_title, title_from_file
from kb.read.lang import detect_lang, in_note

# Blocks whose text is prose; the others (formulas, code, images, links) say nothing about the language.
_PROSE_KINDS = ("paragraph", "list", "quote", "table")


def assemble(source: SourceText, items: list[Item], title: str = "", diagnostics: tuple[Diagnostic, ...] = ()) -> Note:
    """Group blocks under the heading before them. Blocks before any heading go into a level-0 section
    named after the note's title, so nothing the author wrote is dropped. Questions the author wrote
    become question sections, whatever the note's kind."""
    note_lang = detect_lang(source.text)
    title = clean_title(title) or _first_heading(items) or title_from_file(source.file)
    if source.kind != "qa":  # a Q&A text's parser has read each of its lines as a question or an answer
        found = find_questions(items, lines_are_paragraphs=source.kind == "outline")
        items = found.items
        diagnostics += tuple(
            Diagnostic(SourcePos(source.file, heading.line), "question has only a placeholder for an answer, so "
                       f"it makes no card: {heading.text} (answer: {placeholder!r})")
            for heading, placeholder in found.placeholder_answers)
    sections: list[Section] = []
    stack: list[Heading] = []
    current = Heading(title, 0, 1)
    blocks: list[Block] = []
    continues = False
    for item in items:
        if isinstance(item, Resume):
            _close(sections, current, stack, blocks, note_lang, continues)
            while stack and stack[-1].is_question:
                stack.pop()
            current = stack[-1] if stack else Heading(title, 0, 1)
            blocks, continues = [], True
        elif isinstance(item, Heading):
            _close(sections, current, stack, blocks, note_lang, continues)
            while stack and stack[-1].level >= item.level:
                stack.pop()
            stack.append(item)
            current, blocks, continues = item, [], False
        else:
            blocks.append(item)
    _close(sections, current, stack, blocks, note_lang, continues)
    return Note(source.file, source.kind, title, note_lang, tuple(sections), source, source.diagnostics + diagnostics)


def _first_heading(items: list[Item]) -> str:
    """The heading that names the note, as plain text: its first level-1 heading, else a heading that
    opens the note with no other heading at its level or above. Headings that are all sections (`## ...`
    after an image or a paragraph, as Obsidian notes are written under their file name) name nothing."""
    titles = [(item, title) for item in items if isinstance(item, Heading) and (title := clean_title(item.text))]
    first = next((title for item, title in titles if item.level == 1), "")
    if first or not titles:
        return first
    opener, title = titles[0]
    alone = sum(1 for item, _ in titles if item.level <= opener.level) == 1
    return title if items[0] is opener and alone else ""


def _close(sections: list[Section], heading: Heading, stack: list[Heading], blocks: list[Block], note_lang: str,
           continues: bool = False) -> None:
    if (heading.level == 0 or continues) and not blocks:
        return
    path = tuple(h.text for h in stack) if heading.level else (heading.text,)
    prose = "\n".join([heading.text] + [b.text for b in blocks if b.kind in _PROSE_KINDS])
    # A heading in Chinese or Russian decides even when the body quotes much English (tables, terms).
    heading_lang = in_note(detect_lang(heading.text, "en"), note_lang)
    lang = heading_lang if heading_lang != "en" else in_note(detect_lang(prose, note_lang), note_lang)
    typed = tuple(
        replace(b, lang=in_note(detect_lang(b.text, lang), note_lang) if b.kind in _PROSE_KINDS else lang)
        for b in _continued_displays(blocks)
    )
    line = blocks[0].line if continues else heading.line
    sections.append(Section(heading.text, path, heading.level, line, lang, typed, heading.is_question, continues))


# a display that opens with a relation (`$$ = a_i - y_i $$`) continues the derivation of the display just above it
_OPENING_RELATION = re.compile(r"^\s*(?:=|\\approx(?![A-Za-z]))")


def _continued_displays(blocks: list[Block]) -> list[Block]:
    """Each display formula that opens with `=` right after another display (a derivation written one `$$...$$`
    per step) states its step of the left side above: `$$\\frac{dL}{dz} = A$$ $$= B$$` is `dL/dz = A` and
    `dL/dz = B`, a formula the cards and the checks read alone."""
    continued: list[Block] = []
    for block in blocks:
        before = continued[-1] if continued else None
        if (block.kind == "formula" and block.display and block.latex and _OPENING_RELATION.match(block.latex)
                and before is not None and before.kind == "formula" and before.display and before.latex
                and (lhs := _left_side(before.latex))
                and _squeezed(_OPENING_RELATION.sub("", block.latex)) != _squeezed(before.latex[len(lhs):].lstrip(" =&"))):
            # (a step that repeats the right side above states nothing new: it stays a bare continuation)
            block = replace(block, latex=f"{lhs} {block.latex.strip()}")
        continued.append(block)
    return continued


def _left_side(latex: str) -> str:
    """The text before the formula's first `=` outside braces and brackets (`P(S=s) = ...` is P(S=s)), '' when there
    is none or it is empty."""
    depth = 0
    for at, char in enumerate(latex):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(char, 0)
        if char == "=" and depth == 0 and latex[at - 1:at] not in ("<", ">", "!", "\\"):
            lhs = latex[:at].rstrip(" :&")
            return lhs if lhs.strip() and "\\\\" not in lhs and "\\begin" not in lhs else ""
    return ""


def _squeezed(latex: str) -> str:
    return re.sub(r"\s+", "", latex)

