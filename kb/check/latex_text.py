"""LaTeX as text: tokens, top-level relations and symbol spellings, without sympy.

Split from latex.py so that linking a card to a cached decision (and the site) can find a formula's
sides and symbols without importing sympy.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The mark on a definitions key (kb.check.link.formula_definitions) whose name the section defines more than once:
# the last definition above a formula, read only by a derivative of it (f'(x) under the f(x) of its list item)
DERIVATIVE_ONLY = "'"

# Math written in text, one span each: $$…$$, $…$, \(…\), \[…\] (a lone $$ is no span: it opens a display)
MATH_SPAN = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)

# `x \leftarrow f(x)` (pseudocode's assignment): the left side's new value is the right side, computed from
# the old values. Not an equation: its two sides are not equal, and the left side may also be an input.
UPDATE = "\\leftarrow"
# \doteq and \triangleq: "equals by definition" (Sutton and Barto write v_π(s) ≐ E_π[G_t | S_t = s])
RELATIONS = {"=": "=", "\\approx": "\\approx", "\\equiv": "=", "\\coloneqq": "=", ":=": "=", "\\doteq": "=",
             "\\triangleq": "=",
             "\\le": "\\le", "\\leq": "\\le", "\\ge": "\\ge", "\\geq": "\\ge", "<": "<", ">": ">",
             "\\leqq": "\\le", "\\geqq": "\\ge", "\\leqslant": "\\le", "\\geqslant": "\\ge",
             "\\propto": "\\propto", "\\neq": "\\neq", "\\ne": "\\neq",
             "\\leftarrow": UPDATE, "\\gets": UPDATE}

GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
         "Upsilon Phi Psi Omega").split()
_UNICODE_GREEK = dict(zip("αβγδεϵζηθϑικλμνξοπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ",
                          "alpha beta gamma delta epsilon epsilon zeta eta theta theta iota kappa lambda mu nu xi "
                          "omicron pi rho sigma tau upsilon phi phi chi psi omega Gamma Delta Theta Lambda Xi Pi "
                          "Sigma Upsilon Phi Psi Omega".split()))
_GREEK_SET = set(GREEK)
# Operators typed as Unicode characters inside math ($\sum_{j≠y_i}$, $a·b$): MathJax shows them as their commands do
_UNICODE_MATH = {"≠": r"\neq", "≤": r"\le", "≥": r"\ge", "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "−": "-",
                 "∑": r"\sum", "∏": r"\prod", "∈": r"\in", "∞": r"\infty", "∂": r"\partial", "∇": r"\nabla",
                 "‖": r"\|", "⊙": r"\odot", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil"}
_UNICODE_MATH_CHARS = re.compile("[" + "".join(_UNICODE_MATH) + "]")
# Word's and OneNote's equation editors (and text copied from them) write letters as mathematical italic
# characters (𝑝_ℎ = 𝑘_ℎ − 1; ℎ is the italic h): the same letters, in a typeface
_MATH_ALPHANUMERIC = re.compile("[\U0001D400-\U0001D7FF\u210E]")
# An en dash typed in math (`(\hat{y} – y)^2`): word processors' autocorrect and the Option-minus key put it where
# a minus sign is meant, and math has no other use for it, except between two numbers, where it writes a range
# (`\beta = 0.9–0.999`), which is no subtraction: that one is left unread.
_NUMBER_RANGE = re.compile(r"[\d.]\s*–\s*[\d.]")

# Commands that only change how something looks; their argument is read as is.
# Typefaces and the vector arrow only say how a symbol looks (x, \mathbf{x} and \vec{x} are one vector x);
# an accent makes another symbol (\hat{y} is the estimate of y).
_STYLE = {"mathrm", "mathit", "mathbf", "boldsymbol", "bm", "mathcal", "mathsf", "mathtt", "mathbb", "rm", "bf",
          "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "mathnormal", "vec", "overrightarrow",
          "textbf", "textit", "textrm", "mathscr", "mathfrak", "pmb"}
_ACCENTS = {"hat", "tilde", "bar", "overline", "widehat", "widetilde", "dot", "ddot"}
# `\sum\limits_{i=1}^{n}`: where the scripts are drawn (under and over the operator, or beside it), not what they are
_SCRIPT_PLACEMENT = {"limits", "nolimits"}
_SPACING = {",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "medspace", "thickspace"}
# Commands that draw the same symbol as another: the Japanese textbooks' \cfrac is a fraction set in display
# style, and lecture notes whose authors did not find \nabla draw the gradient with the downward triangle
# (\triangledown, \bigtriangledown), the glyph it looks like; TeX names the brace characters \lbrace and \rbrace too
# (`\left\lbrace 1 - f(u) \right\rbrace`, the next level of brackets around parentheses as Japanese texts nest them)
_SAME_SYMBOL = {"cfrac": "frac", "triangledown": "nabla", "bigtriangledown": "nabla", "lbrace": "{", "rbrace": "}"}
# `\large` at the start of a display (notes enlarge a block of formulas so): the size of what follows, not a symbol
_SIZES = {"tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge"}
_SIZE = re.compile(r"\\(?:" + "|".join(_SIZES) + r")(?![A-Za-z])")
_BLANK_TEXT = re.compile(r"\\(?:text|textrm|mbox|mathrm|operatorname)\s*\{\s*\}")
# `\hspace{5pt}`, `\hspace*{8mm}`: a horizontal space of a given length, as `\quad` is one of a fixed length (blog
# pages lay out their cases and indent their rows with it)
_HSPACE = re.compile(r"\\hspace\*?\s*\{[^{}]*\}")
_TOKEN = re.compile(r"""
    (?P<row>\\\\)
  | (?P<cmd>\\(?:[A-Za-z]+|[,;:!\ {}|_\#%&]))
  | (?P<num>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z]+)
  | (?P<greek>[αβγδεϵζηθϑικλμνξοπρστυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ])
  | (?P<rel>:=|<=|>=|[=<>])
  | (?P<sym>[-+*/^_(){}\[\]|,'!.])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE)


# `ylog(\hat y)`, `y_ilogp_i`, `lna`: log, ln and exp typed without their backslash, glued to one-letter
# variables (Markdown notes rendered by MathJax show them in italics, but every reader sees the function)
_GLUED_FUNCTION = re.compile(r"([A-Za-z]?)(log|ln|exp)([A-Za-z]?)")


def _minus_for_en_dash(latex: str) -> str:
    """Each en dash a minus sign, but one between two numbers (a range)."""
    ranges = [m.span() for m in _NUMBER_RANGE.finditer(latex)]
    return "".join("-" if char == "–" and not any(a <= at < b for a, b in ranges) else char
                   for at, char in enumerate(latex))


class LatexError(ValueError):
    """The formula uses LaTeX outside the checkable subset (the message says what)."""


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def tokenize(latex: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    latex = _BLANK_TEXT.sub(" ", latex)   # `\text{ }`: a space typed as text, no name
    latex = _HSPACE.sub(" ", latex)
    latex = _MATH_ALPHANUMERIC.sub(lambda m: unicodedata.normalize("NFKC", m.group()), latex)
    latex = _UNICODE_MATH_CHARS.sub(lambda m: f" {_UNICODE_MATH[m.group()]} ", latex)
    if "–" in latex:
        latex = _minus_for_en_dash(latex)
    number_end = -1   # where the last number token ends
    divisor_symbols: list[int] = []   # the symbols of divisors `1/2m` written glued to their number
    for match in _TOKEN.finditer(latex):
        kind = match.lastgroup or "other"
        text = match.group()
        if kind == "space":
            continue
        if (match.start() == number_end and kind in ("word", "cmd") and len(tokens) > 1 and tokens[-2].text == "/"
                and (len(text) == 1 if kind == "word" else text[1:] in _GREEK_SET)):
            divisor_symbols.append(len(tokens))
        number_end = match.end() if kind == "num" else -1
        if kind == "cmd":
            name = text[1:]
            if name in _SPACING or name in _SCRIPT_PLACEMENT or name in _SIZES:
                continue
            if name in _SAME_SYMBOL:
                name = _SAME_SYMBOL[name]
                text = "\\" + name
            if name in RELATIONS:
                kind = "rel"
            elif name in ("{", "}", "|"):
                kind, text = "sym", name if name != "|" else "||"
            elif name in ("_", "#", "%", "&"):
                kind, text = "word", name  # an escaped underscore joins a multi-word name: new\_label
        if kind == "greek":
            kind, text = "cmd", "\\" + _UNICODE_GREEK[text]
        if kind == "word" and len(text) > 1 and tokens and tokens[-1].text == "^":
            tokens.append(_Tok("word", text[0]))   # a superscript without braces is one letter: X^TX is X^T X
            text = text[1:]
        if kind == "word" and (glued := _GLUED_FUNCTION.fullmatch(text)):
            tokens.extend(_Tok(k, t) for k, t in zip(("word", "cmd", "word"), (glued[1], "\\" + glued[2], glued[3])) if t)
            continue
        tokens.append(_Tok(kind, text))
    return _operators_spelled_out(_join_escaped_underscores(_bare_typefaces(_glued_divisors(tokens, divisor_symbols))))


def _glued_divisors(tokens: list[_Tok], symbols: list[int]) -> list[_Tok]:
    """`1/2m`, `1/2\\sigma^2`: a divisor written as a number glued to its symbol is one product, as "1/2m" means
    1/(2m) in Andrew Ng's notes and in print (juxtaposition binds tighter than a slash), with the symbol's own
    scripts (1/(2σ²)); `1/2 m` (a space) is half of m."""
    for at in reversed(symbols):
        end = at + 1
        while end + 1 < len(tokens) and tokens[end].text in ("^", "_"):
            end += 1
            if tokens[end].text == "{":
                depth = 0
                while end < len(tokens):
                    depth += {"{": 1, "}": -1}.get(tokens[end].text, 0)
                    if depth == 0:
                        break
                    end += 1
            end += 1
        tokens[at - 1:end] = [_Tok("sym", "{"), *tokens[at - 1:end], _Tok("sym", "}")]
    return tokens


def _bare_typefaces(tokens: list[_Tok]) -> list[_Tok]:
    """`\\textbf{w}`, `\\mathbf{x}`, `\\vec{v}`: a typeface on one symbol is that symbol, so what follows reads
    as it would after the bare letter (`\\textbf{w}^T\\textbf{x}` is the transpose w^T x, as `w^T x` is)."""
    bare: list[_Tok] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (tok.kind == "cmd" and tok.text[1:] in _STYLE and i + 3 < len(tokens) and tokens[i + 1].text == "{"
                and tokens[i + 2].kind in ("word", "cmd") and tokens[i + 3].text == "}"
                and (tokens[i + 2].kind == "word" or tokens[i + 2].text[1:] in _GREEK_SET)):
            bare.append(tokens[i + 2])
            i += 4
            continue
        bare.append(tok)
        i += 1
    return bare


# max, min, argmax and argmin as notes spell them: `\mathrm{max}_{a'}`, `\operatorname*{arg\,max}_a`,
# `\text{arg max}_a`, `\mathop{max}`, a bare `max_{a'}` or `argmax_a`, and `\underset{a}{\max}` (or `{max}`): each is
# the operator its command writes (\max_{a'}), not a symbol named max; `\underset{s'}{\sum}` is \sum_{s'}.
_OPERATOR_WORDS = {"max": "\\max", "min": "\\min", "argmax": "\\argmax", "argmin": "\\argmin"}
_OPERATOR_WRAPPERS = {"\\mathrm", "\\text", "\\operatorname", "\\mathop", "\\textrm", "\\rm"}


def _operators_spelled_out(tokens: list[_Tok]) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "cmd" and tok.text in _OPERATOR_WRAPPERS:
            start = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].text == "*")   # \operatorname*{...}
            close = next((k for k in range(start + 1, min(start + 4, len(tokens))) if tokens[k].text == "}"), None)
            if start < len(tokens) and tokens[start].text == "{" and close is not None:
                inner = tokens[start + 1:close]
                word = "".join(t.text for t in inner) if all(t.kind == "word" for t in inner) else ""
                if len(inner) == 1 and inner[0].text in _OPERATOR_WORDS.values():
                    word = inner[0].text[1:]   # \\mathop{\\max}
                if word in _OPERATOR_WORDS:
                    out.append(_Tok("cmd", _OPERATOR_WORDS[word]))
                    i = close + 1
                    continue
        if tok.kind == "word" and tok.text in _OPERATOR_WORDS and i + 1 < len(tokens) and tokens[i + 1].text == "_":
            out.append(_Tok("cmd", _OPERATOR_WORDS[tok.text]))   # max_{a'} typed without its backslash
            i += 1
            continue
        if tok.kind == "cmd" and tok.text == "\\underset" and (moved := _underset_operator(tokens, i)) is not None:
            replaced, i = moved
            out.extend(replaced)
            continue
        out.append(tok)
        i += 1
    return out


def _underset_operator(tokens: list[_Tok], at: int) -> tuple[list[_Tok], int] | None:
    """`\\underset{a}{\\max}` as `\\max_{a}`, with the index after which the tokens go on (None: another underset)."""
    if at + 1 >= len(tokens) or tokens[at + 1].text != "{":
        return None
    below_end = _group_end(tokens, at + 1)
    if below_end is None or below_end + 1 >= len(tokens) or tokens[below_end + 1].text != "{":
        return None
    above_end = _group_end(tokens, below_end + 1)
    if above_end is None:
        return None
    above = tokens[below_end + 2:above_end]
    if len(above) == 1 and above[0].kind == "word" and above[0].text in _OPERATOR_WORDS:
        above = [_Tok("cmd", _OPERATOR_WORDS[above[0].text])]   # \\underset{a}{max}: the word set as the operator
    operator = _operators_spelled_out(above)
    if not 0 < len(operator) <= 2 or any(t.text not in {*_OPERATOR_WORDS.values(), "\\arg", "\\sum", "\\prod"}
                                         for t in operator):
        return None   # \\underset{a}{\\max}, \\underset{s'}{\\sum}; anything else set under a label stays as it is
    return [*operator, _Tok("sym", "_"), *tokens[at + 1:below_end + 1]], above_end + 1


def _group_end(tokens: list[_Tok], opening: int) -> int | None:
    depth = 0
    for k in range(opening, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[k].text, 0) if tokens[k].kind == "sym" else 0
        if depth == 0:
            return k
    return None


def _join_escaped_underscores(tokens: list[_Tok]) -> list[_Tok]:
    joined: list[_Tok] = []
    for tok in tokens:
        if joined and tok.kind == "word" and (tok.text == "_" or joined[-1].text.endswith("_")) \
                and joined[-1].kind == "word":
            joined[-1] = _Tok("word", joined[-1].text + tok.text)
        else:
            joined.append(tok)
    return joined


def split_chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts of `a = b = c` (or `a \approx b`) at the top level, and the relations between them."""
    depth = 0
    cuts: list[tuple[int, int, str]] = []
    inner = _inner_environments(latex)
    for match in _TOKEN.finditer(latex):
        text = match.group()
        if any(start <= match.start() < end for start, end in inner):
            continue
        if text in ("{", "(", "[") or text in ("\\{", "\\left"):
            depth += 1
        elif text in ("}", ")", "]") or text in ("\\}", "\\right"):
            depth -= 1
        elif depth == 0 and (match.lastgroup == "rel" or (match.lastgroup == "cmd" and text in RELATIONS)):
            cuts.append((match.start(), match.end(), RELATIONS.get(text, text)))
    if not cuts:
        raise LatexError("no relation (=, \\approx, \\le, ...) at the top level")
    bounds = [0, *[p for start, end, _ in cuts for p in (start, end)], len(latex)]
    parts = [latex[bounds[k]:bounds[k + 1]].strip() for k in range(0, len(bounds), 2)]
    return parts, [rel for *_, rel in cuts]


_ENVIRONMENT = re.compile(r"\\(begin|end)\{(\w+\*?)\}")


def _inner_environments(latex: str) -> list[tuple[int, int]]:
    """Spans of environments that are one term of a formula (`cases`, a matrix): the relations inside them
    (`x > 0` of a case) are not the formula's. Layout environments (aligned, equation) hold the formula."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    for match in _ENVIRONMENT.finditer(latex):
        kind, name = match.groups()
        if re.fullmatch(_LAYOUT_ENVS, name):
            continue
        if kind == "begin":
            opened.append((name, match.start()))
        elif opened and opened[-1][0] == name:
            _, start = opened.pop()
            if not opened:
                spans.append((start, match.end()))
    if opened:
        spans.append((opened[0][1], len(latex)))   # unclosed: its text is still no relation of the formula
    return spans


# What ends a value the text states (`F = 3`, `S = 1.`, `\(P=1\)`, `F = 3\quad`): the number is the whole right
# side, not the start of an expression (`a = 1 / (1 + e^{-z})`, `k = 2x` and `d = 2\sqrt{n}` state no value).
STATED_VALUE_END = (r"(?!\d|\.\d|[A-Za-z(]|\\(?![)\],;:!\s\\]|quad|qquad|text\b))"
                    r"(?!\s*(?:[-+*/^×·÷−]|\\(?:cdot|times|div|frac|pm)\b))")


def split_relation(latex: str) -> tuple[str, str, str]:
    """(lhs, relation, rhs) at the first top-level relation; the rhs is the last part of a chain."""
    parts, relations = split_chain(latex)
    return parts[0], relations[0], parts[-1]


_LAYOUT_ENVS = r"aligned|align\*?|split|gathered|gather\*?|equation\*?|eqnarray\*?|multline\*?"
_LAYOUT_ENV = re.compile(r"\\(?:begin|end)\{(?:" + _LAYOUT_ENVS + r")\}")
_CONTINUATION = re.compile(r"\s*&\s*(?:=|\\approx|\\le|\\ge|\\leq|\\geq|<|>)")
_LEADING_RELATION = re.compile(r"^\s*(?:=|\\approx(?![A-Za-z]))\s*")


def strip_formula(latex: str) -> str:
    """The formula without what only lays it out: \\boxed{...} and a brace group around it all, \\label, a size
    (\\large), an aligned chain's & and line breaks (`O &= a \\\\ &= b` is the chain `O = a = b`), a trailing tag or
    full stop."""
    text = re.sub(r"\\label\{[^}]*\}|\\nonumber\b|\\notag\b", " ", seen_through(_SIZE.sub(" ", latex)))
    text = _DISPLAY_FRACTION.sub(r"\\frac", text)
    while _ADJACENT_TEXT.search(text):
        text = _ADJACENT_TEXT.sub(r"\1", text)
    if _LAYOUT_ENV.search(text):
        body = _LAYOUT_ENV.sub(" ", text)
        lines = [line for line in top_level_rows(body) if line.strip()]
        # only continuation lines (each starting with &=) make one chain; separate equations stay as written
        if lines and all(_CONTINUATION.match(line) for line in lines[1:]) and "matrix" not in body:
            text = " ".join(without_alignment(line) for line in lines)
    # "Binary cross-entropy $= -(y\log p + ...)$": the left side is written in words before the formula
    text = _LEADING_RELATION.sub("", text, count=1)
    return _strip_trailing_punct(text)


# `\cfrac{1}{1+e^{-x}}` draws the fraction in display style at every level (amsmath's continued fraction): a fraction
_DISPLAY_FRACTION = re.compile(r"\\cfrac(?![A-Za-z])")
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
_INNER_ENV = re.compile(r"\\(begin|end)\{[^}]*\}")


def top_level_rows(body: str) -> list[str]:
    """The rows of a display split at its own `\\\\`, not at those of an environment inside it (the rows of a
    `cases` in `\\begin{eqnarray} h(x) = \\begin{cases} ... \\end{cases} \\end{eqnarray}` are one row of it)."""
    rows, start, depth = [], 0, 0
    for match in re.finditer(f"{_ROW_BREAK.pattern}|{_INNER_ENV.pattern}", body):
        if match.group(1):
            depth += 1 if match.group(1) == "begin" else -1
        elif depth == 0:
            rows.append(body[start:match.start()])
            start = match.end()
    return rows + [body[start:]]


def without_alignment(row: str) -> str:
    """A row without its own alignment marks `&` (those of an environment inside it, a `cases`, stay)."""
    out, start, depth = [], 0, 0
    for match in re.finditer(r"(?<!\\)&|" + _INNER_ENV.pattern, row):
        if match.group(1):
            depth += 1 if match.group(1) == "begin" else -1
        elif depth == 0:
            out.append(row[start:match.start()] + " ")
            start = match.end()
    return "".join(out) + row[start:]


def seen_through(latex: str) -> str:
    """The formula as the page draws it: `\\boxed{...}` and a brace group around the whole formula draw nothing of
    their own. Some blog notes wrap a display's whole formula in braces (`$$ {y = \\cfrac{1}{1+e^{-x}}} $$`): MathJax
    shows the group as the formula inside it, so its relation is the formula's."""
    text = unwrap(latex, "\\boxed").strip()
    while text.startswith("{") and _closes_at_end(text):
        text = text[1:-1].strip()
    return text


def braces_balanced(text: str) -> bool:
    """Whether every brace `text` closes is one it opened, and all are closed (`a} + {b` is not: it is the inside of
    two groups, as `\\sqrt{a} + \\sqrt{b}` read as one root would make its radicand)."""
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def _closes_at_end(text: str) -> bool:
    """The brace that opens `text` closes at its very end (`{a = b}`, not `{a}^{b}`); `\\{` and `\\}` are no braces."""
    depth = 0
    for at, char in enumerate(text):
        if char in "{}" and at and text[at - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return at == len(text) - 1
    return False


def unwrap(latex: str, command: str) -> str:
    """Every `command{...}` replaced by its argument (braces matched)."""
    start = latex.find(command + "{")
    while start >= 0:
        depth, end = 0, start + len(command)
        for end in range(start + len(command), len(latex)):
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            if depth == 0:
                break
        else:
            return latex
        latex = latex[:start] + latex[start + len(command) + 1:end] + latex[end + 1:]
        start = latex.find(command + "{")
    return latex


def symbol_key(name: str) -> str:
    """One spelling for a symbol written in a note (`\\eta_{\\min}`) or an alias (`eta_min`, `η_min`)."""
    text = "".join(_UNICODE_GREEK.get(ch, ch) for ch in name)
    text = re.sub(r"\\(?:" + "|".join(sorted(_STYLE | _ACCENTS | {"text", "operatorname"}, key=len, reverse=True))
                  + r")\b", "", text)
    text = text.replace("\\_", "_")
    text = re.sub(r"[\\{}\s]", "", text)
    return text


# A remark after the formula, inside the math: `\rightarrow (element\_wise\_squared)`, `\quad \text{(bias
# correction)}`, `\ \ \ (\text{element-wise})`. Only words in parentheses after an arrow, or a \text{} after a gap
# (a quad or a run of space commands) that ends the formula, are a remark: a
# condition (`\quad \text{if } x > 0`) goes on after its words, and `x \to 0` has no words.
_TRAILING_REMARK = re.compile(r"\s*(?:\\(?:rightarrow|Rightarrow|longrightarrow|to)\s*\((?=[^()]*(?:[A-Za-z]{3}|[\u3040-\u9fff]))"
                              r"[^()$]*\)|(?:\\q?quad|(?:\\[ ;]\s*){2,})\s*(?:\\text\s*\{[^{}]*\}|\(\s*\\text\s*\{[^{}]*\}\s*\))"
                              # `dW^2 \text{ (element-wise)}`: words in parentheses set as text end the formula too
                              r"|\\text\s*\{\s*\((?=[^()]*[A-Za-z]{3})[^{}()]*\)\s*\})\s*$")
# `\text{epoch}\text{-num}`: text groups side by side are one word on the page
_ADJACENT_TEXT = re.compile(r"(\\text\s*\{[^{}]*)\}\s*\\text\s*\{")


# spacing at the end of a formula (`w - \alpha g \;` before an aligned row's `\\`) only lays it out; the `;` or `,`
# of `\;` and `\,` is part of the command, never punctuation to strip (that would leave a lone backslash)
_TRAILING_SPACING = re.compile(r"(?:\s*(?<!\\)\\(?:[,;:! ]|quad\b|qquad\b))+\s*$")
_TRAILING_PUNCTUATION = re.compile(r"(?<!\\)[ .,;]+$")


# `\quad (i = 1, 2, \ldots, n)`: the values the formula's index runs over, after a gap, say for which i it holds;
# they are no part of the formula (a condition `\quad x > 0` is no such list and stays)
_INDEX_RANGE = re.compile(r"(?:\\q?quad|\\[,;]|,)\s*(?:\\text\s*\{\s*for\s*\}\s*)?(\()?\s*[A-Za-z]\s*=\s*[0-9A-Za-z]\s*,"
                          r"\s*(?:[0-9]\s*,\s*)*\\[lc]?dots\s*,\s*[0-9A-Za-z]+\s*(?(1)\))\s*$")


# `\tilde h = m \odot h / q, \quad m_i \sim \mathrm{Bernoulli}(q)`, `z = \mu + \sigma\epsilon \quad \epsilon \sim N(0, 1)`:
# after a gap, how a symbol is drawn says what the formula's input is; it is no part of the formula
_GAP = re.compile(r",?\s*(?:\\q?quad(?![A-Za-z])|(?:\\[ ;]\s*){2,})")
_SAMPLED = re.compile(r"\\sim(?![A-Za-z])")


def _without_sampling(text: str) -> str:
    gaps = [gap for gap in _GAP.finditer(text) if text[:gap.start()].count("{") == text[:gap.start()].count("}")]
    if not gaps:
        return text
    tail = text[gaps[-1].end():]
    return text[:gaps[-1].start()] if _SAMPLED.search(tail) and "=" not in tail else text


# `\phi(x) = \frac{1}{1+e^{-x}} \\` (or `\\\\` where Markdown eats one of each pair): a row break with no row after
# it, left when a row is copied out of an align, draws nothing
_TRAILING_ROW_BREAKS = re.compile(r"(?:\s*\\\\(?:\[[^\]]*\])?)+\s*$")


def _strip_trailing_punct(latex: str) -> str:
    text = re.sub(r"\\(?:quad|qquad)\s*\(\d+(?:\.\d+)?\)\s*$", "", _TRAILING_ROW_BREAKS.sub("", latex.strip()))
    text = _INDEX_RANGE.sub("", text)
    text = _without_sampling(text)
    text = _TRAILING_REMARK.sub("", text)
    text = re.sub(r"\\tag\*?\s*\{[^}]*\}\s*$", "", text)   # `\tag{2}`, `\tag*{(2)}`: the number printed beside it
    if re.search(r"\\right\s*\.\s*$", text):   # `\right.` closes a brace opened with \left\{: no full stop
        return text.rstrip(" ")
    while (shorter := _TRAILING_PUNCTUATION.sub("", _TRAILING_SPACING.sub("", text))) != text:
        text = shorter
    return text
