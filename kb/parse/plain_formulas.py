"""Formula blocks for formulas written outside math delimiters: in code, in backticks and in plain text.

After a note is parsed, each code block, paragraph, list and quote is read for formulas written as code
or text (`kb.parse.plain_math` turns each into LaTeX). Each one found becomes a formula block right after
the block that holds it, as `$...$` inside a paragraph does, with the text as written, so cards, links
and checks treat it like any other formula.

Precision first. In code, only a top-level single-line assignment of arithmetic to a new name (`out =
(W - F + 2*P) // S + 1`, not an update `x = x + 1`), a bare arithmetic expression, and a function's
`return` of arithmetic (the function's call is its left side; its other lines are steps) are formulas;
loops, conditions, prints, imports, shapes and calls of code are not; an update is a formula only where it is
an optimiser's step in the course notes' d-gradient notation (`x += - learning_rate * dx`, `vdW = beta * vdW +
(1 - beta) * dW`, inside a loop or indented pseudo-code too), which kb.check.update_notation reads. A comment that states an equation (`# std
= sqrt(2 / fan_in) ≈ 0.088`) is read as text, and a trailing `# = 22500` continues its line's equation.
In text, a run of math tokens with a relation (`s = W x + b`) is an equation; without one it is a formula
only when its operators are unmistakably arithmetic (`*`, `^`, `//`, a math function, or at least two
operators: `(W - F + 2P)/S + 1`, not `t-SNE` or `input/output`).
"""
from __future__ import annotations

import ast
import copy
import io
import re
import textwrap
import tokenize
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from kb.check.latex_text import GREEK
from kb.check.update_notation import readings as update_readings
from kb.model import Block, Diagnostic, Note, SourcePos
from kb.parse import plain_cases
from kb.parse.dialects.math import escaped_parentheses
from kb.parse.plain_math import (MATH_FUNCTIONS, NAMESPACES, RELATIONS, NotMath, node_latex, parse_expression, plain_scripts,
                                 split_chain, to_latex)

# Fence languages whose lines are Python (or unmarked); other languages' code is never read. Org-babel
# names a block run by emacs-jupyter's Python kernel `jupyter-python`.
_PYTHON = {"", "python", "py", "python3", "ipython", "ipython3", "pycon", "jupyter", "jupyter-python"}
# A method's first parameter is the object it is called on (PEP 8 names it self, or cls for a class
# method), not an input of the quantity it returns
_RECEIVERS = {"self", "cls"}
_TEXT = {"text", "txt", "plain", "plaintext", "math", "none"}
_FENCE = re.compile(r"^\s*(?:```+|~~~+)\s*\{?\.?([\w+-]*)")
# A Python chunk that Quarto or R Markdown runs when the page is rendered (```{python}, ```{python echo=false}): the
# page's program, whose lines make its data and figures (`y = 2 * x` draws the points of a plot), not formulas the
# note states. A braced class with a dot (```{.python}) is only highlighted, not run; a MyST directive (```{math})
# is no Python.
_EXECUTED_CHUNK = re.compile(r"^\s*(?:```+|~~~+)\s*\{(?!\.)")
# Spans of text that are not plain math: math delimiters (already formula blocks), links, tags, clozes. A tag
# opens with its name, `/` or `!`: `x < 0), 1 (x > 0` holds two comparisons, not a tag
_MASKED = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]|\]\([^)]*\)|<[A-Za-z/!][^>\n]*>|\{\{.*?\}\}|https?://\S+")
_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_TEXT_TOKEN = re.compile(r"""
    (?P<sum>\bsum\s+over\s+[A-Za-z]\w*(?:\s*(?:!=|≠|in)\s*[A-Za-z]\w*)?\s+of\b
           |[Σ∑](?:_(?:\{[^{}\n]*\}|\w+))?(?:\^(?:\{[^{}\n]*\}|\w+))?)
  | (?P<name>(?<![A-Za-z\u00C0-\u024F\u0400-\u04FF])(?:(?:""" + "|".join(sorted(NAMESPACES)) + r""")\.(?=[A-Za-z]))?
             [A-Za-z][A-Za-z0-9_]*(?:\{[^{}\n]*\})?(?:\^\{[^{}\n]*\})?(?:['′](?=[ \t]*\())?)(?![^\W\d_])
  | (?P<number>\d{1,3}(?:,\d{3})+(?![\d.,])|\d+(?:\.\d+)?(?![^\W_]))
  | (?P<glued>\d+(?:\.\d+)?[A-Za-z][A-Za-z0-9_]*(?![^\W\d_]))
  | (?P<relation>≈|~=|:=|=(?!=)|←)
  | (?P<op>\*\*|//|!=|[-+*/^()\[\]{}|,.·×−√²³≤≥≠∂⌊⌋⌈⌉]|∇(?:_(?:\{[^{}\n]*\}|[A-Za-z0-9]+))?)
  | (?P<space>[ \t]+)
  | (?P<other>.)
""", re.VERBOSE)
_MATH_CALL = re.compile(r"\b(?:" + "|".join(sorted(MATH_FUNCTIONS)) + r")\s*\(")
_SPACED_OPERANDS = re.compile(r"[\w)\]][ \t]+[\w(\[]")
_WORD_AFTER = re.compile(r"[ \t]+[^\W\d_]{2,}")
_LONE_TOKEN_AFTER_RELATION = re.compile(r"(?:=|≈)\s*[\w.]+$")
_IDENTIFIER_BEFORE = re.compile(r"(?:^|\s)([A-Za-z_]\w*)\s*$")
_PRIMES = {"'", "′"}
# a pseudo-code line that is an equation: a call or a name, `=`, then more (g(z) = ..., Lost(yhat, y) = ...,
# a derivative g'(z) = ...)
_PSEUDO_EQUATION = re.compile(r"^[A-Za-z_]\w*['′]?(?:\([\w\s,]*\))?\s*=(?!=)\s*\S")
# Markdown emphasis around a formula (**σ(z) = 1/(1+e^-z)**): the markers open after a space and close
# before one, where `*` and `**` as operators stand between operands
_EMPHASIS = re.compile(r"(?<!\S)(\*\*?|__?)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_CUT_OPERATORS = set("+*/^·×")
# the course notes' gradient dW and its moments VdW, sdW glued into one name (per layer: dW1)
_D_NAME = re.compile(r"[VvSs]?d[Wwbx]\d*")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])[ \t]+")
_STRONG_OPS = {"*", "**", "^", "//", "√", "²", "³", "·", "×"}
# brackets, the floor's and ceiling's among them
_OPENERS, _CLOSERS = "([{⌊⌈", ")]}⌋⌉"
_BINARY_OPS = {"+", "-", "−", "*", "/", "//", "**", "^", "·", "×"}


def with_plain_formulas(note: Note) -> Note:
    """The note with a formula block after each block for every formula written there as code or text.

    Reading a block's formulas is a best effort on top of a note already parsed: a block whose code or text
    this reader fails on keeps no formulas and yields a warning naming the file and the block's line, and the
    rest of the note is built (a reader's bug must never cost the whole note)."""
    sections = []
    problems: list[Diagnostic] = []
    for section in note.sections:
        blocks: list[Block] = []
        pending: list[Block] = []
        for block in section.blocks:
            if block.kind != "formula" and pending:   # after the $...$ blocks the parser extracted
                blocks.extend(pending)
                pending = []
            blocks.append(block)
            try:
                pending = list(_block_formulas(block))
            except Exception as exc:  # noqa: BLE001 -- see the docstring: one block's formulas, never the note
                problems.append(Diagnostic(SourcePos(note.file, block.line),
                                           f"could not read the formulas written as {block.kind} here "
                                           f"({type(exc).__name__}: {exc}); the rest of the note is built"))
                pending = []
        blocks.extend(pending)
        sections.append(replace(section, blocks=tuple(blocks)) if len(blocks) != len(section.blocks) else section)
    return replace(note, sections=tuple(sections), diagnostics=note.diagnostics + tuple(problems))


def _block_formulas(block: Block) -> Iterator[Block]:
    if block.kind == "code":
        return code_formulas(block)
    if block.kind in ("paragraph", "list", "quote"):
        return text_formulas(block)
    if block.kind == "table":
        # a cell's code span (`| Sigmoid | \`sigma(z) = 1 / (1 + exp(-z))\` |`) is a formula; the cells'
        # plain text is data and labels (`| 3x3 | 9 |`), never read as math
        return text_formulas(block, spans_only=True)
    return iter(())


# ---- code ----------------------------------------------------------------------------------------

def code_formulas(block: Block) -> Iterator[Block]:
    """The formulas of a code block: Python statements that compute a quantity, and equations in comments."""
    lines = block.text.split("\n")
    first = 0
    fence = _FENCE.match(lines[0]) if lines else None
    if fence:
        language = fence.group(1).lower()
        if language not in _PYTHON | _TEXT or (language in _PYTHON and _EXECUTED_CHUNK.match(lines[0])):
            return
        first = 1
        if len(lines) > 1 and _FENCE.match(lines[-1]) and not _FENCE.match(lines[-1]).group(1):
            lines = lines[:-1]
        if language in _TEXT:
            for row in range(first, len(lines)):
                yield from _line_formulas(block, lines[row], row)
            return
    body = textwrap.dedent("\n".join(lines[first:]))
    rows = body.split("\n")
    found: dict[int, tuple[str, str]] = {}
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError):
        tree = None
    if tree is not None:
        for statement, call, start in _statements(tree.body, None):
            if statement.lineno == statement.end_lineno and (latex := _statement_latex(statement, call)):
                found[statement.lineno - 1] = latex, "; ".join(row.strip() for row in rows[start - 1:statement.lineno])
        for statement in ast.walk(tree):   # an optimiser's update, wherever the program takes its step
            if isinstance(statement, (ast.Assign, ast.AugAssign)) and statement.lineno == statement.end_lineno \
                    and statement.lineno - 1 not in found and (latex := _update_latex(statement)):
                found[statement.lineno - 1] = latex, rows[statement.lineno - 1].strip()
    else:   # a notebook cell with its output or a traceback, or pseudo-code: each line alone
        pseudo: set[int] = set()
        for index, row in enumerate(rows):
            try:
                statements = ast.parse(row.strip()).body
            except (SyntaxError, ValueError):
                statements = None
            if row[:1].isspace():
                # an indented line is a step inside a function or loop, never a top-level formula; an
                # optimiser's update is one wherever it stands
                if latex := _pseudo_update_latex(row):
                    found[index] = latex, row.strip()
                continue
            if statements is None:
                # `g(z) = a = max(0, z)` is no Python (a call is never assigned to): pseudo-code that writes an
                # equation the way text does, read as text (a comment or any other line is left alone)
                if _PSEUDO_EQUATION.match(row) and not row.lstrip().startswith("#"):
                    pseudo.add(index)
                continue
            if len(statements) == 1 and (latex := _statement_latex(statements[0], None) or _pseudo_update_latex(row)):
                found[index] = latex, row.strip()
        for index in sorted(pseudo):
            yield from _line_formulas(block, _code_free(rows[index]), first + index)
    for index, row in enumerate(rows):
        text_row = first + index
        comment = _comment(row)
        if index in found:
            latex, text = found[index]
            if comment and comment.lstrip().startswith(tuple(RELATIONS)):   # n = 50 * 50 * 9  # = 22500
                try:
                    latex += " " + to_latex("x " + comment.strip()).split(" ", 1)[1]
                except NotMath:
                    pass
            yield Block("formula", text, block.line + text_row, block.lang, latex=latex)
        elif comment and row.lstrip().startswith("#"):
            yield from _line_formulas(block, comment, text_row, in_comment=True)


def _statements(body: list[ast.stmt], function: ast.FunctionDef | None
                ) -> Iterator[tuple[ast.stmt, str | None, int]]:
    """Top-level statements and the `return` of each function or method (never what loops or conditions hold), with
    the call that names what the function returns (`iou(a, b)`) and the first line of what the formula reads."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef):
            if (inlined := _return_with_steps_inlined(statement)) is not None:
                yield inlined[0], _call(statement), inlined[1]
            else:
                yield from _statements(statement.body, statement)
        elif isinstance(statement, ast.ClassDef) and function is None:   # its methods, not its attributes
            yield from _statements([s for s in statement.body if isinstance(s, ast.FunctionDef)], None)
        elif function is None:
            yield statement, None, statement.lineno
        elif isinstance(statement, ast.Return) and statement.value is not None:
            # a function's steps are code; what it returns is its formula when it is one of its arguments, as
            # passed (`x = 2 * x` before `return np.tanh(x)` makes the return no function of the argument x)
            names = _names(statement.value)
            if names <= set(_arguments(function)) | NAMESPACES and not names & _assigned(function):
                yield statement, _call(function), statement.lineno
        elif isinstance(statement, ast.Assign) and _is_returned_result(statement, function):
            yield statement, None, statement.lineno


def _is_returned_result(statement: ast.Assign, function: ast.FunctionDef) -> bool:
    """`H_out = math.floor((H_in + 2 * pad_H - kernel_H) / stride_H) + 1` in a function that ends `return H_out, W_out`:
    a result the function computes once, by name, from its arguments and the names it unpacks from them
    (`kernel_H, kernel_W = kernel_size`), is a formula as the same line outside a function is. A name the function
    updates, a value it reads from elsewhere, or a body that does anything but assign and return (a loop, a
    condition, a print) is a program."""
    last = function.body[-1]
    if not (len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
            and isinstance(last, ast.Return) and last.value is not None):
        return False
    if not all(isinstance(s, ast.Assign) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
               for s in function.body[:-1]):
        return False
    returned = last.value.elts if isinstance(last.value, ast.Tuple) else [last.value]
    if not all(isinstance(r, ast.Name) for r in returned) or statement.targets[0].id not in {r.id for r in returned}:
        return False
    unpacked = {n.id for s in function.body if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Tuple)
                and set(_names(s.value)) <= set(_arguments(function)) for n in s.targets[0].elts if isinstance(n, ast.Name)}
    stores = [n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return stores.count(statement.targets[0].id) == 1 and _names(statement.value) <= (
        set(_arguments(function)) | unpacked | NAMESPACES)


def _arguments(function: ast.FunctionDef) -> list[str]:
    args = [a.arg for a in function.args.args]
    return args[1:] if args[:1] and args[0] in _RECEIVERS else args


def _call(function: ast.FunctionDef) -> str:
    return f"{function.name}({', '.join(_arguments(function))})"


def _return_with_steps_inlined(function: ast.FunctionDef) -> tuple[ast.Return, int] | None:
    """`def sigmoid_grad(z): s = 1 / (1 + np.exp(-z)); return s * (1 - s)` states sigmoid_grad(z) = σ(z)(1 − σ(z)):
    a body of one-line steps, each naming a new quantity computed from the arguments and the steps before it,
    then a return of them, is one formula with each step put in its place. A body that does anything else (a
    loop, a condition, an update, a print) is a program, not a formula (None). With the formula, its first step's line."""
    # a docstring and a stub body (`...`, PEP 484's placeholder for a body left out) state nothing
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) < 2:
        return None
    *steps, last = body
    if not isinstance(last, ast.Return) or last.value is None or last.lineno != last.end_lineno:
        return None
    known = set(_arguments(function)) | NAMESPACES
    values: dict[str, ast.expr] = {}
    for step in steps:
        if not (isinstance(step, ast.Assign) and len(step.targets) == 1 and isinstance(step.targets[0], ast.Name)
                and step.lineno == step.end_lineno):
            return None
        name = step.targets[0].id
        if name in known or not _names(step.value) <= known:
            return None   # an update of an argument or an earlier step, or a name from outside the function
        values[name] = _Inline(values).visit(copy.deepcopy(step.value))
        known.add(name)
    if not _names(last.value) <= known or not _names(last.value) & set(values):
        return None
    inlined = ast.Return(value=_Inline(values).visit(copy.deepcopy(last.value)))
    return ast.copy_location(inlined, last), steps[0].lineno


class _Inline(ast.NodeTransformer):
    """Each name of an earlier step replaced by what that step computes."""

    def __init__(self, values: dict[str, ast.expr]) -> None:
        self.values = values

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.values.get(node.id, node)


def _assigned(function: ast.FunctionDef) -> set[str]:
    return {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _names(node: ast.expr) -> set[str]:
    """The quantities an expression reads: its names, less the math functions it calls (`sigmoid(x)`, `exp(v)`
    name a function, not a value from outside)."""
    called = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
              and n.func.id in MATH_FUNCTIONS}
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and id(n) not in called}


def _statement_latex(statement: ast.stmt, call: str | None) -> str:
    """`name = arithmetic`, a `return` of arithmetic and a bare arithmetic expression, as LaTeX ('' else)."""
    try:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name):
            target = statement.targets[0].id
            if target in _names(statement.value) or not _computes(statement.value):
                return ""   # an update (x = x + 1) is a step of the program, not a formula
            return f"{to_latex(target)} = {node_latex(statement.value, code=True)}"
        if isinstance(statement, ast.Return) and statement.value is not None and call and _computes(statement.value):
            return f"{to_latex(call)} = {node_latex(statement.value, code=True)}"
        if isinstance(statement, ast.Expr) and _computes(statement.value) and _has_name(statement.value):
            return node_latex(statement.value, code=True)
    except NotMath:
        return ""
    return ""


def _update_latex(statement: ast.stmt) -> str:
    """An update of one name (`x = x - lr * dx`, `x += v`, `cache += dx**2`) as `x = x + ...`, when it is an
    optimiser's update in the notation kb.check.update_notation reads ('' else: a counter, an accumulator of
    something else)."""
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name) \
            and isinstance(statement.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        target = statement.target.id
        value: ast.expr = ast.BinOp(left=ast.Name(id=target, ctx=ast.Load()), op=statement.op, right=statement.value)
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name) \
            and statement.targets[0].id in _names(statement.value):
        target, value = statement.targets[0].id, statement.value
    else:
        return ""
    try:
        latex = f"{to_latex(target)} = {node_latex(value, code=True)}"
    except NotMath:
        return ""
    return latex if update_readings(latex) else ""


_AUGMENTED = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*(?P<op>[-+*/])=\s*(?P<value>\S.*)$")


def _pseudo_update_latex(row: str) -> str:
    """A line of pseudo-code that is an optimiser's update, read as text reads it (`^` is a power there, as
    `SdW = beta2 * SdW + (1 - beta2) * dW^2` means it), `x += e` as `x = x + (e)`; '' when it is none."""
    text = _code_free(row).strip()
    if augmented := _AUGMENTED.match(text):
        text = f"{augmented['name']} = {augmented['name']} {augmented['op']} ({augmented['value']})"
    try:
        latex = to_latex(text)
    except NotMath:
        return ""
    return latex if update_readings(latex) else ""


def _computes(node: ast.expr) -> bool:
    """Arithmetic on something: an operator or a call (a bare name, number or tuple computes nothing)."""
    return any(isinstance(n, (ast.BinOp, ast.Call, ast.UnaryOp)) for n in ast.walk(node)) and not (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant))


def _has_name(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) for n in ast.walk(node))


def _code_free(row: str) -> str:
    """A pseudo-code line without its trailing `# comment`."""
    return re.sub(r"\s+#.*$", "", row)


def _comment(row: str) -> str:
    """The text after a `#` that starts a comment (not one inside a string)."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(row.strip()).readline):
            if tok.type == tokenize.COMMENT:
                return tok.string[1:]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ""
    return ""


# ---- text ----------------------------------------------------------------------------------------

_ESCAPED_PAIR = re.compile(r"\\\((.*?)\\\)")


def _unescaped(line: str) -> str:
    """The line as Markdown shows it where the author escaped arithmetic for it: `\\*` is `*`, and `\\(..\\)` inside
    arithmetic (`TP / \\(TP + FP\\)`) are parentheses (kb.parse.dialects.math reads the others as math)."""
    if "\\" not in line:
        return line
    line = _ESCAPED_PAIR.sub(lambda m: f"({m.group(1)})" if escaped_parentheses(m.string, m.start(), m.end()) else m.group(),
                             line)
    return line.replace("\\*", "*")


def text_formulas(block: Block, spans_only: bool = False) -> Iterator[Block]:
    for row, line in enumerate(block.text.split("\n")):
        yield from _line_formulas(block, line, row, spans_only=spans_only)


def _line_formulas(block: Block, line: str, row: int, in_comment: bool = False, spans_only: bool = False
                   ) -> Iterator[Block]:
    """Formulas in one line of text: each code span that is math, then (unless `spans_only`) each run of math
    tokens. In a code comment only equations count, and the identifier before a relation is its left side. Scripts written
    in HTML or Unicode and Greek letters are read as plain text spells them (kb.parse.plain_math)."""
    line = _LIST_MARKER.sub(lambda m: " " * len(m.group()), _unescaped(line))
    line = _EMPHASIS.sub(lambda m: f"{' ' * len(m.group(1))}{m.group(2)}{' ' * len(m.group(1))}", plain_scripts(line))
    for match in _CODE_SPAN.finditer(line):
        if latex := _span_latex(match.group(1)):
            yield Block("formula", match.group(), block.line + row, block.lang, latex=latex)
    if spans_only:
        return
    masked = _CODE_SPAN.sub(lambda m: " " * len(m.group()), _MASKED.sub(lambda m: " " * len(m.group()), line))
    for start, end in _math_runs(masked):
        text = line[start:end]
        if text[:1] == "(" and start > 0 and (masked[start - 1].isalnum() or masked[start - 1] == "_"):
            continue   # `softplus(x) = ...`: the arguments of a function named by a word, cut off that name
        if text[:1] in _CUT_OPERATORS:
            continue   # `+(1-y)` after a symbol the reader stops at (ŷ): a piece cut off its left operand
        if masked[start - 1:start] in _PRIMES and start > 0:
            continue   # `g'(z) = a * (1 - a)`: the prime cut the left side off; `(z) = ...` is not what the line states
        if plain_cases.case_follows(masked, value_end := _before_open_bracket(line, start, end)):
            # `g'(z) = 0 [when z < 0]; 1 [when z >= 0]`: the value is one case of a piecewise function, read whole
            # or not at all
            if cases := _cases_formula(line, start, value_end):
                yield Block("formula", cases[0], block.line + row, block.lang, latex=cases[1])
            continue
        if _unread_math_symbol(masked[:start].rstrip()[-1:]) or _unread_math_symbol(masked[end:].lstrip()[:1]):
            continue   # `w = w - η∇L`, `p(x) ∝ exp(-E)`: the run stops at a math symbol the reader does not know;
                       # the piece is not what the line states, and checking it would blame the note
        if _WORD_AFTER.match(masked[end:]) and _LONE_TOKEN_AFTER_RELATION.search(text):
            continue   # `the batch = a list of images`: a sentence with a = in it, not an equation
        if in_comment and text[:1] in RELATIONS and (name := _IDENTIFIER_BEFORE.search(masked[:start])):
            text = line[name.start(1):end]   # `# std = sqrt(2 / fan_in)`: in code a word is a variable
        if text[:1] in RELATIONS and text[1:2] != "=":
            # `Output width = (W - F + 2P)/S + 1`: words name the expression, as a sentence before $...$ does
            latex = _named_latex(text[1:].strip())
            text = text[1:].strip()
        elif in_comment and not _has_relation(text):
            continue
        else:
            latex = _run_latex(text, _has_relation(text))
        if latex:
            yield Block("formula", text, block.line + row, block.lang, latex=latex)


def cell_formula(cell: str) -> tuple[str, bool]:
    """(LaTeX, worked) of a table cell that is one formula written as text and nothing else: an equation whose left
    side names what it computes (`f(x) = 1/(1+e⁻ˣ)`, worked False), or arithmetic on numbers worked out
    (`2/3 = 0.67`, worked True: a cell that is nothing but a sum is one, where a sentence's `1/2 = 0.5` may be a
    ratio quoted in passing). ('', False) for data, ranges, labels and sentences (`(0, 1)`, `Summe = 1`, `3x3`)."""
    text = plain_scripts(_unescaped(cell)).strip()
    try:
        parts, relations = split_chain(text)
        if not relations or not all(r in ("=", "≈") for r in relations):
            return "", False
        trees = [parse_expression(part) for part in parts]
        if not any(_has_name(tree) for tree in trees):
            worked = any(_computes(tree) for tree in trees) and bool(_binary_ops(text))
            return (to_latex(text), True) if worked else ("", False)
        named = _PSEUDO_EQUATION.match(text) is not None and any(_computes(tree) for tree in trees[1:])
        return (to_latex(text), False) if named else ("", False)
    except NotMath:
        return "", False


def _before_open_bracket(line: str, start: int, end: int) -> int:
    """Where a run ends before a bracket it leaves open (`1 (z` of `1 (z > 0)`: the bracket holds a condition the
    reader stopped in), else `end`."""
    opened: list[int] = []
    for at in range(start, end):
        if line[at] in _OPENERS:
            opened.append(at)
        elif line[at] in _CLOSERS and opened:
            opened.pop()
    return len(line[:opened[0]].rstrip()) if opened else end


def _cases_formula(line: str, start: int, value_end: int) -> tuple[str, str] | None:
    """(text, LaTeX) of `lhs = value [condition]; value [condition]...` whose first value ends at `value_end`;
    None when its left side or a row cannot be read."""
    depth, relation = 0, None
    for at in range(start, value_end):
        depth += (line[at] in _OPENERS) - (line[at] in _CLOSERS)
        if depth == 0 and line[at] == "=" and line[at - 1:at] not in "<>!=" and line[at + 1:at + 2] != "=":
            relation = at
    if relation is None or not line[start:relation].strip():
        return None
    cases = plain_cases.read_cases(line, relation + 1, value_end)
    try:
        lhs = to_latex(line[start:relation].strip())
    except NotMath:
        return None
    return (line[start:cases.end].strip(), f"{lhs} = {cases.latex}") if cases else None


def _unread_math_symbol(char: str) -> bool:
    """A mathematical symbol (Unicode category Sm: ∇ ∂ ∈ ∝ …) that the token reader does not read; a
    run of math tokens that ends or starts at one is a piece cut out of a longer formula."""
    return bool(char) and unicodedata.category(char) == "Sm" and _TEXT_TOKEN.fullmatch(char).lastgroup == "other"


def _named_latex(text: str) -> str:
    """The expression after `words =`: one that computes with a named quantity ('' else)."""
    try:
        if _has_relation(text):
            return ""
        tree = parse_expression(text)
        # an operator written out: `3D data` and `2 layers` are words, not products
        return to_latex(text) if _binary_ops(text) and _has_name(tree) else ""
    except NotMath:
        return ""


def _span_latex(text: str) -> str:
    """A code span that is a formula: an equation, or an expression that computes with a named quantity."""
    try:
        if _has_relation(text):
            return to_latex(text)
        tree = parse_expression(text)
        return to_latex(text) if _computes(tree) and _has_name(tree) and _strong(text) else ""
    except NotMath:
        return ""


def _run_latex(text: str, has_relation: bool) -> str:
    try:
        if has_relation:
            parts, _ = split_chain(text)
            if not any(_has_name(parse_expression(p)) or _strong(p) for p in parts):
                return ""
            return to_latex(text)
        if _SPACED_OPERANDS.search(text):
            return ""   # `a 320*240 image`: without a relation, operands side by side are words
        tree = parse_expression(text)
        return to_latex(text) if _computes(tree) and _has_name(tree) and _strong(text) else ""
    except NotMath:
        return ""


def _has_relation(text: str) -> bool:
    try:
        return bool(split_chain(text)[1])
    except NotMath:
        return True   # `= 3` with nothing before: still an equation's tail, which no formula reads


def _strong(text: str) -> bool:
    """Operators that only arithmetic writes: `*`, `^`, `//`, a math function, or two binary operators."""
    ops = _binary_ops(text)
    return bool(_STRONG_OPS & set(ops)) or len(ops) >= 2 or _MATH_CALL.search(text) is not None


def _binary_ops(text: str) -> list[str]:
    return [m.group() for m in _TEXT_TOKEN.finditer(text) if m.lastgroup == "op" and m.group() in _BINARY_OPS]


def _math_runs(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each maximal run of math tokens: names that are symbols, numbers, operators and
    relations; a word of prose, a colon or a semicolon ends it, and a comma only inside brackets."""
    start: int | None = None
    end = 0
    depth = 0
    for match in _TEXT_TOKEN.finditer(line):
        kind, token = match.lastgroup, match.group()
        if kind == "op":
            depth = max(0, depth + (token in _OPENERS) - (token in _CLOSERS))
        # (a closing bracket starts no run: in `точность (precision) = TP / (TP + FP)` it closes words glossing the name)
        is_math = (kind in ("sum", "number", "glued", "relation") or (kind == "name" and _is_symbol(token))
                   or (kind == "op" and (token not in ",." or depth > 0 or _decimal(line, match))
                       and not (start is None and token in _CLOSERS))
                   or (kind == "space" and start is not None))
        if is_math:
            if start is None:
                start = match.start()
            if kind != "space":
                end = match.end()
            continue
        if start is not None:
            yield _trimmed(line, start, end)
        start, depth = None, 0
    if start is not None:
        yield _trimmed(line, start, end)


def _decimal(line: str, match: re.Match[str]) -> bool:
    return match.group() == "." and line[match.end():match.end() + 1].isalpha() and line[match.start() - 1:match.start()].isalnum()


# The counts of a confusion matrix are written TP, FP, TN, FN in notes of every language (`Precision = TP/(TP+FP)`),
# and the true ones VP, VN in Spanish, Portuguese, French and Italian notes (verdaderos/vrais positivos), RP, RN in
# German ones (richtig positiv), as kb.formulas.metrics reads them: symbols, though capitals of two letters are
# otherwise words (an acronym: CNN, GPU)
_CONFUSION_COUNTS = {"TP", "FP", "TN", "FN", "VP", "VN", "RP", "RN"}


def _is_symbol(word: str) -> bool:
    """A name a formula uses: one letter (x, W1, s_j, I1_p), a snake_case name (fan_in), a Greek letter's
    name or a math function, with its library's name in front or not (`math.floor`, as code calls it in a
    sentence); a word of prose (`scores`, `Output`) is not."""
    word = word.rstrip("'′")   # `sigma'` before its arguments: the derivative of the function sigma
    if word in _CONFUSION_COUNTS:
        return True
    library, dot, function = word.partition(".")
    if dot:
        return library in NAMESPACES and function in MATH_FUNCTIONS
    base = word.split("_")[0].split("{")[0].split("^")[0]
    return (bool(re.fullmatch(r"[A-Za-z]\d*", base)) or "_" in word.strip("_") or base in GREEK
            or base.rstrip("0123456789") in GREEK or base in MATH_FUNCTIONS or bool(_D_NAME.fullmatch(word)))


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    """The run without the brackets it leaves unbalanced at either end and a trailing comma or full stop."""
    while True:
        text = line[start:end]
        stripped = text.strip()
        if not stripped:
            return start, start
        # a bracket that opens a remark in words (`w = w − ∇L/η (wrong)`) ends the run as a comma does
        if stripped[-1] in ",.;" + _OPENERS or (stripped[-1] in _CLOSERS and _unbalanced_close(stripped)):
            end = start + text.rstrip().rfind(stripped[-1])
        elif stripped[0] in _OPENERS and _unbalanced_open(stripped):
            start = start + text.find(stripped[0]) + 1
        else:
            offset = len(text) - len(text.lstrip())
            return start + offset, start + offset + len(stripped)


def _unbalanced_close(text: str) -> bool:
    return sum(text.count(c) for c in _OPENERS) < sum(text.count(c) for c in _CLOSERS)


def _unbalanced_open(text: str) -> bool:
    return sum(text.count(c) for c in _OPENERS) > sum(text.count(c) for c in _CLOSERS)
