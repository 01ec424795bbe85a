"""reStructuredText notes (Sphinx, Read the Docs): rewritten line by line into the Markdown they mean,
then parsed as Markdown, as Org notes are.

What reST says differently from Markdown:
- a section title is a line underlined (and perhaps overlined) by one repeated punctuation character; the
  levels are the adornment styles in the order the document first uses them;
- `:math:`x`` is inline math and `.. math::` a display block whose indented body holds one equation per
  run of lines (blank lines separate equations), after `:label:`-style options;
- `.. code-block:: lang` (`code`, `sourcecode`) and a paragraph ending in `::` introduce indented
  literal blocks; `.. image:: path` is an image; `..` followed by anything else (comments, targets,
  other directives' options) is markup, not text, and other directives' bodies are reST (text, and the
  math and code blocks nested in a `.. note::`);
- after `.. default-role:: math`, `x` with single backticks is inline math;
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
# `text` with no role before it (`:math:`x``) and no `_` after it (a reference), not part of ``a literal``
_INTERPRETED = re.compile(r"(?<![`:\w])`([^`\n]+)`(?![`_\w])")
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
    return "\n".join(_convert(_with_default_math_role(text.split("\n")), titles=True))


def _convert(lines: list[str], titles: bool) -> list[str]:
    """The Markdown lines of reST `lines`: a whole document (`titles`), or the body of a directive, where
    docutils allows no section title but any other construct (a note's own `.. math::` or code block)."""
    out = list(lines)
    levels: list[tuple[str, bool]] = []     # adornment styles (character, overlined) in order of first use
    index = 0
    while index < len(lines):
        line = lines[index]
        title = _title_at(lines, index) if titles else None
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
    return out


def _with_default_math_role(lines: list[str]) -> list[str]:
    """After `.. default-role:: math` (Sphinx notes write it once, then every formula as `x^2`), interpreted
    text with no role is math: it is written as the `:math:` role, up to a `.. default-role::` naming
    another role or none. ``Literals`` and `references`_ are not interpreted text."""
    math = False
    out = []
    for line in lines:
        if (directive := _DIRECTIVE.match(line)) is not None and directive.group(2).lower() == "default-role":
            math = (directive.group(3) or "").strip().lower() == "math"
        elif math:
            line = _INTERPRETED.sub(lambda m: f":math:`{m.group(1)}`", line)
        out.append(line)
    return out


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
        if name == "list-table":
            return _Block("table", indent)
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
    if block.kind == "table":
        return _list_table(body)
    # another directive: its options are markup, its body text; an image's argument is its file
    directive = _DIRECTIVE.match(line)
    head = f"![]({directive.group(3)})" if directive and directive.group(2).lower() in ("image", "figure") \
        and directive.group(3) else ""
    return [head] + _convert(["" if _OPTION.match(text) else text for text in body], titles=False)


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


_BULLET = re.compile(r"^(\s*)[*+-](?:\s+|$)")
_HEADER_ROWS = re.compile(r"^\s*:header-rows:\s*(\d+)\s*$")
_CELL_MATH = re.compile(r"^\s*(?::math:`([^`]+)`|\.\.\s+math\s?::\s*(.*?))\s*$")
# a display environment around a whole cell only lays it out (an inline formula cannot hold `align*`)
_LAYOUT_WRAPPER = re.compile(r"^\\begin\{(align|equation|gather)(\*?)\}(?P<body>.*)\\end\{\1\2\}$", re.S)

_Cell = list[tuple[int, str]]   # a cell's lines: (line in the directive's body, text without the cell's bullet)


def _list_table(body: list[str]) -> list[str]:
    """A `list-table`: a bullet list of rows, each a bullet list of cells (a cell may hold a `.. math::` block
    or a `:math:` role, a plot, any body). Each formula cell becomes a list item led by its row's text cells (the
    row's label, as a Markdown table's first columns label its row), on the line where its formula starts (a
    `.. math::` block's first body line, as a math directive's own formula); a row without formulas is an item of
    its words. A column whose header cell is a formula (`:math:`g'(z)``) names what its cells equal: the cell
    `\\frac{1}{1+e^{-z}}` under `g(z)` states `g(z) = \\frac{1}{1+e^{-z}}`; a text header joins the label
    (`Sigmoid (Derivative): $...$`). Cells that are neither formula nor words (plots, other directives) are left
    out."""
    out = [""] * (len(body) + 1)
    header_rows = next((int(m.group(1)) for text in body if (m := _HEADER_ROWS.match(text))), 0)
    rows = _table_rows(body)
    headers = [_cell_value(cell) for cell in rows[0][1]] if rows and header_rows else []
    for row_line, cells in rows[header_rows:]:
        values = [_cell_value(cell) for cell in cells]
        label = " ".join(value for kind, value, _ in values if kind == "text" and value)
        formulas = [(column, value, line) for column, (kind, value, line) in enumerate(values) if kind == "math" and value]
        if not formulas:
            out[row_line + 1] = f"- {label}".rstrip()
        for column, value, line in formulas:
            head_kind, header, _ = headers[column] if column < len(headers) else ("other", "", 0)
            name = label
            if head_kind == "math" and not _states_a_relation(header) and not _states_a_relation(value):
                value = f"{header} = {value}"
            elif head_kind == "text" and header:
                name = f"{label} ({header})" if label else header
            out[line + 1] = f"- {name}: ${value}$" if name else f"- ${value}$"
    return out


def _states_a_relation(latex: str) -> bool:
    """The formula has a relation of its own at its top level (not a case's condition `z \\lt 0`)."""
    from kb.check.latex_text import LatexError, split_chain

    try:
        split_chain(latex)
    except LatexError:
        return False
    return True


def _table_rows(body: list[str]) -> list[tuple[int, list[_Cell]]]:
    """The table's rows: (the row's line in `body`, its cells)."""
    bullets = [len(m.group(1)) for text in body if (m := _BULLET.match(text))]
    if not bullets:
        return []
    row_indent = min(bullets)
    rows: list[tuple[int, list[_Cell]]] = []
    cell_indent: int | None = None
    for k, text in enumerate(body):
        match = _BULLET.match(text)
        indent = len(text) - len(text.lstrip())
        if match and indent == row_indent:
            rows.append((k, []))
            inner = _BULLET.match(" " * match.end() + text[match.end():]) if text[match.end():].strip() else None
            if inner is not None:   # `* - Name`: the row's first cell on the row's line
                cell_indent = len(inner.group(1))
                rows[-1][1].append([(k, text[inner.end():])])
        elif rows and match and indent == (cell_indent if cell_indent is not None else indent):
            cell_indent = indent
            rows[-1][1].append([(k, text[match.end():])])
        elif rows and rows[-1][1] and (not text.strip() or indent > (cell_indent or 0)):
            rows[-1][1][-1].append((k, text.strip()))
    return rows


def _cell_value(cell: _Cell) -> tuple[str, str, int]:
    """("math", LaTeX, the line where it starts) for a cell that is one formula (a `:math:` role alone, or a
    `.. math::` block with its rows joined on one line), ("text", its words, its line) for words, ("other", "", 0)
    for anything else (a plot, another directive)."""
    (first_line, first), rest = cell[0], [(k, text) for k, text in cell[1:] if text.strip()]
    if (math := _CELL_MATH.match(first)) is not None:
        if math.group(1) is not None:
            return ("math", math.group(1).strip(), first_line) if not rest else ("other", "", 0)
        lines = [(first_line, math.group(2))] if math.group(2) else []
        lines += [(k, text) for k, text in rest if not _OPTION.match(text)]
        if not lines:
            return "other", "", 0
        latex = " ".join(text for _, text in lines)
        if (wrapped := _LAYOUT_WRAPPER.match(latex)) is not None and "\\\\" not in _INNER_ENVS.sub("", wrapped["body"]):
            latex = wrapped["body"].strip()
        return "math", latex, lines[0][0]
    if _EXPLICIT.match(first) or any(_EXPLICIT.match(text) for _, text in rest):
        return "other", "", 0
    return "text", _inline(" ".join(text.strip() for _, text in cell if text.strip())), first_line


# the environments inside a cell (a `cases`): their rows are not the wrapper's
_INNER_ENVS = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S)


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
