"""Org-mode notes (Emacs): rewritten line by line into the Markdown they mean, then parsed as Markdown.

`#+TITLE:` names the note (a heading above the `*` headings, which move one level down), `#+FILETAGS:`
become tags, `* TODO Heading :tag:` is a heading (keyword and tags off), `#+begin_src lang` .. `#+end_src`
is a code fence, `#+begin_quote` a blockquote, `=code=` and `~code~` inline code, `*bold*` and `/italic/`
emphasis, `[[url][label]]` a link and `[[file:a.png]]` an image. Property drawers, other `#+KEYWORD:`
lines and `# comments` are metadata. Every line stays on its line.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kb.check.latex_text import MATH_SPAN
from kb.model import Note, SourceText
from kb.parse.markdown import parse_markdown

_KEYWORD = re.compile(r"^\s*#\+(\w+):\s*(.*)$")
_BLOCK = re.compile(r"^\s*#\+(begin|end)_(\w+)\s*(.*)$", re.I)
_HEADING = re.compile(r"^(\*+)\s+(?:(?:TODO|DONE|NEXT|WAITING|CANCELLED)\s+)?(?:\[#[A-C]\]\s+)?(.*?)(?:\s+(:[\w@#%:]+:))?\s*$")
_DRAWER = re.compile(r"^\s*:[A-Z_]+:\s*$")
_COMMENT = re.compile(r"^\s*#(\s.*)?$")
_LINK = re.compile(r"\[\[([^\]]+)\](?:\[([^\]]+)\])?\]")
_IMAGE = re.compile(r"(?i)\.(png|jpe?g|gif|svg|webp|bmp)$")
_VERBATIM = re.compile(r"(?<![\w`])[=~]([^\s=~](?:[^=~\n]*[^\s=~])?)[=~](?![\w`])")
_BOLD = re.compile(r"(?<![\w*])\*([^\s*](?:[^*\n]*[^\s*])?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w/:])/([^\s/](?:[^/\n]*[^\s/])?)/(?![\w/])")
# Org applies no markup inside LaTeX fragments (V^*(s) ... V^*(s') holds no bold): a line's whole fragments are
# MATH_SPAN's; these are the delimiters that open or close a display formula over several lines
_DISPLAY_DELIMITER = re.compile(r"\$\$|\\\[|\\\]|\\(?:begin|end)\{[a-z]+\*?\}")


def parse_org(source: SourceText) -> Note:
    return parse_markdown(replace(source, text=org_to_markdown(source.text)))


def org_to_markdown(text: str) -> str:
    lines = text.split("\n")
    has_title = any((m := _KEYWORD.match(line)) and m.group(1).lower() == "title" for line in lines)
    out: list[str] = []
    block = ""          # the kind of #+begin_ block the line is in
    in_drawer = False
    in_math = False     # inside a display formula that spans lines
    for line in lines:
        if in_math or (not block and _opens_display(line)):
            out.append(line)
            in_math = _opens_display(line) != in_math
            continue
        if block:
            out.append(_in_block(line, block))
            if (end := _BLOCK.match(line)) and end.group(1).lower() == "end":
                block = ""
            continue
        if (begin := _BLOCK.match(line)) and begin.group(1).lower() == "begin":
            block = begin.group(2).lower()
            out.append(f"```{begin.group(3).split()[0] if begin.group(3).split() and block == 'src' else ''}"
                       if block in ("src", "example") else "")
            continue
        if in_drawer or _DRAWER.match(line):
            in_drawer = not (in_drawer and line.strip().upper() == ":END:") and line.strip().upper() != ":END:"
            out.append("")
            continue
        out.append(_line(line, has_title))
    return "\n".join(out)


def _in_block(line: str, block: str) -> str:
    if (end := _BLOCK.match(line)) and end.group(1).lower() == "end":
        return "```" if block in ("src", "example") else ""
    if block in ("src", "example"):
        return line
    return f"> {_inline(line.strip())}" if block == "quote" and line.strip() else (">" if block == "quote" else _inline(line))


def _line(line: str, has_title: bool) -> str:
    if (keyword := _KEYWORD.match(line)) is not None:
        name, value = keyword.group(1).lower(), keyword.group(2).strip()
        if name == "title":
            return f"# {value}"
        if name == "filetags":
            return " ".join(f"#{tag}" for tag in value.strip(":").split(":") if tag)
        return ""
    if (heading := _HEADING.match(line)) is not None and line.startswith("*"):
        level = min(len(heading.group(1)) + has_title, 6)
        return f"{'#' * level} {_inline(heading.group(2))}"
    if _COMMENT.match(line):
        return ""
    return _inline(line)


def _opens_display(line: str) -> bool:
    """The line leaves a display formula open or closes one it was in: an odd count of its delimiters outside
    its one-line fragments."""
    return len(_DISPLAY_DELIMITER.findall(MATH_SPAN.sub("", line))) % 2 == 1


def _inline(text: str) -> str:
    """Org's inline markup as Markdown, outside the line's LaTeX fragments."""
    parts = MATH_SPAN.split(text)
    fragments = MATH_SPAN.findall(text)
    return "".join(_markup(part) + (fragments[i] if i < len(fragments) else "") for i, part in enumerate(parts))


def _markup(text: str) -> str:
    text = _LINK.sub(_link, text)
    text = _VERBATIM.sub(r"`\1`", text)
    text = _BOLD.sub(r"**\1**", text)
    return _ITALIC.sub(r"*\1*", text)


def _link(match: re.Match) -> str:
    target, label = match.group(1), match.group(2)
    path = target[5:] if target.startswith("file:") else target
    if _IMAGE.search(path) and not label:
        return f"![]({path})"
    return f"[{label or path}]({path})"
