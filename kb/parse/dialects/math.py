"""Math in every delimiter TeX users write: `$..$` and `$$..$$` (inline or display), `\\(..\\)`,
`\\[..\\]` and amsmath environments (`\\begin{equation}..\\end{equation}`, `align`, ...).

All of it becomes the token types the rest of kb reads: `math_inline`, `math_inline_double` (display
math inside a line), `math_block` and `amsmath`. mdit-py-plugins' dollarmath and amsmath are used as
they are; texmath's bracket rules are reused, with the source lines its block rule leaves out.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import amsmath_block, amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath.index import make_block_func, rules

from kb.check.latex_text import braces_balanced, top_level_rows, without_alignment
from kb.parse.dialects.reasoning_marks import split_at_reasoning_marks

# Closing delimiter of each opening one, for writing a formula back as its author did.
CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]", "\\\\(": "\\\\)", "\\\\[": "\\\\]",
           "\\\\\\(": "\\\\\\)", "\\\\\\[": "\\\\\\]"}
# mdBook's MathJax delimiters are written `\\(..\\)` and `\\[..\\]`: its Markdown pass turns them into `\(..\)` and
# `\[..\]` for MathJax, reading the formula between as Markdown too (`\\\\` a row break, `\_` an underscore).
# Jekyll and GitHub Pages authors who set MathJax's `\(..\)` in a `<script>` config escape both characters of the
# delimiter for kramdown, `\\\(..\\\)` (`\\` a backslash, `\(` a parenthesis): the rendered page has `\(..\)` again.
_INLINE = {"\\(": (re.compile(r"\\\((.+?)\\\)", re.S), "math_inline"),
           "\\[": (re.compile(r"\\\[(.+?)\\\]", re.S), "math_inline_double"),
           "\\\\(": (re.compile(r"\\\\\((.+?)\\\\\)", re.S), "math_inline"),
           "\\\\[": (re.compile(r"\\\\\[(.+?)\\\\\]", re.S), "math_inline_double"),
           "\\\\\\(": (re.compile(r"\\\\\\\((.+?)\\\\\\\)", re.S), "math_inline"),
           "\\\\\\[": (re.compile(r"\\\\\\\[(.+?)\\\\\\\]", re.S), "math_inline_double")}
_ESCAPED_OPENERS = ("\\\\(", "\\\\[", "\\\\\\(", "\\\\\\[")
_ENVIRONMENT = re.compile(r"^\\begin\{(equation\*?|displaymath)\}(.*)\\end\{\1\}$", re.S)


def plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(md, allow_space=True, allow_digits=True, double_inline=True)
    md.inline.ruler.before("escape", "math_brackets", _bracket_inline)
    md.block.ruler.before("fence", "math_block_brackets", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("fence", "math_block_escaped_brackets", _escaped_bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    amsmath_plugin(md)
    md.block.ruler.at("amsmath", _amsmath_block, {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _amsmath_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An amsmath environment that starts a line, as mdit-py-plugins reads it, but never one inside a `$$` display
    opened in the lines above it (`text:` / `$$` / `\\begin{align}` .. / `$$`: MathJax, and the Markdown of
    Obsidian, Typora and kramdown, draw the environment inside the display), and never one whose `\\end` comes
    after a blank line (TeX ends an environment's paragraph there; the plugin would search the rest of the note
    for a closing and take every display and sentence between as one formula)."""
    # (the closing test first: it rejects at once a line that opens no environment, and the rule is asked of every
    # line of every paragraph; the look back over the paragraph is for lines that do)
    if not _closes_before_blank_line(state, start, end) or _inside_open_display(state, start):
        return False
    return amsmath_block(state, start, end, silent)


def _lines_back_to_blank(state: StateBlock, start: int) -> list[str]:
    lines = []
    for index in range(start - 1, -1, -1):
        line = state.src[state.bMarks[index] + state.tShift[index]:state.eMarks[index]]
        if not line.strip():
            break
        lines.append(line)
    return lines


_DOUBLE_DOLLAR = re.compile(r"(?<!\\)\$\$")


def _inside_open_display(state: StateBlock, start: int) -> bool:
    """Whether the paragraph lines above `start` leave a `$$` display open (an odd number of `$$`)."""
    return sum(len(_DOUBLE_DOLLAR.findall(line)) for line in _lines_back_to_blank(state, start)) % 2 == 1


_OPEN_ENVIRONMENT = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")


def _closes_before_blank_line(state: StateBlock, start: int, end: int) -> bool:
    first = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    opened = _OPEN_ENVIRONMENT.match(first)
    if opened is None:
        return False
    closing = f"\\end{{{opened.group(1)}}}"
    for index in range(start, end):
        line = state.src[state.bMarks[index] + state.tShift[index]:state.eMarks[index]]
        if closing in line:   # the plugin looks on for a line that ends with the closing
            return line.rstrip().endswith(closing)
        if not line.strip():
            return False
    return False


def _bracket_inline(state: StateInline, silent: bool) -> bool:
    opener = next((state.src[state.pos:state.pos + size] for size in (4, 3, 2)
                   if state.src[state.pos:state.pos + size] in _INLINE), None)
    if opener is None:
        return False
    pattern, kind = _INLINE[opener]
    match = pattern.match(state.src, state.pos)
    if not match or not match.group(1).strip() or (opener == "\\(" and escaped_parentheses(state.src, state.pos, match.end())):
        return False
    if not silent:
        token = state.push(kind, "math", 0)
        token.content = markdown_unescaped(match.group(1)) if opener in _ESCAPED_OPENERS else match.group(1)
        token.markup = opener
    state.pos = match.end()
    return True


# `precision = TP / \(TP + FP\)`: to CommonMark `\(` is an escaped parenthesis, and written inside arithmetic
# (an operator just before it or just after its `\)`) it is one, not the start of math
_OPERATOR_BEFORE = re.compile(r"[/*×÷^]\s*$")
_OPERATOR_AFTER = re.compile(r"\s*[/*×÷^]")


def escaped_parentheses(src: str, start: int, end: int) -> bool:
    """Whether the `\\(..\\)` from `start` to `end` in `src` stands in arithmetic: parentheses, not math."""
    line_start = src.rfind("\n", 0, start) + 1
    return bool(_OPERATOR_BEFORE.search(src[line_start:start]) or _OPERATOR_AFTER.match(src, end))


_TEXMATH_BLOCK = make_block_func(next(r for r in rules["brackets"]["block"] if r["name"] == "math_block"))


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `\\[..\\]` display block; texmath's rule does not record the lines it spans, kb needs them."""
    if not _TEXMATH_BLOCK(state, start, end, silent):
        return False
    if not silent:
        state.tokens[-1].map = [start, state.line]
        state.tokens[-1].markup = "\\["
    return True


_ESCAPED_CLOSING = re.compile(r"\\\\\]\s*$")


def _escaped_bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An mdBook display block: `\\\\[` starts a line, `\\\\]` ends this one or a later one."""
    first = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    if not first.startswith("\\\\[") or state.sCount[start] - state.blkIndent >= 4:
        return False
    for last in range(start, end):
        line = first[3:] if last == start else state.src[state.bMarks[last] + state.tShift[last]:state.eMarks[last]]
        if (closing := _ESCAPED_CLOSING.search(line)) is None:
            continue
        if silent:
            return True
        body = [first[3:], *(state.src[state.bMarks[k] + state.tShift[k]:state.eMarks[k]] for k in range(start + 1, last + 1))]
        body[-1] = body[-1][:closing.start()] if last > start else line[:closing.start()]
        token = state.push("math_block", "math", 0)
        token.block, token.markup, token.map = True, "\\\\[", [start, last + 1]
        token.content = markdown_unescaped("\n".join(body))
        state.line = last + 1
        return True
    return False


# CommonMark's backslash escapes: a backslash before ASCII punctuation stands for that character
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_unescaped(text: str) -> str:
    r"""What a CommonMark renderer leaves of text it reads as Markdown: what MathJax gets from a formula in mdBook's
    delimiters (`\\\\` a row break `\\`, `\\{` a brace `\{`, `\_` an underscore)."""
    return _BACKSLASH_ESCAPE.sub(r"\1", text)


def environment_latex(env: str) -> str:
    """The LaTeX of an amsmath environment as a formula: an equation's body, other environments whole."""
    match = _ENVIRONMENT.match(env.strip())
    return match.group(2).strip() if match else env.strip()


# Environments whose rows are separate statements (a system of definitions); `split` and `multline` lay
# out one equation, and a row holding a matrix or cases has `\\` of its own.
_ROW_ENVS = re.compile(r"^\\begin\{(align\*?|aligned|gather\*?|gathered|eqnarray\*?|flalign\*?)\}(.*)\\end\{\1\}$", re.S)
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
# `w &= .. \\\ b &= ..`: a space command typed after the row break (`\\\ `) starts the next row, and is no part of it;
# nor is a rule drawn between two rows (`.. \\ \hline b &= ..`, `\cline{2-3}`), copied from a LaTeX table
_LEADING_SPACE = re.compile(r"^(?:\s*(?:\\[ ,;:!]|\\hline(?![A-Za-z])|\\cline\s*\{[^{}]*\}))+")
_CONTINUATION = re.compile(r"^\s*&?\s*(?:=|\\approx|\\le|\\ge|\\leq|\\geq|<|>)")
# a row aligned at an operator (`&- (..)^2`, `&+ \\lambda R(w)`) goes on with the sum above it, and a row that ends in
# a relation or an operator (`\\operatorname{space}[w, n] &= \\\\`) goes on in the row below
_ALIGNED_OPERATOR = re.compile(r"^\s*&\s*(?:[-+]|\\(?:cdot|times|pm)(?![A-Za-z]))")
_OPEN_END = re.compile(r"(?:=|[-+]|\\(?:cdot|times|pm)(?![A-Za-z]))\s*&?\s*$")
_RELATION = re.compile(r"(?<![<>!\\])=|\\(?:approx|leq?|geq?|in)(?![A-Za-z])")
# An optimisation problem (`maximize ... subject to ...`, `\min ... \quad \text{s.t.} ...`) is one statement
# however its rows and quads lay it out.
_OPTIMISATION = re.compile(r"\\(?:text|mathrm|operatorname)\{\s*(?:maximi[sz]e|minimi[sz]e|subject\b|s\.\s*t\.)", re.I)
# `\mu = \frac{1}{B}\sum x_i \quad x_i \text{ - vector}`: a quad after a complete statement starts a comment
# (or, when it holds a relation of its own, the next statement: `\hat m = .., \quad \hat v = ..`).
# A comma with a space command after it (`v_{dW} = .., \ v_{db} = ..`) separates statements the same way, and
# so does a gap of two or more spaces typed as commands (`.. dw \ \ \ \ V_{db} = ..`, `\;\;`): one space
# command is spacing inside a formula (`\text{sample}\ 1`), a run of them a gap between two.
_QUAD = re.compile(r",?\s*\\q?quad\b|,\s*(?:\\[ ,;:!]\s*)+|(?:\\[ ;:]\s*){2,}")
# a row that only says "and so on" (`\cdots` under a column of steps): no statement, and no reason to keep the
# rows above it together
_ELLIPSIS_ROW = re.compile(r"^\s*&?\s*(?:\\[cdlv]?dots|\\dotsc?|\.\.\.|…)\s*[.,]?\s*$")


# Numbering marks: `\tag{2}` and `\tag*{(2)}` print an equation's number, `\label{eq:x}` names it for `\ref`,
# `\nonumber` and `\notag` leave a row unnumbered. They say nothing of the math, wherever they stand: after a row or
# after a whole group of rows (`\end{aligned} \tag{1}`).
_NUMBERING = re.compile(r"\\(?:tag\*?\s*\{[^{}]*\}|label\s*\{[^{}]*\}|nonumber|notag)(?![A-Za-z])")


# A size declaration that opens a display (`$$\large y = \varphi(v) \quad ...$$`, or a group around all of it:
# `{\small y = ...}`) sets how large the formula is drawn, and a tag typed by hand after a space at the end of a row
# (`... & \quad (*) \\`, `\qquad (2)`, Japanese pages' `\hspace{5mm}･･･（A）` with leader dots and full-width
# parentheses), as authors number rows without \tag, marks it for the prose to cite: neither is part of the math.
_SIZES = r"(?:tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)(?![A-Za-z])"
_SIZE = re.compile(r"^\s*\\" + _SIZES + r"\s*")
_SIZE_GROUP = re.compile(r"^\s*\{\s*\\" + _SIZES + r"(.*)\}\s*$", re.S)
_HAND_TAG = re.compile(r"(?:\\q?quad|\\hspace\*?\s*\{[^{}]*\})\s*(?:[･・…]+\s*|\.{2,}\s*)?[(（]"
                       r"(?:\*{1,4}|\d{1,3}(?:\.\d{1,3})?[a-z]?|[A-Z])[)）](?=(?:\s*&)*\s*(?:\\\\|\\end\{|$))")
# a row break at the very end of a display (`\\end{align}\\\\`) starts a row that holds nothing
_TRAILING_BREAK = re.compile(r"(?:\s*\\\\)+\s*$")


# A `matrix` (or `array`) whose rows are `left & = & right`, then `& = & right` (eqnarray's three columns), lays out a
# chain of equations, no matrix of values: it is read as the `aligned` chain it draws.
_MATRIX = re.compile(r"^\s*\\begin\{(matrix|array)\}(?:\{[^{}]*\})?(.*)\\end\{\1\}\s*$", re.S)
_RELATION_CELL = re.compile(r"^\s*(?::?=|\\approx|\\leq?|\\geq?|<|>)\s*$")
_CELL_OR_ENV = re.compile(r"(?<!\\)&|\\(begin|end)\{[^}]*\}")


def display_latex(latex: str) -> str:
    """A display formula's LaTeX without the size it is drawn at and the tags typed by hand on its rows, a chain
    laid out as a matrix read as the chain."""
    latex = _TRAILING_BREAK.sub("", with_row_breaks(latex))
    sized = _SIZE_GROUP.match(latex)
    latex = sized.group(1) if sized and braces_balanced(sized.group(1)) else latex
    return _matrix_as_chain(_HAND_TAG.sub(" ", _SIZE.sub("", latex)))


# Plain TeX ends a row of an alignment with `\cr`, and MathJax and KaTeX read it so inside `aligned` and `cases`
# (`\begin{aligned} t &= x + y \cr \frac{dz}{dt} &= 2t \end{aligned}`): it is LaTeX's row break `\\`.
_PLAIN_TEX_ROW_END = re.compile(r"\\cr(?![A-Za-z])")


def with_row_breaks(latex: str) -> str:
    """The formula with plain TeX's row ends written as LaTeX's row breaks."""
    return _PLAIN_TEX_ROW_END.sub(lambda _: "\\\\", latex) if "\\cr" in latex else latex


def _matrix_as_chain(latex: str) -> str:
    matrix = _MATRIX.match(latex)
    if matrix is None:
        return latex
    rows = [row for row in top_level_rows(matrix.group(2)) if row.strip()]
    chain = []
    for index, row in enumerate(rows):
        cells = _cells(row)
        if (len(cells) < 3 or not _RELATION_CELL.match(cells[1]) or any(cell.strip() for cell in cells[3:])
                or bool(cells[0].strip()) != (index == 0)):
            return latex
        chain.append(f"{cells[0].strip()} &{cells[1].strip()} {cells[2].strip()}".strip())
    return "\\begin{aligned}\n" + " \\\\\n".join(chain) + "\n\\end{aligned}" if len(chain) > 1 else latex


def _cells(row: str) -> list[str]:
    """A row's cells, split at its own `&` (not at those of an environment inside it)."""
    cells, start, depth = [], 0, 0
    for match in _CELL_OR_ENV.finditer(row):
        if match.group(1):
            depth += 1 if match.group(1) == "begin" else -1
        elif depth == 0:
            cells.append(row[start:match.start()])
            start = match.end()
    return cells + [row[start:]]


def statement_rows(latex: str) -> list[str]:
    """The separate statements of a display formula: one per row of an align-like environment whose rows are
    not the continuation of a chain (`a &= b \\\\ &= c` stays one chain), each cut at a quad that starts a
    comment or another statement, without its numbering marks. A formula that is one statement comes back as
    itself."""
    if _OPTIMISATION.search(latex):
        return [latex]
    unnumbered = _NUMBERING.sub(" ", latex)
    if (groups := _row_groups(unnumbered)) is not None:
        return [row for group in groups for row in statement_rows(group)]
    match = _ROW_ENVS.match(unnumbered.strip())
    body = match.group(2) if match else latex
    if match and ("matrix" in body or "cases" in body):
        return [latex]
    rows = [row for row in _ROW_BREAK.split(body) if row.strip()] if match else _bare_rows(unnumbered)
    if match and (any(_CONTINUATION.match(row) or _ALIGNED_OPERATOR.match(row) for row in rows[1:])
                  or any(_OPEN_END.search(row) for row in rows[:-1])):
        return [latex]
    rows = [_LEADING_SPACE.sub("", without_alignment(row)).strip() for row in rows]
    pieces = [split_at_reasoning_marks(row) for row in rows]
    # a reason without a relation (`\text{since } x \to 0`) remarks on the statement before it
    reasoned = [part for parts in pieces for index, part in enumerate(parts) if index == 0 or _RELATION.search(part)]
    statements = [part for row in reasoned for part in _statements_in_row(row)]
    reasons_cut = any(len(parts) > 1 for parts in pieces)
    return statements if len(statements) > 1 or match or reasons_cut else [latex]


# `\left.` and `\right.` are delimiters that draw nothing: around a group of rows they only set its height
_INVISIBLE_DELIMITERS = re.compile(r"\\(?:left|right)\s*\.")
_ROW_GROUP = re.compile(r"\s*(\\begin\{(aligned|gathered)\}.*?\\end\{\2\})\s*", re.S)


def _row_groups(latex: str) -> list[str] | None:
    """`\\left.\\begin{aligned} a &= .. \\\\ b &= .. \\end{aligned}\\right. \\\\ \\left.\\begin{aligned} ..`: a display
    made only of groups of rows, one after another (a row break between them), as formula editors that
    brace groups of equations write it: the groups, each a system of its own (None for any other display)."""
    text = _INVISIBLE_DELIMITERS.sub(" ", latex) if "\\left" in latex else latex
    pieces = [piece for piece in top_level_rows(text) if piece.strip()] if "\\begin" in text else []
    if len(pieces) < 2:
        return None
    groups = []
    for piece in pieces:
        match = _ROW_GROUP.fullmatch(piece)
        if match is None or "\\begin" in match.group(1)[len("\\begin"):]:
            return None     # text between the groups, or a group holding another environment
        groups.append(match.group(1))
    return groups


def _bare_rows(latex: str) -> list[str]:
    """`$$v = βv + (1-β)g \\ w = w - αv$$`: a row break outside any environment, written to put one statement per
    line; each row is a statement when every row states one (a relation) and none continues a chain. The row
    breaks of an environment inside the display (a function and its derivative, each written as a `cases`, one
    per row) are that environment's, not the display's."""
    if not _ROW_BREAK.search(latex):
        return [latex]
    rows = top_level_rows(latex) if "\\begin" in latex else _ROW_BREAK.split(latex)
    rows = [row for row in rows if row.strip() and not _ELLIPSIS_ROW.match(row)]
    if len(rows) < 2 or any(_CONTINUATION.match(row) or not _RELATION.search(row) for row in rows) \
            or any(not _balanced(row) for row in rows):
        return [latex]
    return rows


def _balanced(text: str) -> bool:
    return text.count("{") == text.count("}") and text.count("(") == text.count(")")


# `a_i = x_i^2, \quad i = 1, \dots, n`: the values an index runs over say for which i the statement before holds
_INDEX_VALUES = re.compile(r"^\s*(?:\\text\s*\{\s*for\s*\}\s*)?(\()?\s*[A-Za-z]\s*=\s*[0-9A-Za-z]\s*,\s*(?:[0-9]\s*,\s*)*"
                           r"\\(?:[lc]?dots|dotsc)\s*,\s*[0-9A-Za-z]+\s*(?(1)\))\s*[.,]?\s*$")


def _statements_in_row(row: str) -> list[str]:
    gaps = [m for m in _QUAD.finditer(row) if _balanced(row[:m.start()])
            and not _INDEX_VALUES.match(row[m.end():_next_gap(row, m.end())])]
    if not gaps or not _RELATION.search(row[:gaps[0].start()]):
        return [row]
    pieces, last = [], 0
    for m in gaps:
        pieces.append(row[last:m.start()])
        last = m.end()
    pieces.append(row[last:])
    # a piece without a relation is a comment on the statement before it
    return [piece.strip() for piece in pieces if _RELATION.search(piece) and piece.strip()]


def _next_gap(row: str, start: int) -> int:
    """Where the gap after `start` begins (the row's end when none follows)."""
    following = _QUAD.search(row, start)
    return following.start() if following else len(row)


# Hugo (Goldmark) and Jekyll (redcarpet) hand math to MathJax only after reading it as Markdown, where `_` and
# `*` start emphasis and `\\` is one backslash: their authors write `\sum\_{i=1}^{M} x\_i`, `\pi^\*` and
# `\\\\` for a row break. An escaped underscore where LaTeX never puts a literal one (after a command, a `}`
# or a `)`, or before a `{`: `\mathbb{E}\_\pi`, `\sigma\_B`, `x\_{i}`) shows that a note is written so;
# `\text{weight\_decay}` alone is LaTeX's own escape, a name with an underscore in it.
_ESCAPED_FOR_MARKDOWN = re.compile(r"(?:[})\]]|(?<!\\)\\[A-Za-z]+)[ \t]*\\_|\\_[ \t]*\{")
_MARKDOWN_ESCAPE = re.compile(r"\\\\\\\\|\\\\|\\_|\\\*")
_UNESCAPED = {"\\\\\\\\": "\\\\", "\\\\": "\\\\", "\\_": "_", "\\*": "*"}


def escaped_for_markdown(latex: str) -> bool:
    """Whether a formula escapes its underscores for a Markdown renderer (Hugo, Jekyll), see above."""
    return "\\_" in latex and _ESCAPED_FOR_MARKDOWN.search(latex) is not None


def unescape_markdown(latex: str) -> str:
    """The LaTeX MathJax gets from a formula written for a Markdown renderer: `\\_` is `_`, `\\*` is `*` and
    `\\\\\\\\` is the row break `\\\\` (a lone `\\\\`, which such a renderer would turn into one backslash, is
    kept as the row break its author meant)."""
    return _MARKDOWN_ESCAPE.sub(lambda m: _UNESCAPED[m.group()], latex)
