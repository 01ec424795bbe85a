"""Plain-text outlines: short lines are headings, the lines under them their content.

A blank line starts a new top-level topic whose first line is its heading. Inside a topic, a heading
right after another heading is its child; a heading after content is a sibling of the last heading.
Unfenced code (Python with `# ` comments) is recognised by its syntax and kept as one code block.
"""
from __future__ import annotations

import re

from kb.model import Block, Note, SourceText
from kb.parse.code import code_extent
from kb.parse.sections import Heading, Item, assemble

_MAX_HEADING_WORDS = 5
_MAX_HEADING_CHARS = 50
_MAX_LEVEL = 4
_NOT_HEADING = re.compile(
    r"[.,;:!。，；：]\s*$"          # sentences and lead-ins
    r"|^\S[^:]*:\s+\S"             # "Key: value"
    r"|^\s*([-*+•]|\d+[.)])\s"      # list items
    r"|\s[–—-]\s|https?://|[{}=]"   # "term - definition", links, markup and code
)
_LIST_ITEM = re.compile(r"^\s*([-*+•]|\d+[.)])\s")


def parse_outline(source: SourceText) -> Note:
    return assemble(source, outline_items(source))


def outline_items(source: SourceText) -> list[Item]:
    lines = source.text.split("\n")
    items: list[Item] = []
    last_level = 0
    topic_start = True
    index = 0
    while index < len(lines):
        line = lines[index]
        end = code_extent(lines, index)
        if end > index:
            items.append(Block("code", "\n".join(lines[index:end]).strip("\n"), source.source_line(index + 1)))
            index, topic_start = end, False
            continue
        index += 1
        if not line.strip():
            topic_start = True
            continue
        line_no = source.source_line(index)
        if topic_start:
            items.append(Heading(line.strip(), 1, line_no))
            last_level, topic_start = 1, False
        elif is_outline_heading(line) and _has_content_after(lines, index):
            after_heading = isinstance(items[-1], Heading)
            level = min(last_level + 1, _MAX_LEVEL) if after_heading else max(last_level, 2)
            items.append(Heading(line.strip(), level, line_no))
            last_level = level
        else:
            items.append(Block("list" if _LIST_ITEM.match(line) else "paragraph", line.rstrip(), line_no))
    return items


def is_outline_heading(line: str) -> bool:
    text = line.strip()
    letters = [ch for ch in text if ch.isalpha()]
    return (
        bool(letters) and (letters[0].isupper() or not letters[0].isascii())
        and not line[:1].isspace()
        and len(text) <= _MAX_HEADING_CHARS and len(text.split()) <= _MAX_HEADING_WORDS
        and not _NOT_HEADING.search(text)
    )


def _has_content_after(lines: list[str], index: int) -> bool:
    """A heading needs something under it in the same topic; a topic's last line is content."""
    return index < len(lines) and bool(lines[index].strip())
