"""Math escaped as Markdown text by an exporter that does not know it is math: Google Docs' "Download as Markdown"
escapes every character Markdown could read as syntax, inside `$..$` and `$$..$$` too (`$z \\= w^T x \\+ b$`,
`$$\\\\frac{1}{2m} \\\\sum\\_{i=1}^{m}$$`): each backslash is doubled and `= + - _ [ ] ( )` get one of their own.

A renderer that reads such math as TeX draws `\\\\frac` as a row break and the letters "frac", so the formula is
lost. The export is the author's TeX passed through Markdown escaping, and Markdown's own unescaping gives it back
exactly (`\\\\` a backslash, `\\=` an equals sign), so the math of such a note is read unescaped.

The export is told from the text, never from a file name: its math writes every command with a doubled backslash
(`\\\\theta`) and never with a single one, and escapes at least one of `= + - _` (which hand-written TeX never does).
A note whose math holds one single-backslash command is hand-written and left as it is.
"""
from __future__ import annotations

import re

from kb.parse.dialects.math import markdown_unescaped
from kb.parse.dialects.prose import code_lines, rewrite_prose

# `$$..$$` (over lines too) or `$..$` in a line; a backslash escapes the character after it (`\$` is no delimiter)
_MATH = re.compile(r"(?<!\\)(\$\$)((?:[^$\\]|\\.)+?)\$\$|(?<![\\$])(\$)((?:[^$\\\n]|\\.)+?)\$(?!\$)", re.S)
# a run of backslashes before a letter: an even run is a doubled command (`\\theta`), an odd one a TeX command
_COMMAND_RUN = re.compile(r"(?<!\\)(\\+)(?=[A-Za-z])")
# Markdown escapes of characters TeX writes bare in math (an odd run of backslashes right before one)
_TEXT_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[-=+_]")
# a doubled command or two before any judgement: one `\\x` can be a row break typed before a letter
_MIN_DOUBLED = 2


def rewrite(text: str) -> str:
    if "\\\\" not in text or "$" not in text:
        return text
    lines = text.split("\n")
    code = code_lines(lines)
    prose = "\n".join("" if index in code else line for index, line in enumerate(lines))
    if not is_escaped_export([match.group(2) or match.group(4) for match in _MATH.finditer(prose)]):
        return text
    return rewrite_prose(text, lambda stretch: _MATH.sub(_unescaped, stretch))


def is_escaped_export(spans: list[str]) -> bool:
    """Whether these math spans, all of one note, were written through a Markdown escaper."""
    runs = [len(match.group(1)) for span in spans for match in _COMMAND_RUN.finditer(span)]
    doubled = sum(1 for run in runs if run % 2 == 0)
    if doubled < _MIN_DOUBLED or any(run % 2 for run in runs):
        return False
    return any(_TEXT_ESCAPE.search(span) for span in spans)


def _unescaped(match: re.Match[str]) -> str:
    delimiter = match.group(1) or match.group(3)
    return delimiter + markdown_unescaped(match.group(2) or match.group(4)) + delimiter
