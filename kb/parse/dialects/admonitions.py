"""Admonitions and callouts are quoted asides with a title: MkDocs `!!! note "Title"` and collapsible
`??? question "Title"` (body indented by four spaces), Docusaurus/VuePress `:::tip Title` .. `:::`, and
Obsidian callouts `> [!note] Title`. Each becomes a blockquote whose first line is its title (or its type,
when it has no title), so its body is read as text instead of an indented code block, and a question in
its title is read like any quoted question."""
from __future__ import annotations

import re

from kb.parse.dialects.prose import rewrite_prose

_MKDOCS = re.compile(r"^( {0,3})(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+\"([^\"]*)\")?\s*$")
_COLON_OPEN = re.compile(r"^ {0,3}(:{3,})\s*([\w-]+)(?:\[([^\]]*)\]|\s+(.*?))?\s*(?:\{[^}]*\})?\s*$")
_COLON_CLOSE = re.compile(r"^ {0,3}(:{3,})\s*$")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[!([\w-]+)\][+-]?[ \t]*(.*)$")


def rewrite(text: str) -> str:
    if not any(marker in text for marker in ("!!!", "???", ":::", "[!")):
        return text
    return rewrite_prose(text, _rewrite_prose)


def _rewrite_prose(prose: str) -> str:
    lines = prose.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if (match := _MKDOCS.match(line)) is not None:
            out.append(_title_line(match.group(1), match.group(2), match.group(3)))
            index = _quote_indented(lines, index + 1, len(match.group(1)) + 4, out)
        elif (match := _COLON_OPEN.match(line)) is not None and _has_close(lines, index + 1, match.group(1)):
            out.append(_title_line("", match.group(2), match.group(3) or match.group(4)))
            index = _quote_until_close(lines, index + 1, match.group(1), out)
        elif (match := _CALLOUT.match(line)) is not None:
            out.append(f"{match.group(1)}{match.group(3).strip() or _type_title(match.group(2))}")
            index += 1
        else:
            out.append(line)
            index += 1
    return "\n".join(out)


def _title_line(indent: str, kind: str, title: str | None) -> str:
    return f"{indent}> {title.strip() if title and title.strip() else _type_title(kind)}"


def _type_title(kind: str) -> str:
    return kind.replace("-", " ").capitalize()


def _quote_indented(lines: list[str], index: int, width: int, out: list[str]) -> int:
    """Quote the body (lines indented by `width`, blank lines inside it) of a MkDocs admonition."""
    prefix = " " * (width - 4)
    while index < len(lines):
        line = lines[index].replace("\t", "    ", 1) if lines[index].startswith("\t") else lines[index]
        if line.strip() and not line.startswith(" " * width):
            break
        if not line.strip() and not _continues(lines, index + 1, width):
            break
        out.append(f"{prefix}> {line[width:]}".rstrip() if line.strip() else f"{prefix}>")
        index += 1
    return index


def _continues(lines: list[str], index: int, width: int) -> bool:
    following = next((line for line in lines[index:] if line.strip()), "")
    return following.startswith(" " * width) or following.startswith("\t")


def _has_close(lines: list[str], index: int, colons: str) -> bool:
    return any((m := _COLON_CLOSE.match(line)) and len(m.group(1)) >= len(colons) for line in lines[index:])


def _quote_until_close(lines: list[str], index: int, colons: str, out: list[str]) -> int:
    while index < len(lines):
        close = _COLON_CLOSE.match(lines[index])
        if close and len(close.group(1)) >= len(colons):
            out.append("")
            return index + 1
        out.append(f"> {lines[index]}".rstrip() if lines[index].strip() else ">")
        index += 1
    return index
