"""Finite sums written out with dots, `|x_1| + |x_2| + \\cdots + |x_n|`, read as the sum they abbreviate,
`\\sum_{i=2}^{n} |x_i|` after the terms written before the dots.

The last term before the dots and the one after them must be the same term but for an index: a number before
(2) and one name or number after (n) at the same places, in a subscript or superscript; the terms of the same
shape before it join the run, each with the number just below, and the run must start at 0 or 1 (kb sums a data
vector whole). Anything else is left as written (the reader then says it cannot read the dots).
"""
from __future__ import annotations

import re

_DOTS = re.compile(r"\+\s*\\(?:cdots|dots|ldots|dotsb)\s*\+")
_TOKEN = re.compile(r"\\[A-Za-z]+|\d+|\S")
_OPEN, _CLOSE = "{([", "})]"
_STOPS = ("=", "<", ">", ",", "&", "\\\\")
_INDEX_LETTERS = ("i", "j", "k", "l", "p", "q")


def expand(latex: str) -> str:
    """The LaTeX with every `T_a + \\cdots + T_n` run rewritten as a sum; unchanged where no run is certain."""
    at = 0
    while (match := _DOTS.search(latex, at)) is not None:
        rewritten = _rewrite(latex, match)
        if rewritten is None:
            at = match.end()
            continue
        latex = rewritten
    return latex


def _rewrite(latex: str, match: re.Match[str]) -> str | None:
    before = _terms_before(latex, match.start())
    after_end = _term_end(latex, match.end())
    if not before or after_end is None:
        return None
    last_start, last = before[-1]
    final = latex[match.end():after_end].strip()
    found = _index_places(_tokens(last), _tokens(final))
    if found is None:
        return None
    places, start, stop = found
    # the terms before of the same shape join the run (x_1 + x_2 + ⋯): each must carry the index just below
    first = len(before) - 1
    while first > 0 and _same_shape(before[first - 1][1], _tokens(last), places):
        if not _carries(before[first - 1][1], places, start - 1):
            return None
        first, start = first - 1, start - 1
    if start not in (0, 1):
        return None   # a sum over the data vector runs over all of it: a run from x_3 on is no such sum
    last_start = before[first][0]
    used = set(_tokens(latex))
    index = next((letter for letter in _INDEX_LETTERS if letter not in used), None)
    if index is None:
        return None
    body = _joined([index if k in places else token for k, token in enumerate(_tokens(last))])
    summed = f"\\sum_{{{index}={start}}}^{{{stop}}} \\left({body}\\right)"
    return latex[:last_start] + summed + latex[after_end:]


def _tokens(term: str) -> list[str]:
    return _TOKEN.findall(term)


def _joined(tokens: list[str]) -> str:
    """Tokens as LaTeX again: a script's one-token argument braced (x_{i}), a command kept apart from a letter."""
    out: list[str] = []
    for k, token in enumerate(tokens):
        if k and tokens[k - 1] in ("_", "^") and token != "{":
            token = "{" + token + "}"
        elif out and re.fullmatch(r"\\[A-Za-z]+", tokens[k - 1]) and token[0].isalpha():
            token = " " + token
        out.append(token)
    return "".join(out)


def _index_places(last: list[str], final: list[str]) -> tuple[set[int], int, str] | None:
    """Where the last written term has its index (a number) and the final term the bound (one name or number)."""
    if len(last) != len(final) or last == final:
        return None
    places = {k for k, (a, b) in enumerate(zip(last, final)) if a != b}
    numbers = {last[k] for k in places}
    bounds = {final[k] for k in places}
    if len(numbers) != 1 or len(bounds) != 1 or not next(iter(numbers)).isdigit():
        return None
    bound = next(iter(bounds))
    if not (bound.isdigit() or re.fullmatch(r"[A-Za-z]", bound)):
        return None
    # every place must be a subscript's or a superscript's index (x_2 ... x_n), not a coefficient (2x ... nx)
    if not all(k > 0 and last[k - 1] in ("_", "^", "{") for k in places):
        return None
    if bound.isdigit() and int(bound) <= int(next(iter(numbers))):
        return None
    return places, int(next(iter(numbers))), bound


def _same_shape(term: str, last: list[str], places: set[int]) -> bool:
    tokens = _tokens(term)
    return len(tokens) == len(last) and all(tokens[k] == last[k] for k in range(len(last)) if k not in places)


def _carries(term: str, places: set[int], index: int) -> bool:
    tokens = _tokens(term)
    return all(tokens[k] == str(index) for k in places)


def _between_bars(latex: str) -> set[int]:
    """Positions inside |...| (bars pair up in order: an absolute value or a norm never nests in a term)."""
    bars = [k for k, ch in enumerate(latex) if ch == "|"]
    return {k for a, b in zip(bars[::2], bars[1::2]) for k in range(a + 1, b)}


def _terms_before(latex: str, end: int) -> list[tuple[int, str]]:
    """The terms joined by top-level `+` that end at `end`, back to the start of their group, in order."""
    terms: list[tuple[int, str]] = []
    depth, k, stop = 0, end - 1, end
    barred = _between_bars(latex)
    while k >= 0:
        ch = latex[k]
        if k in barred:
            pass
        elif ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (ch in "=<>,&-" or latex.startswith("\\\\", k - 1)):
            break
        elif depth == 0 and ch == "+":
            terms.append((k + 1, latex[k + 1:stop]))
            stop = k
        k -= 1
    terms.append((k + 1, latex[k + 1:stop]))
    return [(start + len(text) - len(text.lstrip()), text.strip()) for start, text in reversed(terms)
            if text.strip()]


def _term_end(latex: str, start: int) -> int | None:
    """Where the term starting at `start` ends: the next top-level `+`, `-`, relation or the group's end."""
    depth, k = 0, start
    barred = _between_bars(latex)
    while k < len(latex):
        ch = latex[k]
        if k in barred:
            pass
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (ch in "+-=<>,&" or latex.startswith("\\\\", k)):
            break
        k += 1
    # a closing group's sizing command (\\right) belongs to the group, not to the term
    sizing = re.search(r"\\(?:right|bigr|Bigr|biggr|Biggr|big|Big|bigg|Bigg)\s*$", latex[start:k])
    k = start + sizing.start() if sizing else k
    return k if latex[start:k].strip() else None
