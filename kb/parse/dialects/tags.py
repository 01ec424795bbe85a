"""`#tags` (Obsidian, Bear, Logseq): `#topic`, `#area/sub-topic`. Tags are read from lines that hold only
tags (`#ml #cnn`, `Tags: #ml`), where a tag cannot be anything else; in running prose `#timesteps` usually
means "number of timesteps", so a `#word` inside a sentence stays text. A tag has at least one letter.
Logseq writes a tag of several words as `#[[deep learning]]`, which nothing else means, so it is a tag
wherever it stands.
"""
from __future__ import annotations

import re

_BRACKETED = r"#\[\[[^\[\]\n]*[^\W\d_][^\[\]\n]*\]\]"
_TAG = rf"{_BRACKETED}|#(?!\d+(?:\s|$))[^\W][\w/-]*"
_TAG_LINE = re.compile(rf"^\s*(?:tags?\s*:\s*)?((?:(?:{_TAG})[\s,]*)+)$", re.I | re.M)


def tag_line_tags(text: str) -> list[str]:
    """The tags of a piece of text, in order: those on its tag-only lines, then its `#[[bracketed tags]]`."""
    on_lines = [tag for match in _TAG_LINE.finditer(text) for tag in re.findall(_TAG, match.group(1))]
    bracketed = re.findall(_BRACKETED, _TAG_LINE.sub("", text))
    return [_name(tag) for tag in on_lines + bracketed]


def _name(tag: str) -> str:
    return " ".join(tag.lstrip("#").strip("[]").split()).rstrip("/-")


def is_tag_line(text: str) -> bool:
    """A paragraph of nothing but tags: metadata, not content."""
    return bool(text.strip()) and all(_TAG_LINE.match(line) for line in text.strip().split("\n"))
