"""A title typed without the space after `#` (`#Lecture 8 - Detection`): Markdown.pl, PHP Markdown and
GitHub's renderer before 2017 read it as a heading, and people who learnt Markdown there still type it;
CommonMark needs the space, and Obsidian reads `#word` as a tag. The note's first line is where its title
is typed, so there such a line is the heading its author meant, unless it holds nothing but tags
(`#ml #cnn`). Anywhere else `#word` stays text (a deeper `##Why ...?` is still found as a question).
"""
from __future__ import annotations

import re

from kb.parse.dialects.tags import is_tag_line

_UNSPACED = re.compile(r"^(#{1,6})(?=\w)")  # `#+TITLE` (Org) and `#!/bin/sh` are no titles


def rewrite(text: str) -> str:
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or not _UNSPACED.match(lines[first]) or is_tag_line(lines[first]):
        return text
    lines[first] = _UNSPACED.sub(r"\1 ", lines[first], count=1)
    return "\n".join(lines)
