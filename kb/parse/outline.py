"""Plain-text outlines: short lines are headings, the lines under them their content.

A blank line starts a new topic whose first line is its heading. Inside a topic:
- a heading right after another heading is its child;
- a heading after content is a sibling of the last heading, or the topic heading's child when the last
  heading was the topic itself;
- a heading that opens a group of its own (another heading follows it directly, as 'Paper' over
  'Problem') after content under a subheading starts a new top-level group instead;
- siblings of a heading that names a kind of its parent ('Channel Pruning' under 'Pruning') are kinds
  of that parent too; a heading that shares no word with the parent ('KD') moves up beside it;
- a heading-like line that ends a topic announces the next topic, which nests under it.
Unfenced code (Python with `# ` comments) is recognised by its syntax and kept as one code block.

An outline indented with tabs (as outliners, Workflowy and OneNote export it) says its structure itself: a
heading-like line with more deeply tabbed lines right under it is a heading, one level per tab.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.model import Block, Note, SourceText
from kb.parse.code import code_extent
from kb.parse.questions import is_answer_label
from kb.parse.sections import Heading, Item, assemble

_MAX_HEADING_WORDS = 5
_MAX_HEADING_CHARS = 50
_NOT_HEADING = re.compile(
    r"[.,;:!?。，；：？]\s*$"       # sentences, questions and lead-ins
    r"|^\S[^:]*:\s+\S|^[^：]+：\s*\S"  # "Key: value", "术语：定义" (CJK's full-width colon needs no space)
    r"|^\s*([-*+•]|\d+[.)])\s"      # list items
    r"|\s[–—-]\s|https?://|[{}=]"   # "term - definition", links, markup and code
)
_LIST_ITEM = re.compile(r"^\s*([-*+•]|\d+[.)])\s")
# A line that starts a topic is its heading, unless it is a list item or a "term: definition" line (then
# the topic has no heading of its own).
_NOT_TOPIC = re.compile(r"^\s*([-*+•]|\d+[.)])\s|^\S[^:]*:\s+\S|^[^：]+：\s*\S")


@dataclass
class _Topic:
    """The headings open in the current topic, outermost first, and whether content followed the last."""
    base: int
    first_line: int
    open: list[Heading] = field(default_factory=list)
    after_content: bool = False


def parse_outline(source: SourceText) -> Note:
    return assemble(source, outline_items(source))


def outline_items(source: SourceText) -> list[Item]:
    lines = source.text.split("\n")
    items: list[Item] = []
    topic: _Topic | None = None
    blank_before = True  # a blank line ends a topic unless code follows it (code has blank lines too)
    next_base = 1
    index = 0
    while index < len(lines):
        end = code_extent(lines, index)
        if end > index:
            items.append(Block("code", "\n".join(lines[index:end]).strip("\n"), source.source_line(index + 1)))
            if topic is not None:
                topic.after_content = True
            index, blank_before = end, False
            continue
        line = lines[index]
        index += 1
        if not line.strip():
            blank_before = True
            continue
        line_no = source.source_line(index)
        if _opens_tabbed_group(line, lines, index):
            topic = topic if topic is not None and not blank_before else _Topic(next_base, line_no)
            blank_before = False
            items.append(_open(topic, line.strip(), topic.base + _tab_depth(line), line_no))
            continue
        if blank_before or topic is None:
            blank_before = False
            topic = _Topic(next_base, line_no)
            next_base = 1
            if not _NOT_TOPIC.search(line):
                items.append(_open(topic, line.strip(), topic.base, line_no))
                continue
        if index >= 2 and is_answer_label(lines[index - 2]):
            items.append(Block("paragraph", line.rstrip(), line_no))  # "A:" then its answer, however short
            topic.after_content = True
        elif is_outline_heading(line) and _has_content_after(lines, index):
            items.append(_open(topic, line.strip(), _level(topic, line.strip(), lines, index), line_no))
        elif is_outline_heading(line) and _ends_topic(lines, index) and topic.after_content:
            heading = _open(topic, line.strip(), _level(topic, line.strip(), lines, index), line_no)
            items.append(heading)
            next_base = heading.level + 1
        else:
            kind = "list" if _LIST_ITEM.match(line) else "paragraph"
            # a tabbed line's tabs are its place in the outline, not an indented code block
            items.append(Block(kind, line.rstrip() if kind == "list" else line.rstrip().lstrip("\t"), line_no))
            topic.after_content = True
    return items


def _open(topic: _Topic, text: str, level: int, line: int) -> Heading:
    heading = Heading(text, level, line)
    while topic.open and topic.open[-1].level >= level:
        topic.open.pop()
    topic.open.append(heading)
    topic.after_content = False
    return heading


def _level(topic: _Topic, text: str, lines: list[str], index: int) -> int:
    if not topic.open:  # the topic began with content, not a heading
        return topic.base
    last = topic.open[-1]
    if not topic.after_content:
        return last.level + 1
    if last is topic.open[0] and last.level == topic.base and last.line == topic.first_line:
        return topic.base + 1
    if _opens_group(lines, index):
        return topic.base
    parent = topic.open[-2] if len(topic.open) > 1 else None
    if parent is not None and _shares_word(last.text, parent.text) and not _shares_word(text, parent.text):
        return parent.level
    return last.level


def _tab_depth(line: str) -> int:
    return len(line) - len(line.lstrip("\t"))


def _opens_tabbed_group(line: str, lines: list[str], index: int) -> bool:
    """A heading-like line followed directly by lines tabbed deeper than it (`index`: the next line)."""
    following = lines[index] if index < len(lines) else ""
    return (following.startswith("\t") and _tab_depth(following) > _tab_depth(line)
            and is_outline_heading(line.strip()))


def _opens_group(lines: list[str], index: int) -> bool:
    """The heading at `index - 1` is followed directly by another heading with content of its own."""
    return index < len(lines) and is_outline_heading(lines[index]) and _has_content_after(lines, index + 1)


def _shares_word(a: str, b: str) -> bool:
    words = lambda text: {w.casefold() for w in re.findall(r"\w{2,}", text)}
    return bool(words(a) & words(b))


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


def _ends_topic(lines: list[str], index: int) -> bool:
    """The line at `index - 1` is the last of its topic and another topic follows."""
    rest = lines[index:]
    return bool(rest) and not rest[0].strip() and any(line.strip() for line in rest)
