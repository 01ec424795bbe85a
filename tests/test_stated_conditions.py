"""A formula its sentence states only under a condition is read as that one case (kb.parse.stated_conditions)."""
from __future__ import annotations

import pytest

from kb.cards import make_cards
from kb.check.link import attach_checks
from tests.parse_helpers import parse_text

RELU = "# ReLU\n\nReLU is $f(x) = \\max(0, x)$.\n\n{}\n"


def _checks(text: str) -> list[tuple[str, str]]:
    note = parse_text(text, "note.md")
    return [(c.check.note_latex or "", c.check.status) for c in attach_checks([note], make_cards(note))
            if c.kind == "formula" and c.check is not None and c.source.line == 5]


def _latex(text: str) -> list[str]:
    note = parse_text(text, "note.md")
    return [b.latex for s in note.sections for b in s.blocks if b.kind == "formula" and b.line == 5
            and "=" in (b.latex or "")]


@pytest.mark.parametrize("sentence", [
    "$x < 0$ のとき $f'(x) = 0$、$x > 0$ のとき $f'(x) = 1$。",     # Japanese: the condition first, closed by のとき
    "当 $x<0$ 时，$f'(x)=0$；当 $x>0$ 时，$f'(x)=1$。",               # Chinese: 当 … 时 around it
    "$x<0$ 일 때 $f'(x) = 0$ 이고, $x>0$ 일 때 $f'(x) = 1$ 입니다.",  # Korean: closed by 일 때
    "For $x < 0$, $f'(x) = 0$; for $x > 0$, $f'(x) = 1$.",
    "Für $x < 0$ gilt $f'(x) = 0$, für $x > 0$ gilt $f'(x) = 1$.",
    "$f'(x) = 0$ if $x < 0$ and $f'(x) = 1$ if $x > 0$.",             # the condition after the value
    "x < 0 のとき f'(x) = 0",                                          # plain text
    "当 x<0 时, f'(x) = 0",
    "Dla $x < 0$: $f'(x) = 0$, a dla $x > 0$: $f'(x) = 1$.",     # Polish: dla
    "$x > 0$: $f'(x) = 1$",                                         # a comparison closed by a colon, in any language
])
def test_each_case_of_a_sentence_is_checked_where_its_condition_holds(sentence):
    """Read alone, f'(x) = 0 said ReLU's slope is 0 everywhere and was called wrong (a false alarm)."""
    checks = _checks(RELU.format(sentence))
    assert checks and all(status == "verified" for _, status in checks), checks


@pytest.mark.parametrize("sentence", [
    "$x > 0$ のとき $f'(x) = 0$。",
    "当 $x>0$ 时，$f'(x)=0$。",
    "If $x > 0$ then $f'(x) = x$.",
    "$f'(x) = 1$ for $x < 0$.",
])
def test_a_case_that_is_wrong_where_its_condition_holds_is_still_caught(sentence):
    assert [status for _, status in _checks(RELU.format(sentence))] == ["note_differs"]


def test_a_sentence_gives_its_conditions_on_one_side():
    # `for $x > 0$` after the first formula opens the second case: it is not the first formula's condition
    assert _latex(RELU.format("For $x < 0$, $f'(x) = 0$, for $x > 0$, $f'(x) = 1$.")) == [
        r"f'(x) = \begin{cases} 0 & x < 0 \end{cases}", r"f'(x) = \begin{cases} 1 & x > 0 \end{cases}"]


@pytest.mark.parametrize("sentence", [
    "For all $x$, $f(x) = \\max(0, x)$.",                     # no comparison: the formula holds everywhere
    "$f(x) = \\max(0, x)$ for $x \\in \\mathbb{R}$.",
    "As $x \\to \\infty$, $f(x) = x$.",
])
def test_a_clause_without_a_comparison_is_no_condition(sentence):
    assert all("cases" not in latex for latex in _latex(RELU.format(sentence)))


def test_a_condition_in_brackets_closed_by_a_cjk_word_is_a_row_of_a_plain_piecewise_function():
    assert _latex(RELU.format("f'(x) = 0 (x < 0 のとき), 1 (x > 0 のとき)")) == [
        r"f'(x) = \begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}"]
    assert _latex(RELU.format("f'(x) = 0 (x < 0), 1 (x > 0)")) == [   # `< 0), 1 (x >` is no HTML tag
        r"f'(x) = \begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}"]
