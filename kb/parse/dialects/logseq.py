"""Logseq's flashcards and macros, in its Markdown and org pages:

- a block tagged `#card` (or `#[[card]]`) is a flashcard whose front is the block's text and whose back is
  its child blocks; it is written here as a labelled question (`Q: ...`), so that kb.parse.questions reads it
  as it reads any other question with its answer under it. A `#card` block with a cloze in it is that cloze's
  card, and one with no child block has no back: the tag just goes;
- `{{cloze text}}` hides its text as Anki's `{{c1::text}}` does (Logseq hides all of a block's clozes at once,
  and so does one cloze number);
- other macros are no cloze: `{{embed [[Page]]}}` shows what it embeds, and the rest (`{{query ...}}`,
  `{{renderer ...}}`, `{{video ...}}`, ...) show nothing a card could hold.
"""
from __future__ import annotations

import re

from kb.parse.dialects.prose import rewrite_prose

_CARD_TAG = re.compile(r"\s*#(?:card|\[\[card\]\])(?![\w\]-])", re.I)
_CLOZE = re.compile(r"\{\{cloze\s+(.+?)\}\}")
_EMBED = re.compile(r"\{\{embed\s+(.+?)\}\}")
_OTHER_MACRO = re.compile(r"\{\{(?:query|renderer|video|youtube|tweet|pdf|namespace|function|cards|toc|zotero)"
                          r"\b[^{}]*\}\}")
_HAS_CLOZE = re.compile(r"\{\{(?:cloze\s|c\d+::)")
# a block's marker: a Markdown bullet or an org page's stars, then a heading's hashes if the block is one
_BLOCK_START = re.compile(r"^(?P<lead>\s*(?:[-*+]\s+|\*+\s+)?(?:#{1,6}\s+)?)(?P<text>.*)$")
_ORG_STARS = re.compile(r"^(\*+)\s")


def rewrite(text: str) -> str:
    return rewrite_prose(text, _rewrite_prose)


def _rewrite_prose(text: str) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _CARD_TAG.search(line):
            lines[index] = _card_front(line, _has_children(lines, index))
    text = "\n".join(lines)
    text = _CLOZE.sub(r"{{c1::\1}}", text)
    text = _EMBED.sub(r"\1", text)
    return _OTHER_MACRO.sub("", text)


def _card_front(line: str, has_back: bool) -> str:
    """The `#card` block's line without its tag, labelled as a question when it has a back and no cloze."""
    untagged = _CARD_TAG.sub("", line).rstrip()
    block = _BLOCK_START.match(untagged)
    if not has_back or _HAS_CLOZE.search(untagged) or block is None or not block["text"].strip():
        return untagged
    return f"{block['lead']}Q: {block['text']}"


def _has_children(lines: list[str], index: int) -> bool:
    """The block on line `index` has a child block: the next line with text is nested deeper."""
    following = next((line for line in lines[index + 1:] if line.strip()), None)
    return following is not None and _depth(following) > _depth(lines[index])


def _depth(line: str) -> int:
    """How deep a block is nested: its indentation, plus its stars on an org page (`**` is under `*`)."""
    expanded = line.expandtabs(4)
    stars = _ORG_STARS.match(expanded)
    return len(expanded) - len(expanded.lstrip()) + (len(stars.group(1)) if stars else 0)
