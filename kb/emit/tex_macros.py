"""Common LaTeX macros that notes use but neither renderer defines, rewritten to plain TeX both know.

Notes are written in editors that preload macros (`\\R`, `\\bm`, `\\norm{x}`, `\\argmax` come from amssymb
shortcuts, the bm and physics packages, or a preamble). Anki's reviewer (MathJax 3 with every TeX package
except textmacros) and the site (latex2mathml) define none of them, so they would show as red `\\R`.
`expand_macros` rewrites them before either renderer sees the formula; it is applied once, where card
math becomes output (kb.emit.html.math_html).
"""
from __future__ import annotations

import re

# Name -> replacement, for macros used without arguments (or whose argument TeX reads unchanged).
SIMPLE_MACROS: dict[str, str] = {
    "R": r"\mathbb{R}", "N": r"\mathbb{N}", "Z": r"\mathbb{Z}", "Q": r"\mathbb{Q}", "C": r"\mathbb{C}",
    "E": r"\mathbb{E}",
    "bm": r"\boldsymbol", "bold": r"\mathbf",
    "argmax": r"\mathop{\mathrm{arg\,max}}", "argmin": r"\mathop{\mathrm{arg\,min}}",
    "T": r"{\top}",
    "Var": r"\operatorname{Var}", "Cov": r"\operatorname{Cov}", "tr": r"\operatorname{tr}",
    "diag": r"\operatorname{diag}", "sgn": r"\operatorname{sgn}", "sign": r"\operatorname{sign}",
    "rank": r"\operatorname{rank}", "softmax": r"\operatorname{softmax}", "ReLU": r"\operatorname{ReLU}",
    # Equation numbering means nothing on a card; latex2mathml does not know these.
    "nonumber": "", "notag": "",
    # The physics package (the one TeX package Anki's MathJax does not load): its shorthands without arguments.
    "grad": r"\nabla", "dd": r"\mathrm{d}", "vb": r"\mathbf", "Tr": r"\operatorname{Tr}",
    # beamer: a pause between two overlays shows nothing on a card
    "pause": "",
    # KaTeX's MediaWiki names (notes from editors that render with KaTeX: Notion, Joplin, VS Code), as KaTeX
    # defines them
    "alef": r"\aleph", "alefsym": r"\aleph", "and": r"\land", "bull": r"\bullet", "clubs": r"\clubsuit",
    "cnums": r"\mathbb{C}", "Complex": r"\mathbb{C}", "Dagger": r"\ddagger", "diamonds": r"\diamondsuit",
    "empty": r"\emptyset", "exist": r"\exists", "hearts": r"\heartsuit", "image": r"\Im", "infin": r"\infty",
    "isin": r"\in", "natnums": r"\mathbb{N}", "plusmn": r"\pm", "real": r"\Re", "reals": r"\mathbb{R}",
    "Reals": r"\mathbb{R}", "sdot": r"\cdot", "sect": r"\S", "spades": r"\spadesuit", "sub": r"\subset",
    "sube": r"\subseteq", "supe": r"\supseteq", "thetasym": r"\vartheta", "weierp": r"\wp",
    "harr": r"\leftrightarrow", "hArr": r"\Leftrightarrow", "Harr": r"\Leftrightarrow",
    "lrarr": r"\leftrightarrow", "lrArr": r"\Leftrightarrow", "Lrarr": r"\Leftrightarrow",
    "larr": r"\leftarrow", "lArr": r"\Leftarrow", "Larr": r"\Leftarrow", "rarr": r"\rightarrow",
    "rArr": r"\Rightarrow", "Rarr": r"\Rightarrow", "uarr": r"\uparrow", "uArr": r"\Uparrow",
    "Uarr": r"\Uparrow", "darr": r"\downarrow", "dArr": r"\Downarrow", "Darr": r"\Downarrow",
    **{name: rf"\mathrm{{{letter}}}" for name, letter in (
        ("Alpha", "A"), ("Beta", "B"), ("Epsilon", "E"), ("Zeta", "Z"), ("Eta", "H"), ("Iota", "I"),
        ("Kappa", "K"), ("Mu", "M"), ("Nu", "N"), ("Omicron", "O"), ("Rho", "P"), ("Tau", "T"), ("Chi", "X"))},
}

# Name -> template: macros of one braced argument, #1 standing for it (physics, commath, amsmath's \label).
ARGUMENT_MACROS: dict[str, str] = {
    "norm": r"\left\| #1 \right\|",
    "abs": r"\left| #1 \right|",
    "set": r"\left\{ #1 \right\}",
    "ceil": r"\left\lceil #1 \right\rceil",
    "floor": r"\left\lfloor #1 \right\rfloor",
    "label": "",
    "pqty": r"\left( #1 \right)", "bqty": r"\left[ #1 \right]", "Bqty": r"\left\{ #1 \right\}",
    "vqty": r"\left| #1 \right|", "expval": r"\left\langle #1 \right\rangle", "ev": r"\left\langle #1 \right\rangle",
    "order": r"\mathcal{O}\left( #1 \right)",
    "alert": "#1",      # beamer's highlight: the card shows what it highlights
}

# physics' derivatives: `\pdv{f}{x}`, `\pdv{x}`, `\pdv[2]{f}{x}`, `\pdv{f}{x}{y}`, `\dv x` (one token is an argument)
DERIVATIVES: dict[str, str] = {"pdv": r"\partial", "dv": r"\mathrm{d}"}
# physics' `\qty(..)`, `\qty[..]`, `\qty{..}`, `\qty|..|`: the brackets sized to what they hold
_QTY_CLOSING = {"(": ")", "[": "]", "|": "|"}
# beamer overlays (`\only<2->{..}`, `\uncover<3>{..}`): a card shows every overlay at once
_OVERLAYS = frozenset({"only", "uncover", "visible", "onslide", "invisible"})
# Markdown escapes typed inside math so that the note's Markdown leaves `*` and `-` alone (`v_{\*}`, `\-0.5`): TeX
# has no such commands, and the page the note was written for showed the character
_MARKDOWN_ESCAPES = frozenset("*-+=")

_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])(\*?)")

# every name expand_macros writes out: kb.macros.undefined does not warn of them
EXPANDED_NAMES = frozenset(SIMPLE_MACROS) | frozenset(ARGUMENT_MACROS) | frozenset(DERIVATIVES) | {"qty"} | _OVERLAYS


def expand_macros(latex: str) -> str:
    """The formula with every known macro replaced; anything else (and `\\\\R`, an escaped backslash) is kept."""
    out: list[str] = []
    pos = 0
    while pos < len(latex):
        if latex.startswith("\\\\", pos):          # a line break `\\`, never the start of a command
            out.append("\\\\")
            pos += 2
            continue
        if latex[pos] == "\\" and latex[pos + 1:pos + 2] in _MARKDOWN_ESCAPES:
            out.append(latex[pos + 1])
            pos += 2
            continue
        match = _COMMAND.match(latex, pos)
        if not match:
            out.append(latex[pos])
            pos += 1
            continue
        name = match.group(1)
        if (expanded := _with_arguments(name, latex, match.end())) is not None:
            text, pos = expanded
            out.append(text)
            continue
        if name == "hspace" and match.group(2):     # MathJax reads `\hspace*`'s star as the length
            out.append("\\hspace")
        else:
            out.append(SIMPLE_MACROS[name] if name in SIMPLE_MACROS and not match.group(2) else match.group(0))
        pos = match.end()
    return "".join(out)


def _with_arguments(name: str, latex: str, start: int) -> tuple[str, int] | None:
    """A macro with arguments written out, and where its last argument ends (None if `name` is none of them or
    its arguments are missing)."""
    if name in ARGUMENT_MACROS:
        argument, end = _braced_argument(latex, start)
        return None if argument is None else (ARGUMENT_MACROS[name].replace("#1", expand_macros(argument)), end)
    if name in DERIVATIVES:
        return _derivative(DERIVATIVES[name], latex, start)
    if name == "qty":
        return _sized_brackets(latex, start)
    if name in _OVERLAYS:
        spec = re.compile(r"\s*<[^<>]*>").match(latex, start)
        argument, end = _braced_argument(latex, spec.end() if spec else start)
        return (expand_macros(argument), end) if argument is not None else ("", spec.end()) if spec else None
    return None


def _derivative(d: str, latex: str, start: int) -> tuple[str, int] | None:
    order = re.compile(r"\s*\[([^\[\]]*)\]").match(latex, start)
    pos = order.end() if order else start
    arguments = []
    while len(arguments) < 3:
        argument, end = _braced_argument(latex, pos) if arguments else _token_argument(latex, pos)
        if argument is None:
            break
        arguments.append(expand_macros(argument))
        pos = end
    if not arguments:
        return None
    power = f"^{{{order.group(1)}}}" if order else ""
    if len(arguments) == 1:
        return rf"\frac{{{d}{power}}}{{{d} {arguments[0]}{power}}}", pos
    if len(arguments) == 3:      # a mixed derivative: once in each of two variables
        return rf"\frac{{{d}^{{2}} {arguments[0]}}}{{{d} {arguments[1]}\, {d} {arguments[2]}}}", pos
    return rf"\frac{{{d}{power} {arguments[0]}}}{{{d} {arguments[1]}{power}}}", pos


def _token_argument(latex: str, start: int) -> tuple[str | None, int]:
    """A macro's first argument as TeX reads it: a braced group, else one command or one character."""
    argument, end = _braced_argument(latex, start)
    if argument is not None:
        return argument, end
    token = re.compile(r"\s*(\\[A-Za-z]+|[A-Za-z0-9])").match(latex, start)
    return (token.group(1), token.end()) if token else (None, start)


def _sized_brackets(latex: str, start: int) -> tuple[str, int] | None:
    pos = start
    while pos < len(latex) and latex[pos] == " ":
        pos += 1
    if latex.startswith("{", pos):
        argument, end = _braced_argument(latex, pos)
        return None if argument is None else (rf"\left\{{ {expand_macros(argument)} \right\}}", end)
    opening = latex[pos:pos + 1]
    if opening not in _QTY_CLOSING:
        return None
    close = _closing_bracket(latex, pos, opening, _QTY_CLOSING[opening])
    if close is None:
        return None
    inner = expand_macros(latex[pos + 1:close])
    return rf"\left{opening} {inner} \right{_QTY_CLOSING[opening]}", close + 1


def _closing_bracket(latex: str, start: int, opening: str, closing: str) -> int | None:
    """Where the bracket opened at `start` closes, outside braces and escapes (None when it never does)."""
    depth, braces, pos = 0, 0, start
    while pos < len(latex):
        char = latex[pos]
        if char == "\\":
            pos += 2
            continue
        braces += {"{": 1, "}": -1}.get(char, 0)
        if braces == 0 and char == closing and (pos > start and (opening == closing or depth == 1)):
            return pos
        if braces == 0 and char == opening and opening != closing:
            depth += 1
        elif braces == 0 and char == closing:
            depth -= 1
        pos += 1
    return None


def _braced_argument(latex: str, start: int) -> tuple[str | None, int]:
    """The text of a balanced `{...}` group starting at `start` (spaces skipped), and where it ends."""
    pos = start
    while pos < len(latex) and latex[pos] == " ":
        pos += 1
    if pos >= len(latex) or latex[pos] != "{":
        return None, start
    depth, end = 0, pos
    while end < len(latex):
        char = latex[end]
        if char == "\\":                       # an escaped character (`\{`, `\}`, `\\`) never nests
            end += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return latex[pos + 1:end], end + 1
        end += 1
    return None, start
