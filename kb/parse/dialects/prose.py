"""Source rules rewrite prose, never code: `%%time` in a notebook cell or `{{ x }}` in a template sample
is code. This splits a text into fenced code blocks and the prose between them."""
from __future__ import annotations

import re
from collections.abc import Callable

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def rewrite_prose(text: str, rewrite: Callable[[str], str]) -> str:
    """`text` with `rewrite` applied to each stretch of lines outside fenced code (fences kept as they are).
    `rewrite` must keep the number of lines of what it is given."""
    lines = text.split("\n")
    code = code_lines(lines)
    out: list[str] = []
    prose: list[str] = []
    for index, line in enumerate(lines):
        if index in code:
            out.extend(rewrite("\n".join(prose)).split("\n") if prose else [])
            prose = []
            out.append(line)
        else:
            prose.append(line)
    if prose:
        out.extend(rewrite("\n".join(prose)).split("\n"))
    return "\n".join(out)


def code_lines(lines: list[str]) -> set[int]:
    """The indices of the lines of fenced code blocks, their fences included."""
    inside: set[int] = set()
    fence = ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            inside.add(index)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip()[len(match.group(1)):]:
                fence = ""
        elif match:
            inside.add(index)
            fence = match.group(1)
    return inside


def blank_keeping_lines(match: re.Match) -> str:
    """A match's replacement that keeps its line breaks (so later lines keep their numbers)."""
    return "\n" * match.group(0).count("\n")
