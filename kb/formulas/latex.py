"""Note LaTeX -> sympy: the small subset study notes use for checkable formulas.

sympy's own `parse_latex` needs antlr4 or lark, neither of which is installed here, and it reads a word
such as `label` as the product l*a*b*e*l. Notes use words as names (`new\\_label`, `Area`), `\\times`
for products and `D_K`-style subscripts, so a small recursive-descent translator over that subset is
both lighter and closer to what the authors meant. Anything outside the subset raises LatexError,
which the linker reports as "not checkable" with the reason.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy

RELATIONS = {"=": "=", "\\approx": "\\approx", "\\equiv": "=", "\\coloneqq": "=", ":=": "=",
             "\\le": "\\le", "\\leq": "\\le", "\\ge": "\\ge", "\\geq": "\\ge", "<": "<", ">": ">",
             "\\propto": "\\propto", "\\neq": "\\neq", "\\ne": "\\neq"}

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
         "Upsilon Phi Psi Omega").split()
_UNICODE_GREEK = dict(zip("αβγδεϵζηθϑικλμνξοπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ",
                          "alpha beta gamma delta epsilon epsilon zeta eta theta theta iota kappa lambda mu nu xi "
                          "omicron pi rho sigma tau upsilon phi phi chi psi omega Gamma Delta Theta Lambda Xi Pi "
                          "Sigma Upsilon Phi Psi Omega".split()))
_GREEK_SET = set(GREEK)

# Commands that only change how something looks; their argument is read as is.
_STYLE = {"mathrm", "mathit", "mathbf", "boldsymbol", "bm", "mathcal", "mathsf", "mathtt", "mathbb", "rm", "bf",
          "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "mathnormal"}
_ACCENTS = {"hat", "tilde", "bar", "overline", "widehat", "widetilde", "vec", "dot", "ddot"}
_SPACING = {",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "medspace", "thickspace"}
_SIZING = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
_SKIP = _SIZING | {"displaystyle", "textstyle", "scriptstyle", "limits", "nolimits"}
_TIMES = {"times", "cdot", "ast", "*"}

_FUNCS: dict[str, Callable[..., Any]] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "arctan": sympy.atan,
    "max": sympy.Max, "min": sympy.Min,
}
# Named functions notes write with \text{} / \operatorname{} or plain words.
_NAMED_FUNCS: dict[str, Callable[..., Any]] = {
    "ReLU": lambda x: sympy.Max(x, 0),
    "ReLU6": lambda x: sympy.Min(sympy.Max(x, 0), 6),
    "relu": lambda x: sympy.Max(x, 0),
    "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
    "sigma": lambda x: 1 / (1 + sympy.exp(-x)),
    "exp": sympy.exp, "log": sympy.log, "tanh": sympy.tanh,
}

_TOKEN = re.compile(r"""
    (?P<cmd>\\(?:[A-Za-z]+|[,;:!\ {}|_\#%&]))
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z]+)
  | (?P<greek>[αβγδεϵζηθϑικλμνξοπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ])
  | (?P<rel>:=|<=|>=|[=<>])
  | (?P<sym>[-+*/^_(){}\[\]|,'!.])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE)


class LatexError(ValueError):
    """The formula uses LaTeX outside the checkable subset (the message says what)."""


@dataclass(frozen=True)
class ParsedFormula:
    latex: str
    lhs_latex: str
    relation: str
    rhs: sympy.Expr
    lhs: sympy.Expr | None          # None when the left side is a label rather than an expression

    @property
    def symbols(self) -> frozenset[str]:
        """Names the right-hand side depends on (bound summation indices excluded)."""
        return frozenset(s.name for s in self.rhs.free_symbols)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def tokenize(latex: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for match in _TOKEN.finditer(latex):
        kind = match.lastgroup or "other"
        text = match.group()
        if kind == "space":
            continue
        if kind == "cmd":
            name = text[1:]
            if name in _SPACING:
                continue
            if name in RELATIONS:
                kind = "rel"
            elif name in ("{", "}", "|"):
                kind, text = "sym", name if name != "|" else "||"
            elif name in ("_", "#", "%", "&"):
                kind, text = "word", name  # an escaped underscore joins a multi-word name: new\_label
        if kind == "greek":
            kind, text = "cmd", "\\" + _UNICODE_GREEK[text]
        tokens.append(_Tok(kind, text))
    return _join_escaped_underscores(tokens)


def _join_escaped_underscores(tokens: list[_Tok]) -> list[_Tok]:
    joined: list[_Tok] = []
    for tok in tokens:
        if joined and tok.kind == "word" and (tok.text == "_" or joined[-1].text.endswith("_")) \
                and joined[-1].kind == "word":
            joined[-1] = _Tok("word", joined[-1].text + tok.text)
        else:
            joined.append(tok)
    return joined


def split_relation(latex: str) -> tuple[str, str, str]:
    """(lhs, relation, rhs) at the first top-level relation; the rhs is the last part of a chain."""
    depth = 0
    cuts: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(latex):
        text = match.group()
        if text in ("{", "(", "[") or text in ("\\{", "\\left"):
            depth += 1
        elif text in ("}", ")", "]") or text in ("\\}", "\\right"):
            depth -= 1
        elif depth == 0 and (match.lastgroup == "rel" or (match.lastgroup == "cmd" and text[1:] in RELATIONS)):
            cuts.append((match.start(), match.end(), RELATIONS.get(text, text)))
    if not cuts:
        raise LatexError("no relation (=, \\approx, \\le, ...) at the top level")
    first, last = cuts[0], cuts[-1]
    return latex[: first[0]].strip(), first[2], latex[last[1]:].strip()


def parse_formula(latex: str) -> ParsedFormula:
    """Split at the top-level relation and translate the right side (and the left side when it can)."""
    lhs_latex, relation, rhs_latex = split_relation(_strip_trailing_punct(latex))
    if not rhs_latex:
        raise LatexError("empty right-hand side")
    rhs = to_sympy(rhs_latex)
    try:
        lhs = to_sympy(lhs_latex) if lhs_latex else None
    except LatexError:
        lhs = None
    return ParsedFormula(latex, lhs_latex, relation, rhs, lhs)


def to_sympy(latex: str) -> sympy.Expr:
    parser = _Parser(tokenize(latex))
    expr = parser.expression()
    if not parser.done():
        raise LatexError(f"cannot read {parser.rest()!r}")
    return expr


def symbol_key(name: str) -> str:
    """One spelling for a symbol written in a note (`\\eta_{\\min}`) or an alias (`eta_min`, `η_min`)."""
    text = "".join(_UNICODE_GREEK.get(ch, ch) for ch in name)
    text = re.sub(r"\\(?:" + "|".join(sorted(_STYLE | _ACCENTS | {"text", "operatorname"}, key=len, reverse=True))
                  + r")\b", "", text)
    text = text.replace("\\_", "_")
    text = re.sub(r"[\\{}\s]", "", text)
    return text


def evaluator(expr: sympy.Expr, names: list[str]) -> Callable[..., Any]:
    """A fast numeric function of `names` (positional), exact on integers, floats otherwise."""
    symbols = [sympy.Symbol(n) for n in names]
    return sympy.lambdify(symbols, expr.doit(), modules="math")


def _strip_trailing_punct(latex: str) -> str:
    text = re.sub(r"\\(?:quad|qquad)\s*\(\d+(?:\.\d+)?\)\s*$", "", latex.strip())
    text = re.sub(r"\\tag\{[^}]*\}\s*$", "", text)
    return text.rstrip(" .,;")


class _Parser:
    """Recursive descent: expression := term (+|- term)*; term := factor ((times|/|implicit) factor)*."""

    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.i = 0
        self.abs_depth = 0

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
            if self.accept("^"):
                base = base ** self.script_value()
            elif self.accept("!"):
                base = sympy.factorial(base)
            else:
                return base

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
        if tok.text == "-":
            return -self.script_value()
        raise LatexError(f"cannot read exponent {tok.text!r}")

    def starts_atom(self, tok: _Tok) -> bool:
        if tok.kind in ("num", "word"):
            return tok.text not in ("_",)
        if tok.kind == "sym":
            return tok.text in ("(", "[", "{") or (tok.text == "|" and self.abs_depth == 0)
        if tok.kind == "cmd":
            name = tok.text[1:]
            return (name in _GREEK_SET or name in _FUNCS or name in _ACCENTS or name in _STYLE
                    or name in ("frac", "dfrac", "tfrac", "sqrt", "lfloor", "lceil", "sum", "prod", "text",
                                "operatorname", "infty", "left", "lvert", "big", "Big", "bigl", "Bigl"))
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
            return sympy.Rational(tok.text) if "." in tok.text else sympy.Integer(tok.text)
        if tok.kind == "word":
            return self.name_or_call(tok.text)
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
        if tok.text == "|" or tok.text == "\\lvert":
            self.abs_depth += 1
            value = self.expression()
            self.skip_sizing()
            self.abs_depth -= 1
            if not (self.accept("|") or self.accept("\\rvert")):
                raise LatexError("unclosed |...|")
            return sympy.Abs(value)
        if tok.kind == "cmd":
            return self.command(tok.text[1:])
        raise LatexError(f"unexpected {tok.text!r}")

    def command(self, name: str) -> sympy.Expr:
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
        if name == "infty":
            return sympy.oo
        if name == "pi":
            return sympy.pi
        if name in _FUNCS:
            return self.call(_FUNCS[name], name)
        if name in ("text", "operatorname", "mathrm") and self.peek() is not None and self.peek().text == "{":
            word = symbol_key(self.raw_group())
            return self.name_or_call(word)
        if name in _STYLE:
            if self.peek() is not None and self.peek().text == "{":
                return self.group_as_name()
            return self.atom()
        if name in _ACCENTS:
            inner = self.group_as_name()
            return self.with_subscript(f"{name}{inner}")
        if name in _GREEK_SET:
            if name == "sigma" and self.peek() is not None and self.peek().text == "(":
                return self.call(_NAMED_FUNCS["sigmoid"], name)
            return self.with_subscript(name)
        raise LatexError(f"\\{name} is outside the checkable subset")

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

    def name_or_call(self, word: str) -> sympy.Expr:
        if word == "e" and self.peek() is not None and self.peek().text == "^":
            return sympy.E  # e^{...} in a note is the exponential, not a variable named e
        if word in _NAMED_FUNCS and self.peek() is not None and self.peek().text in ("(", "["):
            return self.call(_NAMED_FUNCS[word], word)
        if self.peek() is not None and self.peek().text == "(" and len(word) > 1:
            raise LatexError(f"unknown function {word}(...)")
        return self.with_subscript(word)

    def with_subscript(self, base: str) -> sympy.Symbol:
        if self.accept("_"):
            if self.peek() is not None and self.peek().text == "{":
                sub = symbol_key(self.raw_group())
            else:
                sub = symbol_key(self.take().text)
            base = f"{base}_{sub}"
        return sympy.Symbol(base)

    def call(self, fn: Callable[..., Any], name: str) -> sympy.Expr:
        self.skip_sizing()
        if self.peek() is not None and self.peek().text == "_":
            raise LatexError(f"\\{name} with a subscript (an optimisation over a set)")
        if self.peek() is not None and self.peek().text == "^":  # \sin^2 x
            self.take()
            exponent = self.script_value()
            return fn(self.call_argument()) ** exponent
        args = self.call_arguments(name)
        return fn(*args)

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
        if name in ("max", "min"):
            raise LatexError(f"\\{name} without parenthesised arguments")
        return [self.call_argument()]

    def call_argument(self) -> sympy.Expr:
        """\\cos x or \\log \\frac{a}{b}: a single factor is the argument."""
        if self.peek() is not None and self.peek().text in ("(", "["):
            return self.atom()
        return self.power()

    def big_operator(self, name: str) -> sympy.Expr:
        if not self.accept("_"):
            raise LatexError(f"\\{name} without bounds")
        lower = self.raw_group() if self.peek() is not None and self.peek().text == "{" else self.take().text
        match = re.fullmatch(r"(.+?)=(.+)", lower)
        if not match or not self.accept("^"):
            raise LatexError(f"\\{name} with bounds {lower!r}: only \\{name}_{{i=a}}^{{b}} is checkable")
        index = sympy.Symbol(symbol_key(match.group(1)))
        start = to_sympy(match.group(2))
        end = self.script_value()
        body = self.term()
        op = sympy.Sum if name == "sum" else sympy.Product
        return op(body, (index, start, end))
