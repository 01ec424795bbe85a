"""The macros a note uses that nobody defines: neither MathJax as Anki's reviewer loads it, nor kb's table of common
macros (kb.emit.tex_macros), nor the author (kb.toml, a tool's configuration, the note itself: those are written
out before this looks). Each would show as red text on a card and keeps its formula from being checked, and the
fix is one line of kb.toml, so a note gets one warning that names them all with their lines, not one per card.

The commands MathJax defines are data (data/mathjax_commands.txt), listed from mathjax-full by
tests/js/mathjax_commands.js with the packages Anki loads; tests/test_mathjax.py checks the list against it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kb.emit.tex_macros import EXPANDED_NAMES
from kb.macros.expand import closing_brace
from kb.model import Diagnostic, Note, SourcePos

# a control sequence, with `\\` (a row break) and control symbols (`\{`, `\,`) read as tokens so that `\\R` is none
_TOKEN = re.compile(r"\\(?:([A-Za-z]+)|.)", re.S)
# text inside math is typeset as text (Anki's MathJax leaves textmacros out): a command there is printed, not run
_TEXT = re.compile(r"\\(?:text|textrm|textbf|textit|textsf|texttt|mbox|hbox)\s*(?=\{)")
_SHOWN = 8   # names listed with their lines; more are counted


@lru_cache(maxsize=1)
def mathjax_commands() -> frozenset[str]:
    text = resources.files("kb.macros").joinpath("data/mathjax_commands.txt").read_text("utf-8")
    return frozenset(text.split())


def undefined_macros(latex: str) -> list[str]:
    """The names (without backslash) of the commands in `latex` that no renderer defines, in order of use."""
    known = mathjax_commands() | EXPANDED_NAMES
    names = (match.group(1) for match in _TOKEN.finditer(_without_text(latex)) if match.group(1))
    return list(dict.fromkeys(name for name in names if name not in known))


def undefined_macros_warning(note: Note) -> Diagnostic | None:
    """One warning naming every undefined macro of the note's formulas with the lines that use it (None when
    there are none)."""
    lines: dict[str, list[int]] = {}
    for section in note.sections:
        for block in section.blocks:
            if block.kind != "formula" or not block.latex:
                continue
            for name in undefined_macros(block.latex):
                line = _line_of(block.text, name, block.line)
                if line not in lines.setdefault(name, []):
                    lines[name].append(line)
    if not lines:
        return None
    named = [f"\\{name} ({'lines' if len(at) > 1 else 'line'} {', '.join(map(str, sorted(at)))})"
             for name, at in list(lines.items())[:_SHOWN]]
    more = f", and {len(lines) - _SHOWN} more" if len(lines) > _SHOWN else ""
    count = f"{len(lines)} undefined macro{'s' if len(lines) > 1 else ''}"
    first = min(line for at in lines.values() for line in at)
    return Diagnostic(SourcePos(note.file, first), f"{count} in {note.file}: {', '.join(named)}{more}; "
                                                    "define them in kb.toml [macros]")


def _line_of(text: str, name: str, line: int) -> int:
    """The line of `\\name`'s first use in a block's source that starts at `line`."""
    match = re.search(rf"\\{name}(?![A-Za-z])", text)
    return line + text.count("\n", 0, match.start()) if match else line


def _without_text(latex: str) -> str:
    """`latex` without the text it typesets as text (`\\text{see \\cite{x}}`, nested braces and all)."""
    while (match := _TEXT.search(latex)) and (end := closing_brace(latex, match.end())) is not None:
        latex = latex[:match.start()] + " " + latex[end + 1:]
    return latex
