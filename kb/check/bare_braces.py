"""Braces that group nothing on the page: `\\beta V + {1 - \\beta} * dW`.

In LaTeX a brace group that is no command's argument (nor a sub- or superscript) only groups for TeX: MathJax
draws no parentheses, so the note shows `βV + 1 − β ∗ dW`, and a product, quotient or power beside the group
applies to its nearest term only. A formula holding such a group around a sum is read both ways: as displayed
(the braces dropped) and as its author probably meant it (the braces as parentheses). The verdict is the
displayed one where both agree; a displayed formula that differs from an entry the grouped one verifies is wrong
as the page shows it, and the verdict says that the braces are why.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from kb.check.decision import Decision
from kb.check.latex_text import seen_through

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)   # `\` before a line break too
_ARGUMENT_BEFORE = ("command", "^", "_", "}", "]")   # a group after these is an argument, a script or a 2nd argument
_FRACTION_WORDS = re.compile(r"\\(?:over|choose|atop|brace|brack)\b")


def _bare_sum_groups(latex: str) -> list[tuple[int, int]]:
    """(start, end) of each `{`…`}` that is no argument and holds a sum or difference at its top level."""
    found: list[tuple[int, int]] = []
    opened: list[tuple[int, bool]] = []
    before = "start"
    at = 0
    while at < len(latex):
        char = latex[at]
        if char == "\\":
            command = _COMMAND.match(latex, at)
            if command is None:
                break   # a lone backslash at the very end: no command, and nothing after it to group
            before = "command" if command.group()[1:].isalpha() else "escaped"
            at = command.end()
            continue
        if char == "{":
            opened.append((at, before not in _ARGUMENT_BEFORE))
        elif char == "}" and opened:
            start, bare = opened.pop()
            if bare and _holds_a_sum(latex[start + 1:at]):
                found.append((start, at))
        if not char.isspace():
            before = char if char in "^_}]" else "other"
        at += 1
    return found


def _holds_a_sum(body: str) -> bool:
    """A + or − between two terms at the group's own level (not a sign in front, not inside a sub-group)."""
    if _FRACTION_WORDS.search(body):
        return False
    depth, seen_term = 0, False
    for char in body:
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif depth == 0 and char in "+-" and seen_term:
            return True
        if not char.isspace() and char not in "+-":
            seen_term = True
    return False


def readings(latex: str) -> tuple[str, str] | None:
    """(as displayed, as grouped) for a LaTeX formula with a bare brace group around a sum; None otherwise. A group
    around the whole formula (`{y' = 1 - y^2}`) groups no term of it: the formula is read inside it."""
    if not re.search(r"\\[A-Za-z]", latex):
        return None   # no LaTeX command: plain or code text, where braces are no LaTeX group
    latex = seen_through(latex)
    groups = _bare_sum_groups(latex)
    if not groups:
        return None
    shown, grouped = list(latex), list(latex)
    for start, end in groups:
        shown[start] = shown[end] = " "
        grouped[start], grouped[end] = "(", ")"
    return "".join(shown), "".join(grouped)


def decide(latex: str, check: Callable[[str], Decision]) -> Decision | None:
    """The verdict on a formula with bare brace groups around sums (None when it has none): the displayed
    reading's, certain only where the grouped reading does not contradict it."""
    found = readings(latex)
    if found is None:
        return None
    shown, grouped = (replace_latex(check(text), latex) for text in found)
    if shown.status == "verified" or shown.status == grouped.status:
        return shown
    groups = ", ".join(seen_through(latex)[start:end + 1] for start, end in _bare_sum_groups(seen_through(latex)))
    why = f"the braces of {groups} draw no parentheses in LaTeX, so the formula shows their sum ungrouped"
    if shown.status == "note_differs" and grouped.status == "verified":
        return Decision("note_differs", latex, shown.formula, shown.mapping,
                        f"{why}; with parentheses it would agree with {grouped.formula.id if grouped.formula else 'it'}. "
                        f"As shown: {shown.detail}", shown.examples, shown.evidence)
    return Decision("not_checkable", latex, detail=f"{why}, and it is not certain which reading the note means: as "
                                                   f"shown: {shown.detail}; with parentheses: {grouped.detail}")


def replace_latex(decision: Decision, latex: str) -> Decision:
    from dataclasses import replace

    return replace(decision, note_latex=latex)
