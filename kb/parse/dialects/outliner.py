"""Outliner notes (Logseq, and outlines written the same way in Obsidian or Workflowy exports): every
line is a `- ` bullet, nested by tabs or spaces.

- a bullet that holds a heading (`- ## What is momentum?`) is that heading, and the bullets under it
  are its content (moved out by one level, so they are a list and not an indented code block);
- in any other note, a bullet at the margin that holds only a heading (`* #### Sigmoid`, as blog authors write a
  heading with a bullet before it) is that heading too: the lines after it are its section, not a list item;
- block properties (`id:: 65f1...`, `collapsed:: true`, `- type:: review`: one lower-case word, `::`
  and a space) are metadata and are dropped. `What is X::answer` one-line cards are not properties.
"""
from __future__ import annotations

import re

from kb.parse.dialects.prose import rewrite_prose

_BULLET = re.compile(r"^\s*[-*+]\s")
_HEADING_BULLET = re.compile(r"^(\s*)[-*+]\s+(#{1,6}\s+\S.*)$")
_PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?[a-z][a-z0-9_-]*:: \S")
_MIN_BULLETS = 3
_BULLET_SHARE = 0.8


def is_bullet_outline(filled: list[str]) -> bool:
    """(Nearly) every non-blank line is a bullet or continues one."""
    bullets = sum(1 for line in filled if _BULLET.match(line))
    continued = sum(1 for line in filled if line[:1].isspace() and not _BULLET.match(line))
    return bullets >= _MIN_BULLETS and bullets + continued >= _BULLET_SHARE * len(filled)


def rewrite(text: str) -> str:
    lines = text.split("\n")
    if not is_bullet_outline([line for line in lines if line.strip()]):
        return rewrite_prose(text, _headings_of_top_bullets) if "#" in text else text
    lines = ["" if _PROPERTY.match(line) else line for line in lines]
    out: list[str] = []
    open_headings: list[tuple[int, str]] = []  # (indent of a heading bullet, the indent its children drop)
    for index, line in enumerate(lines):
        indent = _indent(line)
        if line.strip():
            while open_headings and len(indent) <= open_headings[-1][0]:
                open_headings.pop()
        dropped = open_headings[-1][1] if open_headings else ""
        heading = _HEADING_BULLET.match(line)
        if heading:
            out.append(heading.group(2))
            children = _indent(_next_filled(lines, index + 1))
            if len(children) > len(indent):
                open_headings.append((len(indent), children))
            continue
        out.append(line[len(dropped):] if line.startswith(dropped) else line.lstrip())
    return "\n".join(out)


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def _next_filled(lines: list[str], start: int) -> str:
    return next((line for line in lines[start:] if line.strip()), "")


def _headings_of_top_bullets(prose: str) -> str:
    return "\n".join(heading.group(2) if (heading := _HEADING_BULLET.match(line)) and not heading.group(1) else line
                     for line in prose.split("\n"))
