"""Formulas written as plain text or code, read into the LaTeX that kb's formula checks read.

Notes write formulas outside math delimiters: in code (`out = (W - F + 2*P) // S + 1`), in backticks, or
as plain text typed on a phone (`L_i = sum over j != y of max(0, s_j - s_y)`, `k^2`, `|x|`). Each is
turned into the LaTeX an author would have typed for it (`\\left\\lfloor\\frac{W - F + 2 P}{S}\\right\\rfloor
+ 1`), so it becomes a formula block like any `$...$` and the same cards, links and checks apply.

The expression is read by Python's own tokenizer and `ast` parser: code is Python already, and plain-text
math is Python after a few conventions are spelled out (`^` is a power, `|x|` an absolute value, `2P` and
`W x` products, `sum_i` and `sum over j != y of` sums). Nothing is ever evaluated (sympy's `parse_expr`
would `eval` the note's text), and every construct outside a small whitelist (loops, strings, indexing,
calls of functions that are not math) makes the text NotMath: precision first, an ordinary line of code
is never a formula.
"""
from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections.abc import Iterator

from kb.check.latex_text import _UNICODE_GREEK, GREEK

# Relations that separate the parts of a chain `a = b ≈ c`, with their LaTeX.
# `←` is pseudocode's assignment (`θ ← θ − α∇J`), an update as LaTeX's \leftarrow is.
RELATIONS = {"=": "=", "≈": "\\approx", "~=": "\\approx", "<=": "\\le", ">=": "\\ge", "≤": "\\le", "≥": "\\ge",
             "←": "\\leftarrow"}
_UNICODE = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/", "²": "^2", "³": "^3", "√": "sqrt",
            "≠": "!=", "Σ": "sum", "∑": "sum", "∙": "*",
            # floor and ceiling brackets typed as themselves (⌊(W − F)/S⌋ + 1): the functions code calls
            "⌊": " floor(", "⌋": ") ", "⌈": " ceil(", "⌉": ") "}
_GREEK = set(GREEK)
# Namespaces whose math functions a formula in code calls (`torch.sqrt`, `np.exp`, `F.relu`).
NAMESPACES = {"math", "np", "numpy", "torch", "F", "tf", "jnp", "sympy", "sp"}
_FUNCTIONS = {"exp", "log", "ln", "sin", "cos", "tan", "tanh", "sinh", "cosh"}
# Logarithms to a base, as code (`np.log2(p)`) and text (`log_2(p)`) name them: entropy in bits
_BASED_LOGS = {"log2": "2", "log_2": "2", "log10": "10", "log_10": "10"}
_FLOORS = {"floor": ("\\lfloor", "\\rfloor"), "int": ("\\lfloor", "\\rfloor"), "ceil": ("\\lceil", "\\rceil")}
_SUMS = {"sum", "mean"}
# a derivative's name in code: the function's name and `Prime`, `_prime`, `_derivative`, `_deriv` or `_grad`
_DERIVATIVE_SUFFIX = re.compile(r"([A-Za-z]+?)(?:Prime|_prime|_derivative|_deriv|_grad)")
_NAMED = {"sigmoid": "\\sigma", "relu": "\\mathrm{ReLU}", "softmax": "\\mathrm{softmax}"}
# a function's name with a prime before its arguments (`sigma'(z)`), spelled as an identifier for Python's parser
_PRIMED_CALL = re.compile(r"\b([A-Za-z][A-Za-z0-9]*)['′](?=\s*\()")
_PRIMED = "__prime__"
# Activations a derivative's name in code may name (`softplus_derivative`), written as LaTeX names them.
_ACTIVATIONS = {"softplus", "swish", "silu", "elu", "selu", "gelu", "mish"}
# Methods of a tensor that compute math on it (`mu.pow(2)`, `logvar.exp()`, `x.sum()`).
_METHODS = {"pow", "exp", "log", "sqrt", "abs", "sum", "mean", "sigmoid", "tanh", "relu", "dot"}
# Every function name the printer reads as math (a word of prose never is one).
MATH_FUNCTIONS = (_FUNCTIONS | set(_FLOORS) | _SUMS | set(_NAMED) | set(_BASED_LOGS)
                  | {"sqrt", "abs", "max", "min", "pow", "norm"})
# Builtins that are code, never a quantity: a line that calls them is not a formula.
_CODE_CALLS = {"print", "range", "len", "list", "dict", "tuple", "set", "zip", "enumerate", "open", "str", "type",
               "isinstance", "input", "format", "repr", "sorted", "map", "filter", "float", "round"}
_OPS = {ast.Add: "+", ast.Sub: "-"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.MatMult: 2, ast.Div: 2, ast.FloorDiv: 2, ast.Mod: 2, ast.Pow: 4}
# Plain-text sums: `sum_i`, `sum_{i=1}^{N}`, `sum_{j != y}`, and the prose `sum over j != y of`.
_PROSE_SUM = re.compile(r"\bsum\s+over\s+([A-Za-z]\w*(?:\s*(?:!=|in)\s*[A-Za-z]\w*)?)\s+of\b")
_SUM = re.compile(r"\bsum_(\{[^{}]*\}|[A-Za-z]\w*)(?:\^(\{[^{}]*\}|\w+))?")
# The gradient and partial derivatives typed as Unicode in text (`w = w - η∇L`, `θ ← θ − α∇_θ J(θ)`, `∂L/∂w`), as
# LaTeX's \nabla and \frac{\partial L}{\partial w} write them. ∇ takes its variable as a subscript written
# apart from the objective (`∇_θ J`, `∇_{w} L`: in `∇_wL` where the subscript ends is a guess) and then the
# objective, a name; `∇·F` (a divergence), `∇(...)` and higher derivatives (`∂²L/∂w²`) stay unread.
_NABLA = re.compile(r"∇(?:_(?:\{([^{}]*)\}|([A-Za-z]\w*)(?=\s)))?\s*(?=[A-Za-z])")
_DERIVATIVE_NAME = r"[A-Za-z][A-Za-z0-9]*(?:_\{[^{}]*\}|_[A-Za-z0-9]+)?"
_PARTIAL = re.compile(rf"∂\s*({_DERIVATIVE_NAME})\s*/\s*∂\s*({_DERIVATIVE_NAME})(?![\w{{])")
# Sums, gradients and partial derivatives become marker names: Σ and an index (a Greek letter never stays in
# the text, _normalise spells each out)
_MARK = "Σ"


# Scripts written without TeX: HTML's <sup>/<sub> inside Markdown, and Unicode's superscript and subscript
# characters (x², W₁, xᵀ). A parenthesised superscript (x<sup>(i)</sup>, as x^{(i)} in TeX) numbers a sample.
_HTML_SCRIPT = re.compile(r"<(sup|sub)>((?:(?!</?su[pb]>).)*?)</\1>", re.I)
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ⁿⁱʲᵏᵀˣʸᶻ", "0123456789+-()nijkTxyz"))
# Unicode has no subscript inside a superscript: `eˣⁱ` raises x_i, the index typed as one more raised letter
_RAISED_INDEXED = re.compile(r"([A-Za-z])([ijk])")
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ᵢⱼₖₙₜₘₓ", "0123456789+-()ijkntmx"))
_UNICODE_SCRIPT = re.compile(f"([{''.join(_SUPERSCRIPTS)}]+)|([{''.join(_SUBSCRIPTS)}]+)")
_SAMPLE_INDEX = re.compile(r"\(([A-Za-z0-9]+)\)")
# Σ is the summation sign in plain text, not a letter
_GREEK_LETTER = re.compile(f"[{''.join(set(_UNICODE_GREEK) - {'Σ'})}]")


def plain_scripts(text: str) -> str:
    """Text with its HTML and Unicode scripts and Greek letters spelled as plain-text math spells them
    (`x<sup>2</sup>` and `x²` -> `x^2`, `W<sub>i</sub>` and `W₁` -> `W_i`, `W_1`, `σ(z)` -> `sigma(z)`), nested
    <sup> included; other text is unchanged."""
    previous = None
    while previous != text:
        previous = text
        text = _HTML_SCRIPT.sub(lambda m: _apart(m, _script(m.group(1).lower() == "sup", m.group(2)), False), text)
    text = _UNICODE_SCRIPT.sub(lambda m: _apart(m, _script(True, "".join(_SUPERSCRIPTS[c] for c in m.group(1)))
                               if m.group(1) else _script(False, "".join(_SUBSCRIPTS[c] for c in m.group(2))),
                               False), text)
    # a Greek letter typed as itself is its name (σ(z) is sigma(z)), kept apart from a letter beside it
    return _GREEK_LETTER.sub(lambda m: _apart(m, _UNICODE_GREEK[m.group()], True), text)


def _apart(match: re.Match[str], spelled: str, before: bool) -> str:
    """`spelled` in place of the match, with a space between it and a letter or digit it would glue to."""
    text = match.string
    glued_before = before and match.start() > 0 and text[match.start() - 1].isalnum()
    glued_after = match.end() < len(text) and text[match.end()].isalnum()
    return (" " if glued_before else "") + spelled + (" " if glued_after else "")


def _script(superscript: bool, body: str) -> str:
    body = body.strip()
    if superscript and (index := _SAMPLE_INDEX.fullmatch(body)):
        return f"_{index.group(1)}"
    if superscript and (indexed := _RAISED_INDEXED.fullmatch(body)):
        return f"^({indexed.group(1)}_{indexed.group(2)})"
    mark = "^" if superscript else "_"
    return mark + body if re.fullmatch(r"[A-Za-z0-9]+", body) else f"{mark}({body})"


class NotMath(ValueError):
    """The text is not a formula kb can read (the message says why)."""


def to_latex(text: str, *, code: bool = False) -> str:
    """The LaTeX of a formula written as text: an expression or a chain of them (`a = b = c`, `≈` allowed).

    With `code`, `^` keeps Python's meaning (exclusive or, never a formula); elsewhere it is a power."""
    parts, relations = split_chain(text)
    latex = [expression_latex(part, code=code) for part in parts]
    out = latex[0]
    for relation, part in zip(relations, latex[1:]):
        out += f" {RELATIONS[relation]} {part}"
    return out


# `:=` outside a string, written by pseudo-code (and Ng's course) for an assignment
_DEFINE_AS_UPDATE = re.compile(r":\s*=(?!=)")


def split_chain(text: str) -> tuple[list[str], list[str]]:
    """The parts of `a = b ≈ c` at the top level (outside brackets) and the relations between them."""
    text = _normalise(text)
    parts, relations, depth, start, i = [], [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch in "([{"
        depth -= ch in ")]}"
        two = text[i:i + 2]
        if depth == 0 and two in ("<=", ">=", "~=") and text[i - 1:i] not in "<>=!":
            parts.append(text[start:i])
            relations.append(two)
            start = i = i + 2
            continue
        if depth == 0 and ch in "=≈≤≥←" and two != "==" and text[i - 1:i] not in "=!<>":
            parts.append(text[start:i])
            relations.append(ch)
            start = i + 1
        i += 1
    parts.append(text[start:])
    if any(not p.strip() for p in parts):
        raise NotMath("a relation with nothing on one side")
    return [p.strip() for p in parts], relations


def expression_latex(text: str, *, code: bool = False) -> str:
    """The LaTeX of one expression (no relation)."""
    return node_latex(parse_expression(text, code=code), code=code)


def node_latex(node: ast.expr, *, code: bool = False) -> str:
    """The LaTeX of a parsed expression. In code a call of a function that is not math (`model(x)`) is
    NotMath; in text `f(x)` applies a function the note names."""
    return _Printer(named_calls=not code).latex(node)


def parse_expression(text: str, *, code: bool = False) -> ast.expr:
    """The expression's Python syntax tree, after plain-text conventions are spelled out in Python."""
    source, marks = _spell_out(_normalise(text), code)
    try:
        tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte
        raise NotMath(f"not an expression: {text!r}") from exc
    return _Marks(marks).visit(tree)


# `Σeˣʲ` (after scripts are spelled: `Σe^(x_j)`): a summation sign with no index before one term that nothing but an
# operator or the end follows sums that term; before a product (`Σ x_i y_i`) where its body ends is unsure
_BARE_SIGMA = re.compile(r"[Σ∑]\s*([A-Za-z]\w*(?:\^\([^()]*\)|\^\w+)?)(?=\s*(?:$|[-+/)=,]))")


def _normalise(text: str) -> str:
    text = _grouped_numbers(text)
    text = _BARE_SIGMA.sub(r"Σ(\1)", text)
    text = "".join(_UNICODE.get(ch, _UNICODE_GREEK.get(ch, ch)) for ch in text)
    text = _DEFINE_AS_UPDATE.sub("←", text)   # pseudo-code's `W := W - α dW`, an update as ← is
    return re.sub(r"\s+", " ", text).strip()


# A number written with its thousands grouped, `1,100,000` (English) or `1 100 000` (French, SI; also with a no-break
# or narrow space): groups of exactly three digits after a first of one to three, standing alone (no digit, comma
# or point glued to either end, so `f(1,100)` and `0.5,100` are no such number)
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:(?P<sep>[,\u00a0\u202f ])\d{3})(?:(?P=sep)\d{3})*(?![\d.,]|\s\d)")


def _grouped_numbers(text: str) -> str:
    """The text with every number written in groups outside brackets (a comma inside them separates arguments)
    written as one number: read as a comma list, `= 1,100,000 weights` would state the value 1."""
    pieces, depth, start = [], 0, 0
    for match in _GROUPED.finditer(text):
        depth += _depth(text[start:match.start()])
        pieces += [text[start:match.start()], re.sub(r"\D", "", match.group()) if depth == 0 else match.group()]
        start = match.end()
    return "".join(pieces) + text[start:]


def _depth(text: str) -> int:
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")


def _spell_out(text: str, code: bool) -> tuple[str, list[_Mark]]:
    """Python source for plain-text math: sums, gradients and partial derivatives become marker names, then
    tokens are rewritten."""
    marks: list[_Mark] = []

    def mark(value: _Mark) -> str:
        marks.append(value)
        return f" {_MARK}{len(marks) - 1} "

    if not code:
        # `sigma'(z)`, `g'(z)`: a function's derivative written with a prime (in code a quote opens a string)
        text = _PRIMED_CALL.sub(lambda m: m.group(1) + _PRIMED, text)
        text = _PROSE_SUM.sub(lambda m: mark(_Sum(_sum_script(m.group(1), None))), text)
        text = _SUM.sub(lambda m: mark(_Sum(_sum_script(m.group(1), m.group(2)))), text)
    # after the sums: `∇ sum_i L_i` keeps its ∇ unread (a gradient of a sum is no name kb reads)
    text = _NABLA.sub(lambda m: mark(_Gradient(_gradient_script(m.group(1) or m.group(2)))), text)
    text = _PARTIAL.sub(lambda m: mark(_Partial(_name_latex(_braced_name(m.group(1))),
                                                _name_latex(_braced_name(m.group(2))))), text)
    sums = {f"{_MARK}{k}" for k, value in enumerate(marks) if isinstance(value, _Sum)}
    return _rewrite_tokens(text, code, sums), marks


def _gradient_script(variable: str | None) -> str:
    """`∇`'s subscript: `theta` -> `_{\\theta}`, none -> ''."""
    return f"_{{{_name_latex(variable.strip())}}}" if variable else ""


def _braced_name(name: str) -> str:
    """`w_{ij}` -> `w_ij`: the spelling _name_latex reads."""
    return re.sub(r"_\{([A-Za-z0-9]+)\}$", r"_\1", name)


def _sum_script(index: str, upper: str | None) -> str:
    r"""`\sum`'s limits: `i` -> `_{i}`; `{i=1}`, `N` -> `_{i=1}^{N}`; `j != y` -> `_{j \neq y}`."""
    index = index.strip("{}").strip()
    index = re.sub(r"\s*!=\s*", " \\\\neq ", index)
    index = re.sub(r"\s+in\s+", " \\\\in ", index)
    script = f"_{{{index}}}"
    if upper:
        script += f"^{{{_name_latex(upper.strip('{}').strip())}}}"
    return script


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                                  tokenize.DEDENT)]
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        raise NotMath(f"not an expression: {text!r}") from exc


def _rewrite_tokens(text: str, code: bool, sums: set[str] = frozenset()) -> str:
    """Python source: `^` -> `**` (outside code), `|x|` -> `abs(x)`, `||x||` -> `norm(x)`, adjacent operands
    multiplied (`2P`, `W x`, `(a)(b)`: a syntax error in Python, so valid code never changes meaning), and
    the keyword `lambda` written as a name (the Greek letter)."""
    out: list[str] = []
    bars: list[str] = []          # the closers of the |...| and ||...|| still open
    # A sum's body is the product after it (`exp(z_i) / sum_j exp(z_j)` divides by the whole sum): the sum and
    # its body are bracketed, closed where a + or - outside the body's brackets, or a bracket the sum is in, ends
    # it. Python would divide by the bare sum sign and multiply its body into the quotient.
    sum_depths: list[int] = []    # the bracket depth each open sum stands at
    depth = 0
    previous: tokenize.TokenInfo | None = None
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        string = tok.string
        closes_bar = string == "|" and bool(bars) and _ends_operand(previous) and not (
            previous is not None and _is_mark_name(previous.string))
        while sum_depths and sum_depths[-1] == depth and (
                string in (")", "]", ",") or closes_bar or (string in ("+", "-") and _ends_operand(previous))):
            out.append(")")
            sum_depths.pop()
        depth += (string in ("(", "[")) - (string in (")", "]"))
        if tok.type == tokenize.NAME and keyword.iskeyword(string) and string not in ("lambda", "in", "not"):
            raise NotMath(f"Python keyword {string!r}")
        if tok.type == tokenize.NAME and string == "lambda":
            string = "lambda_"
        if tok.type == tokenize.NUMBER and re.search(r"[jJ]$", string):
            raise NotMath("a complex literal")
        if tok.type == tokenize.ERRORTOKEN and string.strip():
            raise NotMath(f"cannot read {string!r}")
        if string == "^":
            if code:
                raise NotMath("^ is exclusive or in code")
            string = "**"
        after_sum = previous is not None and _is_mark_name(previous.string)
        if after_sum and (string in ("(", "|") or _starts_operand(tok)):
            out.append("*")   # Σ0 (x - c)^2 and Σ0 |x|: the sum's body, not a call
        if string == "|":
            double = i + 1 < len(tokens) and tokens[i + 1].string == "|"
            closing = "||" if double else "|"
            if bars and bars[-1] == closing and _ends_operand(previous) and not after_sum:
                bars.pop()
                bracket = ")"
                depth -= 1
            elif after_sum or not _ends_operand(previous):
                bars.append(closing)
                bracket = "norm(" if double else "abs("
                depth += 1
            else:
                raise NotMath("| used as an operator")
            out.append(bracket)
            i += 2 if double else 1
            previous = tokenize.TokenInfo(tokenize.OP, bracket[-1], tok.start, tok.end, tok.line)
            continue
        if previous is not None and _ends_operand(previous) and not after_sum and (
                _starts_operand(tok) or (not code and previous.string == ")" and string == "(")):
            out.append("*")   # `2P`, `W x`; in text `σ(x)(1 - σ(x))` too: math never calls what a call returns
        if string in sums:
            out.append("(")
            sum_depths.append(depth)
        out.append(string)
        previous = tok
        i += 1
    if bars:
        raise NotMath("unclosed |...|")
    return " ".join(out + [")"] * len(sum_depths))


def _is_mark_name(string: str) -> bool:
    return string.startswith(_MARK) and string[1:].isdigit()


def _ends_operand(tok: tokenize.TokenInfo | None) -> bool:
    if tok is None:
        return False
    return (tok.type in (tokenize.NUMBER, tokenize.NAME) and not keyword.iskeyword(tok.string)) or tok.string in ")]"


def _starts_operand(tok: tokenize.TokenInfo) -> bool:
    """A token that, right after an operand, begins another one multiplied by it (never `(`: `f(x)` is a call)."""
    return tok.type in (tokenize.NUMBER, tokenize.NAME) and not keyword.iskeyword(tok.string)


class _Marks(ast.NodeTransformer):
    """Each marker name replaced by what it marks: the printer writes `\\sum` with its limits, `\\nabla` and
    `\\frac{\\partial L}{\\partial w}` where it stands."""

    def __init__(self, marks: list[_Mark]) -> None:
        self.marks = marks

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if _is_mark_name(node.id):
            return ast.Constant(value=self.marks[int(node.id[1:])])
        return node


class _Sum:
    """A `\\sum` written in front of the factors that follow it (its body, as LaTeX's `\\sum` takes it)."""

    def __init__(self, script: str) -> None:
        self.script = script


class _Gradient:
    """A `\\nabla` (with its variable as `script`) written in front of the objective it applies to."""

    def __init__(self, script: str) -> None:
        self.script = script


class _Partial:
    """`∂L/∂w`: the partial derivative of one name by another."""

    def __init__(self, of: str, by: str) -> None:
        self.latex = f"\\frac{{\\partial {of}}}{{\\partial {by}}}"


_Mark = _Sum | _Gradient | _Partial


# ---- printing ---------------------------------------------------------------------------------------

class _Printer:
    """LaTeX for the whitelisted part of Python's expression grammar; anything else is NotMath."""

    def __init__(self, named_calls: bool) -> None:
        self.named_calls = named_calls

    def latex(self, node: ast.expr) -> str:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise NotMath(f"{type(node).__name__} is not part of a formula")
        return method(node)

    def _Constant(self, node: ast.Constant) -> str:
        value = node.value
        if isinstance(value, _Sum):
            return f"\\sum{value.script}"
        if isinstance(value, _Partial):
            return value.latex
        if isinstance(value, _Gradient):
            raise NotMath("∇ with no function after it")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise NotMath(f"the constant {value!r} is not a number")
        if isinstance(value, float):
            text = f"{value:.15f}".rstrip("0").rstrip(".") if "e" in repr(value) else repr(value)
            return text
        return str(value)

    def _Name(self, node: ast.Name) -> str:
        return _name_latex(node.id)

    def _Subscript(self, node: ast.Subscript) -> str:
        """`kernel_size[0]`, `stride[1]`: the element at a constant index of a sequence named in words is the quantity
        along that axis (a size given per axis, as PyTorch takes kernel_size and stride); any other subscript (a
        slice, a variable index, an element of a call, of a one-letter array of data `a[2]`) is code."""
        index = node.slice
        if isinstance(node.value, ast.Name) and len(node.value.id) > 1 and isinstance(index, ast.Constant) \
                and type(index.value) is int and index.value >= 0 and "_{" not in (name := _name_latex(node.value.id)):
            return f"{name}_{{{index.value}}}"
        raise NotMath("an element of a computed value or a slice is code, not a quantity")

    def _Attribute(self, node: ast.Attribute) -> str:
        if isinstance(node.value, ast.Name) and node.value.id in NAMESPACES and node.attr in ("pi", "e"):
            return "\\pi" if node.attr == "pi" else "e"
        if node.attr == "T" and not (isinstance(node.value, ast.Name) and node.value.id in NAMESPACES):
            return f"{self._whole(node.value)}^{{\\top}}"   # NumPy's and PyTorch's X.T: the transpose
        raise NotMath("an attribute of an object is code, not a quantity")

    def _UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.USub):
            return f"-{self._operand(node.operand, 2)}"
        if isinstance(node.op, ast.UAdd):
            return self.latex(node.operand)
        raise NotMath("a logical or bitwise operator")

    def _BinOp(self, node: ast.BinOp) -> str:
        op = type(node.op)
        if op in _OPS:
            right = self._operand(node.right, 2 if op is ast.Sub else 1)
            return f"{self.latex(node.left)} {_OPS[op]} {right}"
        if op is ast.Mult:
            return self._product(node)
        if op is ast.MatMult:
            return self._matrix_product(node.left, node.right)
        if op is ast.Div:
            return f"\\frac{{{self.latex(node.left)}}}{{{self.latex(node.right)}}}"
        if op is ast.FloorDiv:
            return f"\\left\\lfloor \\frac{{{self.latex(node.left)}}}{{{self.latex(node.right)}}} \\right\\rfloor"
        if op is ast.Pow:
            return f"{self._operand(node.left, 5)}^{{{self.latex(node.right)}}}"
        raise NotMath(f"the operator {type(node.op).__name__} is not part of a formula")

    def _whole(self, node: ast.expr) -> str:
        """The node's LaTeX as one operand of a transpose or an inverse: a name as it is, anything else bracketed
        (the inverse of `np.dot(X.T, X)` is (X^\\top X)^{-1}, not X^\\top X^{-1})."""
        text = self.latex(node)
        return text if isinstance(node, ast.Name) else f"\\left({text}\\right)"

    def _matrix_product(self, left: ast.expr, right: ast.expr) -> str:
        """`X.T @ X`, `np.dot(X, w)`: the factors side by side, as LaTeX writes a matrix product (X^\\top X w)."""
        return f"{self._operand(left, 2)} {self._operand(right, 3)}"

    def _product(self, node: ast.BinOp) -> str:
        factors = list(_factors(node))
        first = factors[0]
        if isinstance(first, ast.UnaryOp) and isinstance(first.op, ast.USub) and _is_mark(first.operand, _Sum):
            # `-sum_i p_i * log(p_i)`: Python binds the minus to the sum's marker; it negates the whole sum
            return "-" + self._factors_latex([first.operand, *factors[1:]])
        return self._factors_latex(factors)

    def _factors_latex(self, factors: list[ast.expr]) -> str:
        """`a \\cdot b`; a sum marker takes the factors after it as its body (`Σ_i x_i y_i`, `Σ_k Σ_i ...`), a
        gradient the one factor after it, its objective, and stands after a factor as LaTeX writes it (`\\eta
        \\nabla L`: `\\cdot \\nabla` would be a divergence)."""
        out = ""
        index = 0
        while index < len(factors):
            factor = factors[index]
            glue = " \\cdot " if out else ""
            if _is_mark(factor, _Sum):
                rest = factors[index + 1:]
                if not rest:
                    raise NotMath("a sum with nothing to sum")
                body = self._factors_latex(rest)
                if len(rest) > 1 and not _is_mark(rest[0], _Sum):
                    body = f"\\left({body}\\right)"
                return f"{out}{glue}\\sum{factor.value.script} {body}"
            if _is_mark(factor, _Gradient):
                objective = factors[index + 1] if index + 1 < len(factors) else None
                if not _is_objective(objective):
                    raise NotMath("∇ of something that is not a named quantity")
                out += f"{' ' if out else ''}\\nabla{factor.value.script} {self.latex(objective)}"
                index += 2
                continue
            out += glue + self._operand(factor, 2)
            index += 1
        return out

    def _operand(self, node: ast.expr, level: int) -> str:
        """The node's LaTeX, in parentheses when it binds less tightly than `level`."""
        text = self.latex(node)
        inner = _level(node)
        return f"\\left({text}\\right)" if inner < level else text

    def _Call(self, node: ast.Call) -> str:
        if node.keywords:
            raise NotMath("a call with keyword arguments")
        name, receiver = _callee(node.func)
        args = list(node.args)
        if receiver is not None:   # mu.pow(2), x.sum(): the receiver is the first argument
            args.insert(0, receiver)
        if any(isinstance(a, ast.Starred) for a in args):
            raise NotMath("a call with *args")
        return self._function(name, args, receiver is None and isinstance(node.func, ast.Name))

    def _function(self, name: str, args: list[ast.expr], plain: bool) -> str:
        one = len(args) == 1
        if name == "sqrt" and one:
            return f"\\sqrt{{{self.latex(args[0])}}}"
        if name in ("pow", "power") and len(args) == 2:
            return f"{self._operand(args[0], 5)}^{{{self.latex(args[1])}}}"
        if name in ("abs", "fabs") and one:
            return f"\\left|{self.latex(args[0])}\\right|"
        if name in ("dot", "matmul") and len(args) == 2:
            return self._matrix_product(*args)
        if name == "inv" and one:   # np.linalg.inv(A), torch.linalg.inv(A): the inverse
            return f"{self._whole(args[0])}^{{-1}}"
        if name == "norm" and one:
            return f"\\left\\|{self.latex(args[0])}\\right\\|"
        if name in _FLOORS and one:
            left, right = _FLOORS[name]
            return f"\\left{left} {self.latex(args[0])} \\right{right}"
        if name in ("max", "min", "maximum", "minimum") and len(args) >= 2:
            return f"\\{name[:3]}\\left({', '.join(self.latex(a) for a in args)}\\right)"
        if name in _SUMS and one:
            body = self.latex(args[0])
            return f"\\sum \\left({body}\\right)" if name == "sum" else f"E[{body}]"
        if name in _BASED_LOGS and one:
            return f"\\log_{{{_BASED_LOGS[name]}}}\\left({self.latex(args[0])}\\right)"
        if name == "log" and len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value in (2, 10):
            return f"\\log_{{{args[1].value}}}\\left({self.latex(args[0])}\\right)"   # math.log(p, 2)
        if name in _FUNCTIONS and one:
            return f"\\{'log' if name == 'ln' else name}\\left({self.latex(args[0])}\\right)"
        if name in _NAMED and one:
            return f"{_NAMED[name]}\\left({self.latex(args[0])}\\right)"
        if plain and self.named_calls and name not in _CODE_CALLS and all(isinstance(a, (ast.Name, ast.Constant)) for a in args) and args:
            # f(x), R(W), d(x, c): a function the note names, applied to symbols
            return f"{_derivative_name(name) or _name_latex(name)}({', '.join(self.latex(a) for a in args)})"
        raise NotMath(f"{name}(...) is not a math function kb reads")


def _is_mark(node: ast.expr, kind: type) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, kind)


def _is_objective(node: ast.expr | None) -> bool:
    """What a ∇ applies to: a name (`L`, `L1`) or a function the note names at names (`J(θ)`, `L(w_t)`)."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and not node.keywords and bool(node.args) \
            and all(isinstance(a, ast.Name) for a in node.args)
    return isinstance(node, ast.Name)


def _factors(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        yield from _factors(node.left)
        yield from _factors(node.right)
    else:
        yield node


def _level(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp):
        return 3 if isinstance(node.op, (ast.Div, ast.FloorDiv)) else _PRECEDENCE.get(type(node.op), 0)
    if isinstance(node, ast.UnaryOp):
        return 2
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and node.value < 0:
        return 2
    return 9


def _callee(func: ast.expr) -> tuple[str, ast.expr | None]:
    """The function's name and, for a method, its receiver: `torch.sqrt` -> ('sqrt', None); `mu.pow` ->
    ('pow', mu). A call of anything else (`model.fc`, `nn.Conv2d`) is code."""
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        owner = func.value
        if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id == "torch" \
                and owner.attr in ("nn", "special"):
            return func.attr, None   # torch.special.expit-style paths are rare; nn.functional is F
        if isinstance(owner, ast.Name) and owner.id in NAMESPACES:
            return func.attr, None
        if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in NAMESPACES \
                and owner.attr == "linalg":
            return func.attr, None   # np.linalg.inv, torch.linalg.norm
        if func.attr in _METHODS and isinstance(owner, (ast.Name, ast.BinOp, ast.Call)):
            return func.attr, owner
    raise NotMath("a call of code, not of a math function")


def _derivative_name(name: str) -> str:
    """`sigmoidPrime`, `tanh_prime`, `relu_derivative` -> `\\sigma'`, `\\tanh'`, `\\mathrm{ReLU}'`: code names a
    function's derivative by the function's name with a suffix, text by a prime (`sigma'`, `g'`: any function)
    ('' for any other name)."""
    if name.endswith(_PRIMED) and (primed := name.removesuffix(_PRIMED)):
        return (_NAMED.get(primed.lower()) or (f"\\{primed}" if primed in _FUNCTIONS else _name_latex(primed))) + "'"
    match = _DERIVATIVE_SUFFIX.fullmatch(name)
    base = match.group(1).lower() if match else ""
    if base in _NAMED:
        return _NAMED[base] + "'"
    if base in _ACTIVATIONS:
        return f"\\mathrm{{{base}}}'"
    return f"\\{base}'" if base in _FUNCTIONS else ""


def _name_latex(name: str) -> str:
    """`x_i` -> `x_{i}`, `I1` -> `I_{1}`, `mu_k` -> `\\mu_{k}`, `fan_in` -> `\\mathrm{fan\\_in}`, `lambda` ->
    `\\lambda`: the spellings the LaTeX reader gives the same symbol names."""
    name = name.removesuffix("_") if name == "lambda_" else name
    if name in _GREEK:
        return f"\\{name}"
    match = re.fullmatch(r"([A-Za-z]|[a-z]+(?<=[a-z]))(\d*)(?:_(\w+))?", name)
    if match:
        base, digits, sub = match.groups()
        if len(base) == 1 or base in _GREEK:
            head = f"\\{base}" if base in _GREEK else base
            subscript = ",".join(s for s in (digits, sub) if s)
            return f"{head}_{{{subscript}}}" if subscript else head
    if not re.fullmatch(r"[A-Za-z]\w*", name):
        raise NotMath(f"cannot use {name!r} as a name")
    return f"\\mathrm{{{name.replace('_', chr(92) + '_')}}}"
