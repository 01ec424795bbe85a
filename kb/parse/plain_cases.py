"""A piecewise function written in plain text: each value followed by the condition it holds under.

Notes written outside math delimiters spell cases in words and brackets: `g'(z) = 0 [when z < 0]; 1 [when z >= 0]`
(Coursera notes in a code block), `relu'(x) = 0 if x < 0, 1 otherwise`, `f'(x) = 1 (x > 0), 0 (x <= 0)`, Python's
`1 if x > 0 else 0`, `0 si x < 0, 1 sinon`. The math reader stops at the first word or bracket, so `g'(z) = 0` alone
would be checked as the whole statement (and called a wrong derivative). A value followed by a condition is
read here as the first row of a `cases` block, with every row the text gives; where the rows cannot be read, the
relation is not read at all (a case cut from its function states nothing on its own).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.parse.plain_math import NotMath, to_latex

# Words that put a condition after a value ("0 if z < 0", "0 si z < 0"), per language. CONDITION_WORDS mark one
# whatever follows; BEFORE_COMPARISON_WORDS only before a comparison ("x for x > 0", not "-log p for each class").
# Chinese, Japanese and Korean put the condition first or after a particle, which this reader does not take
# apart (a bracket around the condition still marks it).
CONDITION_WORDS = {
    "en": ("if", "when"), "fr": ("si", "quand", "lorsque"), "de": ("wenn", "falls"), "es": ("si", "cuando"),
    "pt": ("quando",), "it": ("quando",), "ru": ("если", "когда"), "zh": ("当", "若", "如果"), "vi": ("nếu", "khi"),
    "pl": ("jeśli", "jeżeli", "gdy", "kiedy"),
}
BEFORE_COMPARISON_WORDS = {
    "en": ("for", "where"), "fr": ("pour",), "de": ("für",), "es": ("para",), "pt": ("se", "para"), "it": ("se", "per"),
    "ru": ("при",), "pl": ("dla",),
}
# Words that close a condition written before what it governs ("x < 0 のとき", "当 z < 0 时", "z < 0 일 때"), per
# language: Japanese and Korean put them after the comparison, Chinese closes 当/若 with them
FOLLOWING_CONDITION_WORDS = {
    "ja": ("のときは", "のとき", "の時は", "の時", "の場合は", "の場合", "ならば", "なら"),
    "zh": ("的时候", "的時候", "时", "時"), "ko": ("일 때는", "일 때", "일때", "인 경우에는", "인 경우", "이면"),
}
# Words after a condition that lead into what holds under it ("If x < 0, then ..."), per language
THEN_WORDS = {
    "en": ("then", "we have"), "fr": ("alors", "on a"), "de": ("dann", "gilt", "ist"), "es": ("entonces", "se tiene"),
    "pt": ("então", "temos"), "it": ("allora", "si ha"), "ru": ("то", "имеем"), "zh": ("则", "就有", "有"),
}
# Words that mark the row holding everywhere else ("1 otherwise", Python's "else 1"), per language
OTHERWISE_WORDS = {
    "en": ("otherwise", "else", "elsewhere"), "fr": ("sinon", "autrement"), "de": ("sonst", "andernfalls"),
    "es": ("en otro caso", "de lo contrario", "si no"), "pt": ("caso contrário", "senão"), "it": ("altrimenti",),
    "ru": ("иначе", "в остальных случаях"), "zh": ("否则", "其他"), "ja": ("それ以外",), "ko": ("그 외", "그렇지 않으면"),
    "vi": ("ngược lại",),
}
# Words that join two rows after their comma ("0 if x < 0, and 1 if x >= 0")
_JOINING = ("and", "et", "und", "y", "e", "и", "ou", "or")


def _alternatives(*tables: dict[str, tuple[str, ...]]) -> str:
    words = {w for table in tables for by_lang in table.values() for w in by_lang}
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![^\W\d_])"


_IF = _alternatives(CONDITION_WORDS)
_FOR = _alternatives(BEFORE_COMPARISON_WORDS)
_ELSE = _alternatives(OTHERWISE_WORDS)
_OPERAND = r"-?\s*(?:\d+(?:\.\d+)?|[A-Za-z]\w*)"
_OP = r"<=|>=|=<|≤|≥|<|>"
# one comparison, or a range a < x < b
COMPARISON = re.compile(rf"(?P<a>{_OPERAND})\s*(?P<op1>{_OP})\s*(?P<b>{_OPERAND})(?:\s*(?P<op2>{_OP})\s*(?P<c>{_OPERAND}))?")
_COMPARES = rf"{_OPERAND}\s*(?:{_OP})"
# what stands right after a value that is one case of a longer statement
_CASE_AHEAD = re.compile(rf"\s*(?:{_IF}|{_ELSE}|{_FOR}\s*{_COMPARES}|[\[(]\s*(?:{_IF}|{_ELSE}|(?:{_FOR}\s*)?{_COMPARES}))",
                         re.IGNORECASE)
_FOLLOWING = re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in sorted(
    {w for by_lang in FOLLOWING_CONDITION_WORDS.values() for w in by_lang}, key=len, reverse=True)) + ")")
_COMPARE_OPS = {"<=": "\\le", ">=": "\\ge", "=<": "\\le", "≤": "\\le", "≥": "\\ge", "<": "<", ">": ">"}
_CLOSE = {"[": "]", "(": ")"}
OTHERWISE = "otherwise"
_SEPARATOR = re.compile(r"\s*[;,]\s*(?:(?:" + "|".join(_JOINING) + r")\s+)?", re.IGNORECASE)
# `else 0`: the otherwise row's value after its word, up to the end of the statement
_ELSE_VALUE = re.compile(rf"\s*(?:[;,]\s*)?{_ELSE}\s*(?P<value>[^;,#\[\]]+?)\s*(?=$|[;#]|\s{{2}})", re.IGNORECASE)


@dataclass(frozen=True)
class Cases:
    """The rows read after a relation's value: the LaTeX of a `cases` block, and where the rows end in the line."""
    latex: str
    end: int


def case_follows(line: str, end: int) -> bool:
    """Whether the value that ends at `end` is followed by a condition (it is then one case of a longer statement)."""
    return bool(_CASE_AHEAD.match(line, end))


def read_cases(line: str, value_start: int, end: int) -> Cases | None:
    """The piecewise value whose first row's value is line[value_start:end], read to the end of its rows; None
    when a row cannot be read."""
    rows: list[tuple[str, str]] = []
    value, at = line[value_start:end], end
    while True:
        condition, at = _condition(line, at)
        if condition is None:
            return None
        rows.append((value, condition))
        if condition == OTHERWISE:
            break
        if otherwise := _ELSE_VALUE.match(line, at):   # Python's `1 if x > 0 else 0`
            rows.append((otherwise.group("value"), OTHERWISE))
            at = otherwise.end()
            break
        separator = _SEPARATOR.match(line, at)
        if separator is None or not line[separator.end():].split("#", 1)[0].strip():
            break
        following = _next_value(line, separator.end())
        if following is None:
            return None   # the statement goes on with a row kb cannot read: its rows are not all known
        value, at = following
    try:
        latex_rows = [f"{to_latex(text.strip())} & {condition_latex(condition)}" for text, condition in rows]
    except NotMath:
        return None
    return Cases("\\begin{cases} " + " \\\\ ".join(latex_rows) + " \\end{cases}", at)


def _next_value(line: str, start: int) -> tuple[str, int] | None:
    """(the next row's value, where its condition starts) from `start`; None when no row starts there."""
    for stop in range(start + 1, len(line) + 1):
        if line[stop - 1] in ";#[]":
            return None
        if line[start:stop].strip() and case_follows(line, stop):
            return line[start:stop], stop
    return None


def _condition(line: str, at: int) -> tuple[str | None, int]:
    """The condition at `at` (OTHERWISE for the row holding elsewhere) and where it ends; (None, at) when none."""
    start = at + len(line[at:]) - len(line[at:].lstrip())
    opener = line[start:start + 1] if line[start:start + 1] in _CLOSE else ""
    inner = start + len(opener)
    word = re.compile(rf"\s*(?:(?P<other>{_ELSE})|{_IF}|{_FOR})\s*", re.IGNORECASE).match(line, inner)
    if word and word.group("other"):
        return _closed(line, word.end(), opener, OTHERWISE, at)
    comparison = COMPARISON.match(line, word.end() if word else inner)
    if comparison is None or not (word or opener):
        return None, at
    # `0 (x < 0 のとき)`, `0 (当 z<0 时)`: the word that closes a condition in Japanese, Chinese and Korean
    closing = _FOLLOWING.match(line, comparison.end())
    return _closed(line, closing.end() if closing else comparison.end(), opener, comparison.group(), at)


def _closed(line: str, after: int, opener: str, condition: str, at: int) -> tuple[str | None, int]:
    """The condition and its end, past the bracket that closes it when one opened it."""
    if not opener:
        return condition, after
    close = re.compile(r"\s*" + re.escape(_CLOSE[opener])).match(line, after)
    return (condition, close.end()) if close else (None, at)


def condition_latex(condition: str) -> str:
    if condition == OTHERWISE:
        return "\\text{otherwise}"
    match = COMPARISON.fullmatch(condition)
    pieces = [to_latex(match.group("a").replace(" ", "")), _COMPARE_OPS[match.group("op1")],
              to_latex(match.group("b").replace(" ", ""))]
    if match.group("op2"):
        pieces += [_COMPARE_OPS[match.group("op2")], to_latex(match.group("c").replace(" ", ""))]
    return " ".join(pieces)
