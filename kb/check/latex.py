"""Note LaTeX -> sympy: the small subset study notes use for checkable formulas.

sympy's own `parse_latex` needs antlr4 or lark, neither of which is installed here, and it reads a word
such as `label` as the product l*a*b*e*l. Notes use words as names (`new\\_label`, `Area`), `\\times`
for products and `D_K`-style subscripts, so a small recursive-descent translator over that subset is
both lighter and closer to what the authors meant. Anything outside the subset raises LatexError,
which the linker reports as "not checkable" with the reason.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from kb.check import finite_sums
from kb.check.latex_text import (  # noqa: F401 - re-exported: callers import from latex
    _ACCENTS, _GREEK_SET, _SPACING, _STYLE, _TOKEN, _UNICODE_GREEK, GREEK, RELATIONS, LatexError, _Tok,
    UPDATE, _strip_trailing_punct, split_chain, split_relation, strip_formula, symbol_key, tokenize)

_SIZING = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
_SKIP = _SIZING | {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits"}
# notes write \cdots for a product too; products are elementwise (see _times), so \odot (Hadamard) is one
_TIMES = {"times", "cdot", "cdots", "ast", "*", "odot"}
_BRACE_LABELS = ("underbrace", "overbrace")
_SET_OPS = {"cap", "cup"}
_SAMPLE_COUNTS = {"N", "n", "m", "M", "B"}   # the letters notes use for the number of samples summed over
_MATRIX_ENVS = {"bmatrix", "pmatrix", "matrix", "vmatrix", "Bmatrix"}
_INDEX_LIST = re.compile(r"[a-z](?:,?[a-z])+")    # n,h,w or nchw: one index letter per axis
_WHOLE_SET = re.compile(r"(?<=[A-Za-z'])\\in(?:[A-Z]|\\mathcal\{[A-Z]\})$")   # a∈A, s'∈\mathcal{S}

# Data-level operations the evaluator gives meaning to; sympy keeps them unevaluated.
DSUM = sympy.Function("dsum")          # Σ over a data vector (the summed body is elementwise)
DMEAN = sympy.Function("dmean")        # E[...] over a data vector
# max(x) and min(x) of one argument: the largest and smallest entry of a data vector (min-max scaling's
# (x − min(x))/(max(x) − min(x))); of a number, the number itself
DMAX = sympy.Function("dmax")
DMIN = sympy.Function("dmin")
CARD = sympy.Function("card")          # |S|: size of a set or vector, |x| of a number
# N of Σ_i^N x_i and of 1/N beside Σ_i: how many elements the data vector has. Unlike |x|, one number is one
# element: a mean over m examples checked on a single example divides by 1, not by the example's value.
LENGTH = sympy.Function("length")
CAP = sympy.Function("cap")
CUP = sympy.Function("cup")
VEC = sympy.Function("vec")            # a row of numbers [0\\;1]
MAT = sympy.Function("mat")            # rows of a matrix literal, each a vec
TRANSPOSE = sympy.Function("transpose")
NORM = sympy.Function("norm")          # ‖v‖_p: (vector, p); p is 2 (Euclidean, Frobenius), 1 or ∞
COSINE = sympy.Function("cosine")      # cos(u, v) of two vectors: their cosine similarity
_NORM_BARS = {"||": "||", "\\lVert": "\\rVert", "\\Vert": "\\Vert"}
SOFTMAX = sympy.Function("softmax")    # softmax over a data vector (a vector of the same length)
IDENTITY = sympy.Function("identity")  # I in matrix notation (X^T X + λI): the identity of whatever size it meets
_TRANSPOSE_MARKS = ("\\top", "\\intercal")   # unlike ^T (a power of T, a temperature), these mean only transpose
TSUM = sympy.Function("tsum")          # Σ over some axes of a tensor written with one index per axis: tsum(x, 0, 2, 3)
AXIS = sympy.Function("axis")          # the length of one axis of a tensor: axis(x, 1)
# f(s), Q(s,a), π(a|s): the entry of a table at these indices (the variables after a conditional bar first, the
# order tables of conditional probabilities are kept in: π[s][a]); a function that is a number is its value.
APPLY = sympy.Function("apply")
POSITIONS = sympy.Function("positions")   # start, start+1, ... along a data vector (k in Σ_k γ^k r_{t+k+1})
# Π_{i=1}^{l-1} s_i inside Σ_l: the product of a data vector's elements up to the outer index, one per element of
# the outer sum: prefix(s, offset), element j the product of the first j + offset + 1 elements (offset −1: of those
# before element j, the empty product 1 for the first)
PREFIX = sympy.Function("prefix")
_OFFSET_SUBSCRIPT = re.compile(r"(?:[a-z]\+)?([a-z])(?:\+\d+)?")


class _IndexOperator(sympy.Function):
    """Σ_a, max_{a'}, Σ_{s',r} over the indices of the tables its body reads: (body, index, ...). The indices
    are bound, so they are not among the formula's free symbols (not quantities a note maps to an entry)."""

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, *indices = self.args
        return body.free_symbols - set(indices)


class IndexSum(_IndexOperator):
    pass


class IndexMax(_IndexOperator):
    pass


class IndexMin(_IndexOperator):
    pass


class IndexArgmax(_IndexOperator):
    """The index value at which the body is largest (\\arg\\max_a Q(s,a)): one index only."""


class IndexArgmin(_IndexOperator):
    """The index value at which the body is smallest."""


# capital Greek letters that notes type for the big operators they look like (Σ for \sum, Π for \prod)
_CAPITAL_OPERATORS = {"Sigma": "sum", "Pi": "prod"}
_INDEX_OPERATORS = {"sum": IndexSum, "max": IndexMax, "min": IndexMin, "argmax": IndexArgmax, "argmin": IndexArgmin}

_FUNCS: dict[str, Callable[..., Any]] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "arctan": sympy.atan,
    "max": lambda *args: DMAX(*args) if len(args) == 1 else sympy.Max(*args),
    "min": lambda *args: DMIN(*args) if len(args) == 1 else sympy.Min(*args),
}
# Named functions notes write with \text{} / \operatorname{} or plain words.
_NAMED_FUNCS: dict[str, Callable[..., Any]] = {
    "ReLU": lambda x: sympy.Max(x, 0),
    "ReLU6": lambda x: sympy.Min(sympy.Max(x, 0), 6),
    "relu": lambda x: sympy.Max(x, 0),
    "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
    "sigma": lambda x: 1 / (1 + sympy.exp(-x)),
    # \mathrm{ln}(x) as notes typeset the natural logarithm without its macro, like \mathrm{log}(x)
    "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "tanh": sympy.tanh, "softmax": SOFTMAX,
    "sign": sympy.sign, "sgn": sympy.sign,
    # max(0, 1 - y) typed without the backslash (plain-text and hand-typed notes): the same function
    "max": _FUNCS["max"], "min": _FUNCS["min"],
    # mean(x) and average(x) of a feature column, as notes on feature scaling type them
    "mean": DMEAN, "average": DMEAN, "avg": DMEAN,
    # floor(\frac{W-F+2P}{S}) + 1: the output size's floor as code names it, typed in LaTeX, in \mathrm{} or in
    # \operatorname{}
    "floor": sympy.floor, "ceil": sympy.ceiling,
    # cosh(x), sin(x), sqrt(x) typed without the backslash: the function where a parenthesis follows (a word with
    # no parenthesis after it stays a name)
    **{name: _FUNCS[name] for name in ("sin", "cos", "tan", "sinh", "cosh", "arctan")}, "sqrt": sympy.sqrt,
}
# each named function by its lower-case spelling, so that a note's capitals (\text{Softmax}, Tanh) name it too
_CAPITALISED_FUNCS = {name.lower(): name for name in _NAMED_FUNCS if name not in ("relu", "sigma")}
# Words that name a function or an operator, never letters side by side (see _Parser.juxtaposed)
_NOT_PRODUCTS = frozenset({*_FUNCS, *_NAMED_FUNCS, "argmax", "argmin", "Var", "sgn", "exp", "log", "ln"})
# The bases a logarithm's subscript names (\log_2 x, \log_{10} x, \log_e x): one character, as LaTeX reads a
# subscript without braces, or a braced number
_LOG_BASES = {"2": sympy.Integer(2), "10": sympy.Integer(10), "e": sympy.E}

@dataclass(frozen=True)
class ParsedFormula:
    latex: str
    lhs_latex: str
    relation: str
    rhs: sympy.Expr
    lhs: sympy.Expr | None          # None when the left side is a label rather than an expression

    # (cached: linking asks a formula's symbols of every registry entry; a frozen formula never changes them)
    @functools.cached_property
    def symbols(self) -> frozenset[str]:
        """Names the right-hand side depends on (bound summation indices excluded), and for an update of a
        table's entry (`V(s) \\leftarrow ...`) the table and indices its left side names."""
        free = set(self.rhs.free_symbols) - set(self.every_index)
        if self.updated_entry is not None:
            free |= self.updated_entry.free_symbols
        return frozenset(s.name for s in free)

    @functools.cached_property
    def every_index(self) -> tuple[sympy.Symbol, ...]:
        """`V^*(s) = \\max_a \\sum_{s',r} p(s',r|s,a)[r + \\gamma V^*(s')]`: the left side's indices, when the right
        side uses them only to read tables, so that the equation states the left side's whole table, one entry
        per value of its indices (() for anything else: in `g(z) = \\max(0, z)` z is a value)."""
        if self.relation not in ("=", "\\approx") or self.lhs is None or self.lhs.func != APPLY:
            return ()
        indices = self.lhs.args[1:]
        if not all(isinstance(i, sympy.Symbol) for i in indices) or len(set(indices)) != len(indices):
            return ()
        reads = {applied: sympy.Dummy() for applied in self.rhs.atoms(APPLY)}
        outside = self.rhs.xreplace(reads).free_symbols
        # an index is what a table is read at, never the table itself: in `H(p) = -\sum_x p(x) \log p(x)` the
        # left side's p is the distribution the sum reads, not an index of it
        inside = set().union(*(arg.free_symbols for applied in reads for arg in applied.args[1:])) if reads else set()
        return tuple(indices) if all(i in inside and i not in outside for i in indices) else ()

    @property
    def updated_entry(self) -> sympy.Expr | None:
        """The table entry an update assigns (`Q(s,a)` in `Q(s,a) \\leftarrow ...`), None for anything else."""
        if self.relation == UPDATE and self.lhs is not None and self.lhs.func == APPLY:
            return self.lhs
        return None


def parse_formula(latex: str) -> ParsedFormula:
    """Split at the top-level relation and translate the right side (and the left side when it can). An
    expression with no relation (named by the words around it) is a right side with no left side."""
    text = strip_formula(latex)
    try:
        lhs_latex, relation, rhs_latex = split_relation(text)
    except LatexError:
        lhs_latex, relation, rhs_latex = "", "=", text
    if not rhs_latex:
        raise LatexError("empty right-hand side")
    try:
        lhs = to_sympy(lhs_latex) if lhs_latex else None
    except LatexError:
        lhs = None
    left = text[:text.rindex(rhs_latex)] if lhs_latex else ""   # every part of a chain before the last
    rhs = to_sympy(rhs_latex, points=_primed_points(lhs), declared=declared_variables(left))
    if relation == "=" and _assigns_itself(lhs, rhs):
        relation = UPDATE
    return ParsedFormula(latex, lhs_latex, relation, rhs, lhs)


def _primed_points(lhs: sympy.Expr | None) -> frozenset[str]:
    """The primed names a left side takes as arguments: `K(x, x')`, `k(\\mathbf{x}, \\mathbf{x}')`, `d(p, p')` name a
    second point x' beside x (a kernel's, a distance's, a similarity's), so `x'` on the right side is that point,
    not a derivative of x."""
    if lhs is None or lhs.func != APPLY:
        return frozenset()
    return frozenset(a.name for a in lhs.args[1:] if isinstance(a, sympy.Symbol) and a.name.endswith("'"))


def _assigns_itself(lhs: sympy.Expr | None, rhs: sympy.Expr) -> bool:
    """`Q(s,a) := Q(s,a) + α[r + γ max_a' Q(s',a') − Q(s,a)]`: a table entry that its own right side reads at the
    same indices is assigned its new value (pseudocode's `:=`, or `=` as course notes write an update); as an
    equation it would hold only where the change is zero. A Bellman equation reads the table at other indices
    (V(s) = ... V(s')) and stays an equation."""
    return lhs is not None and lhs.func == APPLY and lhs in rhs.atoms(APPLY)


# A left side's differential: `dv` of `\\frac{d}{dv}`, `\\partial v` of `\\frac{\\partial}{\\partial v}`
_DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])(?:d|\\partial\s*)([A-Za-z])(?![A-Za-z])")
_DERIVATIVE = re.compile(r"'|\\prime|\\partial|\\[dt]?frac\s*\{\s*d")
# a function applied to its arguments, as a whole part: `φ(v)`, `L(y, z)`, `f'(x)`, `p_\theta(y \mid x)`
_APPLIED = re.compile(r"\s*(?:\\[A-Za-z]+|[A-Za-z])\s*(?:_\s*(?:\{[^{}]*\}|\\?\w+)\s*)?(?:'|\^\s*\{?\\prime\}?)*\s*"
                      r"(?:\\left\s*)?\((?P<arguments>[^()]*)(?:\\right\s*)?\)\s*")


def declared_variables(left: str) -> frozenset[str]:
    """The one-letter variables the left side of a formula declares (each part of a chain before the last, `y =
    φ(v) = ...`): the arguments of a function applied (`φ(v)`, `L(y, z)`, `f'(x)`) and, in a derivative, its
    variable and the letter differentiated (`\\frac{d}{dv}y`: v and y). A bare name (`P = ...`) or an expression
    declares none: its letters say nothing about the words on the right (`P = \\frac{TP}{TP+FP}`)."""
    from kb.check.latex_text import split_chain

    try:
        parts = split_chain(left + "= 0")[0][:-1] if left else []
    except LatexError:
        return frozenset()
    letters: set[str] = set()
    for part in parts:
        if applied := _APPLIED.fullmatch(part):
            letters |= set(re.findall(r"(?<![A-Za-z\\_^])[A-Za-z](?![A-Za-z_])", applied.group("arguments")))
        elif _DERIVATIVE.search(part) and (differentials := _DIFFERENTIAL.findall(part)):
            letters |= set(differentials) | set(re.findall(r"(?<![A-Za-z\\_^{])[A-Za-z](?![A-Za-z_])", part)) - {"d"}
    return frozenset(letters)


def to_sympy(latex: str, matrix_notation: bool | None = None, points: frozenset[str] = frozenset(),
             declared: frozenset[str] = frozenset()) -> sympy.Expr:
    return translate(latex, matrix_notation, points, declared)[0]


_BOLD_CAPITAL = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{?\s*(?:[A-Z]|\\(?:Theta|Sigma|Lambda))(?![A-Za-z])")


# `f = \left\{ \begin{array}{lr} a & \text{if } c \\ b & \text{if } d \end{array} \right.`: a brace opened on an array
# (or on a matrix, `\left\lbrace \begin{matrix} ... \end{matrix} \right.`) and closed by nothing is the cases
# environment typed by hand, as editors without amsmath write it
_ARRAY_CASES = re.compile(r"\\left\s*(?:\\\{|\\lbrace)\s*\\begin\{(?:array\}\{[^{}]*\}|(?:small)?matrix\})(.*?)"
                          r"\\end\{(?:array|(?:small)?matrix)\}\s*\\right\s*\.", re.S)
# `\text{if $y=1$}`: math typed inside text (the condition of a case) is math
_MATH_IN_TEXT = re.compile(r"\\text\{([^{}$]*)\$([^{}$]+)\$([^{}$]*)\}")


def _cases_by_hand(latex: str) -> str:
    latex = _ARRAY_CASES.sub(lambda m: f"\\begin{{cases}}{m.group(1)}\\end{{cases}}", latex)
    return _MATH_IN_TEXT.sub(lambda m: " ".join(part for part in (
        f"\\text{{{m.group(1)}}}" if m.group(1).strip() else "", m.group(2),
        f"\\text{{{m.group(3)}}}" if m.group(3).strip() else "") if part), latex)


def translate(latex: str, matrix_notation: bool | None = None, points: frozenset[str] = frozenset(),
              declared: frozenset[str] = frozenset()) -> tuple[sympy.Expr, list[Any]]:
    """The expression and its number/vector literals (what a worked example instantiates). `matrix_notation`
    overrides what the formula's own transposes say (a loss ‖Xw − y‖² read beside its gradient X^T(Xw − y));
    `points` are the primed names the formula's left side takes as arguments (_primed_points), `declared` the
    variables it declares (declared_variables)."""
    latex = _cases_by_hand(latex) if "array" in latex or "matrix" in latex or "$" in latex else latex
    parser = _Parser(_over_as_frac(tokenize(finite_sums.expand(latex) if "dots" in latex else latex)))
    if matrix_notation is None and _BOLD_CAPITAL.search(latex):
        matrix_notation = True   # a bold capital is a matrix (ISO 80000-2, Goodfellow's notation): W x is W times x
    if matrix_notation is not None:
        parser.matrix_notation = matrix_notation
    parser.points = points
    parser.declared = declared
    expr = parser.expression()
    if not parser.done():
        raise LatexError(f"cannot read {parser.rest()!r}")
    return _tie_vectors(expr, parser), parser.literals


def _over_as_frac(tokens: list[_Tok]) -> list[_Tok]:
    """Plain TeX's `{a \\over b}` (still common in notes written for MathJax and KaTeX) as `\\frac{a}{b}`: the
    fraction takes everything in its braced group, or the whole formula when no group encloses it."""
    while (at := next((i for i, tok in enumerate(tokens) if tok.kind == "cmd" and tok.text == "\\over"), None)) is not None:
        depth, start = 0, None
        for i in range(at - 1, -1, -1):
            depth += {"}": 1, "{": -1}.get(tokens[i].text, 0) if tokens[i].kind == "sym" else 0
            if depth < 0:
                start = i
                break
        end = _closing_brace(tokens, start) if start is not None else len(tokens)
        if start is None and any(tok.kind == "rel" for tok in tokens):
            raise LatexError("\\over beside a relation outside a braced group")
        first = start + 1 if start is not None else 0
        frac = [_Tok("cmd", "\\frac"), _Tok("sym", "{"), *tokens[first:at], _Tok("sym", "}"),
                _Tok("sym", "{"), *tokens[at + 1:end], _Tok("sym", "}")]
        tokens = tokens[:first] + frac + tokens[end:]
    return tokens


def _tie_vectors(expr: sympy.Expr, parser: "_Parser") -> sympy.Expr:
    """One name per data vector: s_k beside Σ_j s_j is s; the upper bound N of Σ_i^N x_i is |x|. A subscript y
    is the label, not a free index: s_y beside Σ_j s_j is the true class's score (the softmax cross-entropy's
    e^{s_y} / Σ_j e^{s_j}), one number, as s_{y_i} is."""
    replace: dict[sympy.Symbol, sympy.Expr] = {}
    for sym in expr.free_symbols:
        match = re.fullmatch(r"(.+?)_[a-xz](\^.+)?", sym.name)
        if match and match.group(1) in parser.collapsed and sym.name not in parser.left_out:
            replace[sym] = sympy.Symbol(match.group(1) + (match.group(2) or ""))
    for bound, vector in parser.lengths.items():
        replace[bound] = LENGTH(sympy.Symbol(vector))
    # 1/(NHW) beside Σ_{n,h,w} x_{nchw}: each capital is the length of its index's axis (n runs to N)
    for sym in expr.free_symbols:
        if parser.axes and sym.name.isalpha() and sym.name.isupper() and all(ch.lower() in parser.axes for ch in sym.name):
            replace[sym] = sympy.Mul(*(AXIS(sympy.Symbol(parser.axes[ch.lower()][0]), parser.axes[ch.lower()][1])
                                       for ch in sym.name))
    # \frac{1}{N}\sum_i (y_i - \hat y_i)^2 with no upper bound: the one count letter is the number of samples
    counts = [s for s in expr.free_symbols if s.name in _SAMPLE_COUNTS]
    if parser.collapsed and not parser.lengths and len(counts) == 1:
        replace[counts[0]] = LENGTH(sympy.Symbol(min(parser.collapsed)))
    elif not parser.lengths and len(counts) == 1 and (terms := _terms_of_the_one_sum(expr, counts[0])) is not None:
        replace[counts[0]] = LENGTH(terms)
    return expr.xreplace(replace) if replace else expr


def _terms_of_the_one_sum(expr: sympy.Expr, count: sympy.Symbol) -> sympy.Expr | None:
    """\\frac{1}{n}\\sum (y - \\hat y)^2 with no index on the data: the count letter is the number of terms of
    the formula's one sum over the data (its elementwise body); None when there is no such sum, or several."""
    sums = [e for e in expr.atoms(sympy.Function) if e.func == DSUM]
    if len(sums) != 1 or count in sums[0].free_symbols or not sums[0].args[0].free_symbols:
        return None
    return sums[0].args[0]


def _transpose_width(tokens: list[_Tok], i: int) -> int:
    """`^\\top` (2 tokens) or `^{\\top}` (4) at position i; 0 for anything else. `^T` counts after a capital
    letter or a run of them (X^T, QK^T: matrices), or a vector's letter (θ^T x, w^T), when the formula uses T
    nowhere else (a temperature, a horizon)."""
    texts = [t.text for t in tokens[i:i + 4]]
    if texts[:1] != ["^"]:
        return 0
    marks = _TRANSPOSE_MARKS + (("T",) if _matrix_or_vector_before(tokens, i) and _t_only_as_transpose(tokens) else ())
    if texts[1:2] and texts[1] in marks:
        return 2
    if texts[1:2] != ["{"]:
        return 0
    # `^{\top}`, and `^{\mathsf T}`, `^{\rm T}`, `^{\text{T}}`: the upright T of ISO 80000-2 in a font switch
    depth, end = 0, i + 1
    for end in range(i + 1, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[end].text, 0)
        if depth == 0:
            break
    inner = [t.text for t in tokens[i + 2:end] if t.text not in _FONT_SWITCHES and t.text not in ("{", "}")]
    return end - i + 1 if depth == 0 and inner in ([m] for m in marks) else 0


# commands that only set the font of the letter after them (\mathsf T, \rm T, \text{T})
_FONT_SWITCHES = {"\\mathsf", "\\mathrm", "\\rm", "\\sf", "\\text", "\\textsf", "\\textrm", "\\mathit", "\\it"}


def _superscript_samples(tokens: list[_Tok]) -> frozenset[str]:
    """The letters that index samples as bare superscripts: Andrew Ng's Coursera notes write the i-th example
    `x^i`, `y^i` (`J = \\frac{1}{2m}\\sum_{i=1}^m (h(x^i) - y^i)^2`). A letter counts when the formula sums over it
    and writes it as the superscript of two or more different symbols; one symbol raised to the index is a power
    (`\\sum_k \\gamma^k r_{t+k}`, `\\sum_j w_j x^j`)."""
    summed: set[str] = set()
    bases: dict[str, set[str]] = {}
    for k, tok in enumerate(tokens):
        if tok.text in ("\\sum", "\\Sigma"):
            ahead = [t.text for t in tokens[k + 1:k + 12]]
            if "_" in ahead:
                after = ahead[ahead.index("_") + 1:]
                letter = after[1] if after[:1] == ["{"] and len(after) > 1 else (after[0] if after else "")
                summed.add(letter[:1])
        elif tok.text == "^" and k and k + 1 < len(tokens):
            nxt = [t for t in tokens[k + 1:k + 4]]
            if nxt[0].kind == "word" and len(nxt[0].text) == 1:
                letter = nxt[0].text
            elif len(nxt) == 3 and nxt[0].text == "{" and nxt[1].kind == "word" and len(nxt[1].text) == 1 \
                    and nxt[2].text == "}":
                letter = nxt[1].text
            else:
                continue
            if (base := _script_base(tokens, k)) is not None:
                bases.setdefault(letter, set()).add(base)
    return frozenset(letter for letter, written in bases.items() if letter in summed and len(written) > 1)


def _script_base(tokens: list[_Tok], caret: int) -> str | None:
    """The symbol a superscript at `caret` is written on, as written (`y`, `x_j`, `\\hat{y}_{t}`); None after a
    closing parenthesis (`(e^z)^i` raises a whole expression)."""
    def before_group(k: int) -> int:   # the token before the {...} group that closes at k
        depth = 0
        while k >= 0:
            depth += {"}": 1, "{": -1}.get(tokens[k].text, 0)
            if depth == 0:
                return k - 1
            k -= 1
        return -1

    k = caret - 1
    if tokens[k].text == "}":
        k = before_group(k)   # at the command whose argument the group is (\\hat{y}) or a subscript's mark (y_{t})
    elif k >= 1 and tokens[k].kind in ("word", "num") and tokens[k - 1].text == "_":
        k -= 1                # x_j^i
    if k >= 1 and tokens[k].text == "_":
        k -= 1                # the superscript of the subscripted symbol
        if tokens[k].text == "}":
            k = before_group(k)   # \\hat{y}_{t}^{i}
    if k < 0 or tokens[k].kind not in ("word", "cmd") or tokens[k].text in ("\\right", "\\big", "\\Big"):
        return None
    return "".join(t.text for t in tokens[k:caret])


# the letters information theory writes distributions with (p(x_j), q(x_j))
_DISTRIBUTIONS = {"p", "q", "P", "Q"}
# lowercase letters that name a vector of weights or features (θ^T x in Andrew Ng's notes, w^T x + b): their ^T is
# a transpose; a scalar's (γ^T, a discount to the horizon T) is a power
_VECTOR_LETTERS = {"w", "x", "u", "v", "\\theta", "\\beta"}
# the hypothesis h_θ (h_w) of Andrew Ng's courses, and the model f_{w,b} (f_{\vec{w},b}) of his Machine Learning
# Specialization: applied to an example, it is the prediction for it
_HYPOTHESES = {"h_theta", "h_w", "f_w,b"}


def _matrix_or_vector_before(tokens: list[_Tok], i: int) -> bool:
    if i > 0 and tokens[i - 1].text in _VECTOR_LETTERS and (i < 2 or tokens[i - 2].text not in ("_", "^")):
        return True
    return i > 0 and tokens[i - 1].kind == "word" and re.fullmatch(r"[A-Z]{1,3}", tokens[i - 1].text) is not None


def _t_only_as_transpose(tokens: list[_Tok]) -> bool:
    """Every T in the formula is a superscript right after a capital letter (X^T, QK^{T})."""
    for at, tok in enumerate(tokens):
        if tok.text != "T":
            continue
        before = at - 1
        while before >= 0 and (tokens[before].text == "{" or tokens[before].text in _FONT_SWITCHES):
            before -= 1   # `^{T}`, `^{\mathsf T}`, `^{\text{T}}`
        if not (before >= 1 and tokens[before].text == "^" and _matrix_or_vector_before(tokens, before)):
            return False
    return True


def _letters_alone(tokens: list[_Tok]) -> frozenset[str]:
    """The letters a formula writes as symbols of their own: one-letter words, not a script's (the i of x_i) nor
    one carrying a subscript (x_1 is another symbol than x)."""
    return frozenset(tok.text for k, tok in enumerate(tokens) if tok.kind == "word" and len(tok.text) == 1
                     and tok.text.isalpha() and not (k and tokens[k - 1].text in ("_", "^"))
                     and not (k + 1 < len(tokens) and tokens[k + 1].text == "_"))


def _number(text: str) -> sympy.Rational:
    """1,228,800 and 0.2 as exact numbers."""
    text = text.replace(",", "")
    return sympy.Rational(text) if "." in text else sympy.Integer(text)


def evaluator(expr: sympy.Expr, names: list[str]) -> Callable[..., Any]:
    """A fast numeric function of `names` (positional), exact on integers, floats otherwise."""
    symbols = [sympy.Symbol(n) for n in names]
    return sympy.lambdify(symbols, expr.doit(), modules="math")


class _Parser:
    """Recursive descent: expression := term (+|- term)*; term := factor ((times|/|implicit) factor)*."""

    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.i = 0
        self.abs_depth = 0
        self.norm_depth = 0
        self.indices: list[str] = []            # summation indices in scope (x_i inside Σ_i is the vector x)
        self.starts: list[sympy.Expr | None] = []   # where each of those sums starts (1 of Σ_{l=1})
        self.collapsed: set[str] = set()        # vector names made by such collapses
        self.lengths: dict[sympy.Symbol, str] = {}   # Σ_i^N x_i: N is the length of x
        self.summed: list[set[str]] = []        # the index letters of each Σ in scope (Σ_{n,h,w}: n, h, w)
        self.tensor_reads: list[tuple[sympy.Symbol, str, str]] = []   # x_{nchw}: (as written, base, letters)
        self.axes: dict[str, tuple[str, int]] = {}   # an index letter -> (tensor, axis) it runs over
        self.left_out: set[str] = set()         # s_y under Σ_{j≠y} s_j: the element left out, not the vector
        self.subscripts: dict[str, set[str]] = {}    # the subscripts a collapsed vector was written with
        self.literals: list[Any] = []           # every number and vector literal, in order (worked examples)
        # A formula that transposes (X^\top) is in matrix notation: products keep their order (X^T X w is a
        # chain of matrix products, not a commutative product of numbers), Xw is X times w, I is the identity.
        self.matrix_notation = any(_transpose_width(tokens, i) for i in range(len(tokens)))
        self.sample_superscripts = _superscript_samples(tokens)   # y^i, x^i: the i-th example (Ng's notes)
        self.points: frozenset[str] = frozenset()   # x' of K(x, x'): a point, not a derivative (_primed_points)
        self.declared: frozenset[str] = frozenset()   # v of φ(v) = ... on the left side (declared_variables)
        self.alone = _letters_alone(tokens)

    # -- token helpers -------------------------------------------------------------------------
    def done(self) -> bool:
        return self.i >= len(self.tokens)

    def rest(self) -> str:
        return " ".join(t.text for t in self.tokens[self.i:])

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise LatexError("formula ends too early")
        self.i += 1
        return tok

    def one_character(self) -> str:
        """An unbraced script: TeX takes one character of a word (`\\sum_iL_i` is the sum over i of L_i)."""
        tok = self.take()
        if tok.kind in ("num", "word") and len(tok.text) > 1:
            self.push_back_tail(tok)
            return tok.text[0]
        return tok.text

    def push_back_tail(self, tok: _Tok) -> None:
        """Return all but the first character of `tok` to the stream."""
        if len(tok.text) > 1:
            self.tokens[self.i:self.i] = [_Tok(tok.kind, tok.text[1:])]

    def accept(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.text == text:
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            got = self.peek()
            raise LatexError(f"expected {text!r}, got {got.text if got else 'end'!r}")

    def skip_sizing(self) -> None:
        while (tok := self.peek()) is not None and tok.kind == "cmd" and tok.text[1:] in _SKIP:
            self.i += 1
            if tok.text in ("\\left", "\\right") and (nxt := self.peek()) is not None and nxt.text == ".":
                self.i += 1  # \right. closes nothing

    # -- grammar -------------------------------------------------------------------------------
    def expression(self) -> sympy.Expr:
        self.skip_sizing()
        if self.accept("-"):
            value = -self.term()
        else:
            self.accept("+")
            value = self.term()
        while True:
            if self.accept("+"):
                value = value + self.term()
            elif self.accept("-"):
                value = value - self.term()
            else:
                return value

    def term(self) -> sympy.Expr:
        value = self.unary()
        while True:
            self.skip_sizing()
            tok = self.peek()
            if tok is None:
                return value
            if tok.text in ("*",) or (tok.kind == "cmd" and tok.text[1:] in _TIMES):
                self.i += 1
                value = value * self.unary()
            elif tok.text == "/":
                self.i += 1
                value = value / self.unary()
            elif tok.kind == "cmd" and tok.text[1:] in _SET_OPS:
                self.i += 1
                value = (CAP if tok.text == "\\cap" else CUP)(value, self.unary())
            elif self.starts_atom(tok):
                value = value * self.unary()
            else:
                return value

    def unary(self) -> sympy.Expr:
        if self.accept("-"):
            return -self.unary()
        if self.accept("+"):
            return self.unary()
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.atom()
        while True:
            self.skip_sizing()
            if self.peek() is not None and self.peek().text == "^" and (width := self.superscript_is_transpose(base)):
                self.i += width
                base = TRANSPOSE(base)
            elif self.peek() is not None and self.peek().text == "^" and (applied := self.labelled_function(base)) is not None:
                base = applied
            elif self.peek() is not None and self.peek().text == "^" and (sample := self.sample_index(base)):
                index, width = sample
                self.i += width
                base = self.subscripted(base.name, index)
            elif self.peek() is not None and self.peek().text == "^" and (width := self.layer_label_width(base)):
                label = "".join(t.text for t in self.tokens[self.i + 2:self.i + width - 1])
                self.i += width   # W^{[l]}, a^{(l-1)}, z^{(2)}: the layer a quantity belongs to, not a power
                base = sympy.Symbol(f"{base.name}^{label}", commutative=base.is_commutative)
            elif self.peek() is not None and self.peek().text == "^" and self.superscript_is_label(base):
                label = self.tokens[self.i + 1].text
                self.i += 5  # ^ t ( x ): p^t(x) names the teacher's p as a function of x, not a power
                base = sympy.Symbol(f"{base.name}^{label}")
            elif self.accept("^"):
                exponent = self.script_value()
                if isinstance(base, sympy.Symbol) and self.peek() is not None and self.peek().text == "_":
                    base = self.with_subscript(base.name)   # \sigma^2_{run}: the square of σ_run, scripts in either order
                base = base ** exponent
            elif self.accept("!"):
                base = sympy.factorial(base)
            else:
                return base

    def superscript_is_transpose(self, base: sympy.Expr) -> int:
        """How many tokens `^\\top`, `^{\\top}` (or ^T on a vector literal) take; 0 when the superscript is not one."""
        if width := _transpose_width(self.tokens, self.i):
            return width
        nxt = self.peek(1)
        literal = isinstance(base, sympy.Function) and base.func in (VEC, MAT)
        return 2 if literal and nxt is not None and nxt.text == "T" else 0

    def labelled_function(self, base: sympy.Expr) -> sympy.Expr | None:
        """V^*(s), Q^{\\pi}(s,a): a superscript * or Greek letter before a table's indices labels the function
        (optimal, of the policy π); None, with nothing consumed, for anything else."""
        start = self.i
        if not isinstance(base, sympy.Symbol):
            return None
        self.i += 1
        braced = self.accept("{")
        label = self.take() if not self.done() else None
        if label is None or not (label.text == "*" or (label.kind == "cmd" and label.text[1:] in _GREEK_SET)) or (
                braced and not self.accept("}")):
            self.i = start
            return None
        name = f"{base.name}^{label.text.lstrip(chr(92))}"
        if self.peek() is None or self.peek().text != "(" or (args := self.index_arguments()) is None:
            self.i = start
            return None
        return APPLY(sympy.Symbol(name), *args)

    def index_arguments(self) -> list[sympy.Symbol] | None:
        """`(s)`, `(s',a')`, `(a \\mid s)`, `(S_t, A_t)`: parentheses holding names only, a table's indices; the
        names after a conditional bar come first. None, with nothing consumed, for anything else (p(1-p))."""
        start = self.i
        groups: list[list[sympy.Symbol]] = [[]]
        try:
            self.expect("(")
            while True:
                groups[-1].append(self.index_name())
                tok = self.take()
                if tok.text == ")":
                    break
                if tok.text in ("|", "\\mid", "\\vert") and len(groups) == 1:   # p(s',r \vert s,a): the same bar
                    groups.append([])
                elif tok.text != ",":
                    raise LatexError(f"unexpected {tok.text!r} among indices")
        except LatexError:
            self.i = start
            return None
        return [*groups[1], *groups[0]] if len(groups) == 2 else groups[0]

    def index_name(self) -> sympy.Symbol:
        """One index: a letter, its primes and its subscript (s', a_t, S_{t+1}); or a Greek letter, the parameters
        a named quantity is taken at (g_t(θ_{t-1}), the gradient at the previous weights, is no product g_t·θ_{t-1})."""
        tok = self.take()
        while tok.kind == "cmd" and tok.text[1:] in _STYLE and self.peek() is not None and self.peek().text != "{":
            tok = self.take()   # \pmb \theta, \bm w: a bold letter is the letter
        greek = tok.kind == "cmd" and tok.text[1:] in _GREEK_SET
        if not greek and (tok.kind != "word" or len(tok.text) != 1):
            raise LatexError(f"{tok.text!r} is not an index")
        primes = 0
        while self.accept("'"):
            primes += 1
        sub = None
        if self.accept("_"):
            sub = symbol_key(self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text)
        while self.accept("'"):   # s_i' is typeset as s'_i: the prime after the subscript marks the same symbol
            primes += 1
        name = (tok.text[1:] if greek else tok.text) + "'" * primes
        return self.subscripted(name, sub) if sub is not None else self.matrix_symbol(name)

    def applied(self, function: sympy.Expr) -> sympy.Expr:
        """The function applied to a table's indices when parentheses of names follow it, else the name."""
        if self.peek() is not None and self.peek().text == "(" and (args := self.index_arguments()) is not None:
            if (len(args) == 1 and isinstance(function, sympy.Symbol) and function.name in _DISTRIBUTIONS
                    and self.at_summed_outcome(args[0])):
                # p(x_j) under Σ_j: a distribution at the j-th outcome is element j of p, as p_j is (entropy's
                # -Σ_j p(x_j) log p(x_j)); the MDP's tables are read at states and actions, never at x_j, and a
                # model f(x_i) at an example is its prediction (kb.check.link reads it so)
                self.collapsed.add(function.name)
                return sympy.Symbol(function.name)
            return APPLY(function, *args)
        return function

    def at_summed_outcome(self, arg: sympy.Expr) -> bool:
        """The argument is an outcome written with the index of a sum in scope (x_j under Σ_j)."""
        return isinstance(arg, sympy.Symbol) and arg.name in self.collapsed and any(
            written.lower() in self.indices for written in self.subscripts.get(arg.name, ()))

    def sample_index(self, base: sympy.Expr) -> tuple[str, int] | None:
        """`x^{(i)}`, `y^{(i)}`: a parenthesised index letter written as a superscript is the i-th sample (the
        notation of Andrew Ng's courses and the notes that follow them), not a power; so is a bare `y^i`, `x^{i}`
        when the formula writes the summed letter so on several symbols (_superscript_samples). The letter and
        the tokens it takes; None when the superscript is anything else, or is followed by arguments
        (`f^{(n)}(x)` is the n-th derivative)."""
        if not isinstance(base, sympy.Symbol):
            return None
        ahead = [self.peek(k) for k in range(1, 7)]
        texts = [t.text if t is not None else None for t in ahead]
        for letter_at, width in ((3, 6), (2, 4), (1, 2)):
            frame = {6: ["{", "(", None, ")", "}"], 4: ["{", None, "}"], 2: [None]}[width]
            letter = ahead[letter_at - 1]
            if letter is None or letter.kind != "word" or len(letter.text) != 1 or any(
                    want is not None and texts[k] != want for k, want in enumerate(frame)):
                continue
            if width < 6 and letter.text not in self.sample_superscripts:
                continue
            if texts[width - 1] == "(":
                return None
            return letter.text, width
        return None

    def layer_label_width(self, base: sympy.Expr) -> int:
        """How many tokens a layer label `^{[l]}`, `^{[l-1]}`, `^{(2)}`, `^{(l+1)}` takes (Ng's courses write the
        layer in brackets, the UFLDL tutorial in parentheses: kb.check.layer_labels); 0 for anything else, and
        for `f^{(n)}(x)`, a derivative's order."""
        if not isinstance(base, sympy.Symbol) or self.peek(1) is None or self.peek(1).text != "{":
            return 0
        opening = self.peek(2)
        if opening is None or opening.text not in ("[", "("):
            return 0
        closing = "]" if opening.text == "[" else ")"
        k = 3
        while (tok := self.peek(k)) is not None and tok.text != closing:
            if tok.text not in ("+", "-") and not (tok.kind == "num" or (tok.kind == "word" and tok.text in ("l", "L"))):
                return 0
            k += 1
        after = self.peek(k + 2)
        if tok is None or k == 3 or self.peek(k + 1) is None or self.peek(k + 1).text != "}" or (
                after is not None and after.text == "("):
            return 0
        return k + 2

    def superscript_is_label(self, base: sympy.Expr) -> bool:
        """p_k^t(x): a one-letter superscript followed by an argument in parentheses is part of the name."""
        ahead = [self.peek(k) for k in range(1, 5)]
        if not isinstance(base, sympy.Symbol) or any(t is None for t in ahead):
            return False
        label, open_, arg, close = ahead
        return (label.kind == "word" and len(label.text) == 1 and open_.text == "(" and arg.kind == "word"
                and close.text == ")")

    def script_value(self) -> sympy.Expr:
        """The argument of ^: a braced group or a single token."""
        if self.peek() is not None and self.peek().text == "{":
            return self.group()
        tok = self.take()
        if tok.kind in ("num", "word") and len(tok.text) > 1:
            self.push_back_tail(tok)  # x^23 is x^2 * 3 in LaTeX: only one character is the exponent
        if tok.kind == "num":
            return sympy.Integer(tok.text[0])
        if tok.kind == "word":
            return sympy.Symbol(tok.text[0])
        if tok.kind == "cmd" and tok.text[1:] in _GREEK_SET:
            return sympy.Symbol(tok.text[1:])
        if tok.text == "\\infty":   # \sum_{k=0}^\infty: an unbraced bound is one token, ∞ among them
            return sympy.oo
        if tok.text == "-":
            return -self.script_value()
        raise LatexError(f"cannot read exponent {tok.text!r}")

    def starts_atom(self, tok: _Tok) -> bool:
        if tok.kind in ("num", "word"):
            return tok.text not in ("_",)
        if tok.kind == "sym":
            return tok.text in ("(", "[", "{") or (tok.text == "|" and self.abs_depth == 0) or (
                tok.text == "||" and self.norm_depth == 0)
        if tok.kind == "cmd":
            name = tok.text[1:]
            return (name in _GREEK_SET or name in _FUNCS or name in _ACCENTS or name in _STYLE
                    or name in ("frac", "dfrac", "tfrac", "sqrt", "lfloor", "lceil", "sum", "prod", "text", "begin", "nabla",
                                "ell", "langle",
                                "operatorname", "mathop", "infty", "left", "lvert", "big", "Big", "bigl", "Bigl", "lVert",
                                *_BRACE_LABELS)) or (
                name == "Vert" and self.norm_depth == 0)
        return False

    def group(self) -> sympy.Expr:
        self.expect("{")
        value = self.expression()
        self.expect("}")
        return value

    def raw_group(self) -> str:
        """The text of a braced group (for \\text{...}, subscripts), without parsing it."""
        self.expect("{")
        depth, parts = 1, []
        while True:
            tok = self.take()
            if tok.text == "{":
                depth += 1
            elif tok.text == "}":
                depth -= 1
                if depth == 0:
                    return "".join(parts)
            parts.append(tok.text)

    def atom(self) -> sympy.Expr:
        self.skip_sizing()
        tok = self.take()
        if tok.kind == "num":
            value = _number(tok.text)
            self.literals.append(value)
            return value
        if tok.kind == "word" and tok.text == "%":
            return sympy.Rational(1, 100)   # the percent sign is the number 1/100 (ISO 80000-1): 100\% is 1
        if tok.kind == "word":
            if self.juxtaposed(tok.text):   # `av`: the letters a and v side by side, their product
                self.tokens[self.i:self.i] = [_Tok("word", letter) for letter in tok.text[1:]]
                tok = _Tok("word", tok.text[0])
            return self.primed_point(tok.text) or self.name_or_call(tok.text)
        if tok.text == "[" and (row := self.number_row("]")) is not None:
            self.literals.append(row)
            return row
        if tok.text in ("(", "["):
            close = ")" if tok.text == "(" else "]"
            value = self.expression()
            self.skip_sizing()
            if self.peek() is not None and self.peek().text == ",":
                raise LatexError("a tuple or function of several arguments")
            self.expect(close)
            return value
        if tok.text == "{":
            self.i -= 1
            return self.group()
        if tok.text in _NORM_BARS:
            return self.norm(_NORM_BARS[tok.text])
        if tok.text == "|" and (after := self.peek()) is not None and after.text == "|":
            return self.double_bar_norm()
        if tok.text == "|" or tok.text == "\\lvert":
            self.abs_depth += 1
            value = self.expression()
            self.skip_sizing()
            self.abs_depth -= 1
            if not (self.accept("|") or self.accept("\\rvert")):
                raise LatexError("unclosed |...|")
            # |labels|, |X ∩ Y|: the size of a set or vector; |x − y| of an expression stays an absolute value
            if isinstance(value, sympy.Symbol) or (isinstance(value, sympy.Function) and value.func in (CAP, CUP)):
                return CARD(value)
            return sympy.Abs(value)
        if tok.kind == "cmd":
            return self.command(tok.text[1:])
        raise LatexError(f"unexpected {tok.text!r}")

    def juxtaposed(self, word: str) -> bool:
        """TeX sets letters written side by side in math as separate symbols, a product (a name of several letters
        is set upright, with \\mathrm, \\text or \\operatorname). Notes still type names in plain math (TP, lr, dW,
        RF), so a word of two or three letters is a product only when its letters are symbols of the formula:
        each one a letter the formula also writes alone (`\\frac{2PR}{P+R}`), or all but one, when a letter of the
        word is a variable its left side declares (`φ(v) = \\frac{1}{1+e^{-av}}`, `L(y, z) = \\log(1+\\exp(-yz))`:
        the coefficient a multiplies v). Never a function's name (max, exp, sgn), nor a word that starts with d
        (a differential dx, the course notes' gradient dW)."""
        if (not 1 < len(word) <= 3 or not word.isalpha() or word[0] == "d" or word in _NOT_PRODUCTS
                or word.lower() in _CAPITALISED_FUNCS):
            return False
        after = self.peek()
        exponential = word[-1] == "e" and after is not None and after.text == "^"   # Ae^{-x}: A times e^{-x}
        known = self.alone | self.declared
        unknown = sum(letter not in known for letter in (word[:-1] if exponential else word))
        return unknown == 0 or (unknown == 1 and (exponential or any(letter in self.declared for letter in word)))

    def primed_point(self, word: str) -> sympy.Symbol | None:
        """`x'` when the left side takes it as an argument (self.points), its primes taken; None, with nothing
        taken, for anything else."""
        primes = 0
        while (tok := self.peek(primes)) is not None and tok.text == "'":
            primes += 1
        name = word + "'" * primes
        if not primes or name not in self.points:
            return None
        self.i += primes
        return self.matrix_symbol(name)

    def norm(self, close: str) -> sympy.Expr:
        """‖v‖, ‖v‖_2, ‖W‖_F, ‖v‖_1, ‖v‖_∞ (the opening bar already read)."""
        self.norm_depth += 1
        value = self.expression()
        self.skip_sizing()
        self.norm_depth -= 1
        self.expect(close)
        return NORM(value, self.norm_order())

    def double_bar_norm(self) -> sympy.Expr:
        """`||g||_2`: a norm typed with two plain bars each side, as plain-text and hand-typed notes write ‖g‖₂
        (the first bar already read). Inside it a bar can only close it, as inside |x|."""
        self.take()
        self.abs_depth += 1
        value = self.expression()
        self.skip_sizing()
        self.abs_depth -= 1
        self.expect("|")
        self.expect("|")
        return NORM(value, self.norm_order())

    def norm_order(self) -> sympy.Expr:
        """p of ‖v‖_p from the subscript after the closing bar: 2 (also F, Frobenius) when none is written."""
        order = sympy.Integer(2)
        if self.accept("_"):
            sub = symbol_key(self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text)
            orders = {"2": sympy.Integer(2), "F": sympy.Integer(2), "1": sympy.Integer(1), "infty": sympy.oo}
            if sub not in orders:
                raise LatexError(f"a norm with subscript {sub!r}")
            order = orders[sub]
        return order

    def command(self, name: str) -> sympy.Expr:
        if name == "nabla":
            return self.gradient()
        if name == "lim":
            return self.limit()
        if name in ("frac", "dfrac", "tfrac"):
            num = self.group_or_token()
            den = self.group_or_token()
            return num / den
        if name == "sqrt":
            index = None
            if self.accept("["):
                index = self.expression()
                self.expect("]")
            arg = self.group_or_token()
            return sympy.sqrt(arg) if index is None else sympy.root(arg, index)
        if name in ("lfloor", "lceil"):
            value = self.expression()
            self.skip_sizing()
            self.expect("\\rfloor" if name == "lfloor" else "\\rceil")
            return sympy.floor(value) if name == "lfloor" else sympy.ceiling(value)
        if name in ("sum", "prod"):
            return self.big_operator(name)
        if name == "begin":
            env = self.raw_group()
            return self.cases(env) if env in _CASES_ENVS else self.matrix(env)
        if name in ("arg", "argmax", "argmin") and (operator := self.arg_operator(name)):
            return self.over_indices(operator, self.index_names(operator))
        if name == "infty":
            return sympy.oo
        if name == "pi":
            return self.policy_or_pi()
        if name in _FUNCS:
            return self.call(COSINE if name == "cos" and self.two_arguments() else _FUNCS[name], name)
        if name == "mathop" and self.peek() is not None and self.peek().text == "{":
            return self.operator_word()
        if name in ("text", "operatorname", "mathrm") and self.peek() is not None and self.peek().text == "{":
            word = symbol_key(self.raw_group())
            return self.name_or_call(word)
        if name == "ell":   # ℓ, the script l: a letter (a loss, a sample size), as l is
            return self.applied(self.with_subscript(name))
        if name == "langle":
            return self.inner_product()
        if name in _BRACE_LABELS:  # \underbrace{a+b}_{\text{bias}}: the label is a remark on what it spans
            value = self.group_or_token()
            if self.peek() is not None and self.peek().text in ("_", "^"):
                self.take()
                _ = self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take()
            return value
        if name in _STYLE:
            if self.peek() is not None and self.peek().text == "{":
                return self.group_as_name()
            return self.atom()
        if name in _ACCENTS:
            if self.peek() is not None and self.peek().text != "{" and self.peek().kind in ("word", "cmd"):
                inner = symbol_key(self.take().text)   # \hat y_i: the accent's argument is the next letter
            else:
                inner = self.group_as_name().name
            return self.with_subscript(f"{name}{inner}")
        if name in _CAPITAL_OPERATORS and self.bounds_follow():
            return self.big_operator(_CAPITAL_OPERATORS[name])
        if name in _GREEK_SET:
            # \sigma(x), \sigma\left(x\right): the sigmoid applied, whatever size its parentheses are typeset at
            if name == "sigma" and self.paren_follows():
                if self.writes_statistic_operators():
                    raise LatexError("σ(·) beside μ(·) is the standard deviation, not the sigmoid: "
                                     "statistic-operator notation is not checkable as written")
                return self.call(_NAMED_FUNCS["sigmoid"], name)
            return self.applied(self.with_subscript(name))
        raise LatexError(f"\\{name} is outside the checkable subset")

    def limit(self) -> sympy.Expr:
        """`\\lim_{h \\to 0} body`: the limit sympy computes, two-sided, of a body of functions kb knows; a body of a
        function kb does not know (f(x+h) of any f) or a limit sympy leaves unevaluated is outside the subset."""
        if not self.accept("_"):
            raise LatexError("\\lim without the variable it takes")
        self.expect("{")
        variable, point, depth = [], [], 0
        while (tok := self.take()).text != "}" or depth:
            depth += (tok.text == "{") - (tok.text == "}")
            if tok.text in ("\\to", "\\rightarrow") and not point and not depth:
                point.append("")
            else:
                (point if point else variable).append(tok.text)
        var, at = to_sympy(" ".join(variable)), to_sympy(" ".join(point[1:])) if point else None
        if not isinstance(var, sympy.Symbol) or at is None or at.free_symbols:
            raise LatexError("a \\lim whose variable or point kb cannot read")
        body = self.term()
        if body.atoms(AppliedUndef):
            raise LatexError("a \\lim of a function kb does not know")
        if var not in body.free_symbols:   # \lim_{n\to\infty} a_n: a sequence's term, its index a subscript
            raise LatexError("a \\lim whose body is no expression of its variable")
        value = sympy.limit(body, var, at, dir="+-")
        if value.has(sympy.Limit, sympy.AccumBounds, sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
            raise LatexError("a \\lim kb cannot compute")
        return value

    def paren_follows(self) -> bool:
        """A `(` comes next, after any sizing command (`\\left(`, `\\big(`)."""
        k = 0
        while (tok := self.peek(k)) is not None and tok.kind == "cmd" and tok.text[1:] in _SIZING:
            k += 1
        return (tok := self.peek(k)) is not None and tok.text == "("

    def bounds_follow(self) -> bool:
        """`\\Sigma_{i=1}^{N}` or `\\Sigma^{N}_{i=1}`: a capital letter carrying an index with its start (`i=1`) is
        a big operator typed with the letter, as notes written without \\sum do. A covariance \\Sigma, \\Sigma_{xy},
        \\Sigma_k or \\Sigma^{-1} names no start and stays a symbol; so does `\\Sigma^N_i`, whose sum is not certain
        enough to judge a formula by (its body's extent is a guess as well)."""
        start, lower = self.i, ""
        for _ in range(2):
            if self.accept("^"):
                self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take()
            elif self.accept("_"):
                lower = self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text
        self.i = start
        return re.fullmatch(r"[A-Za-z]=.+", lower) is not None

    def writes_statistic_operators(self) -> bool:
        r"""μ(x) anywhere in the formula: the note writes statistics as operators (μ(x), σ(x)), so σ(x) is a
        standard deviation. Read as the sigmoid it would make a correct batch-norm formula look wrong."""
        return any(tok.text == "\\mu" and nxt.text == "("
                   for tok, nxt in zip(self.tokens, self.tokens[1:]))

    def two_arguments(self) -> bool:
        """cos(u, v): a comma at the top level of the parentheses that follow."""
        if self.peek() is None or self.peek().text != "(":
            return False
        depth = 0
        for tok in self.tokens[self.i:]:
            depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(tok.text, 0)
            if depth == 0:
                return False
            if depth == 1 and tok.text == ",":
                return True
        return False

    def arg_operator(self, name: str) -> str:
        """`argmax` for \\arg\\max_a or \\argmax_a (a macro notes define), `argmin` likewise, consuming up to the
        subscript's `_`; '' with nothing consumed for anything else."""
        start = self.i
        if name == "arg":
            name = "argmax" if self.accept("\\max") else "argmin" if self.accept("\\min") else ""
        if name and self.accept("_"):
            return name
        self.i = start
        return ""

    def policy_or_pi(self) -> sympy.Expr:
        """π(a|s), π_θ(a|s), π^*(s) name a policy; π alone is the number."""
        nxt = self.peek()
        if nxt is not None and nxt.text == "_":
            return self.applied(self.with_subscript("pi"))
        if nxt is not None and nxt.text == "^" and (labelled := self.labelled_function(sympy.Symbol("pi"))) is not None:
            return labelled
        applied = self.applied(sympy.Symbol("pi"))
        return sympy.pi if isinstance(applied, sympy.Symbol) else applied

    def number_row(self, close: str) -> sympy.Expr | None:
        r"""[0\;1] or [-1 \ 0 \ 1]: two or more numbers side by side are a row vector (None otherwise)."""
        values, j = [], self.i
        while j < len(self.tokens) and self.tokens[j].text != close:
            sign = 1
            if self.tokens[j].text == "-":
                sign, j = -1, j + 1
            if j >= len(self.tokens) or self.tokens[j].kind != "num":
                return None
            values.append(sign * _number(self.tokens[j].text))
            j += 1
            if j < len(self.tokens) and self.tokens[j].text == ",":
                j += 1
        if len(values) < 2 or j >= len(self.tokens):
            return None
        self.i = j + 1
        return VEC(*values)

    def environment_ends(self, env: str) -> bool:
        r"""True (and past it) at the `\end{...}` of the environment being read; an error at the formula's end."""
        tok = self.peek()
        if tok is None:
            raise LatexError(f"unclosed \\begin{{{env}}}")
        if tok.text != "\\end":
            return False
        self.take()
        self.raw_group()
        return True

    def matrix(self, env: str) -> sympy.Expr:
        r"""\begin{bmatrix} a & b \\ c & d \end{bmatrix}: rows of entries."""
        if env not in _MATRIX_ENVS:
            raise LatexError(f"\\begin{{{env}}} is outside the checkable subset")
        # Cells are what lies between `&`s, so a blank cell stays a cell: dropping it would shift the
        # row's entries into the wrong columns. A blank often means 0, but only by the author's habit.
        rows: list[list[sympy.Expr | None]] = [[None]]
        while not self.environment_ends(env):
            tok = self.peek()
            if tok.kind == "row":
                self.take()
                rows.append([None])
            elif tok.text == "&":
                self.take()
                rows[-1].append(None)
            elif rows[-1][-1] is None:
                rows[-1][-1] = self.expression()
            else:
                raise LatexError("two expressions in one matrix cell")
        rows = [r for r in rows if r != [None]]  # a trailing \\ leaves an empty last row
        if any(cell is None for row in rows for cell in row):
            raise LatexError("a matrix with blank cells (read as 0 only by convention)")
        if not rows or len({len(r) for r in rows}) != 1:
            raise LatexError("a matrix with ragged rows")
        value = MAT(*(VEC(*r) for r in rows))
        self.literals.append(value)
        return value

    def cases(self, env: str) -> sympy.Expr:
        r"""\begin{cases} x & x > 0 \\ \alpha(e^x-1) & \text{otherwise} \end{cases}: a sympy Piecewise, each row's
        value under its condition (a point no row covers has no value: nan, never a guess)."""
        pieces: list[tuple[sympy.Expr, Any]] = []
        while not self.environment_ends(env):
            tok = self.peek()
            if tok.kind == "row":
                self.take()
                continue
            self.separate_condition()
            value = self.expression()
            self.accept(",")          # `x, & x > 0` and `x, \text{if } x > 0` put a comma after the value
            self.accept("&")
            pieces.append((value, case_condition(self.row_tokens())))
        if not pieces:
            raise LatexError(f"an empty \\begin{{{env}}}")
        return sympy.Piecewise(*pieces)

    def separate_condition(self) -> None:
        """`0 \\text{if} a \\le 0` (no `&`: blog pages space the row with \\hspace instead): the condition's word
        starts the condition, as the column break would, so the value is not read as multiplied by it."""
        if_words, otherwise_words = _case_words()
        depth = 0
        for k in range(self.i, len(self.tokens)):
            tok = self.tokens[k]
            if depth == 0 and (tok.kind == "row" or tok.text in ("\\end", "&", ",")):
                return
            if (depth == 0 and k > self.i and tok.text in ("\\text", "\\mathrm", "\\textrm") and k + 1 < len(self.tokens)
                    and self.tokens[k + 1].text == "{"):
                word = _squeeze("".join(t.text for t in self.tokens[k + 2:_closing_brace(self.tokens, k + 1)]))
                if word in if_words or word in otherwise_words:
                    self.tokens.insert(k, _Tok("other", "&"))
                    return
            depth += {"{": 1, "}": -1}.get(tok.text, 0)

    def row_tokens(self) -> list[_Tok]:
        """The tokens up to the end of the row (`\\\\` or `\\end` outside braces), taken."""
        start, depth = self.i, 0
        while (tok := self.peek()) is not None and not (depth == 0 and (tok.kind == "row" or tok.text == "\\end")):
            depth += {"{": 1, "}": -1}.get(tok.text, 0)
            self.i += 1
        return self.tokens[start:self.i]

    def group_or_token(self) -> sympy.Expr:
        if self.peek() is not None and self.peek().text == "{":
            return self.group()
        tok = self.take()
        if tok.kind == "num":  # \frac12 means 1/2
            self.push_back_tail(tok)
            return sympy.Integer(tok.text[0])
        self.i -= 1
        return self.atom()

    def group_as_name(self) -> sympy.Symbol:
        """\\mathbf{x} or \\hat{x}: the argument names a variable."""
        text = symbol_key(self.raw_group())
        if not re.fullmatch(r"[A-Za-z_0-9,]+", text):
            raise LatexError(f"cannot use {text!r} as a name")
        return self.with_subscript(text)

    def operator_word(self) -> sympy.Expr:
        """`\\mathop{log} q_i`: TeX sets the word as an operator, spaced and drawn as `\\log` is, so a function's name
        is that function, applied as its command would be (to the next factor when no parenthesis follows)."""
        word = symbol_key(self.raw_group()).lstrip("\\")
        if word not in _FUNCS:
            raise LatexError(f"\\mathop{{{word}}} is outside the checkable subset")
        return self.call(_FUNCS[word], word)

    def name_or_call(self, word: str) -> sympy.Expr:
        if word == "e" and self.peek() is not None and self.peek().text == "^":
            return sympy.E  # e^{...} in a note is the exponential, not a variable named e
        if word in ("E", "Var") and self.peek() is not None and self.peek().text == "[":
            self.take()
            value = self.expression()
            self.expect("]")
            # E[x^2]: the mean over the data; Var[x] = E[(x − E[x])²], the variance of the same data
            return DMEAN(value) if word == "E" else DMEAN((value - DMEAN(value)) ** 2)
        if word not in _NAMED_FUNCS and word.lower() in _CAPITALISED_FUNCS and self.opens_call():
            word = _CAPITALISED_FUNCS[word.lower()]   # \text{Softmax}(z), Tanh(x): the function, however capitalised
        if word in _NAMED_FUNCS and self.opens_call():
            value = self.call(_NAMED_FUNCS[word], word)
            if word == "softmax" and self.accept("_"):   # softmax(z)_i: one component, written for all of them
                self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take()
            return value
        if self.peek() is not None and self.peek().text == "(" and len(word) > 1:
            raise LatexError(f"unknown function {word}(...)")
        if self.matrix_notation and 1 < len(word) <= 3:   # Xw, X^T y: juxtaposed letters are a matrix product
            *factors, last = word
            tail = self.with_subscript(last)
            # QK^\top transposes K alone: a superscript belongs to the letter it follows, not to the product
            if self.peek() is not None and self.peek().text == "^" and (width := self.superscript_is_transpose(tail)):
                self.i += width
                tail = TRANSPOSE(tail)
            return sympy.Mul(*(self.matrix_symbol(f) for f in factors), tail)
        if self.matrix_notation and word == "I" and not (self.peek() is not None and self.peek().text == "_"):
            return IDENTITY()
        name = self.with_subscript(word)
        if name.name in _HYPOTHESES and (prediction := self.prediction(name)) is not None:
            return prediction
        return self.applied(name) if len(word) == 1 else name

    def prediction(self, hypothesis: sympy.Symbol) -> sympy.Symbol | None:
        """`h_\\theta(x^{(i)})`, `h_\\theta(x)`: the hypothesis applied to one example is the model's prediction for
        it (Andrew Ng's notation), a quantity of its own: under Σ_i the vector of predictions, as ŷ_i is. None, with
        nothing consumed, unless one example's name alone stands in the parentheses."""
        start, collapsed = self.i, set(self.collapsed)
        self.skip_sizing()
        if not self.accept("("):
            self.i = start
            return None
        try:
            argument = self.expression()
            self.skip_sizing()
            self.expect(")")
        except LatexError:
            argument = None
        if not isinstance(argument, sympy.Symbol):
            self.i, self.collapsed = start, collapsed
            return None
        if argument.name in self.collapsed:
            self.collapsed = collapsed | {hypothesis.name}   # the examples' vector is the predictions' now
        return hypothesis

    def with_subscript(self, base: str) -> sympy.Symbol:
        if self.accept("_"):
            if self.peek() is not None and self.peek().text == "{":
                return self.subscripted(base, symbol_key(self.raw_group()))
            return self.subscripted(base, symbol_key(self.take().text))
        return self.matrix_symbol(base)

    def subscripted(self, base: str, sub: str) -> sympy.Symbol:
        """`base` with index `sub`: under a sum over that index, the data vector itself."""
        if sub.lower() in self.indices or self.offset_index(sub):
            self.collapsed.add(base)
            self.subscripts.setdefault(base, set()).add(sub)
            return sympy.Symbol(base)  # x_i under Σ_i: the data vector x, summed elementwise
        head, _, last = sub.rpartition(",")
        if head.isdigit() and last.lower() in self.indices:
            self.collapsed.add(f"{base}_{head}")
            return sympy.Symbol(f"{base}_{head}")  # I_{1,p} under Σ_p: element p of the vector I_1
        written = self.matrix_symbol(f"{base}_{sub}")
        letters = sub.replace(",", "")
        if _INDEX_LIST.fullmatch(sub) and len(set(letters)) == len(letters) and self.summed \
                and set(letters) & self.summed[-1]:
            self.tensor_reads.append((written, base, letters))   # x_{nchw} under Σ_{n,h,w}: one index per axis
        return written

    def positions(self, vector: str, start: sympy.Expr | None, upper: sympy.Expr | None) -> sympy.Expr:
        """Σ_{k=0}^{∞} γ^k r_{t+k+1}: the index itself in the body is each element's position from the start; the sum
        runs over the whole sequence, which only an upper bound of ∞ or the sequence's length says."""
        if not (upper == sympy.oo or isinstance(upper, sympy.Symbol)):
            raise LatexError(f"a sum up to {upper} over part of the sequence {vector}")
        return POSITIONS(sympy.Symbol(vector), start if start is not None else sympy.Integer(0))

    def offset_index(self, sub: str) -> bool:
        """r_{t+k+1} under Σ_k: the summation index shifted by the time step and a constant reads the sequence r
        from where the sum starts (r_{t+1} is its first element, as R_{t+1} is the first reward of G_t)."""
        match = _OFFSET_SUBSCRIPT.fullmatch(sub)
        return match is not None and match.group(1) in self.indices

    def opens_call(self) -> bool:
        """The next token, past sizing commands (\\left, \\big), opens a function's arguments."""
        at = self._past_sizing()
        return at < len(self.tokens) and self.tokens[at].text in ("(", "[")

    def _past_sizing(self) -> int:
        """The index of the next token that is no sizing command."""
        at = self.i
        while at < len(self.tokens) and self.tokens[at].kind == "cmd" and self.tokens[at].text[1:] in _SKIP:
            at += 1
        return at

    def matrix_symbol(self, name: str) -> sympy.Symbol:
        """A name; in matrix notation one whose products keep their order."""
        return sympy.Symbol(name, commutative=not self.matrix_notation)

    def call(self, fn: Callable[..., Any], name: str) -> sympy.Expr:
        self.skip_sizing()
        if self.peek() is not None and self.peek().text == "_" and name in _INDEX_OPERATORS:
            self.take()
            return self.over_indices(name, self.index_names(name))
        if name == "log" and (base := self.log_base()) is not None:   # \log_2 p: the entropy's bits
            return self.call(lambda x: sympy.log(x, base), "log")
        if self.peek() is not None and self.peek().text == "_":
            raise LatexError(f"\\{name} with a subscript (an optimisation over a set)")
        if self.peek() is not None and self.peek().text == "^":  # \sin^2 x
            self.take()
            exponent = self.script_value()
            return fn(self.call_argument()) ** exponent
        args = self.call_arguments(name)
        try:
            return fn(*args)
        except TypeError as exc:  # \cos(a, b): the wrong number of arguments for the function
            raise LatexError(f"\\{name} with {len(args)} arguments") from exc

    def log_base(self) -> sympy.Expr | None:
        """The base `_2`, `_{2}`, `_{10}` or `_e` after \\log, taken (None, nothing taken, when none follows)."""
        start = self.i
        if not self.accept("_"):
            return None
        tok = self.peek()
        braced = tok is not None and tok.text == "{"
        written = symbol_key(self.raw_group()).strip() if braced else (tok.text[:1] if tok is not None else "")
        if written not in _LOG_BASES:
            self.i = start
            return None
        if not braced:
            self.push_back_tail(self.take())   # \log_2x: only one character is the subscript
        return _LOG_BASES[written]

    def call_arguments(self, name: str) -> list[sympy.Expr]:
        self.skip_sizing()
        tok = self.peek()
        if tok is not None and tok.text in ("(", "["):
            close = ")" if tok.text == "(" else "]"
            self.take()
            args = [self.expression()]
            while self.accept(","):
                args.append(self.expression())
            self.skip_sizing()
            self.expect(close)
            return args
        if name in ("max", "min") and tok is not None and tok.text == "{":
            return self.set_arguments()
        if name in ("max", "min"):
            raise LatexError(f"\\{name} without parenthesised arguments")
        return [self.call_argument()]

    def set_arguments(self) -> list[sympy.Expr]:
        """`\\max\\{0, x\\}`, `\\max{\\{0, x\\}}`: the largest of a set written out, as max(0, x) is (the tokenizer
        reads the set's braces \\{ \\} as braces, so a brace group around the set is one more pair)."""
        opened = 0
        while self.accept("{"):
            opened += 1
        args = [self.expression()]
        while self.accept(","):
            args.append(self.expression())
        for _ in range(opened):
            self.skip_sizing()
            self.expect("}")
        if len(args) < 2:
            raise LatexError("the largest of a set of one element")
        return args

    def call_argument(self) -> sympy.Expr:
        """\\cos x or \\log \\frac{a}{b}: a single factor is the argument."""
        if self.peek() is not None and self.peek().text in ("(", "["):
            return self.atom()
        return self.power()

    def inner_product(self) -> sympy.Expr:
        """⟨w, x⟩ (the opening \\langle read): the inner product of two vectors, Σ_i w_i x_i."""
        left = self.expression()
        self.expect(",")
        right = self.expression()
        self.skip_sizing()
        self.expect("\\rangle")
        return DSUM(left * right)

    def gradient(self) -> sympy.Symbol:
        """∇f(x_t), ∇_θ L(θ_{t-1}), ∇_w L: the gradient of the objective, named by the iterate it is taken at
        (`nabla_t`, `nabla_t-1`; `nabla` when no point is written). The objective's letter and the variable
        under ∇ only say what is differentiated, which an update rule's context fixes. A gradient at a point
        kb cannot name (∇f(x_t + ρv_t), Nesterov's look-ahead) is outside the subset. `∇_W` alone (`W ← W − α∇_W`)
        is the gradient in W of the objective the context fixes; in `∇L(θ_t; B_t)` and `∇_W L(W, X, y)` the point is
        the variable the gradient is taken in, and what follows the semicolon, or the other arguments, the data it
        is computed on (the notation f(x; θ) of ML texts)."""
        variable = None
        if self.accept("_"):
            variable = symbol_key(self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text)
        tok = self.peek()
        if variable is not None and (tok is None or tok.text in (")", "]", "}", "+", "-") or tok.kind == "rel"):
            return sympy.Symbol("nabla")
        if tok is None or not (tok.kind == "word" or (tok.kind == "cmd" and tok.text[1:] in ("ell", "mathcal"))):
            raise LatexError("\\nabla of an expression")
        objective = None
        if tok.text == "\\ell":
            self.take()
        else:
            objective = self.atom()   # the objective (f, L, J, L_i, \mathcal{L})
        if isinstance(objective, sympy.Function) and objective.func == APPLY:   # f(x_t) read as f at one point
            arguments = [a.name for a in objective.args[1:]]
            if len(arguments) != 1 and variable not in arguments:
                raise LatexError("a gradient at a point kb cannot name")
            point = objective.args[1 + arguments.index(variable) if variable in arguments else 1]
        elif (at := self._past_sizing()) >= len(self.tokens) or self.tokens[at].text != "(":
            return sympy.Symbol("nabla")
        else:   # (past a sizing command: ∇C\big(w^{(k)}\big) is ∇C(w^{(k)}))
            self.skip_sizing()
            self.take()
            point = self.expression()
            if self.accept(";"):   # ∇L(θ_t; B_t): the data after the semicolon
                self.expression()
                while self.accept(","):
                    self.expression()
            self.skip_sizing()
            self.expect(")")
        if not isinstance(point, sympy.Symbol):
            raise LatexError("a gradient at a point kb cannot name")
        _, _, index = point.name.partition("_")
        return sympy.Symbol(f"nabla_{index}" if index else "nabla")

    def index_names(self, name: str) -> list[sympy.Symbol]:
        """The subscript of max_{a'} or Σ_{s',r}: the indices it ranges over."""
        text = self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text
        return _index_symbols(name, _WHOLE_SET.sub("", text))

    def over_indices(self, name: str, indices: list[sympy.Symbol]) -> sympy.Expr:
        """Σ_{s',r} p(s',r|s,a)[...], max_{a'} Q(s',a'): the operator over every index value of the tables its
        body reads at that index."""
        body = self.term()
        # min_j x_j, max_i x_i: the smallest and largest entry of the data vector x (min-max scaling's bounds), as
        # min(x) and max(x) write them; over a table's index (max_{a'} Q(s',a')) it stays an operator over that index
        if (name in ("max", "min") and len(indices) == 1 and isinstance(body, sympy.Symbol)
                and self.only_subscript(body) == indices[0].name):
            return _FUNCS[name](self.collapse(body, indices[0].name))
        unread = [i.name for i in indices if not _indexes(body, i)]
        if unread:
            raise LatexError(f"\\{name} over {', '.join(unread)}, which indexes no table (a sum over a set)")
        return _INDEX_OPERATORS[name](body, *indices)

    def big_operator_index(self, name: str) -> tuple[str | list[sympy.Symbol], sympy.Expr | None, str | None]:
        """The subscript of Σ/Π: `i=1` (an index and its start), `i` (an index alone), `j \\neq y` (an index
        over every element but one: the third value names the one left out) or the indices of tables
        (`s',r`, `a'`)."""
        lower = self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.one_character()
        # Σ_{a∈A}, Σ_{s'∈\\mathcal{S}}: the whole set a capital names (the actions, the states) is every value of the
        # index, as Σ_a writes it
        lower = _WHOLE_SET.sub("", lower)
        match = re.fullmatch(r"(.+?)=(.+)", lower)
        if match:
            return symbol_key(match.group(1)), to_sympy(match.group(2)), None
        match = re.fullmatch(r"([A-Za-z])\\neq?([A-Za-z](?:_\w)?)", lower)
        if match and name == "sum":
            return match.group(1), None, symbol_key(match.group(2))
        if re.fullmatch(r"[A-Za-z]", lower) or _INDEX_LIST.fullmatch(symbol_key(lower)):
            return symbol_key(lower), None, None
        return _index_symbols(name, lower), None, None

    def axis_sum(self, body: sympy.Expr, letters: set[str], reads: list[tuple[sympy.Symbol, str, str]],
                 vectors: set[str], start: sympy.Expr | None, upper: sympy.Expr | None) -> sympy.Expr | None:
        """Σ_{n,h,w} x_{nchw}: the tensor x written with one index letter per axis, summed over the axes of the
        summed letters, the others kept (the per-channel sums). Read so only when every tensor in the body
        carries the same indices, no other index is summed with it and the bounds, if written, span the whole
        axis (Σ_{d=1}^{D}); None otherwise."""
        if not reads or vectors or len({(base, idx) for _, base, idx in reads}) != 1:
            return None
        if start not in (None, 1) or (upper is not None and not (
                isinstance(upper, sympy.Symbol) and len(letters) == 1 and upper.name == next(iter(letters)).upper())):
            return None
        _, base, idx = reads[0]
        if not letters <= set(idx):
            return None
        tensor = self.matrix_symbol(base)
        for position, letter in enumerate(idx):
            self.axes[letter] = (base, position)
        body = body.xreplace({written: tensor for written, _, _ in reads})
        return TSUM(body, *(idx.index(letter) for letter in sorted(letters, key=idx.index)))

    @staticmethod
    def only_subscript(body: sympy.Expr) -> str | None:
        """`\\sum e^{x_j}`: the one index letter every subscripted name in an unindexed sum's body carries (j), which
        the sum then runs over; None when names carry no such letter, or different ones."""
        subscripted = [s.name for s in body.free_symbols if "_" in s.name]
        found = {m.group(2) for n in subscripted if (m := re.fullmatch(r"([^_]+)_([a-z])", n))}
        if not subscripted or len(found) != 1 or len(found) != len({n.partition("_")[2] for n in subscripted}):
            return None
        letter = found.pop()
        return None if sympy.Symbol(letter) in body.free_symbols else letter

    def collapse(self, body: sympy.Expr, letter: str) -> sympy.Expr:
        """x_j in the body of a sum over j is the data vector x, as with_subscript reads it under Σ_j."""
        names = {s: sympy.Symbol(s.name[:-2]) for s in body.free_symbols if s.name.endswith("_" + letter)}
        for short in names.values():
            self.collapsed.add(short.name)
            self.subscripts.setdefault(short.name, set()).add(letter)
        return body.xreplace(names)

    def big_operator(self, name: str) -> sympy.Expr:
        """Σ_{i=a}^{b} f(i) as a sympy Sum; Σ x, Σ_i^N x_i, Σ_k p_k log q_k as a sum over the data vector."""
        index, start, upper, excluded = None, None, None, None
        # the limits come in either order: \sum_{i=1}^{m} and \sum^{m}_{i=1} typeset the same
        for _ in range(2):
            if upper is None and self.accept("^"):
                upper = self.script_value()
            elif index is None and self.accept("_"):
                index, start, excluded = self.big_operator_index(name)
        if isinstance(index, list):
            if name != "sum" or upper is not None:
                raise LatexError(f"\\{name} over {', '.join(i.name for i in index)}: a sum over a set")
            return self.over_indices(name, index)
        self.indices.append((index or "").lower())
        self.starts.append(start)
        self.summed.append(set((index or "").replace(",", "")))
        before, reads_before = set(self.collapsed), len(self.tensor_reads)
        body = self.term()
        self.indices.pop()
        self.starts.pop()
        letters = self.summed.pop()
        if name == "sum" and index is None and upper is None and (letter := self.only_subscript(body)) is not None:
            body, index = self.collapse(body, letter), letter
        if name == "sum" and index and start is None and upper is None and all(
                _indexes(body, sympy.Symbol(i)) for i in index.split(",")):   # Σ_a π(a|s) ...: over the table's actions
            return IndexSum(body, *(sympy.Symbol(i) for i in index.split(",")))
        vectors = self.collapsed - before
        if (over_axes := self.axis_sum(body, letters, self.tensor_reads[reads_before:], vectors, start, upper)) is not None:
            return over_axes
        if index is not None and len(index.replace(",", "")) > 1:   # Σ_{a,p,n} D: over a set of triplets, not axes
            raise LatexError(f"\\{name} over {index!r}: a sum over a set or under a condition")
        if any(len(self.subscripts.get(v, ())) > 1 and any(_OFFSET_SUBSCRIPT.fullmatch(s) and s != index
                                                         for s in self.subscripts[v]) for v in vectors):
            raise LatexError("one sequence at two offsets in a sum (x_{t+1} - x_t)")
        over_data = index is None or vectors or sympy.Symbol(index) not in body.free_symbols
        if excluded is not None:
            if not vectors or upper is not None:
                raise LatexError(f"\\sum over {index} \\neq {excluded} of no data vector")
            # Σ_{j≠y} f(s_j) is the sum over every element less the term of element y (s_j there is s_y)
            elements = {sympy.Symbol(v): sympy.Symbol(f"{v}_{excluded}") for v in vectors}
            self.left_out |= {e.name for e in elements.values()}
            return DSUM(body) - body.xreplace(elements)
        if name == "sum" and over_data:
            if isinstance(upper, sympy.Symbol) and vectors:
                self.lengths[upper] = min(vectors)
            if index is not None and vectors and sympy.Symbol(index) in body.free_symbols:
                body = body.xreplace({sympy.Symbol(index): self.positions(min(vectors), start, upper)})
            return DSUM(body)
        if index is None or start is None or upper is None or "," in index:
            raise LatexError(f"\\{name} without bounds")
        if name == "prod" and (prefix := self.prefix_product(body, index, start, upper)) is not None:
            return prefix
        op = sympy.Sum if name == "sum" else sympy.Product
        return op(body, (sympy.Symbol(index), start, upper))

    def prefix_product(self, body: sympy.Expr, index: str, start: sympy.Expr, upper: sympy.Expr) -> sympy.Expr | None:
        """Π_{i=1}^{l-1} s_i inside Σ_{l=1}^{L}: a product over the data vector s whose upper bound is the outer
        sum's index (shifted by a whole number) takes a different number of elements at each term of the outer
        sum, so it is the vector of those products (PREFIX), never s^{l-1} elementwise. None when the body holds
        no vector this product indexes or the bound names no enclosing index. The inner index counts elements from
        the same start as the outer one (both from 1 or both from 0); other starts are not read."""
        if sympy.Symbol(index) in body.free_symbols or not any(
                index in self.subscripts.get(s.name, ()) for s in body.free_symbols):
            return None
        enclosing = [(sympy.Symbol(outer), at) for outer, at in zip(self.indices, self.starts) if outer]
        outer = next(((letter, at) for letter, at in reversed(enclosing) if letter in upper.free_symbols), None)
        if outer is None:
            return None
        offset = sympy.simplify(upper - outer[0])
        if not offset.is_Integer or outer[1] != start:
            raise LatexError(f"a product up to {upper} inside the sum over {outer[0]}: its bounds are not read")
        return PREFIX(body, offset)


# ---- conditions of a piecewise definition ------------------------------------------------------------

_CASES_ENVS = {"cases", "dcases", "rcases", "cases*", "dcases*"}
_TEXT_COMMANDS = {"\\text", "\\textrm", "\\textit", "\\mathrm", "\\mbox", "\\operatorname", "\\textnormal"}
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    ">": sympy.Gt, "\\gt": sympy.Gt, "<": sympy.Lt, "\\lt": sympy.Lt, ">=": sympy.Ge, "\\ge": sympy.Ge,
    "\\geq": sympy.Ge, "\\geqslant": sympy.Ge, "<=": sympy.Le, "\\le": sympy.Le, "\\leq": sympy.Le,
    "\\leqslant": sympy.Le, "\\geqq": sympy.Ge, "\\leqq": sympy.Le, "=": sympy.Eq, "\\neq": sympy.Ne, "\\ne": sympy.Ne}


@functools.cache
def _case_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that lead into a condition and those that mean "otherwise", in every language of the table."""
    table = tomllib.loads(resources.files("kb.check").joinpath("data/piecewise.toml").read_text("utf-8"))
    def words(kind: str) -> frozenset[str]:
        return frozenset(_squeeze(w) for lang in table.values() for w in lang.get(kind, ()))
    return words("if"), words("otherwise")


def _squeeze(text: str) -> str:
    """Words as the tokenizer leaves them: lower case, no spaces, no trailing punctuation."""
    return re.sub(r"\s+", "", text).lower().rstrip(",.:;")


def case_condition(tokens: list[_Tok]) -> Any:
    """The condition of one row: `x > 0`, `\\text{if } x \\le 0`, `0 < x < 1`, `\\text{otherwise}` (True)."""
    if_words, otherwise_words = _case_words()
    words: list[str] = []
    rest: list[_Tok] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.text in _TEXT_COMMANDS and k + 1 < len(tokens) and tokens[k + 1].text == "{":
            end = _closing_brace(tokens, k + 1)
            words.append(_squeeze("".join(t.text for t in tokens[k + 2:end])))
            k = end + 1
            continue
        rest.append(tok)
        k += 1
    while rest and rest[-1].text in (",", ".", ";", ":"):
        rest.pop()
    while rest and rest[0].text in (",", ":"):
        rest.pop(0)
    # `1 & (x > 0)`: a condition in parentheses (as Japanese and other textbooks write cases) is that condition
    if len(rest) > 2 and rest[0].text == "(" and _closing_paren(rest) == len(rest) - 1:
        rest = rest[1:-1]
    if not any(t.kind == "rel" or t.text in _COMPARISONS for t in rest):   # a condition in words only
        said = _squeeze("".join(words) + "".join(t.text for t in rest))
        if said in otherwise_words:
            return sympy.true
        raise LatexError(f"a case under the condition {said!r}, which kb does not read")
    # words that lead into (or, in Japanese and Chinese, close) the comparison are dropped
    while rest and rest[0].kind in ("word", "other") and _squeeze(rest[0].text) in if_words:
        rest.pop(0)
    while rest and rest[-1].kind in ("word", "other") and _squeeze(rest[-1].text) in if_words:
        rest.pop()
    unknown = [w for w in words if w and w not in if_words]
    if unknown:
        raise LatexError(f"a case under the condition {unknown[0]!r}, which kb does not read")
    return _comparison(rest)


def _closing_paren(tokens: list[_Tok]) -> int:
    """The index of the `)` that closes the `(` the tokens start with (-1 when none does)."""
    depth = 0
    for k, tok in enumerate(tokens):
        depth += {"(": 1, ")": -1}.get(tok.text, 0)
        if depth == 0:
            return k
    return -1


def _closing_brace(tokens: list[_Tok], opening: int) -> int:
    depth = 0
    for k in range(opening, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[k].text, 0)
        if depth == 0:
            return k
    raise LatexError("unclosed {")


def _comparison(tokens: list[_Tok]) -> Any:
    """`a < x`, `a < x \\le b` (a chain is the conjunction of its links)."""
    sides: list[list[_Tok]] = [[]]
    ops: list[str] = []
    for tok in tokens:
        if tok.text in _COMPARISONS:
            ops.append(tok.text)
            sides.append([])
        else:
            sides[-1].append(tok)
    if any(not side for side in sides):
        raise LatexError("a case's condition with an empty side")
    values = []
    for side in sides:
        parser = _Parser(list(side))
        values.append(parser.expression())
        if not parser.done():
            raise LatexError(f"cannot read the condition {parser.rest()!r}")
    links = [_COMPARISONS[op](a, b) for op, a, b in zip(ops, values, values[1:])]
    return sympy.And(*links)


def _index_symbols(name: str, text: str) -> list[sympy.Symbol]:
    """`s',r` -> [s', r]; a subscript that is not a list of index names is a set or a condition."""
    names = [symbol_key(part) for part in text.split(",")]
    if not all(re.fullmatch(r"[A-Za-z]'*(?:_[A-Za-z0-9+\-]+)?", n) for n in names):
        raise LatexError(f"\\{name} over {text!r}: a sum over a set or under a condition")
    return [sympy.Symbol(n) for n in names]


def _indexes(body: sympy.Expr, index: sympy.Symbol) -> bool:
    """The body reads a table at `index` (π(a|s) for a)."""
    return any(index in applied.args[1:] for applied in body.atoms(APPLY))


# ---- numeric evaluation over scalars, data vectors and sets --------------------------------------------

def compile_numeric(expr: sympy.Expr, exact: bool = False) -> Callable[[dict[str, Any]], Any]:
    """A function of an environment {symbol name: value} that evaluates `expr` elementwise.

    Values may be numbers, lists or numpy arrays (a data vector, a batch of rows × channels): arithmetic
    broadcasts the way the note's notation means it (γ·(x_i − μ)/σ per element), Σ and E[·] reduce over
    the first axis, |S| is the size of a set or vector. With `exact`, numbers stay sympy Rationals (in
    object arrays for vectors), so a worked example is evaluated without rounding.
    """
    import numpy as np

    expr = expr.doit() if expr.has(sympy.Sum, sympy.Product) else expr
    if expr.has(sympy.Sum, sympy.Product):
        raise LatexError("a sum whose bounds cannot be evaluated")
    compiled = _compile(expr, exact, np)

    def evaluate(env: dict[str, Any]) -> Any:
        # A note's formula tried on an entry's examples may leave its domain (log 0, 0·∞): the result is
        # nan or inf, which the comparison rejects, so numpy's warnings would only be noise in a build.
        with np.errstate(all="ignore"):
            return compiled(env)

    if isinstance(expr, sympy.Piecewise) and not any(cond is sympy.true for _, cond in expr.args):
        covered = _compile_condition(sympy.Or(*(cond for _, cond in expr.args)), exact, np)
        evaluate.unstated = lambda env: np.logical_not(covered(env))   # type: ignore[attr-defined]
    return evaluate


def unstated_points(function: Callable[[dict[str, Any]], Any], env: dict[str, Any]) -> Any:
    """Where a compiled piecewise formula has no row (`1` for x > 0, `0` for x < 0 says nothing at 0): a
    mask, or False when it covers every point."""
    unstated = getattr(function, "unstated", None)
    return False if unstated is None else unstated(env)


def compile_formula(parsed: ParsedFormula) -> Callable[[dict[str, Any]], Any]:
    """What the note's formula gives, as a function of an environment: its right side; for an update of a
    table's entry (`Q(s,a) \\leftarrow ...`), the whole table after the update (the other entries unchanged)."""
    import numpy as np

    value = compile_numeric(parsed.rhs)
    if parsed.every_index:
        return _every_entry(value, parsed.rhs, [i.name for i in parsed.every_index])
    entry = parsed.updated_entry
    if entry is None:
        return value
    table, *indices = entry.args
    positions = [compile_numeric(i) for i in indices]

    def updated(env: dict[str, Any]) -> Any:
        new = np.array(env[table.name], dtype=float)
        at = tuple(_as_index(p(env)) for p in positions)
        if len(at) != new.ndim:
            raise LatexError(f"{table.name} has {new.ndim} indices, the note gives {len(at)}")
        new[at] = value(env)
        return new

    return updated


def _every_entry(value: Callable[[dict[str, Any]], Any], rhs: sympy.Expr, indices: list[str]
                 ) -> Callable[[dict[str, Any]], Any]:
    """The table the right side gives, one entry per value of the left side's indices."""
    import numpy as np

    readers = [_reader_of(rhs, sympy.Symbol(i)) for i in indices]

    def table(env: dict[str, Any]) -> Any:
        domains = [list(_index_values(env[t], axis, {})) for t, axis, _ in readers]
        values = [value(bound) for bound in _bindings(env, indices, readers)]
        return np.array(values, dtype=float).reshape([len(d) for d in domains])

    return table


def _as_index(value: Any) -> int:
    import numbers

    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    raise LatexError(f"{value!r} is not a table index")


def _compile(expr: sympy.Expr, exact: bool, np: Any) -> Callable[[dict[str, Any]], Any]:
    if isinstance(expr, _IndexOperator):
        return _compile_index_operator(expr, exact, np)
    if isinstance(expr, sympy.Symbol):
        name = expr.name
        return lambda env: _as_value(env[name], np)
    if expr.is_Number or expr in (sympy.pi, sympy.E):
        value = expr if exact else (int(expr) if expr.is_Integer else float(expr))
        return lambda env: value
    if expr.func == TSUM:
        body, axes = _compile(expr.args[0], exact, np), tuple(int(a) for a in expr.args[1:])
        return lambda env: np.sum(body(env), axis=axes)
    if expr.func == AXIS:
        name, axis = expr.args[0].name, int(expr.args[1])
        return lambda env: np.shape(env[name])[axis]
    if isinstance(expr, sympy.Piecewise):
        return _compile_piecewise(expr, exact, np)
    if isinstance(expr, (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not)) or expr is sympy.true:
        return _compile_condition(expr, exact, np)
    if not exact and (exponent := _softplus_exponent(expr)) is not None:
        # ln(1 + e^u) in floats: 1 + e^u rounds away e^u below 1e-16 (u < -37), and its log keeps only the digits
        # that survive (at u = -30 a relative error of 1e-3), so Mish's x·tanh(ln(1 + e^x)) would differ from the
        # same function computed soundly. logaddexp(0, u) is the same value, to full precision at every u.
        inner = _compile(exponent, exact, np)
        return lambda env: np.logaddexp(0, inner(env))
    args = [_compile(a, exact, np) for a in expr.args]
    if isinstance(expr, sympy.Add):
        plus = (lambda a, b: a + b) if expr.is_commutative else (lambda a, b: _matrix_plus(a, b, np))
        return lambda env: _fold(plus, [f(env) for f in args])
    if isinstance(expr, sympy.Mul):
        times = _times if expr.is_commutative else _matrix_times
        return lambda env: _fold(lambda a, b: times(a, b, np), [f(env) for f in args])
    if isinstance(expr, sympy.Pow):
        base, power = args
        if not expr.base.is_commutative and expr.exp == -1:
            return lambda env: _inverse(base(env), np)
        return lambda env: _power(base(env), power(env), np)
    op = _operation(expr, exact, np)
    if len(args) == 1:
        only = args[0]
        return lambda env: op(only(env))
    return lambda env: op(*(f(env) for f in args))


def _softplus_exponent(expr: sympy.Expr) -> sympy.Expr | None:
    """u when `expr` is ln(1 + e^u), else None."""
    if not isinstance(expr, sympy.log) or not isinstance(expr.args[0], sympy.Add) or len(expr.args[0].args) != 2:
        return None
    one, power = sorted(expr.args[0].args, key=lambda a: not a.is_Number)
    return power.args[0] if one == 1 and isinstance(power, sympy.exp) else None


def _compile_piecewise(expr: sympy.Piecewise, exact: bool, np: Any) -> Callable[[dict[str, Any]], Any]:
    """Each element takes the value of the first row whose condition holds there; nan where none does (a
    break point the note leaves open, such as ReLU'(0))."""
    rows = [(_compile(value, exact, np), _compile(cond, exact, np)) for value, cond in expr.args]

    def evaluate(env: dict[str, Any]) -> Any:
        conditions = [cond(env) for _, cond in rows]
        if not any(np.ndim(c) for c in conditions):
            return next((value(env) for (value, _), c in zip(rows, conditions) if c), float("nan"))
        shape = np.broadcast(*conditions).shape
        result = np.full(shape, float("nan"), dtype=object if exact else float)
        settled = np.zeros(shape, dtype=bool)
        for (value, _), cond in zip(rows, conditions):
            pick = np.broadcast_to(np.asarray(cond, dtype=bool), shape) & ~settled
            if pick.any():
                result[pick] = np.broadcast_to(value(env), shape)[pick]
                settled |= pick
        return result

    return evaluate


def _compile_index_operator(expr: _IndexOperator, exact: bool, np: Any) -> Callable[[dict[str, Any]], Any]:
    """Σ/max/min/argmax of the body over every value of its indices; an index ranges over the axis of a table the
    body reads it at (a' in Q(s',a') over Q's actions), or over the values that table gives it once the indices
    before it are known (r in p(s',r|s,a): the reward of that transition)."""
    body = _compile(expr.args[0], exact, np)
    indices = [i.name for i in expr.args[1:]]
    readers = [_reader_of(expr.args[0], i) for i in expr.args[1:]]
    if isinstance(expr, (IndexArgmax, IndexArgmin)):
        if len(indices) != 1:
            raise LatexError("an arg max over several indices")
        best = max if isinstance(expr, IndexArgmax) else min
        return lambda env: best(_bindings(env, indices, readers), key=body)[indices[0]]
    reduce = {IndexSum: sum, IndexMax: max, IndexMin: min}[type(expr)]
    return lambda env: reduce(body(bound) for bound in _bindings(env, indices, readers))


_RELATION_OPS = {"==": "eq", "!=": "ne", ">": "gt", "<": "lt", ">=": "ge", "<=": "le"}


def _compile_condition(expr: Any, exact: bool, np: Any) -> Callable[[dict[str, Any]], Any]:
    if expr is sympy.true:
        return lambda env: True
    if expr is sympy.false:
        return lambda env: False
    if isinstance(expr, sympy.core.relational.Relational):
        import operator
        compare = getattr(operator, _RELATION_OPS[expr.rel_op])
        left, right = _compile(expr.lhs, exact, np), _compile(expr.rhs, exact, np)
        return lambda env: compare(left(env), right(env))
    parts = [_compile_condition(a, exact, np) for a in expr.args]
    if isinstance(expr, sympy.Not):
        return lambda env: np.logical_not(parts[0](env))
    combine = np.logical_and if isinstance(expr, sympy.And) else np.logical_or
    return lambda env: _fold(combine, [p(env) for p in parts])


def _bindings(env: dict[str, Any], indices: list[str], readers: list[tuple[str, int, tuple[str, ...]]]
              ) -> Iterator[dict[str, Any]]:
    """The environment with the indices bound, for every value each takes given those bound before it."""
    if not indices:
        yield env
        return
    table, axis, names = readers[0]
    known = {k: env[n] for k, n in enumerate(names) if k != axis and n in env}
    for value in _index_values(env[table], axis, known):
        yield from _bindings({**env, indices[0]: value}, indices[1:], readers[1:])


def _reader_of(body: sympy.Expr, index: sympy.Symbol) -> tuple[str, int, tuple[str, ...]]:
    """A table the body reads at `index`: its name, the axis and the names of all its indices there."""
    for applied in sorted(body.atoms(APPLY), key=sympy.default_sort_key):
        table, *at = applied.args
        if index in at and isinstance(table, sympy.Symbol):
            return table.name, at.index(index), tuple(getattr(a, "name", "") for a in at)
    raise LatexError(f"{index.name} indexes no table")


def _index_values(table: Any, axis: int, known: dict[int, Any]) -> Any:
    import numpy as np

    if hasattr(table, "index_values"):        # a table that says which values an index takes (rewards)
        return table.index_values(axis, known)
    shape = np.shape(table)
    if axis >= len(shape):
        raise LatexError(f"a table with {len(shape)} indices read at index {axis + 1}")
    return range(shape[axis])


def _lookup(function: Any, *indices: Any) -> Any:
    """A table's entry; a function that is not a table (a number, a vector of per-element values) is its value."""
    import numpy as np

    if hasattr(function, "index_values"):
        return function[indices]
    if isinstance(function, (list, tuple, np.ndarray)) and all(
            isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in indices):
        if np.ndim(function) != len(indices):
            raise LatexError(f"a table with {np.ndim(function)} indices read at {len(indices)}")
        return np.asarray(function)[tuple(int(i) for i in indices)]
    return function


def _operation(expr: sympy.Expr, exact: bool, np: Any) -> Callable[..., Any]:
    func = expr.func
    if func == APPLY:
        return _lookup
    if func == POSITIONS:
        return lambda vector, start: np.arange(len(vector)) + start
    if func == PREFIX:
        return lambda vector, offset: _prefix_products(vector, int(offset), np)
    if func == VEC:
        return lambda *v: np.array([v], dtype=object if exact else float)
    if func == MAT:
        return lambda *rows: np.concatenate(rows, axis=0)
    if func == TRANSPOSE:
        return lambda v: _Row(v) if isinstance(v, np.ndarray) and v.ndim == 1 else v.T
    if func == NORM:
        return lambda v, order: _norm(v, order, exact, np)
    if func == COSINE:
        return lambda u, v: _sum_of_products(u, v, np) / (_norm(u, 2, exact, np) * _norm(v, 2, exact, np))
    if func == IDENTITY:
        return lambda: _Identity(1)
    if func == DSUM:
        return lambda v: np.sum(v, axis=0) if np.ndim(v) else v
    if func == SOFTMAX:
        return _softmax(np)
    if func == DMEAN:
        return lambda v: np.mean(v, axis=0) if np.ndim(v) else v
    if func in (DMAX, DMIN):
        reduce = np.max if func == DMAX else np.min
        return lambda v: reduce(v, axis=0) if np.ndim(v) else v
    if func == CARD:
        return lambda v: len(v) if isinstance(v, set) or (isinstance(v, np.ndarray) and v.ndim) else abs(v)
    if func == LENGTH:
        return lambda v: len(v) if isinstance(v, np.ndarray) and v.ndim else 1
    if func in (CAP, CUP):
        return lambda a, b: _as_set(a) & _as_set(b) if func == CAP else _as_set(a) | _as_set(b)
    if func in (sympy.Max, sympy.Min):
        pick = np.maximum if func == sympy.Max else np.minimum
        return lambda *v: _fold(pick, list(v))
    table = _EXACT_FUNCS if exact else _float_funcs(np)
    name = func.__name__
    if name not in table:
        raise LatexError(f"{name} cannot be evaluated")
    fn = table[name]
    return (lambda *v: np.frompyfunc(fn, len(v), 1)(*v) if any(np.ndim(x) for x in v) else fn(*v)) if exact else fn


_EXACT_FUNCS: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp, "log": sympy.log, "Abs": sympy.Abs, "floor": sympy.floor, "ceiling": sympy.ceiling,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "atan": sympy.atan, "factorial": sympy.factorial, "sign": sympy.sign,
}


def _float_funcs(np: Any) -> dict[str, Callable[..., Any]]:
    import math

    return {"exp": np.exp, "log": np.log, "Abs": np.abs, "floor": np.floor, "ceiling": np.ceil, "sin": np.sin,
            "cos": np.cos, "tan": np.tan, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan,
            "factorial": lambda v: math.factorial(int(v)), "sign": np.sign}


def _softmax(np: Any) -> Callable[[Any], Any]:
    def softmax(v: Any) -> Any:
        v = np.asarray(v, dtype=float)
        if not v.ndim:
            return 1.0   # a single score: all the probability
        # over the last axis: each row of a matrix of scores (QK^T, a batch of logits) is one distribution
        e = np.exp(v - np.max(v, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
    return softmax


def _as_value(value: Any, np: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return np.asarray(value)
    return value


def _as_set(value: Any) -> set:
    return value if isinstance(value, set) else set(value.tolist() if hasattr(value, "tolist") else value)


def _prefix_products(vector: Any, offset: int, np: Any) -> Any:
    """Element j: the product of the vector's first j + offset + 1 elements (1 when that is none)."""
    vector = np.atleast_1d(np.asarray(vector))
    counts = [j + offset + 1 for j in range(len(vector))]
    return np.array([np.prod(vector[:count]) if count > 0 else 1 for count in counts], dtype=vector.dtype)


def _fold(op: Callable[[Any, Any], Any], values: list[Any]) -> Any:
    result = values[0]
    for value in values[1:]:
        result = op(result, value)
    return result


def _times(a: Any, b: Any, np: Any) -> Any:
    """A product; a column times a row (u v^T written u × v^T) broadcasts to their outer product."""
    return np.multiply(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else a * b


def _norm(value: Any, order: Any, exact: bool, np: Any) -> Any:
    """The p-norm of a vector or matrix taken as one vector (the Frobenius norm for p = 2)."""
    values = list(np.ravel(value)) if isinstance(value, np.ndarray) else [value]
    if order == 1:
        return sum(abs(v) for v in values)
    if order == sympy.oo or order == float("inf"):
        return max(abs(v) for v in values)
    total = sum(v * v for v in values)
    return sympy.sqrt(total) if exact else float(np.sqrt(total))


def _sum_of_products(u: Any, v: Any, np: Any) -> Any:
    return sum(a * b for a, b in zip(np.ravel(u), np.ravel(v)))


class _Identity:
    """c·I in matrix notation: added to a square matrix it adds c on the diagonal, and to a vector of one entry
    (a 1×1 matrix, the only vector I has the size of) it adds c; anything else is an error."""
    __array_ufunc__ = None   # numpy defers to the methods below instead of adding I to every entry

    def __init__(self, scale: Any) -> None:
        self.scale = scale

    def __mul__(self, other: Any) -> "_Identity":
        import numpy as np

        if isinstance(other, np.ndarray) and other.ndim:
            return other * self.scale
        return _Identity(self.scale * other)

    __rmul__ = __mul__

    def __add__(self, other: Any) -> Any:
        import numpy as np

        if isinstance(other, np.ndarray) and other.ndim == 2 and other.shape[0] == other.shape[1]:
            return other + self.scale * np.eye(other.shape[0])
        if isinstance(other, np.ndarray) and other.shape == (1,):
            return other + self.scale
        raise LatexError("the identity matrix added to something that is not a square matrix")

    __radd__ = __add__


class _Row:
    """A transposed vector (w^T): times a column it is their dot product, times a matrix a row again."""

    def __init__(self, values: Any) -> None:
        self.values = values


def _matrix_times(a: Any, b: Any, np: Any) -> Any:
    """A product in matrix notation: matrices and vectors multiply as matrices (a row times a column is a number,
    a column times a row their outer product); two columns side by side, or a number, multiply elementwise."""
    if isinstance(a, _Row):
        if isinstance(b, np.ndarray) and b.ndim == 1:
            return float(a.values @ b)
        return _Row(a.values @ b) if isinstance(b, np.ndarray) else _Row(a.values * b)
    if isinstance(b, _Row):
        if isinstance(a, np.ndarray) and a.ndim == 1:
            return np.outer(a, b.values)
        if isinstance(a, np.ndarray):
            raise LatexError("a matrix times a row vector")
        return _Row(a * b.values)
    if isinstance(a, np.ndarray) and a.ndim == 2 and isinstance(b, np.ndarray) and b.ndim:
        return a @ b
    return a * b


def _matrix_plus(a: Any, b: Any, np: Any) -> Any:
    """A sum in matrix notation; a number added to a matrix is refused: XᵀX + λ may be shorthand for XᵀX + λI."""
    for matrix, other in ((a, b), (b, a)):
        if isinstance(matrix, np.ndarray) and matrix.ndim == 2 and not isinstance(other, (np.ndarray, _Identity)):
            raise LatexError("a number added to a matrix (λ may stand for λI)")
    return a + b


def _inverse(value: Any, np: Any) -> Any:
    """M^{-1} of a square matrix; 1/x elementwise of anything else."""
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[0] == value.shape[1] and value.dtype != object:
        return np.linalg.inv(value)
    return 1 / value


def _power(base: Any, exponent: Any, np: Any) -> Any:
    if isinstance(base, np.ndarray) and base.dtype != object:
        return np.power(base.astype(float), exponent)
    if isinstance(exponent, int) and exponent < 0 and not isinstance(base, (sympy.Basic, np.ndarray)):
        return 1 / base ** -exponent   # integer numpy scalars refuse negative integer powers
    return base ** exponent
