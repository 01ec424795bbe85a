"""A fence of LaTeX that shows math: ```` ```math ```` (GitHub and GitLab draw its body as a display formula) and
```` ```latex ````, ```` ```tex ```` or ```` ```katex ```` around formulas (notes that keep the LaTeX source beside the
text, or write for a viewer that draws it).

The body becomes display math on the same lines, the fence lines left blank: each line its own `$$..$$` where
every line states one complete relation (a list of formulas, one a line), else the whole body one display
(a formula laid over lines, `\\\\` rows); a body that opens an environment (`\\begin{align}`) or has its own
delimiters is math as it stands. A fence stays code when its body is not a formula: a LaTeX document or its
parts (`\\documentclass`, `\\usepackage`, `\\section`, `\\item`, figures), or, in a `math` fence, arithmetic typed
as code (`sqrt(x)`, `x**2`, `a * b`), which kb.parse.plain_formulas reads as text.
"""
from __future__ import annotations

import re

_ANY_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*\{?\.?(math|latex|tex|katex)\}?[ \t]*$", re.I)
_DOCUMENT = re.compile(r"\\(?:documentclass|usepackage|section|subsection|chapter|item|includegraphics|newcommand|"
                       r"renewcommand|def|input|caption|cite|label\{fig|begin\{(?:document|figure|table|tabular|"
                       r"itemize|enumerate|tikzpicture|verbatim|lstlisting)\})(?![A-Za-z])")
# arithmetic typed as code: a power `**`, an integer division, a product with `*`, a call of a math function
_CODE_MATH = re.compile(r"\*\*|//|\w\s*\*\s*\w|\b(?:sqrt|exp|log|np|math|torch)\s*[.(]")
_DELIMITED = re.compile(r"^\s*(?:\$|\\\[|\\begin\{(?:equation|align|alignat|gather|multline|flalign|eqnarray)\*?\})")
_RELATION = re.compile(r"(?<![<>!\\])=|\\(?:approx|leq?|geq?|neq?)(?![A-Za-z])")
# a line that does not end its formula: a row break, an alignment mark, or an operator or relation at its end
_OPEN_LINE = re.compile(r"\\\\\s*$|&|(?:[-+=]|\\(?:cdot|times))\s*$")


def rewrite(text: str) -> str:
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        fence = _ANY_OPEN.match(lines[index])
        end = _closing(lines, index, fence.group(1)) if fence else None
        if end is None:
            index += 1
            continue
        opening = _OPEN.match(lines[index])
        math = _as_math(lines[index + 1:end], opening.group(2).lower()) if opening else None
        if math is not None:
            lines[index:end + 1] = ["", *math, ""]
        index = end + 1     # past the fence: another language's code (a Markdown sample) shows its fences as text
    return "\n".join(lines)


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    close = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$")
    return next((i for i in range(start + 1, len(lines)) if close.match(lines[i])), None)


def _as_math(body: list[str], language: str) -> list[str] | None:
    """The body's lines as display math (as many lines), or None when the fence holds no formula."""
    text = "\n".join(body)
    if not text.strip() or _DOCUMENT.search(text):
        return None
    if "\\" not in text and (_CODE_MATH.search(text) or language == "math" and not _RELATION.search(text)):
        return None
    if _DELIMITED.match(text):
        return body
    if "$" in text:
        return None     # a dollar inside a formula no dollar delimiter could hold
    if all(_one_formula(line) for line in body if line.strip()):
        return [f"$${line.strip()}$$" if line.strip() else "" for line in body]
    filled = [i for i, line in enumerate(body) if line.strip()]
    math = list(body)
    math[filled[0]] = "$$" + math[filled[0]]
    math[filled[-1]] = math[filled[-1]] + "$$"
    return math


def _one_formula(line: str) -> bool:
    return (_RELATION.search(line) is not None and not _OPEN_LINE.search(line)
            and line.count("{") == line.count("}") and line.count("(") == line.count(")"))
