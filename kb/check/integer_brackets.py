"""Square brackets that may be the integer part: `\\left[\\frac{W-F+2P}{S}\\right]+1`, `\\Bigg[\\frac{n-f}{s}\\Bigg]+1`.

Gauss's notation writes the integer part (the floor) of x as [x], and school mathematics in many countries still
teaches it so (取整 [x] in Chinese, антье [x] in Russian textbooks): notes write the output size of a convolution
or a pooling layer with it. Elsewhere square brackets only group, as parentheses do. A formula whose brackets
hold a quotient is therefore read both ways, as grouped and as floored. Brackets around a lone quotient, with no
power after them, group nothing: they can only be the integer part, and a formula that agrees with its entry so
read is verified. Otherwise the verdict is the grouped reading's where the floored one does not contradict it
(a note differs only when it differs both ways); where only one reading agrees with the entry, it is not
certain which the note means, and no verdict is given.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kb.check.decision import Decision

_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.S)
_SIZING = {"\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr",
           "\\biggl", "\\biggr", "\\Biggl", "\\Biggr"}
_FRACTION = {"\\frac", "\\dfrac", "\\tfrac"}
# `E[x]`, `x_t[i]`, `f(x)[0]`, `\sqrt[3]{x}`, a row's `\\[2pt]`: brackets after these are an argument or an index
_BEFORE_AN_ARGUMENT = re.compile(r"(?:[A-Za-z0-9_'}\])]|\\sqrt|\\\\)$")


class _Bracket:
    def __init__(self, opening: int) -> None:
        self.opening = opening          # index of the `[` token
        self.quotient = False           # a \frac or a / inside
        self.comma = False              # a comma at its own level: an interval or a list, no integer part
        self.lone_quotient = False      # nothing inside but one \frac{..}{..}


def _brackets(latex: str) -> list[tuple[int, int, bool]]:
    """(opening token, closing token, groups nothing) of each `[...]` (sized or not) that holds a quotient and
    is no argument, index or interval; token indices into _TOKEN's split of `latex`."""
    tokens = _TOKEN.findall(latex)
    found: list[tuple[int, int, bool]] = []
    opened: list[_Bracket | None] = []     # None: a bracket that is an argument or an index
    depth_braces: list[int] = []
    braces = 0
    for index, token in enumerate(tokens):
        if token == "{":
            braces += 1
        elif token == "}":
            braces -= 1
        elif token == "[":
            opened.append(None if _BEFORE_AN_ARGUMENT.search(_before(tokens, index)) else _Bracket(index))
            depth_braces.append(braces)
        elif token == "]" and opened:
            bracket = opened.pop()
            depth = depth_braces.pop()
            if bracket is not None and bracket.quotient and not bracket.comma and depth == braces:
                after = "".join(tokens[index + 1:]).lstrip()
                alone = _lone_quotient(tokens[bracket.opening + 1:index])
                found.append((bracket.opening, index, alone and not after.startswith("^")))
        elif opened and opened[-1] is not None:
            if token in _FRACTION or token == "/":
                opened[-1].quotient = True
            elif token == "," and braces == depth_braces[-1]:
                opened[-1].comma = True
    return found


def _before(tokens: list[str], index: int) -> str:
    """The text before token `index` and the sizing command in front of it (`E\\left[`: `E`)."""
    at = index - 1
    while at >= 0 and tokens[at].isspace():
        at -= 1
    end = at if at >= 0 and tokens[at] in _SIZING else at + 1
    return "".join(tokens[:end]).rstrip()


def _lone_quotient(inner: list[str]) -> bool:
    """Nothing but `\\frac{...}{...}` (spaces and the closing bracket's sizing command aside)."""
    tokens = [t for t in inner if not t.isspace()]
    while tokens and tokens[-1] in _SIZING:
        tokens.pop()
    if not tokens or tokens[0] not in _FRACTION:
        return False
    at, groups = 1, 0
    while groups < 2:
        if at >= len(tokens) or tokens[at] != "{":
            return False
        depth = 0
        while at < len(tokens):
            depth += (tokens[at] == "{") - (tokens[at] == "}")
            at += 1
            if depth == 0:
                break
        groups += 1
    return at == len(tokens)


def readings(latex: str) -> tuple[str, str, bool] | None:
    """(grouped, floored, brackets group nothing) for a formula with square brackets around a quotient; None
    otherwise."""
    found = _brackets(latex)
    if not found:
        return None
    tokens = _TOKEN.findall(latex)
    grouped, floored = list(tokens), list(tokens)
    for opening, closing, _ in found:
        grouped[opening], grouped[closing] = "(", ")"
        floored[opening], floored[closing] = "\\lfloor ", "\\rfloor "
    return "".join(grouped), "".join(floored), all(alone for _, _, alone in found)


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on a formula with square brackets around a quotient (None when it has none)."""
    found = readings(latex)
    if found is None:
        return None
    grouped_latex, floored_latex, group_nothing = found
    floored = replace(check(floored_latex), note_latex=latex)
    if group_nothing and floored.status == "verified":
        return replace(floored, detail=f"read with its brackets as the integer part (Gauss's [x]; around a lone "
                                       f"quotient they group nothing): {floored.detail}")
    grouped = replace(check(grouped_latex), note_latex=latex)
    if grouped.status == "verified" or grouped.status == floored.status:
        return grouped
    return Decision("not_checkable", latex, detail=(
        "square brackets around a quotient may be the integer part (Gauss's [x]) or only group it, and the two "
        f"readings disagree: as grouped: {grouped.detail}; as the integer part: {floored.detail}"))
