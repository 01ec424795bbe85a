"""Q&A notes: a question line, then answer lines until the next question, grouped under headings like
"Lecture 3 - Linear Classifiers" (any "<Word> <number> - <title>"; later lines whose label before the
dash ends in the same word, e.g. "Additional Lecture - ...", are groups too). Reading lists and similar
labelled material become ordinary sections so they do not leak into an answer.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.model import Block, Diagnostic, Note, SourcePos, SourceText
from kb.parse.items import Heading, Item
from kb.parse.questions import inline_answer, is_placeholder, question_of, unwrapped
from kb.parse.sections import assemble

_GROUP = re.compile(r"^(?P<word>[A-Z][A-Za-z]+)\s+\d+(?:\.\d+)?\s+[-–—:]\s+\S")
_LABELLED = re.compile(r"^(?P<label>[A-Z][\w ]{0,40}?)\s+[-–—]\s+\S")
_MATERIAL = re.compile(r"^(readings?|references?|further reading|extras?|notes?)\b\s*([-–—:]\s*\S.*)?$", re.I)
_LIST_ITEM = re.compile(r"^\s*([-*+•]|\d+[.)])\s")


def parse_qa(source: SourceText) -> Note:
    lines = source.text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    if is_question(title) or _GROUP.match(title):
        title = ""
    items = qa_items(source, lines, skip_title=bool(title))
    return assemble(source, items, title, tuple(_unanswered(source, items)))


def is_question(line: str) -> bool:
    """In a Q&A text every line that asks is a question; a list item is part of an answer."""
    return not _LIST_ITEM.match(line.strip()) and question_of(line, "line") is not None


def qa_items(source: SourceText, lines: list[str], skip_title: bool) -> list[Item]:
    group_words = {m.group("word") for m in map(_GROUP.match, lines) if m}
    items: list[Item] = []
    list_lines: list[tuple[int, str]] = []
    seen_title = not skip_title

    def flush_list() -> None:
        if list_lines:
            text = "\n".join(text for _, text in list_lines)
            items.append(Block("list", text, list_lines[0][0]))
            list_lines.clear()

    for index, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        line_no = source.source_line(index)
        if not seen_title:
            seen_title = True
            continue
        if _LIST_ITEM.match(line):
            list_lines.append((line_no, line.rstrip()))
            continue
        flush_list()
        if _is_group(text, group_words):
            items.append(Heading(text, 1, line_no))
        elif inline := inline_answer(text, more_follows=_answered_below(lines, index)):
            items.append(Heading(inline[0], 2, line_no, is_question=True))
            items.append(Block("paragraph", unwrapped(inline[1]), line_no))
        elif is_question(text):
            items.append(Heading(question_of(text, "line") or text, 2, line_no, is_question=True))
        elif _MATERIAL.match(text):
            items.append(Heading(text, 2, line_no))
        elif is_placeholder(text) and items and isinstance(items[-1], Heading) and items[-1].is_question:
            continue  # "TODO" under a question: the question is unanswered, and reported so
        else:
            items.append(Block("paragraph", line.rstrip(), line_no))
    flush_list()
    return items


def _answered_below(lines: list[str], index: int) -> bool:
    """The line after line `index` (1-based) is an answer, not another question."""
    following = next((line.strip() for line in lines[index:] if line.strip()), "")
    return bool(following) and not is_question(following)


def _is_group(text: str, group_words: set[str]) -> bool:
    if _GROUP.match(text):
        return True
    labelled = _LABELLED.match(text)
    return bool(labelled) and not is_question(text) and labelled.group("label").split()[-1] in group_words


def _unanswered(source: SourceText, items: list[Item]) -> Iterator[Diagnostic]:
    for item, following in zip(items, items[1:] + [None]):
        if isinstance(item, Heading) and item.is_question and not isinstance(following, Block):
            yield Diagnostic(SourcePos(source.file, item.line), f"question has no answer in the note: {item.text}")
