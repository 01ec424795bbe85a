"""Markdown notes (and web dumps after extraction): markdown-it-py with every dialect plugin
(`kb.parse.dialects`: math in all delimiters, wikilinks and embeds, highlights, ...).

Typora-style notes put one thought per line without blank lines between them, so a paragraph is split
where a line holds nothing but a formula or images: those become formula/image blocks of their own.
Formulas and images inside sentences are emitted as extra blocks right after the block that holds them.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace

from markdown_it.token import Token

from kb.check.naming import names_a_derivative
from kb.model import Block, BlockKind, Note, SourceText
from kb.parse.dialects import markdown_parser
from kb.parse.dialects.math import (CLOSING, display_latex, environment_latex, escaped_for_markdown, statement_rows,
                                    unescape_markdown, with_row_breaks)
from kb.parse.plain_formulas import cell_formula
from kb.parse.sections import Heading, Item, assemble

_MATH = ("math_inline", "math_inline_double")
_DISPLAY_MATH = ("math_block", "math_block_label", "amsmath")
_IMAGES = ("image", "wikiembed")
_BREAKS = ("softbreak", "hardbreak")
# a formula cell computes with a variable; `(0, 1)`, `[0, \infty)` and `\mathbb{R}` are ranges: data
_COMMANDS = re.compile(r"\\math(?:bb|cal|rm|bf)\{[^{}]*\}|\\[A-Za-z]+")
_VARIABLE = re.compile(r"[A-Za-z]")
# `<pre class="prettyprint">…</pre>`, `<pre><code class="language-python">…</code></pre>`: a program as blogs and
# note editors' HTML exports write one, which Markdown passes through as an HTML block
_HTML_CODE = re.compile(r"^\s*<pre\b(?P<attrs>[^>]*)>\s*(?:<code\b(?P<inner>[^>]*)>)?(?P<code>.*?)(?:</code>\s*)?</pre>\s*$",
                        re.IGNORECASE | re.DOTALL)
_CODE_ON_TAG_LINE = re.compile(r"\s*<pre\b[^>]*>[ \t]*(?:<code\b[^>]*>)?[ \t]*(?!<)\S")
_CODE_LANGUAGE = re.compile(r"\b(?:language|lang)-([\w+-]+)")
# GitHub's emoji shortcodes around a heading's words (`## :palm_tree: What is a layer?`): an icon, no part of its name
_EMOJI_CODES = re.compile(r"^(?:\s*:[a-z0-9_+-]+:)+|(?::[a-z0-9_+-]+:\s*)+$")
_SENTENCE_END = re.compile(r"[.。]\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CONTAINERS: dict[str, BlockKind] = {
    "bullet_list_open": "list", "ordered_list_open": "list", "blockquote_open": "quote", "table_open": "table",
}


def parse_markdown(source: SourceText) -> Note:
    return assemble(source, markdown_items(source))


def markdown_items(source: SourceText) -> list[Item]:
    """Headings and blocks of a Markdown text, in order, with original file lines."""
    doc = _Doc(source)
    tokens = markdown_parser().parse(source.text)
    items: list[Item] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index)
        items.extend(doc.items_for(token, tokens[index:end + 1]))
        index = end + 1
    return _as_mathjax_reads(_answers_set_as_headings(items))


def _answers_set_as_headings(items: list[Item]) -> list[Item]:
    """`## What is a layer?` then `### The largest unit that ... .`: a heading right under a question heading that
    is a sentence (six words or more, or fifteen CJK characters, ending in a full stop) is the answer its author
    set large, text of the question's section and no section of its own."""
    out: list[Item] = []
    for item in items:
        before = out[-1] if out else None
        if (isinstance(item, Heading) and isinstance(before, Heading) and before.text.rstrip().endswith(("?", "？"))
                and item.level > before.level and _is_sentence(item.text)):
            out.append(Block("paragraph", item.text, item.line))
        else:
            out.append(item)
    return out


def _as_mathjax_reads(items: list[Item]) -> list[Item]:
    """A note that escapes its math for a Markdown renderer (Hugo, Jekyll: `\\sum\\_{i=1}`) in one formula
    does so in all: every formula's LaTeX is what MathJax gets on the author's site (`\\sum_{i=1}`)."""
    def formula(item: Item) -> bool:
        return isinstance(item, Block) and item.kind == "formula" and bool(item.latex)

    if not any(formula(item) and escaped_for_markdown(item.latex) for item in items):
        return items
    return [replace(item, latex=unescape_markdown(item.latex)) if formula(item) else item for item in items]


class _Doc:
    """The text's lines and their original line numbers, for cutting out each block's source."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.lines = source.text.split("\n")

    def line(self, index: int) -> int:
        return self.source.source_line(index + 1)

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")

    def items_for(self, token: Token, span: list[Token]) -> Iterator[Item]:
        if token.map is None:
            return
        start, end = token.map
        if token.type == "heading_open":
            yield Heading(_EMOJI_CODES.sub("", span[1].content).strip(), int(token.tag[1:]), self.line(start))
        elif token.type == "paragraph_open":
            yield from self.paragraph(span[1])
        elif token.type in _CONTAINERS:
            kind = _CONTAINERS[token.type]
            yield Block(kind, self.text(start, end), self.line(start))
            if kind == "table":
                yield from self.table_formulas(span)
            else:
                for inner in span:
                    if inner.type == "inline":
                        yield from self.extracted(inner, inner.children or [])
                    elif inner.type in _DISPLAY_MATH and inner.map is not None:
                        # `* $$m_t = ...$$`: a list item that is one display formula (GitBook, Typora exports)
                        yield from self.display_math(inner, *inner.map)
        elif token.type in ("fence", "code_block"):
            yield Block("code", self.text(start, end), self.line(start))
        elif token.type in _DISPLAY_MATH:
            yield from self.display_math(token, start, end)
        elif token.type == "html_block" and token.content.strip():
            code = html_code(token.content)
            if code is None:
                yield Block("paragraph", self.text(start, end), self.line(start))
            else:  # the fence is a line of its own: code on the tag's line (`<pre><code>out = ...`) is on the next
                on_tag_line = _CODE_ON_TAG_LINE.match(token.content) is not None
                yield Block("code", code, max(1, self.line(start) - on_tag_line))

    def table_formulas(self, span: list[Token]) -> Iterator[Block]:
        """The formula cells of a table's body rows. A cell that is one formula and nothing else is a formula
        block named by the text cells that lead its row: a table's first columns label its rows (`| **ReLU** |
        $\\max(0, x)$ |`, `| Regression | MSE | $\\frac{1}{N}\\sum(y-\\hat y)^2$ |`). A column headed by a
        derivative ("Derivative", "导数") adds its header: the row's label alone names the function. A row that
        starts with a formula is data (`| $h \\times w$ | 1x1 conv | $h \\times w \\times t$ |`), and so are ranges,
        uses and sentences that hold a formula."""
        headers: list[str] = []
        labels: list[str] = []
        line, row_line, column, in_body = 0, 0, 0, False
        for token in span:
            if token.type in ("thead_open", "tbody_open"):
                in_body = token.type == "tbody_open"
            elif token.type == "tr_open":
                labels, column = [], 0
                line = row_line = self.line(token.map[0]) if token.map and in_body else 0
            elif token.type == "inline" and (row_line or not in_body):
                parts = _meaningful(token.children or [])
                column += 1
                text = "".join(p.content for p in parts if p.type == "text").strip()
                header = headers[column - 1] if column <= len(headers) else ""
                plain = bool(parts) and all(p.type == "text" or p.type.endswith(("_open", "_close")) for p in parts)
                latex, worked = cell_formula(text) if plain and in_body else ("", False)
                if not in_body:
                    headers.append(text)   # the header row names columns, not rows
                elif worked:
                    # `| 3 | 2/3 = 0.67 |` under "precision": each cell works out its column's quantity
                    yield Block("formula", token.content.strip(), row_line, latex=latex, alt=header or None)
                elif line and (latex or (len(parts) == 1 and parts[0].type in _MATH)):
                    # a formula typed as math or, `f(x) = 1/(1+e⁻ˣ)`, as text
                    content = latex or parts[0].content
                    if labels and _VARIABLE.search(_COMMANDS.sub("", content)):
                        label = " ".join(labels) + (f" ({header})" if names_a_derivative(header) else "")
                        yield (Block("formula", token.content.strip(), line, latex=latex, alt=label) if latex
                               else replace(_formula(parts[0], token.content.strip(), line), alt=label))
                    line = 0   # the labels name the row's first formula; what stands right of it is data
                elif plain:
                    labels.append(text)

    def display_math(self, token: Token, start: int, end: int) -> Iterator[Block]:
        if token.type == "amsmath":  # its map leaves out the \end line
            text, latex = token.content.strip(), environment_latex(token.content)
        else:
            text, latex = self.text(start, end), token.content.strip()
        latex = display_latex(latex)
        rows = statement_rows(latex)
        if len(rows) == 1:
            yield Block("formula", text, self.line(start), latex=latex, display=True)
            return
        row_line = start
        for row in rows:  # a system of definitions: each row is checked, and cited, on its own line
            row_line = self.line_holding(row, row_line, max(end, start + 1))
            yield Block("formula", row, self.line(row_line), latex=row, display=True)

    def inline_formulas(self, token: Token, text: str, index: int) -> Iterator[Block]:
        """The formula of a math token inside a line. One that writes a system of statements (`\\begin{aligned}`
        rows, two equations a spaced gap apart: `$w = w + V_t,\\:\\: V_t = \\mu V_{t-1} - \\eta \\nabla E$`) gives one
        formula per statement, on the line that holds it, as a display block of its own does."""
        latex = (display_latex(token.content.strip()) if token.type == "math_inline_double"
                 else with_row_breaks(token.content.strip()))
        display = token.type == "math_inline_double"
        rows = statement_rows(latex)
        if len(rows) <= 1:
            yield Block("formula", text, self.line(index), latex=latex, display=display)
            return
        last = index + token.content.count("\n")
        row_line = index
        for row in rows:
            row_line = self.line_holding(row, row_line, last)
            yield Block("formula", row, self.line(row_line), latex=row, display=display)

    def line_holding(self, row: str, first: int, end: int) -> int:
        """The first line from `first` on that holds the start of `row` (`first` when none does)."""
        def squeeze(text: str) -> str:  # the row lost its alignment marks: compare without them and spaces
            return "".join(text.replace("&", "").split())
        # a longer head first: rows that start alike (`softplus(x) = ..`, `softplus'(x) = ..`) differ further on; then
        # the row's own first line, where the row is written over several (`\text{ReLU}'(x)` above its `= \begin{cases}`)
        first_line = squeeze(row.strip().split("\n", 1)[0])[:40]
        heads = (squeeze(row)[:40], *([first_line] if len(first_line) >= 6 else []), squeeze(row)[:16])
        for head in dict.fromkeys(heads):
            for index in range(first, min(end + 1, len(self.lines))):
                if head in squeeze(self.lines[index]):
                    return index
        return first

    def paragraph(self, inline: Token) -> Iterator[Block]:
        start, end = inline.map or (0, 0)
        rows = _rows(inline.children or [])
        if len(rows) != end - start:  # lines and breaks disagree (lazy continuation): keep it whole
            yield Block("paragraph", self.text(start, end), self.line(start))
            yield from self.extracted(inline, inline.children or [])
            return
        pending: list[int] = []
        for offset, row in enumerate(rows):
            kind = _row_kind(row)
            if kind == "text":
                pending.append(offset)
                continue
            yield from self.text_run(inline, rows, pending)
            pending = []
            yield from self.standalone(kind, row, start + offset)
        yield from self.text_run(inline, rows, pending)

    def text_run(self, inline: Token, rows: list[list[Token]], offsets: list[int]) -> Iterator[Block]:
        if not offsets:
            return
        start = (inline.map or (0, 0))[0]
        first, last = start + offsets[0], start + offsets[-1] + 1
        yield Block("paragraph", self.text(first, last), self.line(first))
        for offset in offsets:
            yield from self.extracted_row(rows[offset], start + offset)

    def standalone(self, kind: str, row: list[Token], index: int) -> Iterator[Block]:
        if kind == "formula":
            math = _meaningful(row)[0]
            yield from self.inline_formulas(math, self.lines[index].strip(), index)
        elif kind == "image":
            for image in _meaningful(row):
                yield _image(image, self.line(index))
        elif kind == "link":
            href = _meaningful(row)[0].attrGet("href")
            yield Block("link", self.lines[index].strip(), self.line(index), src=str(href or ""))

    def extracted(self, inline: Token, children: list[Token]) -> Iterator[Block]:
        """Formulas and images of a paragraph whose rows and lines disagree. A child's line is counted from
        the breaks and the newlines inside the children before it: a `$$` block written over several lines
        inside a paragraph (a list item's lazy continuation) is one token, not one row per line."""
        index = (inline.map or (0, 0))[0]
        for child in children:
            if child.type in _BREAKS:
                index += 1
                continue
            yield from self.extracted_row([child], index)
            index += child.content.count("\n")

    def extracted_row(self, row: list[Token], index: int) -> Iterator[Block]:
        for child in row:
            if child.type in _MATH and child.content.strip():
                yield from self.inline_formulas(child, f"{child.markup}{child.content}{CLOSING[child.markup]}", index)
            elif child.type in _IMAGES:
                yield _image(child, self.line(index))


def _closing(tokens: list[Token], index: int) -> int:
    token = tokens[index]
    if token.nesting != 1:
        return index
    for end in range(index + 1, len(tokens)):
        if tokens[end].level == token.level and tokens[end].nesting == -1:
            return end
    return len(tokens) - 1


def _rows(children: list[Token]) -> list[list[Token]]:
    rows: list[list[Token]] = [[]]
    for child in children:
        if child.type in _BREAKS:
            rows.append([])
        else:
            rows[-1].append(child)
    return rows


def _meaningful(row: list[Token]) -> list[Token]:
    return [child for child in row if not (child.type == "text" and not child.content.strip())]


def _row_kind(row: list[Token]) -> str:
    parts = _meaningful(row)
    if len(parts) == 1 and parts[0].type in _MATH:
        return "formula"
    if parts and all(part.type in _IMAGES for part in parts):
        return "image"
    types = [part.type for part in parts]
    if types and types[0] == "link_open" and types[-1] == "link_close" and types.count("link_open") == 1:
        return "link"
    return "text"


def _formula(token: Token, text: str, line: int) -> Block:
    return Block("formula", text, line, latex=token.content.strip(), display=token.type == "math_inline_double")


def _image(token: Token, line: int) -> Block:
    src = str(token.attrGet("src") or "")
    alt = token.content
    text = token.markup if token.type == "wikiembed" else f"![{alt}]({src})"
    return Block("image", text, line, src=src, alt=alt or None)


def html_code(content: str) -> str | None:
    """An HTML block that is one `<pre>` element, as a fenced code block in the language its class names
    (`language-python`, prettify's `lang-js`; none named: unmarked): its text is a program, never sentences
    or formulas written as text. None when the block is other HTML."""
    found = _HTML_CODE.match(content)
    if found is None:
        return None
    language = _CODE_LANGUAGE.search(f"{found['attrs']} {found['inner'] or ''}")
    code = html.unescape(re.sub(r"<[^>]+>", "", found["code"])).strip("\n")
    return f"```{language.group(1).lower() if language else ''}\n{code}\n```"


def _is_sentence(heading: str) -> bool:
    return bool(_SENTENCE_END.search(heading)) and (len(heading.split()) >= 6 or len(_CJK.findall(heading)) >= 15)
