"""A Typst document (`.typ` lecture notes), read as the Markdown it would be:

- headings are written `= Title`, `== Section` (a trailing `<label>` names it for references: not text);
- set-up (`#set …`, `#show …`, `#import …`, `#let …`) is code, with every line its parentheses or brackets span;
- a figure call (`#figure(image("a.png", width: 70%), caption: [Text])`) shows its image and its caption;
- a term list item `/ Term: description` is a bold term and its description;
- strong text is `*text*` (Markdown's `**text**`); a line comment `// …` is no text.

Math (`$ … $`) is left as written. Only a document whose own lines say it is Typst is read so: a set-up line at
the start of a line and a `=` heading, and no Markdown heading. Every line stays on its line."""
from __future__ import annotations

import re

_SET_UP = re.compile(r"^#(?:set|show|import|let|include)\b")
_HEADING = re.compile(r"^(?P<marks>=+)[ \t]+(?P<title>\S.*?)(?:[ \t]*<[\w:.-]+>)?[ \t]*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]", re.M)
_FIGURE = re.compile(r"^#figure\(")
_IMAGE = re.compile(r'image\(\s*"(?P<path>[^"]+)"')
_CAPTION = re.compile(r"caption:\s*\[(?P<caption>[^\]]*)\]", re.S)
_TERM = re.compile(r"^(?P<indent>\s*)/ (?P<term>[^:\n]+):\s*")
_STRONG = re.compile(r"(?<![*\w\\])\*(?=\S)(?P<text>[^*\n]+?)(?<=\S)\*(?![*\w])")
_MATH = re.compile(r"\$[^$]*\$")
_COMMENT = re.compile(r"(?<![:\"/])//.*$")
_MAX_HEADING = 6


def rewrite(text: str) -> str:
    if not is_typst_document(text):
        return text
    lines = text.split("\n")
    out = list(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        if _SET_UP.match(line) or _FIGURE.match(line):
            end = _call_end(lines, index)
            out[index:end + 1] = [""] * (end + 1 - index)
            if _FIGURE.match(line):
                out[index] = _figure("\n".join(lines[index:end + 1]))
            index = end + 1
            continue
        out[index] = _text_line(line)
        index += 1
    return "\n".join(out)


def is_typst_document(text: str) -> bool:
    return (bool(re.search(r"^#(?:set|show|import|let)\b", text, re.M)) and bool(re.search(r"^=+[ \t]+\S", text, re.M))
            and not _MARKDOWN_HEADING.search(text))


def _call_end(lines: list[str], start: int) -> int:
    """The last line of a call or set-up rule whose parentheses and brackets open on `start`."""
    depth = 0
    for index in range(start, len(lines)):
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', lines[index])  # a bracket in a string is no bracket
        depth += sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
        if depth <= 0:
            return index
    return start


def _figure(call: str) -> str:
    image = _IMAGE.search(call)
    caption = _CAPTION.search(call)
    shown = [f"![]({image['path']})"] if image else []
    if caption and caption["caption"].strip():
        shown.append(" ".join(caption["caption"].split()))
    return " ".join(shown)


def _text_line(line: str) -> str:
    heading = _HEADING.match(line)
    if heading:
        return "#" * min(len(heading["marks"]), _MAX_HEADING) + " " + _inline(heading["title"])
    term = _TERM.match(line)
    if term:
        return f"{term['indent']}- **{term['term'].strip()}**: {_inline(line[term.end():])}"
    return _inline(line)


def _inline(text: str) -> str:
    """Strong text outside math, and no comment after the last formula."""
    parts = _MATH.split(text)
    maths = _MATH.findall(text) + [""]
    parts[-1] = _COMMENT.sub("", parts[-1])
    shown = "".join(_STRONG.sub(r"**\g<text>**", part) + math for part, math in zip(parts, maths))
    return shown.rstrip() if shown != text else shown
