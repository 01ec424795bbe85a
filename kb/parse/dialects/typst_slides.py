"""Typst slides (the polylux and touying packages), read as the deck's text:

- `#pause` and `#meanwhile` tell the slide when to reveal what follows (`*Question:* Why …? #pause`), as
  `\\pause` does in beamer: steps of the talk, never words of the note, so they go wherever they stand;
- the set-up lines at the top level (`#import "@preview/polylux:0.3.1": *`, `#set …`, `#show: …`) are code;
- the title slide's `title: [Classification]` names the deck, as a title heading does.

Only a Typst document that imports one of those packages is read so (elsewhere `#pause` may be a tag).
Every line stays on its line."""
from __future__ import annotations

import re

_SLIDES_IMPORT = re.compile(r'^#import\s+"@preview/(?:polylux|touying):', re.M)
_REVEAL_STEP = re.compile(r"[ \t]*#(?:pause|meanwhile)\b(?![\w(\[-])")
_SET_UP = re.compile(r"^#(?:import|set|show)\b.*$", re.M)
_TITLE_SLIDE = re.compile(r"^\s*#title-slide\b")
_TITLE_ARGUMENT = re.compile(r"\btitle:\s*\[(?P<title>[^\]\n]+)\]")
_TITLE_REACH = 8  # the title argument of a title slide's call written over several lines


def rewrite(text: str) -> str:
    if not _SLIDES_IMPORT.search(text):
        return text
    lines = _SET_UP.sub("", _REVEAL_STEP.sub("", text)).split("\n")
    start = next((index for index, line in enumerate(lines) if _TITLE_SLIDE.match(line)), None)
    for index in range(start, min(start + _TITLE_REACH, len(lines))) if start is not None else ():
        if title := _TITLE_ARGUMENT.search(lines[index]):
            lines[start], lines[index] = "", f"# {title.group('title').strip()}"  # the call itself is markup
            break
    return "\n".join(lines)
