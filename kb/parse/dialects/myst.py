"""MyST directives (Jupyter Book, Sphinx with MyST): a fence whose info string is a directive name in braces,
```` ```{note} ```` or `:::{admonition} Title`, is no code block. Its body is Markdown for the directives that hold
text (admonitions, sphinx-proof's `{prf:algorithm}`, `{prf:theorem}`, ..., dropdowns and cards), read as a
quoted aside led by its title as other admonitions are, and LaTeX for `{math}`, read as a display formula.
Option lines at the top of the body (`:label: eq-bellman`, `:class: dropdown`) are markup. Other directives
(`{code-cell}`, `{raw}`, `{toctree}`, `{figure}`, ...) stay as they are. Every line stays on its line.
"""
from __future__ import annotations

import re

_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,}|:{3,})\{([\w:.-]+)\}[ \t]*(.*?)\s*$")
_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s.*)?$")
# directives whose body is Markdown text (MyST's admonitions, sphinx-design's and sphinx-proof's blocks)
_TEXT_DIRECTIVES = {"admonition", "note", "tip", "hint", "important", "attention", "caution", "warning", "danger",
                    "error", "seealso", "todo", "dropdown", "margin", "sidebar", "topic", "epigraph", "card",
                    "tab-item", "grid-item-card", "exercise", "solution", "div"}
_TEXT_PREFIXES = ("prf:",)      # sphinx-proof: prf:algorithm, prf:theorem, prf:definition, prf:proof, ...


def rewrite(text: str) -> str:
    if "{" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        opening = _OPEN.match(lines[index])
        close = _closing(lines, index, opening.group(2)) if opening else None
        if opening is None or close is None or not _handled(opening.group(3).lower()):
            out.append(lines[index])
            index += 1
            continue
        name, title = opening.group(3).lower(), opening.group(4)
        body = lines[index + 1:close]
        options = 0
        while options < len(body) and _OPTION.match(body[options]):
            options += 1
        if name == "math":
            out.extend(_math(body, options, title))
        else:
            out.append(f"> {_title(name, title)}")
            out.extend([">"] * options + [f"> {line}".rstrip() if line.strip() else ">" for line in body[options:]])
        out.append("")
        index = close + 1
    return "\n".join(out)


def _handled(name: str) -> bool:
    return name == "math" or name in _TEXT_DIRECTIVES or name.startswith(_TEXT_PREFIXES)


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    """The line of the fence that closes the one opened at `start` (same character, at least as long)."""
    close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    return next((i for i in range(start + 1, len(lines)) if close.match(lines[i])), None)


def _title(name: str, title: str) -> str:
    """An admonition's own title, else its kind (`prf:algorithm` -> Algorithm)."""
    return title.strip() or name.rpartition(":")[2].replace("-", " ").capitalize()


def _math(body: list[str], options: int, argument: str) -> list[str]:
    """`{math}`: the body (or the argument on the fence's line) as one display formula on its lines."""
    out = [f"$${argument}$$" if argument.strip() else ""] + [""] * options
    filled = [i for i in range(options, len(body)) if body[i].strip()]
    rows = list(body[options:])
    if filled:
        first, last = filled[0] - options, filled[-1] - options
        rows[first] = "$$" + rows[first].strip()
        rows[last] = rows[last].rstrip() + "$$" if first != last else rows[first] + "$$"
    return out + rows
