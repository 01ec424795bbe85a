"""Recognise lines of unfenced source code (Python-like) by their syntax, not by their look on the page."""
from __future__ import annotations

import re

_KEYWORD = re.compile(
    r"^\s*(import\s+\w|from\s+[\w.]+\s+import\s|def\s+\w+\s*\(|class\s+\w+[(:]|return\b|yield\b|raise\b|"
    r"(if|elif|while|for|with)\s.*:\s*(#.*)?$|else\s*:|try\s*:|except\b.*:|finally\s*:|print\s*\(|pass\s*$|@\w)"
)
# `name = ...`, `a.b[1] += ...`, `x, y = ...`: an assignment target is an identifier path, never prose.
_TARGET = r"[A-Za-z_]\w*(?:\.\w+|\[[^\]]*\])*"
_ASSIGN = re.compile(rf"^\s*{_TARGET}(\s*,\s*{_TARGET})*\s*([-+*/%@&|^]|//|\*\*)?=(?!=)\s*\S")
# `f(x)`, `model.fit(x, y)`: a dotted call that is the whole statement.
_CALL = re.compile(rf"^\s*{_TARGET}\([^()]*(\([^()]*\)[^()]*)*\)(\.\w+\(.*\))*\s*(#.*)?$")
_COMMENT = re.compile(r"^\s*#(\s|$)")
_CLOSER = re.compile(r"^\s*[\])}]+[,;]?\s*$")


def is_code_line(line: str) -> bool:
    """True for a statement of code (not a comment and not a blank line)."""
    if not line.strip() or _COMMENT.match(line):
        return False
    if re.search(r"[\u3400-\u9fff\u0400-\u04ff]", line.split("#", 1)[0]):
        return False  # prose in CJK or Cyrillic, even when it contains '=' or brackets
    return bool(_KEYWORD.match(line) or _ASSIGN.match(line) or _CALL.match(line) or _CLOSER.match(line))


def is_comment_line(line: str) -> bool:
    return bool(_COMMENT.match(line))


def code_extent(lines: list[str], start: int) -> int:
    """If a code block starts at `start`, the index just past it; otherwise `start`.

    A block is a run of statements, `# ` comments, indented continuations and blank lines that holds at
    least one statement; it ends at its last statement, so a lone `# Title` or trailing comment is left out.
    """
    last_code: int | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if is_code_line(line) or (last_code is not None and line[:1] in (" ", "\t") and line.strip()):
            last_code = index
        elif not line.strip():
            if last_code is None:
                break
        elif not is_comment_line(line):
            break
    return last_code + 1 if last_code is not None else start
