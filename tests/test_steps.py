"""Chains and worked substitutions checked step by step under the values the text states, and the layouts
that hold them (\boxed, aligned). Notes written for these tests."""
from __future__ import annotations

import pytest
import sympy

from kb.cards.formula import is_equation, lhs_of
from kb.check.latex_text import strip_formula
from kb.check.link import check_note_formula
from kb.check.steps import stated_values

SUBSTITUTION = r"\frac{W-F+2P}{S}+1=\frac{W-3+2}{1}+1=W"


def test_a_substitution_is_checked_under_the_stated_values():
    decision = check_note_formula(SUBSTITUTION, "Same padding\nWith F = 3, P = 1, S = 1 the size is kept:")
    assert decision.status == "verified", decision.detail
    assert "under F = 3, P = 1, S = 1" in decision.detail


def test_a_wrong_step_is_named_with_the_values():
    decision = check_note_formula(SUBSTITUTION.replace("=W", "=W+1"), "Same padding\nWith $F=3$, $P=1$, $S=1$:")
    assert decision.status == "note_differs" and decision.formula is None
    assert r"step \frac{W-3+2}{1}+1 = W+1 fails under F = 3, P = 1, S = 1" in decision.detail
    # a value that does not fit the substitution makes the first step fail
    wrong_value = check_note_formula(SUBSTITUTION, "Same padding\nWith F = 5, P = 1, S = 1:")
    assert wrong_value.status == "note_differs" and "fails" in wrong_value.detail


def test_without_stated_values_a_substitution_is_not_a_general_formula():
    decision = check_note_formula(SUBSTITUTION, "Same padding\nweight decay and the L2 penalty aside")
    assert decision.status != "note_differs", decision.detail


def test_stated_values_are_names_set_to_numbers():
    values = {s.name: v for s, v in stated_values(r"with $F=3$, P = 1, \alpha = 0.5, but k = 2x and P_2 = 2P").items()}
    assert values == {"F": 3, "P": 1, "alpha": sympy.Rational(1, 2)}


def test_a_stated_value_is_a_whole_right_side_not_the_start_of_a_formula():
    text = r"the output $a = 1 / (1 + e^{-z})$, $d = 2\sqrt{n}$, $b = 3 \cdot c$, and \(P=1\), S = 2."
    assert {s.name: v for s, v in stated_values(text).items()} == {"P": 1, "S": 2}
    # a chain that holds only at a = 1 is not verified by reading the sigmoid's formula as "a = 1"
    decision = check_note_formula(r"a^2 = a \cdot a = a", "The layer output is $a = 1 / (1 + e^{-z})$.")
    assert decision.status != "verified", decision.detail


def test_layout_is_seen_through():
    assert strip_formula(r"\boxed{W_2 = \frac{W_1 - F}{S} + 1}") == r"W_2 = \frac{W_1 - F}{S} + 1"
    assert is_equation(r"\boxed{W_2 = \frac{W_1 - F}{S} + 1}") and lhs_of(r"\boxed{W_2 = W_1}") == "W_2"   # a card
    chain = strip_formula("\\begin{aligned}\nO &= \\lfloor 7.5 \\rfloor + 1 \\\\\n &= 8\n\\end{aligned}")
    assert chain.split() == ["O", "=", "\\lfloor", "7.5", "\\rfloor", "+", "1", "=", "8"]
    separate = "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}"
    assert strip_formula(separate) == separate   # two equations are not one chain


def test_an_aligned_worked_example_is_checked_step_by_step():
    right = "\\begin{aligned}\nO &= \\left\\lfloor \\frac{224 - 7 + 2 \\cdot 3}{2} \\right\\rfloor + 1 \\\\\n &= 112\n\\end{aligned}"
    assert check_note_formula(right, "Output size").status == "verified"
    assert check_note_formula(right.replace("112", "113"), "Output size").status == "note_differs"


def test_a_boxed_formula_is_linked():
    decision = check_note_formula(r"\boxed{W_2 = \frac{W_1 - F + 2P}{S} + 1}", "Convolution output size")
    assert decision.status == "note_differs" and decision.formula.id == "conv_output_size", decision.detail
    assert "W_1=W" in decision.detail


def test_an_expression_named_by_its_label_and_heading_is_a_card_and_checked():
    from kb.cards.formula import formula_blocks
    from kb.model import Block, Note, Section

    expression = r"\frac{W-F+2P}{S}+1"
    blocks = (Block("paragraph", "Formula:", 3), Block("formula", f"$${expression}$$", 5, latex=expression, display=True),
              Block("paragraph", "and for strides in general the floor matters.", 7),
              Block("formula", "$$W+2P$$", 9, latex="W+2P", display=True))
    note = Note("cnn.md", "markdown", "CNN", "en", (Section("Output size", ("CNN", "Output size"), 2, 1, "en", blocks),))
    assert [block.line for _, _, block in formula_blocks(note)] == [5]   # the unlabelled expression is no card
    decision = check_note_formula(expression, "CNN\nOutput size\nFormula:")
    assert decision.status == "note_differs" and decision.formula.id == "conv_output_size"
    assert "no left side" in decision.detail
    # an expression nothing names is not a statement about any entry
    assert check_note_formula(r"\sum_i x_i", "Notation").status == "not_checkable"


def test_a_worked_example_survives_an_entry_whose_truth_refuses_the_numbers():
    from kb.formulas.core import Formula

    def refusing(**params):
        raise ValueError("in_channels must be divisible by groups")

    entry = Formula(id="grouped", titles={"en": "grouped convolution cost"}, latex="C = a b", symbols={"a": "", "b": ""},
                    reference=lambda a, b: a * b, truth=refusing,
                    examples=lambda rng, n: [{"a": rng.randint(1, 9), "b": rng.randint(1, 9)} for _ in range(n)])
    decision = check_note_formula(r"4 \times 3 = 12", "grouped convolution cost", [entry])
    assert decision.status == "verified" and decision.formula is None


def test_a_step_undefined_at_the_stated_value_is_no_counterexample():
    # a(1-a)(-y/a + (1-y)/(1-a)) simplifies to a - y; at a = 1 the left side divides by zero
    chain = r"a (1-a) \left(\frac{-y}{a} + \frac{1-y}{1-a}\right) = a - y"
    at_the_pole = check_note_formula(chain, "Sigmoid output layer\nwhen a = 1 the prediction is certain")
    assert at_the_pole.status == "not_checkable" and "undefined under a = 1" in at_the_pole.detail
    inside = check_note_formula(chain.replace("= a - y", "= a + y"), "Sigmoid output layer\nwith a = 0.5 and y = 1")
    assert inside.status == "note_differs"


def test_a_name_in_the_middle_of_a_chain_names_the_output_and_is_no_step():
    # g(z) = a = max(0, z): a is the layer's output (Ng's notation), so the chain states g(z) = max(0, z)
    # (even where the text gives the output a value: the chain is not worked out for it)
    context = "ReLU\nWhen the output is positive, say a = 2, the gradient passes unchanged."
    right = check_note_formula(r"g(z) = a = \max(0, z)", context)
    assert right.status == "verified" and right.formula is not None and right.formula.id == "relu", right.detail
    wrong = check_note_formula(r"g(z) = a = \max(0, 2z)", context)
    assert wrong.status == "note_differs" and wrong.formula is not None and wrong.formula.id == "relu"
    # a name the chain uses elsewhere is a step: x = y = x + 1 is no definition of anything
    assert check_note_formula(r"f(x) = y = y + 1", "ReLU").status == "not_checkable"


def test_a_stated_value_of_a_sums_index_is_not_put_into_the_sum():
    """"for i = 1 ... M" beside a chain with Σ_{i=1}^{M}: the index is bound by the sum, so the stated value
    is not put in (it made sympy raise `Invalid limits given: ((1, 1, M),)` and stopped the note's check)."""
    chain = r"\frac{1}{M}\sum_{i=1}^{M} i = \frac{M+1}{2}"
    decision = check_note_formula(chain, "The mean of the first M integers, counting from i = 1:")
    assert decision.status != "note_differs", decision.detail
    wrong = check_note_formula(r"\sum_{i=1}^{3} i = 7", "Counting from i = 1:")
    assert wrong.status == "note_differs", wrong.detail


@pytest.mark.parametrize(("latex", "lhs"), [
    (r"v_\pi(s) \doteq \mathbb{E}_\pi\left[G_t \mid S_t = s\right]", r"v_\pi(s)"),   # \doteq is the relation
    (r"P\left(y = 1 \mid x\right) = \sigma(z)", r"P\left(y = 1 \mid x\right)"),      # never inside \left…\right
])
def test_the_left_side_ends_at_the_first_relation_outside_every_pair(latex, lhs):
    assert lhs_of(latex) == lhs
