"""Macro definitions written in TeX: `\\newcommand`, `\\renewcommand`, `\\providecommand`, `\\def` and amsmath's
`\\DeclareMathOperator`, as a LaTeX preamble, a `.sty` file, a Quarto `_macros.tex` or a note's own math writes them."""
from __future__ import annotations

import re

from kb.macros.expand import Macro, closing_brace

_NEWCOMMAND = re.compile(r"\\(?:(?:re)?newcommand|providecommand)\*?\s*(?:\{\s*\\(?P<braced>[A-Za-z]+)\s*\}|\\(?P<bare>[A-Za-z]+))"
                         r"\s*(?:\[\s*(?P<count>[1-9])\s*\])?\s*(?:\[(?P<default>[^\]]*)\])?\s*(?=\{)")
_DEF = re.compile(r"\\def\s*\\(?P<name>[A-Za-z]+)\s*(?P<parameters>(?:#[1-9])*)\s*(?=\{)")
_OPERATOR = re.compile(r"\\DeclareMathOperator(?P<star>\*?)\s*\{\s*\\(?P<name>[A-Za-z]+)\s*\}\s*(?=\{)")


def definitions(text: str) -> list[tuple[Macro, int, int]]:
    """Every macro `text` defines, with the span of its definition, in the order written."""
    found = []
    for pattern, make in ((_NEWCOMMAND, _newcommand), (_DEF, _def), (_OPERATOR, _operator)):
        for match in pattern.finditer(text):
            end = closing_brace(text, match.end())
            if end is not None:
                found.append((make(match, text[match.end() + 1:end]), match.start(), end + 1))
    return sorted(found, key=lambda item: item[1])


def without_definitions(text: str) -> str:
    """`text` with its definitions taken out (the rest of each line kept)."""
    for _, start, end in reversed(definitions(text)):
        text = text[:start] + text[end:]
    return text


def _newcommand(match: re.Match, body: str) -> Macro:
    count = int(match["count"]) if match["count"] else 0
    return Macro(match["braced"] or match["bare"], body, count, match["default"])


def _def(match: re.Match, body: str) -> Macro:
    return Macro(match["name"], body, len(match["parameters"]) // 2)


def _operator(match: re.Match, body: str) -> Macro:
    return Macro(match["name"], f"\\operatorname{match['star']}{{{body}}}")
