"""A formula that its sentence states only under a condition, read as the one row of a piecewise function.

Notes in every language give a piecewise function as sentences, one formula per case with its condition in
words beside it: `$x < 0$ のとき $f'(x) = 0$` (Japanese puts the condition first, closed by のとき), `当 $z<0$ 时，
$g'(z)=0$` (Chinese wraps it in 当…时), `$z<0$ 일 때 $g'(z) = 0$` (Korean closes it with 일 때), `For $x < 0$,
$f'(x) = 0$`, `Wenn $x<0$, dann $f'(x)=0$`, and after the value `$f'(x) = 1$ for $x > 0$`, `$f'(x) = 0$ ($x<0$
のとき)`, and in any language a comparison closed by a colon, `$z > 0$: $f'(z) = 1$`. The same forms appear in
plain text (`x < 0 のとき f'(x) = 0`). Read alone, `f'(x) = 0` says ReLU's slope is 0 everywhere and would be
called wrong. Each such formula becomes `f'(x) = \\begin{cases} 0 & x < 0
\\end{cases}`, which kb checks where its condition holds; a condition kb cannot read leaves the formula not
checkable, never checked as if it held everywhere.

A sentence gives its cases one way: the side (before or after the formula) is the one its first equation takes,
so in `For $x<0$, $f'(x)=0$, for $x>0$, $f'(x)=1$` the second condition is not read as the first formula's.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from kb.check.latex_text import split_chain
from kb.model import Note, Section
from kb.parse import plain_cases
from kb.parse.plain_math import NotMath

# Comparisons a condition is written with, in LaTeX and in text; `=` (`If $y = 1$, $L = -\log p$`) only between
# a name and a number, where it picks one case, never between two expressions
_LATEX_COMPARISONS = {"<", ">", "\\le", "\\ge", "\\neq"}
_NAME_IS_NUMBER = re.compile(r"\s*\\?[A-Za-z]\w*(?:_\{?\w+\}?)?\s*=\s*-?\d+(?:\.\d+)?\s*")
_MATH_SPAN = r"\$[^$\n]+\$"
# the end of a clause: where a condition that opens one may start
_CLAUSE_START = r"(?:^|(?<=[\s,，、;；:：.。!！?？(（]))"


def _words(*tables: dict[str, tuple[str, ...]]) -> str:
    """One alternation of every table's words, longest first; a word of Latin or Cyrillic letters does not start
    or end inside another word (Chinese and Japanese write no spaces between words)."""
    words = sorted({w for table in tables for by_lang in table.values() for w in by_lang}, key=len, reverse=True)
    spelled = [rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])" if w[0] < "\u3000" else re.escape(w) for w in words]
    return "(?:" + "|".join(spelled) + ")"


def _condition() -> str:
    return rf"(?P<cond>{_MATH_SPAN}|{plain_cases.COMPARISON.pattern})"


@cache
def _before() -> re.Pattern[str]:
    """A condition that ends just before a formula: `For $x<0$, `, `$x<0$ のとき `, `当 z<0 时，`."""
    lead, follow = _words(plain_cases.CONDITION_WORDS, plain_cases.BEFORE_COMPARISON_WORDS), _words(
        plain_cases.FOLLOWING_CONDITION_WORDS)
    then = _words(plain_cases.THEN_WORDS)
    return re.compile(rf"{_CLAUSE_START}(?:(?P<lead>{lead})\s*)?{_condition()}\s*(?P<follow>{follow})?"
                      rf"\s*(?P<sep>[,，、:：])?\s*(?:{then}\s*[,，:：]?\s*)?$", re.IGNORECASE)


@cache
def _after() -> re.Pattern[str]:
    """A condition just after a formula: ` for $x > 0$`, ` ($x<0$ のとき)`, ` if x < 0`."""
    lead, follow = _words(plain_cases.CONDITION_WORDS, plain_cases.BEFORE_COMPARISON_WORDS), _words(
        plain_cases.FOLLOWING_CONDITION_WORDS)
    return re.compile(rf"\s*[,，]?\s*(?P<open>[(（])?\s*(?:(?P<lead>{lead})\s*)?{_condition()}\s*"
                      rf"(?P<follow>{follow})?\s*(?P<close>[)）])?", re.IGNORECASE)


def with_stated_conditions(note: Note) -> Note:
    """The note with every formula that its sentence states under a condition read as that case alone."""
    sections = tuple(_section(section) for section in note.sections)
    return replace(note, sections=sections) if sections != note.sections else note


def _section(section: Section) -> Section:
    blocks = list(section.blocks)
    for index, condition in _conditions(section):
        block = blocks[index]
        blocks[index] = replace(block, latex=_as_case(block.latex or "", condition))
    return replace(section, blocks=tuple(blocks)) if blocks != list(section.blocks) else section


def _conditions(section: Section) -> Iterator[tuple[int, str]]:
    """(index of a formula block, the LaTeX of the condition its sentence states it under)."""
    host: int | None = None
    # each line's equations, in order: (host block, row) -> [(start, end, block index)]
    placed: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for index, block in enumerate(section.blocks):
        if block.kind != "formula":
            host = index if block.kind in ("paragraph", "list", "quote") else None
            continue
        if host is None or block.display or not _equation(block.latex or ""):
            continue
        row = block.line - section.blocks[host].line
        lines = section.blocks[host].text.split("\n")
        if not 0 <= row < len(lines):
            continue
        seen = placed.get((host, row), [])
        start = lines[row].find(block.text, seen[-1][1] if seen else 0)
        if start >= 0:
            placed[(host, row)] = [*seen, (start, start + len(block.text), index)]
    for (host, row), spans in placed.items():
        yield from _line_conditions(section.blocks[host].text.split("\n")[row], spans)


def _line_conditions(line: str, spans: list[tuple[int, int, int]]) -> Iterator[tuple[int, str]]:
    """The conditions of a line's equations, all read on the side its first equation's condition stands."""
    before = [_condition_before(line, spans, k) for k in range(len(spans))]
    after = [_condition_after(line, spans, k) for k in range(len(spans))]
    chosen = before if before[0] is not None else after
    for (_, _, index), condition in zip(spans, chosen):
        if condition is not None:
            yield index, condition


def _condition_before(line: str, spans: list[tuple[int, int, int]], k: int) -> str | None:
    opened = spans[k - 1][1] if k else 0
    match = _before().search(line[opened:spans[k][0]])
    return _read(match) if match and (match["lead"] or match["follow"] or _colon_after_comparison(match)) else None


def _colon_after_comparison(match: re.Match[str]) -> bool:
    """`… $z > 0$: $f'(z) = 1$`: a comparison in math followed by a colon states what holds under it, whatever
    the words before it (a language kb has no condition words for, "Dla $z > 0$:")."""
    return match["sep"] in (":", "：") and match["cond"].startswith("$")


def _condition_after(line: str, spans: list[tuple[int, int, int]], k: int) -> str | None:
    closed = spans[k + 1][0] if k + 1 < len(spans) else len(line)
    match = _after().match(line[:closed], spans[k][1])
    if match is None or not (match["lead"] or match["follow"] or (match["open"] and match["close"])):
        return None
    return _read(match)


def _read(match: re.Match[str]) -> str | None:
    """The condition's LaTeX: a math span's comparison, or a comparison in text (None when it is no comparison)."""
    text = match["cond"]
    if text.startswith("$"):
        latex = text.strip("$").strip()
        try:
            _, relations = split_chain(latex)
        except ValueError:
            return None
        if all(r in _LATEX_COMPARISONS for r in relations) or (relations == ["="] and _NAME_IS_NUMBER.fullmatch(latex)):
            return latex
        return None
    try:
        return plain_cases.condition_latex(text)
    except (NotMath, KeyError, AttributeError):
        return None


def _equation(latex: str) -> bool:
    """One equation `lhs = rhs` (a chain or an inequality is not one case's value)."""
    try:
        parts, relations = split_chain(latex)
    except ValueError:
        return False
    return relations == ["="] and all(parts)


def _as_case(latex: str, condition: str) -> str:
    (lhs, rhs), _ = split_chain(latex)
    return f"{lhs} = \\begin{{cases}} {rhs} & {condition} \\end{{cases}}"
