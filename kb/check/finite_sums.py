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
        rewritten = _rewrite(latex, match) or _discounted_run(latex, match)
        if rewritten is None:
            at = match.end()
            continue
        latex = rewritten
    at = 0
    while (match := _TRAILING_DOTS.search(latex, at)) is not None:
        rewritten = _discounted_run(latex, match)
        if rewritten is None:
            at = match.end()
            continue
        latex = rewritten
    return latex


# `R_t + \gamma R_{t+1} + \gamma^2 R_{t+2} + \cdots` (the series goes on) and `r_t + \gamma r_{t+1} + \ldots +
# \gamma^{T-t} r_T` (to the horizon): each term discounts the next element of a sequence once more
_TRAILING_DOTS = re.compile(r"\+\s*\\(?:cdots|dots|ldots|dotsb)\s*(?=$|[)\]|,=&.]|\\right|\\\\)")
_DISCOUNTED = re.compile(r"^(?:(?P<rate>\\[A-Za-z]+|[A-Za-z])(?:\^(?:\{(?P<braced>[^{}]+)\}|(?P<power>\w)))?\s*"
                         r"(?:\\cdot\s*)?)?(?P<seq>[A-Za-z])_(?:\{(?P<sub>[^{}]+)\}|(?P<letter>[A-Za-z]))$")
_OFFSET = re.compile(r"^(?P<time>[A-Za-z])(?:\+(?P<ahead>\d+))?$")


def _discounted_term(term: str) -> tuple[str | None, str, str, str, int] | None:
    """(rate, its exponent as written, sequence, time, steps ahead) of `\\gamma^2 R_{t+2}`; the exponent of a rate
    written alone is 1, of no rate 0."""
    found = _DISCOUNTED.match(re.sub(r"\s+", " ", term.strip()))
    if found is None:
        return None
    rate = found["rate"]
    exponent = found["braced"] or found["power"] or ("1" if rate else "0")
    sub = found["sub"] or found["letter"]
    offset = _OFFSET.match(sub.replace(" ", ""))
    if offset is None:
        return rate, exponent, found["seq"], sub.replace(" ", ""), -1
    return rate, exponent, found["seq"], offset["time"], int(offset["ahead"] or 0)


def _discounted_run(latex: str, match: re.Match[str]) -> str | None:
    """The terms before the dots discount one sequence at consecutive steps (γ^0 R_t, γ R_{t+1}, γ² R_{t+2}): the
    sum they abbreviate, on forever after trailing dots, to the horizon's step after `+ \\cdots + γ^{T-t} r_T` (the
    final exponent must count the steps from the first term's, or nothing is rewritten)."""
    before = _terms_before(latex, match.start())
    read = [_discounted_term(text) for _, text in before]
    if len(read) < 2 or any(r is None or r[4] < 0 for r in read):
        return None
    rates = {r[0] for r in read if r[0] is not None}
    first = read[0]
    if len(rates) != 1 or len({(r[2], r[3]) for r in read}) != 1:
        return None
    rate, sequence, time, ahead = next(iter(rates)), first[2], first[3], first[4]
    for step, term in enumerate(read):
        if term[4] != ahead + step or term[1] != str(step) or (step == 0 and term[0] is not None):
            return None
    used = set(_tokens(latex))
    index = next((letter for letter in _INDEX_LETTERS if letter not in used and letter != time), None)
    if index is None:
        return None
    start = before[0][0]
    end = match.end() if match.re is _TRAILING_DOTS else _term_end(latex, match.end())
    if ahead and end is not None and re.search(rf"(?<![A-Za-z\\]){sequence}_", latex[:start] + latex[end:]):
        # kb sums the data vector from its first element: a run that starts a step ahead beside a term of an earlier
        # step (`R_t + \gamma(R_{t+1} + \gamma R_{t+2} + \ldots)`) would count that first element twice
        return None
    shift = f"+{ahead}" if ahead else ""
    # kb sums a data vector whole: the sequence from the first term's step to the horizon T (its last element) or
    # on forever is that vector, summed to its end
    summed = f"\\sum_{{{index}=0}}^{{\\infty}} {rate}^{{{index}}} {sequence}_{{{time}+{index}{shift}}}"
    if match.re is _TRAILING_DOTS:
        return latex[:start] + summed + latex[match.end():]
    final = _discounted_term(latex[match.end():end]) if end is not None else None
    if final is None or final[0] != rate or final[2] != sequence or not _counts_steps(final, time, ahead):
        return None
    return latex[:start] + summed + latex[end:]


def _counts_steps(final: tuple[str | None, str, str, str, int], time: str, ahead: int) -> bool:
    """The final term γ^{T-t} r_T is T - t steps after r_t: its exponent is its step less the first term's."""
    if final[4] != 0 or not re.fullmatch(r"[A-Za-z]", final[3]):
        return False   # a final step written with an offset (r_{T-1}) is left as written
    expected = f"{final[3]}-{time}" + (f"-{ahead}" if ahead else "")
    return final[1].replace(" ", "") == expected


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
