"""reStructuredText notes (Sphinx, Read the Docs): rewritten line by line into the Markdown they mean,
then parsed as Markdown, as Org notes are.

What reST says differently from Markdown:
- a section title is a line underlined (and perhaps overlined) by one repeated punctuation character; the
  levels are the adornment styles in the order the document first uses them;
- `:math:`x`` is inline math and `.. math::` a display block whose indented body holds one equation per
  run of lines (blank lines separate equations), after `:label:`-style options;
- `.. code-block:: lang` (`code`, `sourcecode`) and a paragraph ending in `::` introduce indented
  literal blocks; `.. image:: path` is an image; `..` followed by anything else (comments, targets,
  other directives' options) is markup, not text, and other directives' bodies are text;
- an indented paragraph is a block quote, not code; `#.` numbers a list item;
- roles other than math (`:ref:`, `:doc:`, `:term:`) show their text.
Every line stays on its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.model import Note, SourceText
from kb.parse.markdown import parse_markdown

# docutils accepts any non-alphanumeric printable ASCII character as an adornment
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")
# docutils allows one space between a directive's name and its `::` (`.. math ::`, as some cheat sheets
# write it): its pattern is `\.\.[ ]+(name)[ ]?::([ ]+|$)` (docutils/parsers/rst/states.py, class Body)
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+) ?::(?:\s+(.*?))?\s*$")
_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s.*)?$")
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_OTHER_ROLE = re.compile(r":[\w-]+:`(?:([^`<]*?)\s*<[^`>]*>|([^`]+))`")
_AUTO_NUMBER = re.compile(r"^(\s*)#\.(\s)")
_LITERAL_MARKER = re.compile(r"(\s?)::\s*$")
_CODE_DIRECTIVES = {"code", "code-block", "sourcecode"}
_MARKDOWN_INDENT = 3    # deeper indentation is a code block in Markdown; in reST it is a block quote


@dataclass
class _Block:
    """An indented body after a directive or `::`: its kind and the indentation it must exceed."""
    kind: str           # math, code, text (another directive's body) or skip (a comment's)
    indent: int
    language: str = ""


def parse_rst(source: SourceText) -> Note:
    return parse_markdown(replace(source, text=rst_to_markdown(source.text)))


def rst_to_markdown(text: str) -> str:
    lines = text.split("\n")
    out = list(lines)
    levels: list[tuple[str, bool]] = []     # adornment styles (character, overlined) in order of first use
    index = 0
    while index < len(lines):
        line = lines[index]
        title = _title_at(lines, index)
        if title is not None:
            style, first, title_line, last = title
            if style not in levels:
                levels.append(style)
            out[first:last + 1] = [""] * (last - first + 1)
            out[title_line] = f"{'#' * min(levels.index(style) + 1, 6)} {_inline(lines[title_line].strip())}"
            index = last + 1
            continue
        block = _opening(line)
        if block is not None:
            end = _body_end(lines, index, block.indent)
            out[index:end] = _rewrite_block(block, line, lines[index + 1:end])
            index = end
            continue
        out[index] = _prose(line)
        index += 1
    return "\n".join(out)


def _title_at(lines: list[str], index: int) -> tuple[tuple[str, bool], int, int, int] | None:
    """(style, first line, title line, last line) of a section title starting at `index`."""
    line = lines[index]
    if (over := _ADORNMENT.match(line)) and index + 2 < len(lines):
        under = _ADORNMENT.match(lines[index + 2])
        if under and under.group(1) == over.group(1) and lines[index + 1].strip():
            return (over.group(1), True), index, index + 1, index + 2
    if index + 1 < len(lines) and line.strip() and not line[0].isspace() and not _ADORNMENT.match(line) \
            and (index == 0 or not lines[index - 1].strip()):
        under = _ADORNMENT.match(lines[index + 1])
        if under:
            return (under.group(1), False), index, index, index + 1
    return None


def _opening(line: str) -> _Block | None:
    """The indented block a line introduces (a directive, a comment or a `::` paragraph), if any."""
    indent = len(line) - len(line.lstrip())
    if (directive := _DIRECTIVE.match(line)) is not None:
        name = directive.group(2).lower()
        if name == "math":
            return _Block("math", indent)
        if name in _CODE_DIRECTIVES:
            return _Block("code", indent, (directive.group(3) or "").split(" ")[0])
        return _Block("text", indent)
    if _EXPLICIT.match(line):
        return _Block("skip", indent)
    if _LITERAL_MARKER.search(line):
        return _Block("code", indent)
    return None


def _body_end(lines: list[str], index: int, indent: int) -> int:
    """The line after the indented body that follows line `index`, with the blank lines after it (where
    a closing fence can go without moving any line)."""
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return end


def _rewrite_block(block: _Block, line: str, body: list[str]) -> list[str]:
    if block.kind == "math":
        return _math_block(line, body, block.indent)
    if block.kind == "code":
        return _code_block(line, body, block)
    if block.kind == "skip":
        return [""] * (len(body) + 1)
    # another directive: its options are markup, its body text; an image's argument is its file
    directive = _DIRECTIVE.match(line)
    head = f"![]({directive.group(3)})" if directive and directive.group(2).lower() in ("image", "figure") \
        and directive.group(3) else ""
    return [head] + ["" if _OPTION.match(text) else _prose(text) for text in body]


def _math_block(line: str, body: list[str], indent: int) -> list[str]:
    """`$$..$$` around each equation of the directive (its argument, then each run of body lines)."""
    pad = " " * min(indent, _MARKDOWN_INDENT)
    argument = (_DIRECTIVE.match(line).group(3) or "").strip()
    out = [f"{pad}$${argument}$$" if argument else ""]
    options = True
    run: list[int] = []             # indices in `out` of the current equation's lines
    for text in body + [""]:
        if options and _OPTION.match(text):
            out.append("")
            continue
        options = options and not text.strip()
        if text.strip():
            run.append(len(out))
            out.append(text.strip())
            continue
        if run:
            out[run[0]] = f"{pad}$${out[run[0]]}"
            out[run[-1]] = f"{out[run[-1]]}$$"
            run = []
        out.append("")
    return out[:len(body) + 1]


def _code_block(line: str, body: list[str], block: _Block) -> list[str]:
    """A fenced block: the opening fence on the directive's line (or, after a `::` paragraph, whose text
    stays, on the blank line reST requires), the closing one on the first blank line after the body (or
    after the file's last line)."""
    if not any(text.strip() for text in body):
        return [_prose(line)] + body
    pad = " " * min(block.indent, _MARKDOWN_INDENT)
    fence = f"{pad}```{block.language}"
    depth = min(len(text) - len(text.lstrip()) for text in body if text.strip())
    code = [text[depth:] for text in body]
    last = max(i for i, text in enumerate(code) if text.strip())
    if _DIRECTIVE.match(line):
        head = [fence]
    elif code[0].strip():     # no blank line after the paragraph: not a literal block
        return [_prose(line)] + [_prose(text) for text in body]
    else:
        marker = _LITERAL_MARKER.sub(lambda m: "" if m.group(1) or m.start() == 0 else ":", line.rstrip())
        head = [_prose(marker), fence]
        code = code[1:]
        last -= 1
    if last + 1 < len(code):
        code[last + 1] = f"{pad}```"
    else:
        code[last] += f"\n{pad}```"
    return head + code


def _prose(line: str) -> str:
    """A text line: auto-numbered items numbered, indentation kept short of Markdown's code blocks, roles
    as Markdown."""
    indent = len(line) - len(line.lstrip())
    line = " " * min(indent, _MARKDOWN_INDENT) + line.lstrip() if line.strip() else ""
    return _inline(_AUTO_NUMBER.sub(r"\g<1>1.\2", line))


def _inline(text: str) -> str:
    text = _MATH_ROLE.sub(lambda m: f"${m.group(1).strip()}$", text)
    return _OTHER_ROLE.sub(lambda m: (m.group(1) or m.group(2)).strip(), text)
