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
}

# Name -> template: macros of one braced argument, #1 standing for it (physics, commath, amsmath's \label).
ARGUMENT_MACROS: dict[str, str] = {
    "norm": r"\left\| #1 \right\|",
    "abs": r"\left| #1 \right|",
    "set": r"\left\{ #1 \right\}",
    "ceil": r"\left\lceil #1 \right\rceil",
    "floor": r"\left\lfloor #1 \right\rfloor",
    "label": "",
}

_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])(\*?)")


def expand_macros(latex: str) -> str:
    """The formula with every known macro replaced; anything else (and `\\\\R`, an escaped backslash) is kept."""
    out: list[str] = []
    pos = 0
    while pos < len(latex):
        if latex.startswith("\\\\", pos):          # a line break `\\`, never the start of a command
            out.append("\\\\")
            pos += 2
            continue
        match = _COMMAND.match(latex, pos)
        if not match:
            out.append(latex[pos])
            pos += 1
            continue
        name = match.group(1)
        if name in ARGUMENT_MACROS:
            argument, end = _braced_argument(latex, match.end())
            if argument is not None:
                out.append(ARGUMENT_MACROS[name].replace("#1", expand_macros(argument)))
                pos = end
                continue
        out.append(SIMPLE_MACROS[name] if name in SIMPLE_MACROS and not match.group(2) else match.group(0))
        pos = match.end()
    return "".join(out)


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
