"""Two statements in one inline formula, a spaced gap apart (`$a = b,\\:\\: c = d$`, `,\\quad`, `,\\;\\;`), are read
and checked one by one, as they are in a display formula."""
from __future__ import annotations

import pytest

from kb.build import process_note


def _formulas(text: str) -> list[str]:
    note, _ = process_note(text.encode("utf-8"), "note.md")
    return [block.latex for section in note.sections for block in section.blocks if block.kind == "formula"]


@pytest.mark.parametrize("gap", [r",\:\:", r",\quad ", r",\;\;", r", \ "])
def test_a_gap_after_a_comma_separates_two_inline_statements(gap):
    text = f"# Sigmoid\n\nIts derivative: $\\sigma(x)=\\frac{{1}}{{1+e^{{-x}}}}{gap}\\sigma'(x)=\\sigma(x)(1-\\sigma(x))$.\n"
    assert _formulas(text) == [r"\sigma(x)=\frac{1}{1+e^{-x}}", r"\sigma'(x)=\sigma(x)(1-\sigma(x))"]


@pytest.mark.parametrize("latex", [r"f(x, y) = x + y", r"a_i = 1,\ i = 1, \dots, n", r"x \in \{1, 2\}"])
def test_one_statement_stays_whole(latex):
    assert _formulas(f"# Note\n\nWe write ${latex}$ here.\n") == [latex]
