"""`#tags` (Obsidian, Bear, Logseq): `#topic`, `#area/sub-topic`. Tags are read from lines that hold only
tags (`#ml #cnn`, `Tags: #ml`), where a tag cannot be anything else; in running prose `#timesteps` usually
means "number of timesteps", so a `#word` inside a sentence stays text. A tag has at least one letter.
"""
from __future__ import annotations

import re

_TAG = r"#(?!\d+(?:\s|$))[^\W][\w/-]*"
_TAG_LINE = re.compile(rf"^\s*(?:tags?\s*:\s*)?((?:{_TAG}[\s,]*)+)$", re.I | re.M)


def tag_line_tags(text: str) -> list[str]:
    """The tags on the tag-only lines of a piece of text, in order."""
    return [tag.lstrip("#").rstrip("/-") for match in _TAG_LINE.finditer(text)
            for tag in re.findall(_TAG, match.group(1))]


def is_tag_line(text: str) -> bool:
    """A paragraph of nothing but tags: metadata, not content."""
    return bool(text.strip()) and all(_TAG_LINE.match(line) for line in text.strip().split("\n"))
